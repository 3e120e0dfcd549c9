"""The statistical forms are edited on their screen (Biểu mẫu thống kê) and through the API, not
in Django admin: an administrator corrects a form's header, rows and columns, or starts a new
version when a new circular replaces the old one; the secretariat only reads; a wrong list is
refused row by row in Vietnamese and changes nothing; the report then uses the edited form."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from tests.conftest import complete_second_factor
from thidua.core.models import AuditLog
from thidua.core.services import api_token_create
from thidua.monitoring import services, statistics
from thidua.monitoring.models import StatColumn, StatForm, StatRow
from thidua.org.models import Unit

pytestmark = pytest.mark.django_db

# Session, user, roles (permission checks), the forms with their counts (SQLite: 7, PG: 6).
QUERIES = 7


@pytest.fixture
def demo(db):
    call_command("demo", "--stage", "decided", stdout=io.StringIO())
    return Unit.objects.get(code="NB")


@pytest.fixture
def district():
    return StatForm.objects.get(level="district", valid_to=None)


def _login(client, django_user_model, username):
    user = django_user_model.objects.get(username=username)
    client.force_login(user)
    complete_second_factor(client, user)
    return client


def _snapshot(form):
    return (
        list(form.rows.order_by("position").values_list("position", "ordinal", "label", "codes")),
        list(form.columns.order_by("position").values_list("position", "code", "label")),
        StatForm.objects.filter(pk=form.pk).values().get(),
    )


def _formset_post(prefix, part, items, fields):
    n = len(items)
    data = {"part": part, f"{prefix}-TOTAL_FORMS": n, f"{prefix}-INITIAL_FORMS": n,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}  # fmt: skip
    for i, item in enumerate(items):
        for f in fields:
            value = item.get(f, "")
            if f == "codes":
                value = ", ".join(value)
            if isinstance(value, bool):
                if value:
                    data[f"{prefix}-{i}-{f}"] = "on"
                continue
            data[f"{prefix}-{i}-{f}"] = value
    return data


ROW_FIELDS = ["position", "ordinal", "label", "source", "codes", "bold"]


def _rows(form):
    return [{f: getattr(r, f) for f in ROW_FIELDS} for r in form.rows.order_by("position")]


def test_the_screen_edits_rows_and_the_report_uses_them(demo, district, client, django_user_model):
    _login(client, django_user_model, "quantri")
    page = client.get(f"/thong-ke/bieu-mau/{district.pk}/").content.decode()
    assert "Các dòng (chỉ tiêu)" in page and 'name="dong-0-label"' in page
    assert 'aria-label="Chỉ tiêu"' in page  # the table's inputs carry their label
    assert district.code in client.get("/thong-ke/bieu-mau/").content.decode()

    rows = _rows(district)
    renamed = next(r for r in rows if r["ordinal"] == "2.3")
    renamed["label"] = "Giấy khen các cấp (đã sửa)"
    response = client.post(
        f"/thong-ke/bieu-mau/{district.pk}/", _formset_post("dong", "rows", rows, ROW_FIELDS)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StatRow.objects.get(form=district, ordinal="2.3").label == "Giấy khen các cấp (đã sửa)"
    assert StatRow.objects.filter(form=district).count() == len(rows)
    assert AuditLog.objects.filter(action="monitoring.stat_form.rows_set").count() == 1

    # The XLSX built by the report carries the new label.
    _login(client, django_user_model, "noivu")
    response = client.get("/thong-ke/bao-cao.xlsx", {"nam": 2023, "don_vi": demo.pk})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    labels = [row[1] for row in sheet.to_python(skip_empty_area=False)]
    assert "Giấy khen các cấp (đã sửa)" in labels


def test_bad_rows_are_refused_in_vietnamese_and_change_nothing(demo, district, client,
                                                                 django_user_model):  # fmt: skip
    _login(client, django_user_model, "quantri")
    before = _snapshot(district)
    rows = _rows(district)
    rows[1]["position"] = rows[0]["position"]
    response = client.post(
        f"/thong-ke/bieu-mau/{district.pk}/", _formset_post("dong", "rows", rows, ROW_FIELDS)
    )
    assert response.status_code == 400
    assert "Dòng 2: thứ tự 1 trùng với dòng 1." in response.content.decode()

    rows = _rows(district)
    rows[2]["label"] = ""
    response = client.post(
        f"/thong-ke/bieu-mau/{district.pk}/", _formset_post("dong", "rows", rows, ROW_FIELDS)
    )
    assert response.status_code == 400 and "Trường này là bắt buộc." in response.content.decode()

    columns = [{"position": 1, "code": "1", "label": "Tổng số", "measure": "total"},
               {"position": 2, "code": "1", "label": "Tập thể", "measure": "nope"}]  # fmt: skip
    response = client.post(f"/thong-ke/bieu-mau/{district.pk}/", _formset_post(
        "cot", "columns", columns, ["position", "code", "group", "label", "measure"]))  # fmt: skip
    assert response.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert _snapshot(district) == before
    assert not AuditLog.objects.filter(action__startswith="monitoring.stat_form").exists()


def test_the_services_refuse_row_by_row(demo, district, django_user_model):
    admin = django_user_model.objects.get(username="quantri")
    before = _snapshot(district)
    rows = _rows(district)
    rows[0]["label"] = "  "
    rows[1]["source"] = "khac"
    rows[3]["position"] = rows[2]["position"]
    with pytest.raises(ValidationError) as exc:
        services.stat_form_rows_set(actor=admin, form=district, rows=rows)
    assert exc.value.messages == [
        "Dòng 1: hãy nhập tên.",
        f"Dòng 4: thứ tự {rows[2]['position']} trùng với dòng 3.",
        "Dòng 2: nguồn số liệu «khac» không hợp lệ.",
    ]
    columns = [
        {"position": 1, "code": "1", "group": "", "label": "Tổng số", "measure": "total"},
        {"position": 2, "code": "1", "group": "", "label": "Nữ", "measure": "female"},
    ]
    with pytest.raises(ValidationError) as exc:
        services.stat_form_columns_set(actor=admin, form=district, columns=columns)
    assert exc.value.messages == ["Cột 2: mã cột 1 trùng với cột 1."]
    assert _snapshot(district) == before


def test_a_new_version_through_the_screen(demo, district, client, django_user_model):
    _login(client, django_user_model, "quantri")
    n_rows, n_columns = district.rows.count(), district.columns.count()
    response = client.post(f"/thong-ke/bieu-mau/{district.pk}/phien-ban-moi/",
                           {"valid_from": "2027-01-01"})  # fmt: skip
    assert response.status_code == 302
    new = StatForm.objects.get(code=district.code, level="district", valid_from="2027-01-01")
    district.refresh_from_db()
    assert district.valid_to == dt.date(2026, 12, 31) and new.valid_to is None
    assert not new.confirmed and new.basis == district.basis
    assert (new.rows.count(), new.columns.count()) == (n_rows, n_columns)
    assert response["Location"] == f"/thong-ke/bieu-mau/{new.pk}/"
    # The report of a day of 2026 still uses the old version, of 2027 the new one.
    assert statistics.form_in_force("district", dt.date(2026, 6, 1)).pk == district.pk
    assert statistics.form_in_force("district", dt.date(2027, 6, 1)).pk == new.pk
    # Same start again, or a start before the current one: refused, nothing made.
    for day in ("2027-01-01", "2020-01-01"):
        response = client.post(f"/thong-ke/bieu-mau/{new.pk}/phien-ban-moi/", {"valid_from": day})
        assert response.status_code == 400
        assert "Phiên bản mới phải áp dụng sau ngày 01/01/2027" in response.content.decode()
    assert StatForm.objects.filter(level="district").count() == 2

    # The header: a correction, then a refusal (end before start) that changes nothing.
    data = {"code": new.code, "name": "Biểu mới", "level": "district", "period": "year",
            "basis": "Thông tư 99/2026/TT-BNV", "valid_from": "2027-01-01", "valid_to": "",
            "confirmed": "on", "note": "", "position": 0, "part": "header"}  # fmt: skip
    assert client.post(f"/thong-ke/bieu-mau/{new.pk}/", data).status_code == 302
    new.refresh_from_db()
    assert (new.name, new.basis, new.confirmed) == ("Biểu mới", "Thông tư 99/2026/TT-BNV", True)
    response = client.post(f"/thong-ke/bieu-mau/{new.pk}/", data | {"valid_to": "2026-01-01"})
    assert response.status_code == 400
    assert "Ngày hết áp dụng không được trước ngày bắt đầu áp dụng." in response.content.decode()
    new.refresh_from_db()
    assert new.valid_to is None


def test_the_secretariat_reads_but_does_not_change(demo, district, client, django_user_model):
    before = _snapshot(district)
    _login(client, django_user_model, "noivu")
    page = client.get(f"/thong-ke/bieu-mau/{district.pk}/").content.decode()
    label = district.rows.order_by("position").first().label
    assert label in page and 'name="dong-0-label"' not in page
    rows = _rows(district)
    rows[0]["label"] = "Đổi tên"
    url = f"/thong-ke/bieu-mau/{district.pk}/"
    assert client.post(url, _formset_post("dong", "rows", rows, ROW_FIELDS)).status_code == 403
    assert client.post(url + "phien-ban-moi/", {"valid_from": "2027-01-01"}).status_code == 403
    _login(client, django_user_model, "daumoi.ttnb")
    assert client.get(url).status_code == 403
    assert client.get("/thong-ke/bieu-mau/").status_code == 403
    assert _snapshot(district) == before
    assert StatColumn.objects.filter(form=district).count() == len(before[1])


def _bearer(django_user_model, username):
    user = django_user_model.objects.get(username=username)
    raw = api_token_create(user=user, name="tk", scope="write")[1]  # a write token for both
    return {"Authorization": f"Bearer {raw}"}


def test_the_api_edits_a_form_and_refuses_the_secretariat(demo, district, client,
                                                           django_user_model):  # fmt: skip
    admin = _bearer(django_user_model, "quantri")
    url = f"/api/v1/statistics/forms/{district.pk}"
    body = client.get(url, headers=admin).json()
    assert body["code"] == district.code and len(body["rows"]) == district.rows.count()
    listed = client.get("/api/v1/statistics/forms", headers=admin).json()
    assert {f["level"] for f in listed} == {"province", "district", "commune"}

    # The secretariat reads, but every write is refused and changes nothing.
    before = _snapshot(district)
    noivu = _bearer(django_user_model, "noivu")
    assert client.get(url, headers=noivu).json()["id"] == district.pk
    rows = body["rows"]
    assert client.put(f"{url}/rows", {"rows": rows}, content_type="application/json",
                      headers=noivu).status_code == 403  # fmt: skip
    assert client.patch(url, {"name": "X"}, content_type="application/json",
                        headers=noivu).status_code == 403  # fmt: skip
    response = client.post(f"{url}/new-version", {"valid_from": "2027-01-01"},
                           content_type="application/json", headers=noivu)  # fmt: skip
    assert response.status_code == 403
    assert _snapshot(district) == before

    # A duplicate position: 422 in Vietnamese, nothing changed.
    bad = [dict(r) for r in rows]
    bad[1]["position"] = bad[0]["position"]
    response = client.put(f"{url}/rows", {"rows": bad}, content_type="application/json",
                          headers=admin)  # fmt: skip
    assert response.status_code == 422
    assert "Dòng 2: thứ tự 1 trùng với dòng 1." in [e["msg"] for e in response.json()["detail"]]
    assert _snapshot(district) == before

    # Rename a row, drop the last column, correct the header.
    good = [dict(r) for r in rows]
    good[0]["label"] = "Phong trào thi đua (API)"
    response = client.put(f"{url}/rows", {"rows": good}, content_type="application/json",
                          headers=admin)  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["rows"][0]["label"] == "Phong trào thi đua (API)"
    columns = body["columns"][:-1]
    response = client.put(f"{url}/columns", {"columns": columns},
                          content_type="application/json", headers=admin)  # fmt: skip
    assert response.status_code == 200 and len(response.json()["columns"]) == len(columns)
    response = client.patch(url, {"confirmed": True, "note": ""},
                            content_type="application/json", headers=admin)  # fmt: skip
    assert response.status_code == 200 and response.json()["confirmed"] is True
    district.refresh_from_db()
    assert district.confirmed and district.name == before[2]["name"]  # other fields kept
    report = statistics.report_for(unit=demo, year=2023)
    assert report.lines[0].label == "Phong trào thi đua (API)"
    assert len(report.lines[0].cells) == len(columns)

    # A new version, then a create.
    response = client.post(f"{url}/new-version", {"valid_from": "2027-01-01"},
                           content_type="application/json", headers=admin)  # fmt: skip
    assert response.status_code == 201
    new = response.json()
    assert new["valid_from"] == "2027-01-01" and new["confirmed"] is False
    assert len(new["rows"]) == len(good) and len(new["columns"]) == len(columns)
    assert client.get(url, headers=admin).json()["valid_to"] == "2026-12-31"
    payload = {"code": "02.N/BNV-TĐKT-H", "name": "Biểu thử", "level": "district",
               "basis": "Thông tư 18/2025/TT-BNV", "valid_from": "2025-10-08"}  # fmt: skip
    response = client.post("/api/v1/statistics/forms", payload, content_type="application/json",
                           headers=admin)  # fmt: skip
    assert response.status_code == 201 and response.json()["rows"] == []
    response = client.post("/api/v1/statistics/forms", payload | {"level": "nation"},
                           content_type="application/json", headers=admin)  # fmt: skip
    assert response.status_code == 422
    assert StatForm.objects.filter(code="02.N/BNV-TĐKT-H").count() == 1


def test_the_list_takes_a_fixed_number_of_queries(demo, client, django_user_model,
                                                  django_assert_num_queries,
                                                  django_assert_max_num_queries):  # fmt: skip
    """Session, user, roles, the forms with their counts: the same for three forms or six."""
    _login(client, django_user_model, "noivu")
    client.get("/thong-ke/bieu-mau/")  # warm the per-process caches
    with django_assert_max_num_queries(QUERIES) as counted:
        page = client.get("/thong-ke/bieu-mau/").content.decode()
    assert page.count("/phien") == 0 and page.count('href="/thong-ke/bieu-mau/') == 3
    admin = django_user_model.objects.get(username="quantri")
    for form in StatForm.objects.all():
        services.stat_form_new_version(actor=admin, form=form, valid_from=dt.date(2027, 1, 1))
    with django_assert_num_queries(len(counted.captured_queries)):
        page = client.get("/thong-ke/bieu-mau/").content.decode()
    assert page.count('href="/thong-ke/bieu-mau/') == 6
