"""Ten officers saving a person with the same new code at the same moment, each request on its
own database connection (SQLite and PostgreSQL): one person is created, the nine others see
the form again with the code's Vietnamese error, and nobody gets a 500 (issue 18, item 7)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from thidua.core.models import AuditLog
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db(transaction=True)

DUPLICATE = "Mã cán bộ này đã được dùng cho một cá nhân khác."


def _post_at_once(n: int, user, path: str, data_for) -> list:
    barrier = threading.Barrier(n)
    responses: list = []
    errors: list = []

    def worker(i):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            barrier.wait(timeout=20)
            responses.append(client.post(path, data_for(i)))
        except Exception as exc:  # surfaced by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(responses) == n
    return responses


def test_ten_parallel_creations_of_one_code_make_one_person_and_nine_form_errors(
    world, secretariat
):
    def data(i):
        return {
            "code": "CB-TRUNG",
            "full_name": f"Nguyễn Văn Số {i}",
            "gender": "male",
            "unit": world.commune_a.pk,
            "category": "cong_chuc",
        }

    responses = _post_at_once(10, secretariat, "/ca-nhan/them/", data)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 9 + [302], statuses
    for r in responses:  # the page's text: the test client's context capture is shared by threads
        if r.status_code == 200:
            assert DUPLICATE in r.content.decode()
    person = Person.objects.get(code="CB-TRUNG")
    assert (
        AuditLog.objects.filter(action="org.person.create", object_id=str(person.pk)).count() == 1
    )


def test_ten_parallel_creations_of_one_unit_code_make_one_unit(world, secretariat):
    def data(i):
        return {
            "code": "DV-TRUNG",
            "name": f"Tổ {i}",
            "kind": "agency",
            "parent": world.district.pk,
            "position": 0,
        }

    responses = _post_at_once(10, secretariat, "/don-vi/them/", data)

    assert all(r.status_code < 500 for r in responses)
    assert sorted(r.status_code for r in responses).count(302) == 1
    assert Unit.objects.filter(code="DV-TRUNG").count() == 1
