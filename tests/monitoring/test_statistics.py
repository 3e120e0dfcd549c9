"""The statutory statistics (Thông tư 18/2025/TT-BNV forms, held as data): the demo's 2023
report equals counts taken straight from the tables with SQL, in the XLSX with its official
layout, on the screen and in the year's summary report; the form's rows are data (a row
changed in the table changes the report); refusals are Vietnamese, never a 500."""

import io
import time

import pytest
from django.core.management import call_command
from django.db import connection
from docx import Document
from python_calamine import CalamineWorkbook

from thidua.monitoring import statistics
from thidua.monitoring.models import StatForm, StatRow
from thidua.org.models import Unit

pytestmark = pytest.mark.django_db

AREA = """
    FROM awards_award a
    JOIN awards_decision d ON d.id = a.decision_id
    JOIN org_unit i ON i.id = d.issuer_id
    JOIN campaigns_campaign c ON c.id = d.campaign_id
    JOIN campaigns_awardform f ON f.id = a.award_form_id
    LEFT JOIN org_person p ON p.id = a.person_id
    WHERE d.state = 'issued' AND i.path LIKE %s AND c.year = %s
"""


def _sql(select: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        return cursor.fetchone()[0] or 0


def _expected(unit, year: int) -> dict[str, int]:
    """The figures, counted independently of the app's code."""
    args = [unit.path + "%", year]
    code = "COALESCE(NULLIF(a.form_kind, ''), f.legal_kind)"
    out = {
        "campaigns": _sql(
            "SELECT COUNT(*) FROM campaigns_campaign c JOIN org_unit i ON i.id = c.issuer_id "
            "WHERE i.path LIKE %s AND c.year = %s AND c.state <> 'draft'", args),
        "total": _sql(f"SELECT COUNT(*) {AREA}", args),
        "collective": _sql(f"SELECT COUNT(*) {AREA} AND a.subject_type = 'collective'", args),
        "individual": _sql(f"SELECT COUNT(*) {AREA} AND a.subject_type = 'individual'", args),
        "household": _sql(f"SELECT COUNT(*) {AREA} AND a.subject_type = 'household'", args),
        "female": _sql(
            f"SELECT COUNT(*) {AREA} AND a.subject_type = 'individual' AND p.gender = 'female'",
            args),
        "minority": _sql(
            f"SELECT COUNT(*) {AREA} AND a.subject_type = 'individual' "
            "AND COALESCE(p.ethnicity, '') <> '' AND LOWER(p.ethnicity) <> 'kinh'", args),
        "amount": _sql(f"SELECT SUM(a.amount) {AREA}", args),
        "giay_khen": _sql(
            f"SELECT COUNT(*) {AREA} AND {code} IN ('GIAY_KHEN_CHU_TICH_HUYEN', "
            "'GIAY_KHEN_THU_TRUONG', 'GIAY_KHEN_CHU_TICH_XA')", args),
        "lao_dong_tien_tien": _sql(
            f"SELECT COUNT(*) {AREA} AND {code} = 'LAO_DONG_TIEN_TIEN'", args),
        "decisions": _sql(
            "SELECT COUNT(*) FROM awards_decision d JOIN org_unit i ON i.id = d.issuer_id "
            "JOIN campaigns_campaign c ON c.id = d.campaign_id "
            "WHERE d.state = 'issued' AND i.path LIKE %s AND c.year = %s", args),
    }  # fmt: skip
    return out


@pytest.fixture
def demo(db):
    started = time.perf_counter()
    call_command("demo", "--stage", "decided", stdout=io.StringIO())
    print(f"demo built in {time.perf_counter() - started:.1f}s")  # noqa: T201
    return Unit.objects.get(code="NB")


def _row_of(rows, label: str) -> list:
    for row in rows:
        if row[1] == label:
            return [int(v) if isinstance(v, float) else v for v in row]
    raise AssertionError(f"no row {label!r}")


def _merged(sheet) -> set[str]:
    """Merged ranges as Excel names them ("A6:A7")."""

    def name(r, c):
        return f"{chr(ord('A') + c)}{r + 1}"

    return {f"{name(*a)}:{name(*b)}" for a, b in sheet.merged_cell_ranges or []}


def test_demo_2023_report_equals_sql_counts(demo, client, django_user_model):
    want = _expected(demo, 2023)
    assert want["total"] > 0 and want["campaigns"] == 1  # the demo has something to count
    report = statistics.report_for(unit=demo, year=2023)
    assert report.form.level == "district" and report.form.code == "01.N/BNV-TĐKT-H"
    awards = report.line("II")
    for measure in ["total", "collective", "individual", "household", "female", "minority",
                    "amount"]:  # fmt: skip
        assert awards.value(measure) == want[measure], measure
    assert report.line("I").value("total") == want["campaigns"]
    assert report.line("2.3").value("total") == want["giay_khen"]
    assert report.line("1.4").value("total") == want["lao_dong_tien_tien"]

    # The XLSX: title block, merged headers, codes row, the same figures.
    client.force_login(django_user_model.objects.get(username="noivu"))
    started = time.perf_counter()
    response = client.get("/thong-ke/bao-cao.xlsx", {"nam": 2023, "don_vi": demo.pk})
    print(f"xlsx in {time.perf_counter() - started:.2f}s")  # noqa: T201
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    ws = sheet.to_python(skip_empty_area=False)
    assert ws[0][0] == "Biểu số: 01.N/BNV-TĐKT-H"
    assert "18/2025/TT-BNV" in ws[1][0]
    assert {"A6:A7", "B6:B7", "C6:C7", "D6:F6", "G6:H6", "I6:I7"} <= _merged(sheet)
    assert [ws[5][c] for c in (2, 3, 6, 8)] == [
        "Tổng số", "Chia ra", "Trong đó cá nhân", "Tiền thưởng (đồng)"]  # fmt: skip
    assert ws[6][3:8] == ["Tập thể", "Cá nhân", "Hộ gia đình", "Nữ", "Người dân tộc thiểu số"]
    assert ws[7][:9] == ["A", "B", *"1234567"]
    assert _row_of(ws, "Khen thưởng") == ["II", "Khen thưởng", want["total"], want["collective"],
        want["individual"], want["household"], want["female"], want["minority"],
        want["amount"]]  # fmt: skip
    assert _row_of(ws, "Phong trào thi đua được phát động")[2:] == [want["campaigns"], *"xxxxxx"]
    assert "Huyện Nguyên Bình" in ws[0][6]

    # The summary report (DOCX) carries the same figures.
    response = client.get("/thong-ke/bao-cao.docx", {"nam": 2023, "don_vi": demo.pk})
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2023" in text.upper()
    assert f"đã phát động {want['campaigns']} phong trào thi đua" in text
    assert f"Đã ban hành {want['decisions']} quyết định khen thưởng" in text
    assert (f"khen thưởng {want['total']} lượt tập thể, cá nhân, hộ gia đình: "
            f"{want['collective']} tập thể, {want['individual']} cá nhân") in text  # fmt: skip

    # The screen shows the filled form and the download links.
    page = client.get("/thong-ke/", {"nam": 2023, "don_vi": demo.pk}).content.decode()
    assert 'id="statistics-table"' in page and "Biểu mẫu chưa xác nhận" in page
    assert f'<td>II</td><td>Khen thưởng</td><td class="num">{want["total"]}</td>' in page


def test_a_row_changed_in_the_table_changes_the_report(demo):
    form = StatForm.objects.get(level="district")
    StatRow.objects.filter(form=form, ordinal="2.3").update(
        label="Giấy khen các loại", codes=["LAO_DONG_TIEN_TIEN"]
    )
    want = _expected(demo, 2023)
    line = statistics.report_for(unit=demo, year=2023).line("2.3")
    assert (line.label, line.value("total")) == ("Giấy khen các loại", want["lao_dong_tien_tien"])


def test_refusals_are_vietnamese(demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="noivu"))
    response = client.get("/thong-ke/bao-cao.xlsx", {"nam": "hai nghìn", "don_vi": demo.pk})
    assert response.status_code == 400
    assert "Năm báo cáo phải là một số" in response.content.decode()
    response = client.get("/thong-ke/", {"nam": 1890, "don_vi": demo.pk})
    assert response.status_code == 400 and "Năm báo cáo phải từ 2000" in response.content.decode()
    # A unit the secretariat does not manage is not found, like one that does not exist.
    province = Unit.objects.get(code="CB")
    assert client.get("/thong-ke/", {"nam": 2023, "don_vi": province.pk}).status_code == 404
    assert client.get("/thong-ke/bao-cao.odt", {"nam": 2023}).status_code == 404
    StatForm.objects.filter(level="district").update(valid_to="2025-10-09")
    response = client.get("/thong-ke/", {"nam": 2023, "don_vi": demo.pk})
    assert response.status_code == 400
    assert "Chưa có biểu mẫu thống kê cấp huyện đang áp dụng" in response.content.decode()


