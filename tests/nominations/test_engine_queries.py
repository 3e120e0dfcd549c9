"""The engine's query count does not depend on the number of nominees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_unit
from thidua.campaigns.models import CampaignParticipant, Criterion, Registration
from thidua.nominations.engine import evaluate_campaign
from thidua.nominations.models import Nominee, Proposal
from thidua.org.models import Person

pytestmark = pytest.mark.django_db


def grow(campaign, forms, world, n):
    """n units, each with a proposal, itself as a collective nominee and one person."""
    units = [make_unit(f"Đơn vị {i}", parent=world.district) for i in range(n)]
    CampaignParticipant.objects.bulk_create(
        [CampaignParticipant(campaign=campaign, unit=u) for u in units]
    )
    proposals = Proposal.objects.bulk_create(
        [Proposal(campaign=campaign, unit=u, state="submitted") for u in units]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                unit=u,
                code=f"Q{campaign.pk}-{u.pk}",
                full_name=f"Nguyễn Văn {i}",
                sort_key=str(i),
                search_key=str(i),
            )
            for i, u in enumerate(units)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                campaign=campaign,
                unit=u,
                commitments="…",
                registered_at=timezone.now(),
                plan_uploaded_at=timezone.now(),
            )
            for u in units
        ]
    )
    Nominee.objects.bulk_create(
        [
            Nominee(
                proposal=p,
                award_form=forms["collective"],
                subject_type="collective",
                unit=p.unit,
                state="submitted",
            )
            for p in proposals
        ]
        + [
            Nominee(
                proposal=p,
                award_form=forms["individual"],
                subject_type="individual",
                unit=p.unit,
                person=person,
                state="submitted",
            )
            for p, person in zip(proposals, people, strict=True)
        ]
    )


def count_queries(campaign) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        results = evaluate_campaign(campaign)
    return len(ctx.captured_queries), len(results)


def test_same_query_count_for_10_and_1000_nominees(campaign, forms, world):
    # Every criterion kind, so every fact the engine can read is read.
    for kind, params in [
        ("registered_on_time", {}),
        ("indicator_threshold", {"indicator": "PAR_INDEX", "min_value": 80}),
    ]:
        Criterion.objects.create(
            campaign=campaign,
            subject_type="collective",
            text=kind,
            kind=kind,
            params=params,
            position=9,
        )
    grow(campaign, forms, world, 5)
    small, judged_small = count_queries(campaign)
    grow(campaign, forms, world, 495)
    large, judged_large = count_queries(campaign)

    # 5 collective + 2 individual criteria per unit.
    assert (judged_small, judged_large) == (5 * 7, 500 * 7)
    assert small == large
    assert large <= 12
