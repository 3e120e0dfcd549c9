"""Storing eligibility writes only what changed: an unchanged re-run rewrites no verdict and no
nominee (on PostgreSQL each UPDATE writes a new row version, changed or not)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.nominations.test_evaluators import nominees  # noqa: F401
from thidua.indicators.models import DisciplineRecord, StaffRating
from thidua.nominations import services
from thidua.nominations.models import Nominee, Verdict

pytestmark = pytest.mark.django_db


def _state(campaign):
    return (
        sorted(Verdict.objects.values_list("pk", "outcome", "explanation")),
        dict(Nominee.objects.values_list("pk", "evaluated_at")),
    )


def test_an_unchanged_rerun_writes_nothing_and_a_change_only_its_nominee(
    campaign,
    nominees,
    world,  # noqa: F811
):
    collective, individual = nominees
    StaffRating.objects.create(person=world.person_a, year=2023, rating="excellent")
    first_at = timezone.now() - dt.timedelta(hours=1)
    assert services.eligibility_evaluate(campaign=campaign, now=first_at) == 2
    before = _state(campaign)
    assert set(before[1].values()) == {first_at}

    assert services.eligibility_evaluate(campaign=campaign) == 0
    assert _state(campaign) == before  # same verdict rows (same ids), same evaluated_at

    DisciplineRecord.objects.create(
        person=world.person_a,
        form="khien_trach",
        decision_number="3/QĐ-UBND",
        decided_on=dt.date(2023, 6, 1),
        effective_from=dt.date(2023, 6, 1),
    )
    later = timezone.now()
    assert services.eligibility_evaluate(campaign=campaign, now=later) == 1
    individual.refresh_from_db()
    collective.refresh_from_db()
    assert (individual.eligible, individual.evaluated_at) == (False, later)
    assert collective.evaluated_at == first_at  # its eligibility did not change


def test_a_kept_override_decides_the_eligibility_and_queries_do_not_grow(
    campaign,
    nominees,
    world,  # noqa: F811
    secretariat,
    django_assert_max_num_queries,
):
    from thidua.nominations.enums import Outcome

    collective, individual = nominees
    services.eligibility_evaluate(campaign=campaign)
    individual.refresh_from_db()
    assert individual.eligible is None  # no staff rating for the year: needs a person
    review = individual.verdicts.get(outcome=Outcome.NEEDS_REVIEW)
    services.verdict_override(
        actor=secretariat, verdict=review, outcome=Outcome.NOT_MET, reason="Chưa được đánh giá."
    )
    # The engine's result is unchanged, so its override stays and still decides.
    with django_assert_max_num_queries(12):
        services.eligibility_evaluate(campaign=campaign)
    individual.refresh_from_db()
    assert individual.eligible is False
    assert individual.verdicts.get(pk=review.pk).override == Outcome.NOT_MET