def test_the_api_gives_the_same_figures_and_the_file(demo, client, django_user_model):
    from thidua.core.services import api_token_create

    want = _expected(demo, 2023)
    noivu = django_user_model.objects.get(username="noivu")
    headers = {"Authorization": f"Bearer {api_token_create(user=noivu, name='tk')[1]}"}
    body = client.get(f"/api/v1/statistics/{demo.pk}/2023", headers=headers).json()
    assert body["form_code"] == "01.N/BNV-TĐKT-H" and body["confirmed"] is False
    awards = next(r for r in body["rows"] if r["ordinal"] == "II")
    assert awards["values"] == {k: want[k] for k in ["total", "collective", "individual",
                                                     "household", "female", "minority",
                                                     "amount"]}  # fmt: skip
    response = client.get(f"/api/v1/statistics/{demo.pk}/2023/file/xlsx", headers=headers)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    province = Unit.objects.get(code="CB")
    assert client.get(f"/api/v1/statistics/{province.pk}/2023", headers=headers).status_code == 404
    response = client.get(f"/api/v1/statistics/{demo.pk}/1890", headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("Năm báo cáo phải từ 2000 đến")


def test_the_report_takes_a_fixed_number_of_queries(demo, django_assert_num_queries):
    """The form, its rows, its columns, the awards grouped, the campaigns: five queries for a
    district as for its province, however many awards."""
    for unit in (demo, Unit.objects.get(code="CB")):
        with django_assert_num_queries(5):
            report = statistics.report_for(unit=unit, year=2023)
        assert report.line("II").value("total") == _expected(unit, 2023)["total"]
