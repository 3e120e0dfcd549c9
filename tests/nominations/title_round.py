"""The annual title round (đợt xét danh hiệu thi đua thường xuyên) of 2023: a campaign of kind
thường xuyên with three title forms, the checklist of its kind, registration open and the
nomination window open now. Shared by the title-round tests and the browser walk."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.fixtures.campaigns import vn
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns import services as cs
from thidua.campaigns.enums import AwardKind, CriterionKind, PhaseKind, SubjectType

TITLES = [
    ("Lao động tiên tiến", "LAO_DONG_TIEN_TIEN", SubjectType.INDIVIDUAL),
    ("Chiến sĩ thi đua cơ sở", "CSTD_CO_SO", SubjectType.INDIVIDUAL),
    ("Tập thể lao động tiên tiến", "TAP_THE_LDTT", SubjectType.COLLECTIVE),
]


def build_title_round(
    world, secretariat, *, nomination_open: bool = True, award_kind=AwardKind.THUONG_XUYEN,
    titles=TITLES, year: int = 2023,
):  # fmt: skip
    c = cs.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=year,
        award_kind=award_kind,
        title=f"Xét công nhận danh hiệu thi đua năm {year}",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(year, 1, 5),
        period_end=dt.date(year, 12, 30),
        signer_title="CHỦ TỊCH",
        signer_name="Đào Nguyên Phong",
    )
    cs.participants_set(actor=secretariat, campaign=c, units=[world.commune_a, world.commune_b])
    now = timezone.now()
    cs.phase_set(
        actor=secretariat,
        campaign=c,
        kind=PhaseKind.REGISTRATION,
        starts_at=vn(year, 1, 5),
        ends_at=vn(year, 1, 31),
    )
    if nomination_open:
        cs.phase_set(
            actor=secretariat,
            campaign=c,
            kind=PhaseKind.NOMINATION,
            starts_at=now - dt.timedelta(days=5),
            ends_at=now + dt.timedelta(days=5),
        )
    cs.criterion_add(
        actor=secretariat,
        campaign=c,
        subject_type=SubjectType.INDIVIDUAL,
        text="Hoàn thành tốt nhiệm vụ được giao, không vi phạm kỷ luật.",
        kind=CriterionKind.ATTESTED,
        params={},
    )
    cs.criterion_add(
        actor=secretariat,
        campaign=c,
        subject_type=SubjectType.COLLECTIVE,
        text="Hoàn thành tốt nhiệm vụ, kế hoạch được giao.",
        kind=CriterionKind.ATTESTED,
        params={},
    )
    checklist = campaign_selectors.kind_checklist(c)
    for name, kind, subject in titles:
        cs.award_form_add(
            actor=secretariat,
            campaign=c,
            name=name,
            legal_kind=kind,
            subject_type=subject,
            quota=None,
            checklist=checklist,
        )
    cs.campaign_publish(
        actor=secretariat, campaign=c, issued_on=dt.date(year, 1, 5), doc_number="03"
    )
    return cs.campaign_start(actor=secretariat, campaign=c)


@pytest.fixture
def title_round(world, secretariat):
    return build_title_round(world, secretariat)


@pytest.fixture
def titles(title_round):
    return {f.legal_kind: f for f in title_round.award_forms.all()}
