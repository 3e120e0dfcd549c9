"""A running campaign with its nomination window open, every criterion kind, and an award
form per subject type with the seed's dossier checklist."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_person
from tests.fixtures.campaigns import vn
from thidua.campaigns import services as cs
from thidua.campaigns.enums import CriterionKind, DossierScope, PhaseKind, SubjectType
from thidua.core.uploads import CheckedUpload
from thidua.nominations import services


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Every test of this package keeps its uploads in a folder of its own."""


CHECKLIST = [
    ("Tờ trình đề nghị khen thưởng.", DossierScope.PER_PROPOSAL),
    ("Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị.", DossierScope.PER_PROPOSAL),
    ("Báo cáo thành tích.", DossierScope.PER_NOMINEE),
    ("Bản tóm tắt thành tích.", DossierScope.PER_NOMINEE),
]


def pdf_upload(text: str = "hồ sơ") -> CheckedUpload:
    import hashlib

    data = b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"
    return CheckedUpload(
        kind="pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
    )


@pytest.fixture
def campaign(world, secretariat):
    c = cs.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Phát động phong trào thi đua cải cách hành chính năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
        signer_title="CHỦ TỊCH",
        signer_name="Đào Nguyên Phong",
    )
    cs.participants_set(actor=secretariat, campaign=c, units=[world.commune_a, world.commune_b])
    cs.phase_set(
        actor=secretariat,
        campaign=c,
        kind=PhaseKind.REGISTRATION,
        starts_at=vn(2023, 1, 5),
        ends_at=vn(2023, 1, 10),
    )
    now = timezone.now()
    cs.phase_set(
        actor=secretariat,
        campaign=c,
        kind=PhaseKind.NOMINATION,
        starts_at=now - dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=5),
    )
    for text, kind, params in [
        ("Hoàn thành các nhiệm vụ được giao.", CriterionKind.ATTESTED, {}),
        (
            "Kết quả thực hiện nhiệm vụ CCHC năm 2023 hoàn thành 100%.",
            CriterionKind.TASKS_COMPLETED,
            {"min_percent": 100},
        ),
        (
            "Các chỉ số thành phần PAR INDEX, DDCI được giao tăng điểm so với năm trước.",
            CriterionKind.COMPONENTS_IMPROVED,
            {"frameworks": ["PAR_INDEX", "DDCI"]},
        ),
    ]:
        cs.criterion_add(
            actor=secretariat,
            campaign=c,
            subject_type=SubjectType.COLLECTIVE,
            text=text,
            kind=kind,
            params=params,
        )
    for text, kind, params in [
        (
            "Hoàn thành tốt nhiệm vụ được giao năm 2023.",
            CriterionKind.RATING_AT_LEAST,
            {"rating": "good"},
        ),
        ("Không vi phạm kỷ luật hành chính.", CriterionKind.NO_DISCIPLINE, {}),
    ]:
        cs.criterion_add(
            actor=secretariat,
            campaign=c,
            subject_type=SubjectType.INDIVIDUAL,
            text=text,
            kind=kind,
            params=params,
        )
    for subject, quota in [(SubjectType.COLLECTIVE, 5), (SubjectType.INDIVIDUAL, 10)]:
        cs.award_form_add(
            actor=secretariat,
            campaign=c,
            name="Giấy khen của Chủ tịch UBND huyện",
            legal_kind="GIAY_KHEN_CHU_TICH_HUYEN",
            subject_type=subject,
            quota=quota,
            checklist=CHECKLIST,
        )
    cs.campaign_publish(
        actor=secretariat, campaign=c, issued_on=dt.date(2023, 1, 5), doc_number="05"
    )
    return cs.campaign_start(actor=secretariat, campaign=c)


@pytest.fixture
def forms(campaign):
    return {f.subject_type: f for f in campaign.award_forms.all()}


@pytest.fixture
def proposal_a(campaign, focal_a, world):
    return services.proposal_open(actor=focal_a, campaign=campaign, unit=world.commune_a)


def complete_dossier(actor, proposal):
    """Upload every required document of the proposal."""
    from thidua.nominations.selectors import dossier_missing

    for m in dossier_missing(proposal):
        services.document_upload(
            actor=actor,
            proposal=proposal,
            item=m.item,
            nominee=m.nominee,
            upload=pdf_upload(m.label),
        )


