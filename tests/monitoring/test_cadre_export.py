"""Export for the national cadre and civil-servant database: a person's (or a unit's people's)
awards and titles as CSV and XML in the field mapping held as data; changing the mapping on its
screen changes the files; a wrong mapping is refused whole, in Vietnamese; only the managers."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection

from thidua.core.models import AuditLog
from thidua.monitoring.models import ExportMapping
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db

DEFAULT = ["MaCanBo", "HoVaTen", "NamSinh", "GioiTinh", "DonViCongTac", "LoaiKhenThuong",
           "HinhThucKhenThuong", "CapKhenThuong", "NamKhenThuong", "SoQuyetDinh",
           "NgayQuyetDinh", "CoQuanQuyetDinh"]  # fmt: skip


@pytest.fixture
def history(db):
    call_command("demo", "--stage", "history", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.person_id, COUNT(*) FROM records_awardrecord r "
            "WHERE r.person_id IS NOT NULL GROUP BY r.person_id ORDER BY COUNT(*) DESC, 1 LIMIT 1"
        )
        person_id, n = cursor.fetchone()
    return Person.objects.get(pk=person_id), n


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _post(client, rows):
    data = {"rows": str(len(rows))}
    for i, r in enumerate(rows):
        data |= {f"position_{i}": r[0], f"source_{i}": r[1], f"target_{i}": r[2],
                 f"date_format_{i}": r[3]}  # fmt: skip
        if r[4]:
            data[f"active_{i}"] = "on"
    return client.post("/xuat-csdl-can-bo/", data)


def test_mapping_change_changes_csv_and_xml(history, client, django_user_model):
    person, n = history
    record = person.award_records.order_by("year", "decision_date", "id").first()
    client.force_login(django_user_model.objects.get(username="noivu"))
    rows = _csv(client.get(f"/xuat-csdl-can-bo/ca-nhan/{person.pk}.csv"))
    assert rows[0] == DEFAULT and len(rows) == 1 + n
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["HoVaTen"] == person.full_name
    assert first["SoQuyetDinh"] == record.decision_number
    assert first["NgayQuyetDinh"] == record.decision_date.strftime("%d/%m/%Y")

    # The ministry's new list: other names, another order, ISO dates, a field dropped.
    response = _post(client, [
        ("1", "decision_date", "NGAY_QD", "yyyy-mm-dd", True),
        ("2", "full_name", "HO_TEN", "", True),
        ("3", "form_name", "HINH_THUC", "", True),
        ("4", "issuer", "CO_QUAN", "", False),
        ("", "", "", "", True),  # an empty line of the form is ignored
    ])  # fmt: skip
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="monitoring.export_mapping.replace").count() == 1
    rows = _csv(client.get(f"/xuat-csdl-can-bo/ca-nhan/{person.pk}.csv"))
    assert rows[0] == ["NGAY_QD", "HO_TEN", "HINH_THUC"]
    assert rows[1] == [record.decision_date.isoformat(), person.full_name, record.form_name]

    response = client.get(f"/xuat-csdl-can-bo/ca-nhan/{person.pk}.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "DanhSachKhenThuong" and len(root) == n
    assert [(e.tag, e.text) for e in root[0]] == [
        ("NGAY_QD", record.decision_date.isoformat()), ("HO_TEN", person.full_name),
        ("HINH_THUC", record.form_name)]  # fmt: skip


def test_unit_export_has_every_award_of_its_people(history, client, django_user_model):
    district = Unit.objects.get(code="NB")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM records_awardrecord r JOIN org_person p ON p.id = r.person_id "
            "JOIN org_unit u ON u.id = p.unit_id WHERE u.path LIKE %s",
            [district.path + "%"],
        )
        want = cursor.fetchone()[0]
    assert want > 1
    client.force_login(django_user_model.objects.get(username="noivu"))
    response = client.get(f"/xuat-csdl-can-bo/don-vi/{district.pk}.xml")
    assert len(ET.fromstring(response.content)) == want
    assert len(_csv(client.get(f"/xuat-csdl-can-bo/don-vi/{district.pk}.csv"))) == 1 + want


def test_a_wrong_mapping_is_refused_whole(history, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="noivu"))
    before = list(ExportMapping.objects.values_list("target", flat=True))
    response = _post(client, [
        ("1", "full_name", "Họ tên", "", True),
        ("2", "year", "NAM", "", True),
        ("3", "decision_date", "NAM", "", True),
        ("4", "form_name", "HT", "dd/mm/yyyy", True),
        ("5", "decision_date", "NGAY", "ngày tháng", True),
    ])  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 1: tên cột «Họ tên» chỉ gồm chữ không dấu" in page
    assert "Dòng 3: tên cột «NAM» bị trùng." in page
    assert "Dòng 4: chỉ trường ngày mới có định dạng ngày." in page
    assert "Dòng 5: Định dạng ngày chỉ gồm dd, mm, yyyy" in page
    assert 'value="Họ tên"' in page  # what was typed stays on the form
    assert list(ExportMapping.objects.values_list("target", flat=True)) == before
    assert not AuditLog.objects.filter(action="monitoring.export_mapping.replace").exists()


def test_a_focal_point_cannot_export_its_own_people(history, client, django_user_model):
    person, _ = history
    focal = django_user_model.objects.get(username="daumoi.ttnb")
    client.force_login(focal)
    assert client.get(f"/xuat-csdl-can-bo/ca-nhan/{person.pk}.csv").status_code == 404
    assert client.get("/xuat-csdl-can-bo/").status_code == 404


def test_the_menu_leads_the_managers_only(history, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="noivu"))
    page = client.get("/").content.decode()
    assert 'href="/thong-ke/">Thống kê</a>' in page
    assert 'href="/xuat-csdl-can-bo/">Xuất CSDL cán bộ</a>' in page
    client.force_login(django_user_model.objects.get(username="daumoi.ttnb"))
    page = client.get("/").content.decode()
    assert "/thong-ke/" not in page and "/xuat-csdl-can-bo/" not in page


def test_the_export_takes_two_queries_for_a_whole_district(history, django_assert_num_queries):
    from thidua.monitoring import cadre_export

    district = Unit.objects.get(code="NB")
    with django_assert_num_queries(2):  # the records with their people and titles; the mapping
        data, _ = cadre_export.render(cadre_export.records_of(unit=district), "xml")
    assert len(ET.fromstring(data)) > 1
