"""Two tabs submitting the same dossier at the same moment make one version, on SQLite and on
PostgreSQL alike: the proposal row is locked (select_for_update; SQLite's IMMEDIATE
transactions serialise the writers)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from tests.conftest import _persona
from thidua.nominations import services
from thidua.nominations.models import Event, Proposal
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_submissions_make_one_version(filled_a, focal_a):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            barrier.wait()
            services.proposal_submit(actor=focal_a, proposal=Proposal.objects.get(pk=filled_a.pk))
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["Hồ sơ đã được gửi; đang chờ Thường trực thi đua xem xét.", "ok"]
    assert Proposal.objects.get(pk=filled_a.pk).version == 1
    assert Event.objects.filter(proposal=filled_a).count() == 1


def test_two_officers_submitting_the_same_dossier_at_once_through_the_web(filled_a, focal_a, world):
    """Two focal points of the same commune press «Gửi hồ sơ» at the same moment, each request
    on its own connection: no 500, one version, one event, and each sees a Vietnamese answer."""
    other = _persona("daumoi.a2", Role.FOCAL_POINT, world.commune_a)
    barrier = threading.Barrier(2)
    responses: list = []

    def submit(user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            barrier.wait()
            responses.append(
                client.post(f"/de-nghi/{filled_a.pk}/", {"action": "submit"}, follow=True)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(u,)) for u in (focal_a, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert [r.status_code for r in responses] == [200, 200]
    # (the page's text, not response.context: the test client's context capture is shared
    # between threads)
    bodies = [r.content.decode() for r in responses]
    done, already = "Đã gửi hồ sơ đề nghị khen thưởng.", "Hồ sơ đã được gửi; đang chờ"
    assert sorted((done in b, already in b) for b in bodies) == [(False, True), (True, False)]
    assert Proposal.objects.get(pk=filled_a.pk).version == 1
    assert Event.objects.filter(proposal=filled_a).count() == 1
