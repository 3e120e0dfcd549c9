"""A campaign in the middle of its life, with every fact the dashboard reads, built so that
each figure has a known answer (see EXPECTED in test_dashboard.py).

Units: commune A (everything on time, awarded), commune B (late plan, overdue task, dossier
returned), commune C (nothing sent). "Now" is 20/01/2024, inside the nomination window.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_unit
from tests.fixtures.campaigns import vn
from thidua.awards.models import Award, Decision, Fund
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import PhaseKind, SubjectType
from thidua.campaigns.models import Registration
from thidua.council.models import AgendaItem, Council, CouncilSession
from thidua.indicators.models import Assessment, Framework, RatingBand, Task
from thidua.nominations.models import Event, Nominee, Proposal

NOW = vn(2024, 1, 20, 9, 0)

__all__ = ["NOW", "vn"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    """Every figure computed afresh (test_dashboard_cache.py turns the cache on)."""
    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def campaign(world, secretariat):
    c = campaign_services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Phát động phong trào thi đua cải cách hành chính năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
        recipients=["Phòng Nội vụ;", "Lưu: VT."],
        signer_name="Đào Nguyên Phong",
    )
    return c


@pytest.fixture
def commune_c(world):
    return make_unit("Xã Thể Dục", parent=world.district, code="X01750", gso_code="01750")


@pytest.fixture
def monitored(world, secretariat, campaign, commune_c):
    """The campaign with three participant units and every figure filled in."""
    from thidua.campaigns.enums import CampaignState

    a, b, c = world.commune_a, world.commune_b, commune_c
    campaign_services.participants_set(actor=secretariat, campaign=campaign, units=[a, b, c])
    for kind, start, end in [
        (PhaseKind.REGISTRATION, vn(2023, 1, 5), vn(2023, 1, 10)),
        (PhaseKind.NOMINATION, vn(2024, 1, 10), vn(2024, 2, 10)),
        (PhaseKind.COUNCIL, vn(2024, 2, 15), vn(2024, 2, 20)),
    ]:
        campaign_services.phase_set(
            actor=secretariat, campaign=campaign, kind=kind, starts_at=start, ends_at=end
        )
    collective = campaign_services.award_form_add(
        actor=secretariat,
        campaign=campaign,
        name="Giấy khen của Chủ tịch UBND huyện",
        legal_kind="GIAY_KHEN_CHU_TICH_HUYEN",
        subject_type=SubjectType.COLLECTIVE,
        quota=5,
        checklist=[],
    )
    individual = campaign_services.award_form_add(
        actor=secretariat,
        campaign=campaign,
        name="Giấy khen của Chủ tịch UBND huyện",
        legal_kind="GIAY_KHEN_CHU_TICH_HUYEN",
        subject_type=SubjectType.INDIVIDUAL,
        quota=10,
        checklist=[],
    )
    type(campaign).objects.filter(pk=campaign.pk).update(state=CampaignState.EVALUATING)
    campaign.refresh_from_db()

    # Registrations: A on time, B late, C nothing.
    Registration.objects.create(
        campaign=campaign,
        unit=a,
        commitments="Hoàn thành 100%.",
        registered_at=vn(2023, 1, 6),
        plan_uploaded_at=vn(2023, 1, 8),
    )
    Registration.objects.create(
        campaign=campaign,
        unit=b,
        commitments="Phấn đấu.",
        registered_at=vn(2023, 1, 12),
        plan_uploaded_at=vn(2023, 1, 12),
        plan_late=True,
    )

    # CCHC tasks of 2023: A 2/2; B 1/4 with one overdue; C none.
    def task(unit, state, deadline):
        return Task(
            year=2023,
            issuer=world.district,
            unit=unit,
            title="Nhiệm vụ",
            deadline=deadline,
            state=state,
        )

    Task.objects.bulk_create(
        [
            task(a, "completed", dt.date(2023, 6, 30)),
            task(a, "completed", dt.date(2023, 9, 30)),
            task(b, "completed", dt.date(2023, 6, 30)),
            task(b, "in_progress", dt.date(2023, 11, 30)),
            task(b, "assigned", dt.date(2024, 3, 1)),
            task(b, "assigned", dt.date(2024, 4, 1)),
        ]
    )
    # PAR INDEX 2023: A 92.50 % Xuất sắc, B 81 % Tốt, C still self-assessing.
    fw = Framework.objects.create(
        kind="PAR_INDEX",
        subject_kind="commune",
        year=2023,
        issuer=world.district,
        name="Chỉ số CCHC cấp xã năm 2023",
        state="open",
        self_deadline=vn(2024, 1, 25),
    )
    for label, minimum in [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 0)]:
        RatingBand.objects.create(framework=fw, label=label, min_percent=Decimal(minimum))
    Assessment.objects.create(
        framework=fw, unit=a, state="published", percent=Decimal("92.50"), band="Xuất sắc"
    )
    Assessment.objects.create(
        framework=fw, unit=b, state="published", percent=Decimal("81.00"), band="Tốt"
    )
    Assessment.objects.create(framework=fw, unit=c, state="draft")
    # Proposals: A accepted (collective awarded, person not eligible); B returned; C none.
    pa = Proposal.objects.create(
        campaign=campaign, unit=a, state="accepted", version=1, submitted_at=vn(2024, 1, 12)
    )
    pb = Proposal.objects.create(
        campaign=campaign, unit=b, state="returned", version=1, submitted_at=vn(2024, 1, 13)
    )
    Event.objects.create(proposal=pb, action="proposal_return", at=vn(2024, 1, 15), version=1)
    na = Nominee.objects.create(
        proposal=pa,
        award_form=collective,
        subject_type="collective",
        unit=a,
        state="awarded",
        eligible=True,
        council_outcome="proposed",
    )
    Nominee.objects.create(
        proposal=pa,
        award_form=individual,
        subject_type="individual",
        unit=a,
        person=world.person_a,
        state="accepted",
        eligible=False,
    )
    Nominee.objects.create(
        proposal=pb,
        award_form=individual,
        subject_type="individual",
        unit=b,
        person=world.person_b,
        state="returned",
        eligible=None,
    )
    # Council: one staged session; A's collective passed within the quota.
    council = Council.objects.create(
        issuer=world.district, name="Hội đồng TĐKT huyện", valid_from=dt.date(2023, 1, 1)
    )
    session = CouncilSession.objects.create(
        council=council,
        campaign=campaign,
        held_on=dt.date(2024, 2, 16),
        place="Hội trường",
        state="staged",
    )
    AgendaItem.objects.create(
        session=session,
        nominee=na,
        award_form=collective,
        passed=True,
        within_quota=True,
        votes_for=7,
    )
    # Decision issued: 1,080,000 đ to A, from the district's 2024 fund of 10,000,000 đ.
    decision = Decision.objects.create(
        campaign=campaign,
        issuer=world.district,
        fund_unit=world.district,
        state="issued",
        year=2024,
        number=12,
        decided_on=dt.date(2024, 2, 25),
        place="Nguyên Bình",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        summary="Về việc tặng Giấy khen",
        legal_bases="Luật Thi đua, khen thưởng",
        executors="Phòng Nội vụ",
        total=1_080_000,
    )
    Award.objects.create(
        decision=decision,
        nominee=na,
        award_form=collective,
        subject_type="collective",
        unit=a,
        name=a.name,
        amount=1_080_000,
    )
    Fund.objects.create(unit=world.district, year=2024, budget=10_000_000, spent=1_080_000)
    return campaign
