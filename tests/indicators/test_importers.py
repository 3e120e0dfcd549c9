"""Imports of published results, ratings and discipline: all or nothing, row-level Vietnamese
errors, provenance kept."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from tests.indicators.conftest import assessment_of, build_framework
from thidua.core.models import AuditLog
from thidua.indicators import importers
from thidua.indicators.enums import AssessmentState, FrameworkState, ResultSource
from thidua.indicators.models import Assessment, DisciplineRecord, NodeResult, Score, StaffRating

D = Decimal
LEAVES = ["1.1.1", "1.1.2", "1.2", "2.1", "2.2", "3.1"]


def xlsx(header, rows) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate([header, *rows]):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(
                    r,
                    c,
                    v,
                    wb.add_format({"num_format": "dd/mm/yyyy"}),
                )
            elif v is not None:
                ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


HEADER = ["Mã đơn vị", "Mã tiêu chí", "Điểm", "Không áp dụng"]


def _rows(unit_code, scores):
    return [
        [unit_code, code, scores.get(code, ""), "x" if scores.get(code) is None else ""]
        for code in LEAVES
    ]


@pytest.fixture
def draft(world):
    return build_framework(world)  # not opened: results come only from the import


def test_results_import_publishes_with_provenance(world, draft, secretariat):
    a_scores = {"1.1.1": 2, "1.1.2": 1.5, "1.2": 6, "2.1": 8, "2.2": 11.25, "3.1": 9}
    b_scores = {"1.1.1": 2, "1.1.2": 2, "1.2": None, "2.1": 7, "2.2": 10, "3.1": 8}
    data = xlsx(HEADER, _rows("X01732", a_scores) + _rows("X01738", b_scores))
    result = importers.results_import(
        actor=secretariat,
        framework=draft,
        data=data,
        doc_number="25/TB-UBND",
        doc_date=dt.date(2024, 2, 1),
    )
    assert (result.ok, result.created, result.updated) == (True, 2, 0)
    a = assessment_of(draft, world.commune_a)
    b = assessment_of(draft, world.commune_b)
    assert (a.state, a.source, a.points, a.percent, a.band) == (
        AssessmentState.PUBLISHED,
        ResultSource.IMPORT,
        D("37.75"),
        D("94.38"),
        "Xuất sắc",
    )
    # 1.2 not applicable: 29 of 34
    assert (b.points, b.applicable_max, b.percent, b.band) == (
        D("29.00"),
        D("34.00"),
        D("85.29"),
        "Tốt",
    )
    assert (a.source_doc_number, a.source_doc_date) == ("25/TB-UBND", dt.date(2024, 2, 1))
    assert a.self_points is None  # no self-assessment behind an imported result
    draft.refresh_from_db()
    assert draft.state == FrameworkState.PUBLISHED
    assert NodeResult.objects.get(assessment=a, node__code="2").points == D("19.25")
    assert AuditLog.objects.filter(action="indicators.results.import").count() == 1


def test_results_import_refuses_unknown_codes_and_bad_scores_saving_nothing(
    world, draft, secretariat
):
    rows = _rows("X01732", {"1.1.1": 2, "1.1.2": 2, "1.2": 6, "2.1": 8, "2.2": 12, "3.1": 9})
    rows[1] = ["X01732", "9.9", 1, ""]
    rows[2] = ["X01732", "1.2", 6.5, ""]
    rows[3] = ["X01732", "2.1", -1, ""]
    rows.append(["X99999", "1.1.1", 1, ""])
    rows.append(["X01732", "1", 5, ""])
    data = xlsx(HEADER, rows)
    result = importers.results_import(
        actor=secretariat,
        framework=draft,
        data=data,
        doc_number="25/TB-UBND",
        doc_date=dt.date(2024, 2, 1),
    )
    assert [e.message for e in result.errors] == [
        "Dòng 3, cột «Mã tiêu chí»: không có tiêu chí mã «9.9» trong Chỉ số CCHC cấp xã năm 2023.",
        "Dòng 4, cột «Điểm»: điểm 6,5 vượt quá điểm tối đa 6 của tiêu chí 1.2.",
        "Dòng 5, cột «Điểm»: điểm không được âm.",
        "Dòng 8, cột «Mã đơn vị»: không tìm thấy đơn vị có mã «X99999» thuộc phạm vi của "
        "Huyện Nguyên Bình.",
        "Dòng 9, cột «Mã tiêu chí»: «1» là tiêu chí có tiêu chí thành phần; chỉ nhập điểm của "
        "tiêu chí thành phần.",
    ]
    assert not Assessment.objects.exists() and not Score.objects.exists()
    assert not AuditLog.objects.filter(action="indicators.results.import").exists()


def test_results_import_needs_every_leaf_and_provenance(world, draft, secretariat):
    data = xlsx(HEADER, _rows("X01732", {"1.1.1": 2})[:1])
    result = importers.results_import(
        actor=secretariat,
        framework=draft,
        data=data,
        doc_number="25/TB-UBND",
        doc_date=dt.date(2024, 2, 1),
    )
    assert [e.message for e in result.errors] == [
        "Đơn vị X01732 còn thiếu 5 tiêu chí thành phần: 1.1.2, 1.2, 2.1, 2.2, 3.1."
    ]
    result = importers.results_import(
        actor=secretariat, framework=draft, data=data, doc_number="", doc_date=None
    )
    assert [e.message for e in result.errors] == [
        "Nhập số và ngày của văn bản công bố kết quả (nguồn của số liệu)."
    ]
    assert not Assessment.objects.exists()


def test_results_import_refuses_a_unit_being_scored_on_the_system(world, secretariat):
    framework = build_framework(world, units=[world.commune_a])
    a = assessment_of(framework, world.commune_a)
    Assessment.objects.filter(pk=a.pk).update(state=AssessmentState.SUBMITTED)
    data = xlsx(HEADER, _rows("X01732", dict.fromkeys(LEAVES, 1)))
    result = importers.results_import(
        actor=secretariat,
        framework=framework,
        data=data,
        doc_number="1/TB",
        doc_date=dt.date(2024, 2, 1),
    )
    assert result.errors[0].message == (
        "Dòng 2, cột «Mã đơn vị»: Xã Yên Lạc đang được chấm điểm, thẩm định trên hệ thống "
        "(không nhập đè kết quả)."
    )


def test_results_import_refuses_a_non_excel_file(world, draft, secretariat):
    result = importers.results_import(
        actor=secretariat,
        framework=draft,
        data=b"%PDF-1.4 ...",
        doc_number="1/TB",
        doc_date=dt.date(2024, 2, 1),
    )
    assert [e.message for e in result.errors] == ["Tệp không phải là tệp Excel (.xlsx) hợp lệ."]


def test_ratings_import_creates_and_updates(world, secretariat):
    header = ["Mã cán bộ", "Năm", "Xếp loại", "Số quyết định", "Ngày quyết định"]
    data = xlsx(
        header,
        [
            [
                world.person_a.code,
                2023,
                "Hoàn thành xuất sắc nhiệm vụ",
                "05/QĐ-UBND",
                dt.date(2024, 1, 10),
            ],
            [world.person_b.code, 2023, "hoan thanh tot nhiem vu", "", None],
        ],
    )
    result = importers.ratings_import(actor=secretariat, data=data)
    assert (result.ok, result.created) == (True, 2)
    assert dict(StaffRating.objects.values_list("person__code", "rating")) == {
        world.person_a.code: "excellent",
        world.person_b.code: "good",
    }
    data = xlsx(header, [[world.person_b.code, 2023, "Hoàn thành nhiệm vụ", "", None]])
    assert importers.ratings_import(actor=secretariat, data=data).updated == 1
    assert StaffRating.objects.get(person=world.person_b).rating == "completed"


def test_ratings_import_errors_save_nothing(world, secretariat, focal_a):
    header = ["Mã cán bộ", "Năm", "Xếp loại"]
    data = xlsx(
        header,
        [
            [world.person_a.code, 2023, "Tốt lắm"],
            ["KHONGCO", 2023, "Hoàn thành nhiệm vụ"],
            [world.person_b.code, "năm ngoái", "Hoàn thành nhiệm vụ"],
        ],
    )
    result = importers.ratings_import(actor=secretariat, data=data)
    assert [e.message for e in result.errors] == [
        "Dòng 2, cột «Xếp loại»: «Tốt lắm» không phải là xếp loại hợp lệ (Hoàn thành xuất sắc "
        "nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ).",
        "Dòng 3, cột «Mã cán bộ»: không tìm thấy cán bộ có mã «KHONGCO» trong phạm vi của bạn.",
        "Dòng 4, cột «Năm»: «năm ngoái» không phải là một số.",
    ]
    assert not StaffRating.objects.exists()
    # a focal point manages nobody's ratings: every person is out of reach
    result = importers.ratings_import(
        actor=focal_a, data=xlsx(header, [[world.person_a.code, 2023, "Hoàn thành nhiệm vụ"]])
    )
    assert result.errors[0].message.endswith(
        f"không tìm thấy cán bộ có mã «{world.person_a.code}» trong phạm vi của bạn."
    )


def test_discipline_import(world, secretariat):
    header = [
        "Mã cán bộ",
        "Hình thức kỷ luật",
        "Số quyết định",
        "Ngày quyết định",
        "Thời hạn (tháng)",
        "Lý do",
    ]
    data = xlsx(
        header,
        [
            [
                world.person_b.code,
                "Khiển trách",
                "12/QĐ-UBND",
                dt.date(2023, 3, 15),
                12,
                "Chậm giải quyết hồ sơ",
            ]
        ],
    )
    result = importers.discipline_import(actor=secretariat, data=data)
    assert (result.ok, result.created) == (True, 1)
    record = DisciplineRecord.objects.get()
    assert (record.form, record.effective_from, record.effective_to) == (
        "khien_trach",
        dt.date(2023, 3, 15),
        dt.date(2024, 3, 14),
    )
    again = importers.discipline_import(actor=secretariat, data=data)
    assert [e.message for e in again.errors] == [
        f"Dòng 2, cột «Số quyết định»: quyết định 12/QĐ-UBND của cán bộ {world.person_b.code} đã "
        "có trong hệ thống."
    ]
    bad = xlsx(header, [[world.person_a.code, "Phạt tiền", "", "32/13/2023", -3, ""]])
    assert [e.message for e in importers.discipline_import(actor=secretariat, data=bad).errors] == [
        "Dòng 2, cột «Hình thức kỷ luật»: «Phạt tiền» không phải là hình thức kỷ luật hợp lệ "
        "(Khiển trách, Cảnh cáo, Hạ bậc lương, Giáng chức, Cách chức, Bãi nhiệm, Buộc thôi việc).",
        "Dòng 2, cột «Số quyết định»: chưa có giá trị, đây là cột bắt buộc.",
        "Dòng 2, cột «Ngày quyết định»: «32/13/2023» không phải là ngày hợp lệ (dd/mm/yyyy).",
        "Dòng 2, cột «Thời hạn (tháng)»: thời hạn phải là số tháng dương.",
    ]
    assert DisciplineRecord.objects.count() == 1


def test_templates_are_excel_files_listing_the_codes(world, draft):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(importers.results_template(draft)))
    assert wb.get_sheet_by_index(0).to_python()[0] == HEADER
    guide = [r[0] for r in wb.get_sheet_by_name("Hướng dẫn").to_python()]
    assert {"1.1.1", "2.2", "3.1"} <= set(guide)
    for data in (importers.ratings_template(), importers.discipline_template()):
        assert data[:2] == b"PK"
