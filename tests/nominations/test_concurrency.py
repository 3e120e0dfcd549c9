"""Two tabs submitting the same dossier at the same moment make one version, on SQLite and on
PostgreSQL alike: the proposal row is locked (select_for_update; SQLite's IMMEDIATE
transactions serialise the writers)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from thidua.nominations import services
from thidua.nominations.models import Event, Proposal

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
