"""A small PAR INDEX framework for the communes of the shared world (tests/conftest.py):

1  Công tác chỉ đạo, điều hành CCHC            (10)
   1.1 Kế hoạch CCHC                            (4)
       1.1.1 Ban hành kế hoạch đúng hạn         2
       1.1.2 Mức độ hoàn thành kế hoạch         2
   1.2 Kiểm tra, tuyên truyền CCHC              6
2  Cải cách thủ tục hành chính                  (20)
   2.1 Công khai thủ tục hành chính             8
   2.2 Giải quyết hồ sơ đúng hạn                12
3  Mức độ hài lòng (điều tra xã hội học)        (10)
   3.1 Hài lòng của người dân                   10   survey
"""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.demo.campaigns import demo_plan_pdf
from thidua.indicators import services
from thidua.indicators.enums import FrameworkKind, SubjectKind
from thidua.indicators.models import Node
from thidua.indicators.services import NodeRow

VN = timezone.get_fixed_timezone(7 * 60)

TREE = [
    NodeRow("1", "Công tác chỉ đạo, điều hành cải cách hành chính", Decimal("10")),
    NodeRow("1.1", "Kế hoạch cải cách hành chính", Decimal("4"), "1"),
    NodeRow("1.1.1", "Ban hành kế hoạch cải cách hành chính năm đúng hạn", Decimal("2"), "1.1"),
    NodeRow("1.1.2", "Mức độ hoàn thành kế hoạch cải cách hành chính", Decimal("2"), "1.1"),
    NodeRow("1.2", "Kiểm tra, tuyên truyền cải cách hành chính", Decimal("6"), "1"),
    NodeRow("2", "Cải cách thủ tục hành chính", Decimal("20")),
    NodeRow("2.1", "Công khai thủ tục hành chính", Decimal("8"), "2"),
    NodeRow("2.2", "Giải quyết hồ sơ thủ tục hành chính đúng hạn", Decimal("12"), "2"),
    NodeRow("3", "Mức độ hài lòng của người dân", Decimal("10"), is_survey=True),
    NodeRow("3.1", "Sự hài lòng của người dân, tổ chức", Decimal("10"), "3", is_survey=True),
]
BANDS = [
    (Decimal("90"), "Xuất sắc"),
    (Decimal("80"), "Tốt"),
    (Decimal("70"), "Khá"),
    (Decimal("0"), "Trung bình"),
]


def vn(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_upload(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_plan_pdf_bytes(), content_type="application/pdf")


def demo_plan_pdf_bytes() -> bytes:
    class _U:
        code = "TEST"

    return demo_plan_pdf(_U())


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def build_framework(
    world,
    *,
    year=2023,
    kind=FrameworkKind.PAR_INDEX,
    units=None,
    deadline=None,
    tree=TREE,
    subject_kind=SubjectKind.COMMUNE,
    name=None,
):
    framework = services.framework_create(
        actor=None,
        issuer=world.district,
        kind=kind,
        subject_kind=subject_kind,
        year=year,
        name=name or f"Chỉ số CCHC cấp xã năm {year}",
    )
    services.nodes_create(actor=None, framework=framework, rows=tree)
    services.bands_set(actor=None, framework=framework, bands=BANDS)
    if units is not None:
        services.framework_open(
            actor=None,
            framework=framework,
            units=units,
            self_deadline=deadline or vn(year + 1, 1, 15),
        )
    framework.refresh_from_db()
    return framework


def leaf(framework, code: str) -> Node:
    return Node.objects.get(framework=framework, code=code)


@pytest.fixture
def framework(world):
    """Open for both communes; self-assessment due 15/01 of the next year."""
    return build_framework(world, units=[world.commune_a, world.commune_b])


def assessment_of(framework, unit):
    return framework.assessments.get(unit=unit)


def self_all(assessment, scores: dict[str, str], *, actor=None, now=None):
    """Self-assess every non-survey leaf (explanations instead of evidence)."""
    for code, value in scores.items():
        services.score_self_set(
            actor=actor,
            assessment=assessment,
            node=leaf(assessment.framework, code),
            score=value,
            explanation="Có báo cáo lưu tại đơn vị.",
            now=now or vn(assessment.framework.year + 1, 1, 5),
        )


FULL_SELF = {"1.1.1": "2", "1.1.2": "1.5", "1.2": "5", "2.1": "8", "2.2": "10"}


def appraise_all(assessment, scores: dict[str, str], *, actor=None):
    values = {
        leaf(assessment.framework, code).pk: services.Appraisal(score=value)
        for code, value in scores.items()
    }
    services.appraisal_save(actor=actor, assessment=assessment, values=values)
    return services.assessment_appraise(actor=actor, assessment=assessment)


def publish_with(world, framework, per_unit: dict, *, now=None, doc="15/TB-UBND"):
    """Self-assess, submit, appraise (with the survey leaf) and publish; per_unit maps a unit to
    its appraised scores {code: value} (the same values are self-assessed)."""
    for unit, scores in per_unit.items():
        a = assessment_of(framework, unit)
        self_all(a, {k: v for k, v in scores.items() if k != "3.1"})
        services.assessment_submit(actor=None, assessment=a, now=vn(framework.year + 1, 1, 6))
        appraise_all(a, scores)
    return services.framework_publish(
        actor=None,
        framework=framework,
        now=now or vn(framework.year + 1, 1, 20),
        doc_number=doc,
        doc_date=dt.date(framework.year + 1, 1, 20),
    )