@pytest.fixture
def filled_a(proposal_a, focal_a, forms, world):
    """Commune A proposes itself and one of its people, with the whole dossier."""
    services.nominee_add(
        actor=focal_a,
        proposal=proposal_a,
        award_form=forms["collective"],
        achievement="Hoàn thành 100% nhiệm vụ CCHC.",
    )
    services.nominee_add(
        actor=focal_a,
        proposal=proposal_a,
        award_form=forms["individual"],
        person=world.person_a,
        achievement="Tham mưu tốt công tác CCHC.",
    )
    complete_dossier(focal_a, proposal_a)
    return proposal_a


@pytest.fixture
def person_a2(world):
    return make_person(world.commune_a, "Hoàng Thị Lan", position="Công chức Văn phòng – Thống kê")


# The upward chain: the district's campaign sends up to the province's -------------------------

HIGHER_CHECKLIST = [
    ("Tờ trình đề nghị khen thưởng của cấp trình.", DossierScope.PER_PROPOSAL),
    ("Báo cáo thành tích.", DossierScope.PER_NOMINEE),
]


@pytest.fixture
def province_secretariat(world):
    from tests.conftest import _persona
    from thidua.org.enums import Role

    return _persona("sonoivu", Role.SECRETARIAT, world.province)


@pytest.fixture
def province_campaign(world, province_secretariat):
    """The province's campaign, running, its nomination window open, the district taking part,
    a Bằng khen form per subject type whose checklist shares «Báo cáo thành tích.»."""
    return make_province_campaign(world, province_secretariat)


def make_province_campaign(
    world,
    province_secretariat,
    title: str = "Phong trào thi đua cải cách hành chính tỉnh Cao Bằng năm 2023",
    *,
    issuer=None,
    participants=None,
):
    """A running campaign of `issuer` (the province) with `participants` (the district)."""
    c = cs.campaign_create(
        actor=province_secretariat,
        issuer=issuer or world.province,
        year=2023,
        title=title,
        issuer_display="ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
        place="Cao Bằng",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
        signer_title="CHỦ TỊCH",
        signer_name="Hoàng Xuân Ánh",
    )
    cs.participants_set(
        actor=province_secretariat, campaign=c, units=participants or [world.district]
    )
    cs.phase_set(
        actor=province_secretariat,
        campaign=c,
        kind=PhaseKind.REGISTRATION,
        starts_at=vn(2023, 1, 5),
        ends_at=vn(2023, 1, 10),
    )
    for subject in (SubjectType.COLLECTIVE, SubjectType.INDIVIDUAL):
        cs.criterion_add(
            actor=province_secretariat,
            campaign=c,
            subject_type=subject,
            text="Hoàn thành xuất sắc nhiệm vụ được giao.",
            kind=CriterionKind.ATTESTED,
            params={},
        )
    now = timezone.now()
    cs.phase_set(
        actor=province_secretariat,
        campaign=c,
        kind=PhaseKind.NOMINATION,
        starts_at=now - dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=5),
    )
    for subject in (SubjectType.COLLECTIVE, SubjectType.INDIVIDUAL):
        cs.award_form_add(
            actor=province_secretariat,
            campaign=c,
            name="Bằng khen của Chủ tịch UBND tỉnh",
            legal_kind="BANG_KHEN_TINH",
            subject_type=subject,
            quota=5,
            checklist=HIGHER_CHECKLIST,
        )
    cs.campaign_publish(
        actor=province_secretariat, campaign=c, issued_on=dt.date(2023, 1, 5), doc_number="12"
    )
    return cs.campaign_start(actor=province_secretariat, campaign=c)


@pytest.fixture
def council_list(filled_a, focal_a, secretariat):
    """Commune A's dossier submitted, accepted by the district, and its council's list: every
    nominee proposed to the higher level."""
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    services.proposal_accept(actor=secretariat, proposal=filled_a)
    nominees = list(filled_a.nominees.order_by("pk"))
    for rank, n in enumerate(nominees, start=1):
        services.nominee_stage_council_outcome(
            actor=secretariat, nominee=n, outcome="proposed", votes=5, rank=rank
        )
    return nominees
