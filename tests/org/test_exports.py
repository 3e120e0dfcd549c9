"""Excel exports: the template's columns, real values, one streamed query, and files that
import back unchanged."""

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person, make_unit
from tests.org.test_importers import PEOPLE_HEADER, UNIT_HEADER, sheet_rows
from thidua.org.enums import Gender, StaffCategory, UnitKind
from thidua.org.exports import people_export, units_export
from thidua.org.importers import people_import, units_import
from thidua.org.models import Person, Unit
from thidua.org.selectors import people_for, units_for

PERSON_VALUES = ["code", "full_name", "gender", "position", "unit_id", "category", "birth_year",
                 "ethnicity", "sort_key", "search_key"]  # fmt: skip
UNIT_VALUES = ["code", "name", "kind", "parent_id", "path", "depth", "gso_code", "valid_from",
               "valid_to", "position", "search_key"]  # fmt: skip


def test_people_export_writes_the_template_columns_with_labels(world):
    make_person(world.commune_a, "Ma Thị Gấm", code="CB777", gender=Gender.FEMALE,
                category=StaffCategory.KHONG_CHUYEN_TRACH, birth_year=1990, ethnicity="Nùng",
                position="Văn thư – Lưu trữ")  # fmt: skip

    rows = sheet_rows(people_export(Person.objects.filter(unit=world.commune_a).order_by("code")))

    assert rows == [
        PEOPLE_HEADER,
        ["CB777", "Ma Thị Gấm", "Nữ", "Văn thư – Lưu trữ", "X01732",
         "Người hoạt động không chuyên trách", 1990.0, "Nùng"],
        [world.person_a.code, "Nguyễn Văn Hưởng", "Nam", "Chủ tịch UBND", "X01732", "Công chức",
         "", ""],
    ]  # fmt: skip


def test_people_export_keeps_text_that_looks_like_a_formula_as_text(world):
    make_person(world.commune_a, '=HYPERLINK("http://x")', code="CB778", position="+84 912")

    rows = sheet_rows(people_export(Person.objects.filter(code="CB778")))

    assert rows[1][1] == '=HYPERLINK("http://x")'
    assert rows[1][3] == "+84 912"


def test_people_export_reads_the_database_in_one_streamed_query(world):
    for i in range(5):
        make_person(world.commune_b, f"Nông Văn Thử {i}")

    with CaptureQueriesContext(connection) as queries:
        data = people_export(Person.objects.select_related("unit").order_by("sort_key"))

    assert len(queries) == 1
    assert len(sheet_rows(data)) == 1 + Person.objects.count()


def _header_is_bold(data: bytes) -> bool:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    header_styles = set(re.findall(r'<c r="[A-Z]+1" s="(\d+)"', sheet))
    fonts = styles.findall("m:fonts/m:font", ns)
    formats = styles.findall("m:cellXfs/m:xf", ns)
    return len(header_styles) == 1 and all(
        fonts[int(formats[int(s)].get("fontId"))].find("m:b", ns) is not None for s in header_styles
    )


def test_exports_have_a_bold_header_and_set_column_widths(world):
    for data in (people_export(Person.objects.all()), units_export(Unit.objects.all())):
        assert _header_is_bold(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        ranges = re.findall(r'<col min="(\d+)" max="(\d+)" width="[\d.]+"', sheet)
        assert sum(int(b) - int(a) + 1 for a, b in ranges) == 8  # every column has a width


def test_units_export_writes_parents_by_code_and_dates_as_dates(world):
    make_unit(
        "Xã Thái Học",
        parent=world.district,
        code="X01741",
        gso_code="01741",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
        position=7,
    )

    rows = sheet_rows(units_export(Unit.objects.filter(code__in=["CB", "X01741"]).order_by("path")))

    assert rows == [
        UNIT_HEADER,
        ["CB", "Tỉnh Cao Bằng", UnitKind.PROVINCE.label, "", "", "", "", 0.0],
        ["X01741", "Xã Thái Học", "Xã", "NB", "01741", dt.date(2020, 1, 1), dt.date(2025, 6, 30),
         7.0],
    ]  # fmt: skip


def test_people_export_imports_back_without_changing_anything(world, secretariat):
    make_person(world.noivu, "Lương Thị Hoa", gender=Gender.FEMALE, birth_year=1981,
                ethnicity="Tày", category=StaffCategory.CONG_CHUC)  # fmt: skip
    before = list(Person.objects.order_by("code").values_list(*PERSON_VALUES))

    result = people_import(actor=secretariat, data=people_export(people_for(secretariat)))

    assert (result.created, result.updated, result.errors) == (0, 0, [])  # nothing changed
    assert list(Person.objects.order_by("code").values_list(*PERSON_VALUES)) == before


def test_people_export_recreates_deleted_people_when_imported(world, focal_a):
    before = list(Person.objects.filter(unit=world.commune_a).values_list(*PERSON_VALUES))
    data = people_export(people_for(focal_a))
    Person.objects.filter(unit=world.commune_a).delete()

    result = people_import(actor=focal_a, data=data)

    assert (result.created, result.updated, result.errors) == (1, 0, [])
    assert list(Person.objects.filter(unit=world.commune_a).values_list(*PERSON_VALUES)) == before


def test_units_export_imports_back_without_changing_anything(world, secretariat):
    make_unit(
        "Xã Thái Học",
        parent=world.district,
        code="X01741",
        gso_code="01741",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
        position=7,
    )
    before = list(Unit.objects.order_by("code").values_list(*UNIT_VALUES))

    result = units_import(actor=secretariat, data=units_export(units_for(secretariat)))

    assert (result.created, result.updated, result.errors) == (0, 0, [])  # nothing changed
    assert list(Unit.objects.order_by("code").values_list(*UNIT_VALUES)) == before


def test_units_export_of_the_whole_tree_imports_back_for_an_administrator(world, admin_user):
    before = list(Unit.objects.order_by("code").values_list(*UNIT_VALUES))

    result = units_import(actor=admin_user, data=units_export(Unit.objects.order_by("-path")))

    assert (result.created, result.updated, result.errors) == (0, 0, [])  # nothing changed
    assert list(Unit.objects.order_by("code").values_list(*UNIT_VALUES)) == before
