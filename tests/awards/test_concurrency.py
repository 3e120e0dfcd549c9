"""Two decisions issued at the same moment, on real concurrent connections (one per thread),
on SQLite and on PostgreSQL: consecutive numbers, and never more awards than the quota."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from tests.awards.conftest import DECIDED_ON
from thidua.awards import services
from thidua.awards.enums import DecisionState
from thidua.awards.models import Award, Certificate, Decision, Fund

# legal_tables: the tables the awards migration seeds, back after other tests' flushes.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_tables"),
]


def _issue_at_once(decisions, actor) -> list[str]:
    barrier = threading.Barrier(len(decisions))
    outcomes: list[str] = []

    def attempt(decision):
        # SQLite's in-memory shared-cache test database answers "table is locked" at once
        # where a file database waits busy_timeout: wait the same way here.
        for _ in range(500):
            try:
                return services.decision_issue(actor=actor, decision=decision)
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise AssertionError("the database stayed locked")

    def run(decision):
        try:
            barrier.wait(timeout=10)
            attempt(decision)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(d,)) for d in decisions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_decisions_issued_at_once_get_consecutive_numbers(staged, secretariat, chair, funded):
    inds, colls = staged.individuals, staged.collectives
    a = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=inds[:2]
    )
    b = services.decision_create(
        actor=secretariat,
        campaign=staged.campaign,
        decided_on=DECIDED_ON,
        nominees=[inds[2], *colls],
    )
    assert _issue_at_once([a, b], chair) == ["ok", "ok"]
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
    registers = sorted(Certificate.objects.values_list("register_number", flat=True))
    assert registers == [1, 2, 3, 4, 5]
    assert Fund.objects.get(pk=funded.pk).spent == 2 * 540_000 + 540_000 + 2 * 1_080_000


def test_two_decisions_issued_at_once_never_exceed_the_quota(
    staged, secretariat, chair, funded, forms
):
    forms["individual"].quota = 2
    forms["individual"].save(update_fields=["quota"])
    inds = staged.individuals
    a = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=inds[:2]
    )
    b = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=inds[2:]
    )
    outcomes = _issue_at_once([a, b], chair)
    assert sorted(outcomes)[1] == "ok" and sorted(outcomes)[0].startswith(
        "Vượt số lượng khen thưởng của «Giấy khen của Chủ tịch UBND huyện (cá nhân)»: tối đa 02"
    )
    issued = Decision.objects.filter(state=DecisionState.ISSUED)
    assert list(issued.values_list("number", flat=True)) == [1]
    assert Award.objects.filter(decision__state=DecisionState.ISSUED).count() <= 2
    assert Certificate.objects.count() == issued.get().awards.count()
