import datetime as dt

import pytest
from django.utils import timezone

from thidua.campaigns import services
from thidua.campaigns.enums import CriterionKind, DossierScope, PhaseKind, SubjectType

VN = timezone.get_fixed_timezone(7 * 60)


def vn(*args) -> dt.datetime:
    """An aware datetime in Vietnam time."""
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(world, secretariat):
    """A campaign of the district with both communes taking part, ready to publish."""
    campaign = services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Phát động phong trào thi đua cải cách hành chính năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
        purpose="Biểu dương những tập thể, cá nhân có thành tích xuất sắc.",
        recipients=["Phòng Nội vụ;", "Lưu: VT."],
        signer_name="Đào Nguyên Phong",
    )
    services.participants_set(
        actor=secretariat, campaign=campaign, units=[world.commune_a, world.commune_b]
    )
    services.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.REGISTRATION,
        starts_at=vn(2023, 1, 5),
        ends_at=vn(2023, 1, 10),
    )
    services.criterion_add(
        actor=secretariat,
        campaign=campaign,
        subject_type=SubjectType.COLLECTIVE,
        text="Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2023 hoàn thành 100%.",
        kind=CriterionKind.TASKS_COMPLETED,
        params={"min_percent": 100},
    )
    services.award_form_add(
        actor=secretariat,
        campaign=campaign,
        name="Giấy khen của Chủ tịch UBND huyện",
        legal_kind="GIAY_KHEN_CHU_TICH_HUYEN",
        subject_type=SubjectType.COLLECTIVE,
        quota=5,
        checklist=[("Tờ trình đề nghị khen thưởng.", DossierScope.PER_PROPOSAL)],
    )
    return campaign


@pytest.fixture
def published(draft, secretariat):
    return services.campaign_publish(
        actor=secretariat, campaign=draft, issued_on=dt.date(2023, 1, 5), doc_number="05"
    )
