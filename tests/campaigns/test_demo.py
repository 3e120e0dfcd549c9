"""`thidua demo --stage launched|registered`: the seed plan, held completely and issued."""

import datetime as dt
import io
import unicodedata
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from thidua.campaigns.enums import CampaignState, PhaseKind, RegistrationStatus
from thidua.campaigns.models import (
    Assignment,
    AwardForm,
    Campaign,
    CampaignParticipant,
    CampaignPhase,
    Criterion,
    DossierItem,
    Registration,
)
from thidua.campaigns.selectors import board_counts, registration_board
from thidua.core.models import AuditLog, Notification
from thidua.demo import campaigns_data as d
from thidua.demo.campaigns import PARTICIPANT_KINDS, seed_campaign
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MODELS = [Unit, Person, Campaign, CampaignParticipant, CampaignPhase, Criterion, AwardForm,
          DossierItem, Assignment, Registration, Notification, AuditLog]  # fmt: skip


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def launched() -> Campaign:
    call_command("demo", "--stage", "launched")
    return seed_campaign()


CHECKLIST = [
    "Tờ trình đề nghị khen thưởng của cơ quan đơn vị.",
    "Biên bản họp Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị.",
    "Báo cáo thành tích của tập thể, cá nhân đề nghị khen thưởng (Nêu rõ kết quả đạt được "
    "trên từng tiêu chí).",
    "Bản tóm tắt thành tích của tập thể, cá nhân.",
]


def test_launched_holds_the_seed_plan_criteria_quotas_participants_and_deadline(launched):
    """One test for the whole plan: building the demo takes several seconds."""
    # published, with its number and signature block
    assert launched.state == CampaignState.PUBLISHED
    assert (launched.reference, launched.issued_on) == ("05/KH-UBND", dt.date(2023, 1, 5))
    assert launched.title == (
        "Phát động phong trào thi đua cải cách hành chính nhà nước huyện Nguyên Bình năm 2023"
    )
    assert (launched.issuer.code, launched.parent) == ("NB", None)
    assert (launched.signing_authority, launched.signer_title, launched.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đào Nguyên Phong",
    )  # fmt: skip

    # the plan's criteria, word for word: 3 collective, 4 individual
    def criteria(subject):
        return [(c.text, c.kind, c.params) for c in launched.criteria.filter(subject_type=subject)]

    assert criteria("collective") == d.COLLECTIVE_CRITERIA
    assert criteria("individual") == d.INDIVIDUAL_CRITERIA
    assert (len(d.COLLECTIVE_CRITERIA), len(d.INDIVIDUAL_CRITERIA)) == (3, 4)
    assert criteria("collective")[1][0] == (
        "Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2023 của cơ quan, đơn vị hoàn "
        "thành 100%."
    )

    # 5 collectives and 10 individuals, each with the four dossier documents
    forms = [
        (f.name, f.subject_type, f.quota, f.rule_set, [i.name for i in f.checklist.all()])
        for f in launched.award_forms.all()
    ]
    assert forms == [
        ("Giấy khen của Chủ tịch UBND huyện", "collective", 5, "Nghị định 91/2017/NĐ-CP",
         CHECKLIST),
        ("Giấy khen của Chủ tịch UBND huyện", "individual", 10, "Nghị định 91/2017/NĐ-CP",
         CHECKLIST),
    ]  # fmt: skip

    # every agency, the public-service unit and the 17 communes and townships; not the Front
    kinds = Counter(p.unit.kind for p in launched.participants.select_related("unit"))
    assert kinds == {"agency": 13, "public_service": 1, "township": 2, "commune": 15}
    assert Unit.objects.filter(kind__in=PARTICIPANT_KINDS).count() == 31
    assert not launched.participants.filter(unit__code__in=["NB-MTTQ", "NB-UBND"]).exists()

    # "trước ngày 10 tháng 01 năm 2023": registration closes at 00:00 that day, Vietnam time
    phase = launched.phases.get(kind=PhaseKind.REGISTRATION)
    assert phase.starts_at == dt.datetime(2023, 1, 5, 0, 0, tzinfo=HCM)
    assert phase.ends_at == dt.datetime(2023, 1, 10, 0, 0, tzinfo=HCM)
    assert phase.ends_at == dt.datetime(2023, 1, 9, 17, 0, tzinfo=dt.UTC)


def test_the_plan_pdf_holds_the_plans_text_and_the_decree_30_header(launched):
    assert launched.plan_docx.read(2) == b"PK"
    pdf = PdfReader(io.BytesIO(launched.plan_pdf.read()))
    text = _normalised(" ".join(page.extract_text() for page in pdf.pages))

    for expected in [
        "ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/KH-UBND",
        "Nguyên Bình, ngày 05 tháng 01 năm 2023",
        "Phát động phong trào thi đua cải cách hành chính nhà nước huyện Nguyên Bình năm 2023",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đào Nguyên Phong",
        *(c[0] for c in d.COLLECTIVE_CRITERIA + d.INDIVIDUAL_CRITERIA),
    ]:
        assert _normalised(expected) in text, expected


def test_running_it_again_creates_nothing_new(launched):
    before = _counts()

    call_command("demo", "--stage", "launched")

    assert _counts() == before
    assert list(Campaign.objects.all()) == [launched]


def test_registered_adds_plans_with_three_late_and_three_missing(launched):
    call_command("demo", "--stage", "registered")
    before = _counts()
    call_command("demo", "--stage", "registered")

    assert _counts() == before
    rows = registration_board(launched)
    assert board_counts(rows) == {
        RegistrationStatus.ON_TIME: 25,
        RegistrationStatus.LATE: 3,
        RegistrationStatus.MISSING: 3,
        RegistrationStatus.PENDING: 0,
    }

    def names(status):
        return [r.unit.name for r in rows if r.status == status]

    assert names(RegistrationStatus.LATE) == ["Xã Phan Thanh", "Xã Quang Thành", "Xã Tam Kim"]
    assert names(RegistrationStatus.MISSING) == ["Xã Thành Công", "Xã Thịnh Vượng", "Xã Hưng Đạo"]
    late = [r.registration for r in rows if r.status == RegistrationStatus.LATE]
    assert all(r.plan_uploaded_at >= dt.datetime(2023, 1, 10, tzinfo=HCM) for r in late)
    on_time = [r.registration for r in rows if r.status == RegistrationStatus.ON_TIME]
    assert all(r.plan_uploaded_at < dt.datetime(2023, 1, 10, tzinfo=HCM) for r in on_time)
    assert {r.plan_file.read(5) for r in late + on_time} == {b"%PDF-"}
