"""A campaign whose council has staged nominees, built through the nominations services
(proposal → dossier → submit → accept → staged council outcome), and a funded district."""

import datetime as dt
from dataclasses import dataclass

import pytest

from tests.factories import make_person, make_unit
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    complete_dossier,
    forms,
)
from thidua.awards import services
from thidua.campaigns import services as cs
from thidua.campaigns.enums import CampaignState
from thidua.nominations import services as ns
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.models import Proposal

DECIDED_ON = dt.date(2024, 2, 5)


@dataclass
class Staged:
    campaign: object
    collectives: list
    individuals: list


def stage(
    *,
    campaign,  # noqa: F811
    forms,  # noqa: F811
    world,
    focal_a,
    focal_b,
    secretariat,
    collectives: int,
    individuals: int,  # noqa: F811
) -> Staged:
    """`collectives` sub-units of the two communes and `individuals` of their people proposed,
    accepted and staged by the council; the campaign in evaluation."""
    nominees = {"collective": [], "individual": []}
    for unit, focal in ((world.commune_a, focal_a), (world.commune_b, focal_b)):
        proposal = ns.proposal_open(actor=focal, campaign=campaign, unit=unit)
        half = unit == world.commune_a
        n_coll = (collectives + 1) // 2 if half else collectives // 2
        n_ind = (individuals + 1) // 2 if half else individuals // 2
        for i in range(n_coll):
            sub = unit if i == 0 else make_unit(f"Thôn Bản {i} {unit.name}", parent=unit)
            nominees["collective"].append(
                ns.nominee_add(
                    actor=focal,
                    proposal=proposal,
                    award_form=forms["collective"],
                    unit=sub,
                    achievement="Hoàn thành 100% nhiệm vụ CCHC.",
                )
            )
        for i in range(n_ind):
            person = make_person(
                unit,
                f"Nguyễn Thị Ngọc Ánh {unit.code} {i}",
                position="Công chức Văn phòng – Thống kê",
                gender="female",
            )
            nominees["individual"].append(
                ns.nominee_add(
                    actor=focal,
                    proposal=proposal,
                    award_form=forms["individual"],
                    person=person,
                    achievement="Tham mưu tốt công tác CCHC.",
                )
            )
        if proposal.nominees.exists():
            complete_dossier(focal, proposal)
            ns.proposal_submit(actor=focal, proposal=proposal)
            ns.proposal_accept(actor=secretariat, proposal=proposal)
    # The decisions here are dated early 2024 and a decision cannot predate the nominations:
    # the dossiers count as submitted in January 2024.
    Proposal.objects.filter(campaign=campaign, submitted_at__isnull=False).update(
        submitted_at=dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)
    )
    campaign.refresh_from_db()
    if campaign.state == CampaignState.RUNNING:
        cs.campaign_start_evaluation(actor=secretariat, campaign=campaign)
    for rank, n in enumerate(nominees["collective"] + nominees["individual"], start=1):
        ns.nominee_stage_council_outcome(
            actor=secretariat, nominee=n, outcome=CouncilOutcome.PROPOSED, votes=7, rank=rank
        )
    campaign.refresh_from_db()
    return Staged(campaign, nominees["collective"], nominees["individual"])


@pytest.fixture
def staged(campaign, forms, world, focal_a, focal_b, secretariat):  # noqa: F811
    """2 collectives and 3 individuals staged by the council."""
    return stage(
        campaign=campaign,
        forms=forms,
        world=world,
        focal_a=focal_a,
        focal_b=focal_b,
        secretariat=secretariat,
        collectives=2,
        individuals=3,
    )


@pytest.fixture
def funded(world, secretariat):
    return services.fund_set_budget(
        actor=secretariat, unit=world.district, year=2024, budget=50_000_000
    )


@pytest.fixture
def draft(staged, secretariat, funded):
    return services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON
    )
