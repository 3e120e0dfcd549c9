"""Excel imports of people and units: real .xlsx files written with xlsxwriter, the real
database, the personas of tests/conftest.py."""

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from tests.factories import make_unit
from thidua.core.excel import ImportResult, RowError
from thidua.core.models import AuditLog
from thidua.org.enums import Gender, StaffCategory, UnitKind
from thidua.org.importers import (
    PEOPLE_COLUMNS,
    UNIT_COLUMNS,
    people_import,
    people_template,
    units_import,
    units_template,
)
from thidua.org.models import Person, Unit
from thidua.org.services import person_derive

PEOPLE_HEADER = [c.header for c in PEOPLE_COLUMNS]
UNIT_HEADER = [c.header for c in UNIT_COLUMNS]


def xlsx(header: list, *rows: list, sheet: str = "Sheet1") -> bytes:
    """An .xlsx whose first sheet holds the header (row 1) and the rows; None leaves a cell
    empty, dates are written as Excel dates, numbers as numbers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    ws = workbook.add_worksheet(sheet)
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value)
    workbook.close()
    return buffer.getvalue()


def person_row(
    code,
    name="Nông Thị Hoa",
    unit="X01732",
    *,
    gender="Nữ",
    position="Chuyên viên",
    category="Công chức",
    year=1985,
    ethnicity="Tày",
) -> list:
    """A people row in template order (PEOPLE_HEADER)."""
    return [code, name, gender, position, unit, category, year, ethnicity]


def unit_row(
    code, name, parent="NB", *, kind="Xã", gso=None, start=None, end=None, position=None
) -> list:
    """A units row in template order (UNIT_HEADER)."""
    return [code, name, kind, parent, gso, start, end, position]


def people_file(*rows) -> bytes:
    return xlsx(PEOPLE_HEADER, *rows)


def messages(result: ImportResult) -> list[str]:
    return [e.message for e in result.errors]


def sheet_rows(data: bytes, index: int = 0) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return workbook.get_sheet_by_index(index).to_python()


# People: what a good file does ---------------------------------------------------------------


def test_people_import_creates_exactly_the_rows_of_the_file(world, secretariat):
    data = people_file(
        person_row("CB001", "  Hoàng   Thị Thu Hà ", "X01732", year=1979),
        person_row(
            "CB002",
            "Đàm Văn Quân",
            "X01738",
            gender="Nam",
            category="Cán bộ",
            position="Chủ tịch UBND",
            year=None,
            ethnicity=None,
        ),
        person_row("CB003", "Lương Văn Đạt", "NB-NV", gender="nam", category="Viên chức"),
    )
    before = Person.objects.count()

    result = people_import(actor=secretariat, data=data)

    assert result == ImportResult(created=3, updated=0, errors=[])
    assert result.ok
    assert Person.objects.count() == before + 3
    rows = {
        p.code: (p.full_name, p.unit.code, p.gender, p.category, p.position, p.birth_year,
                 p.ethnicity)
        for p in Person.objects.filter(code__startswith="CB").select_related("unit")
    }  # fmt: skip
    assert rows == {
        "CB001": ("Hoàng Thị Thu Hà", "X01732", Gender.FEMALE, StaffCategory.CONG_CHUC,
                  "Chuyên viên", 1979, "Tày"),
        "CB002": ("Đàm Văn Quân", "X01738", Gender.MALE, StaffCategory.CAN_BO, "Chủ tịch UBND",
                  None, ""),
        "CB003": ("Lương Văn Đạt", "NB-NV", Gender.MALE, StaffCategory.VIEN_CHUC, "Chuyên viên",
                  1985, "Tày"),
    }  # fmt: skip


def test_people_import_computes_the_keys_exactly_as_the_services_do(world, secretariat):
    people_import(actor=secretariat, data=people_file(
        person_row("CB001", "Hoàng Thị Thu Hà"), person_row("cb-02.x", "Đặng Thị Bích Đào"),
    ))  # fmt: skip

    for person in Person.objects.filter(code__in=["CB001", "cb-02.x"]):
        expected = Person(code=person.code, full_name=person.full_name)
        person_derive(expected)
        assert (person.sort_key, person.search_key) == (expected.sort_key, expected.search_key)
    assert Person.objects.get(code="CB001").search_key == "hoang thi thu ha cb001"
    assert Person.objects.get(code="cb-02.x").search_key == "dang thi bich dao cb-02.x"


TRICKY_NAMES = [
    "Đặng Thị Bích Đào", "NGUYỄN VĂN A", "Ông Ích Khiêm", "Lê-Văn Tám 2", "Giàng A Páo",
    "Lò Thị Ỏn", "Müller Ñoño Straße", "ΟΔΟΣ ΣΑΣ", "Nguyễn\tThị  Hoa", "Hồ Chi\u0301 Minh",
    "Ma Seo Chử", "O'Brien Ðức", "Ưng Ứng Ừng Ửng Ững Ựng",
]  # fmt: skip


def test_people_import_keys_match_the_services_for_unusual_names(world, secretariat):
    rows = [person_row(f"CB{i:03d}", name) for i, name in enumerate(TRICKY_NAMES)]

    assert people_import(actor=secretariat, data=people_file(*rows)).ok

    for person in Person.objects.filter(code__startswith="CB"):
        expected = Person(code=person.code, full_name=TRICKY_NAMES[int(person.code[2:])])
        person_derive(expected)
        assert (person.full_name, person.sort_key, person.search_key) == (
            expected.full_name, expected.sort_key, expected.search_key,
        )  # fmt: skip


def test_people_import_normalises_decomposed_text_to_nfc(world, secretariat):
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Hoa"  # what some Mac and web forms send
    people_import(actor=secretariat, data=people_file(
        person_row("CB001", decomposed, position="Co\u0302ng chu\u031b\u0301c"),
    ))  # fmt: skip

    person = Person.objects.get(code="CB001")
    assert person.full_name == "Nguyễn Thị Hoa"
    assert person.position == "Công chức"


def test_people_import_updates_a_person_whose_code_already_exists(world, secretariat):
    code = world.person_a.code
    data = people_file(
        person_row(
            code,
            "Nguyễn Văn Hưởng",
            "X01738",
            gender="Nam",
            position="Bí thư Đảng ủy",
            category="Cán bộ",
            year=1970,
        ),
        person_row("CB100", "Lý Thị Mai"),
    )

    result = people_import(actor=secretariat, data=data)

    assert (result.created, result.updated, result.errors) == (1, 1, [])
    person = Person.objects.get(pk=world.person_a.pk)
    assert (person.unit, person.position, person.birth_year) == (
        world.commune_b, "Bí thư Đảng ủy", 1970,
    )  # fmt: skip


def test_people_import_keeps_gender_and_category_when_updating_with_blank_cells(world, focal_a):
    world.person_a.gender, world.person_a.category = Gender.MALE, StaffCategory.CAN_BO
    Person.objects.filter(pk=world.person_a.pk).update(gender=Gender.MALE, category="can_bo")
    data = people_file(
        person_row(
            world.person_a.code,
            "Nguyễn Văn Hưởng",
            gender=None,
            category=None,
            position="Phó Chủ tịch UBND",
        )
    )

    result = people_import(actor=focal_a, data=data)

    assert (result.updated, result.errors) == (1, [])
    person = Person.objects.get(pk=world.person_a.pk)
    assert (person.gender, person.category, person.position) == (
        Gender.MALE, StaffCategory.CAN_BO, "Phó Chủ tịch UBND",
    )  # fmt: skip


def test_people_import_leaves_columns_missing_from_the_file_untouched(world, secretariat):
    Person.objects.filter(pk=world.person_a.pk).update(birth_year=1966, ethnicity="Nùng")
    data = xlsx(
        ["Mã cán bộ", "Họ và tên", "Mã đơn vị"], [world.person_a.code, "Nguyễn Văn Hưởng", "X01738"]
    )

    result = people_import(actor=secretariat, data=data)

    assert (result.updated, result.errors) == (1, [])
    person = Person.objects.get(pk=world.person_a.pk)
    assert (person.unit, person.birth_year, person.ethnicity, person.position, person.gender) == (
        world.commune_b, 1966, "Nùng", "Chủ tịch UBND", Gender.MALE,
    )  # fmt: skip


def test_people_import_neither_writes_nor_counts_rows_that_change_nothing(world, secretariat):
    a, b = world.person_a, world.person_b
    data = people_file(
        person_row(
            a.code,
            a.full_name,
            "X01732",
            gender="Nam",
            position=a.position,
            year=None,
            ethnicity=None,
        ),
        person_row(
            b.code,
            b.full_name,
            "X01738",
            gender="Nữ",
            position=b.position,
            year=None,
            ethnicity=None,
        ),
    )

    result = people_import(actor=secretariat, data=data)

    assert (result.created, result.updated, result.errors) == (0, 1, [])  # only B's gender
    assert Person.objects.get(pk=b.pk).gender == Gender.FEMALE
    log = AuditLog.objects.get(action="org.person.import")
    assert log.note == "Nhập từ Excel: 0 thêm mới, 1 cập nhật"


def test_units_import_neither_writes_nor_counts_units_that_change_nothing(world, secretariat):
    data = units_file(
        unit_row("X01732", "Xã Yên Lạc", "NB", gso="01732"),
        unit_row("X01738", "Xã Ca Thành", "NB", gso="01738", position=2),
    )

    result = units_import(actor=secretariat, data=data)

    assert (result.created, result.updated, result.errors) == (0, 1, [])
    assert Unit.objects.get(code="X01738").position == 2


def test_people_import_reads_columns_in_any_order_with_loose_headers_and_extra_columns(
    world, secretariat
):
    header = ["STT", "  HỌ VÀ TÊN ", "ma can bo", "Năm  sinh", "Giới tính", "Mã Đơn Vị",
              "DOI TUONG", "Ghi chú"]  # fmt: skip
    data = xlsx(
        header,
        [1, "Ma Thị Gấm", "CB001", 1985.0, "nu", "X01732", "cong chuc", "bỏ qua"],
        [2, "Bế Văn Thắng", "CB002", "1990", "NAM", "X01738", "vien_chuc", None],
        [3, "Lục Thị Duyên", "CB003", None, "Nữ", "X01738", "NGƯỜI LAO ĐỘNG", None],
    )

    result = people_import(actor=secretariat, data=data)

    assert (result.created, result.errors) == (3, [])
    got = {p.code: (p.gender, p.category, p.birth_year)
           for p in Person.objects.filter(code__startswith="CB")}  # fmt: skip
    assert got == {
        "CB001": (Gender.FEMALE, StaffCategory.CONG_CHUC, 1985),
        "CB002": (Gender.MALE, StaffCategory.VIEN_CHUC, 1990),
        "CB003": (Gender.FEMALE, StaffCategory.NGUOI_LAO_DONG, None),
    }


def test_people_import_trims_codes_and_reads_codes_typed_as_numbers(world, secretariat):
    data = people_file(person_row("  CB001 ", unit=" X01732"), person_row(12345.0))

    result = people_import(actor=secretariat, data=data)

    assert (result.created, result.errors) == (2, [])
    assert set(Person.objects.filter(unit=world.commune_a).values_list("code", flat=True)) == {
        world.person_a.code, "CB001", "12345",
    }  # fmt: skip


def test_people_import_finds_the_header_below_a_title_line(world, secretariat):
    data = xlsx(
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC XÃ YÊN LẠC"],
        [],
        PEOPLE_HEADER,
        person_row("CB001"),
        person_row("CB002", "Nông Văn Hùng", year="19a0"),
    )

    result = people_import(actor=secretariat, data=data)

    assert messages(result) == ["Dòng 5, cột «Năm sinh»: «19a0» không phải là một năm."]


def test_people_import_skips_blank_rows_and_counts_rows_as_excel_shows_them(world, secretariat):
    data = people_file(person_row("CB001"), [], [None] * 8, person_row("CB004", year="19a0"))

    result = people_import(actor=secretariat, data=data)

    assert result.errors == [
        RowError(
            row=5,
            column="Năm sinh",
            message="Dòng 5, cột «Năm sinh»: «19a0» không phải là một năm.",
        )
    ]


def test_people_import_writes_one_audit_row_with_the_counts(world, secretariat):
    data = people_file(
        person_row("CB001"),
        person_row("CB002"),
        person_row(world.person_a.code, "Nguyễn Văn Hưởng"),
    )

    people_import(actor=secretariat, data=data)

    log = AuditLog.objects.get(action="org.person.import")
    assert (log.actor, log.note) == (secretariat, "Nhập từ Excel: 2 thêm mới, 1 cập nhật")


# People: files that are refused as a whole ---------------------------------------------------


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


NOT_EXCEL = "Tệp không phải là tệp Excel (.xlsx) hợp lệ."


@pytest.mark.parametrize(("data", "message"), [
    pytest.param(b"", "Tệp tải lên rỗng (0 byte).", id="empty"),
    pytest.param("Mã cán bộ,Họ và tên,Mã đơn vị\nCB1,Nông Văn Hùng,X01732\n".encode(),
                 NOT_EXCEL, id="csv-renamed"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", NOT_EXCEL, id="pdf"),
    pytest.param(_zip_without_workbook(), NOT_EXCEL, id="zip-that-is-not-xlsx"),
    pytest.param(people_file(person_row("CB001"))[:600], NOT_EXCEL, id="truncated-xlsx"),
])  # fmt: skip
def test_people_import_refuses_files_that_are_not_xlsx(world, secretariat, data, message):
    assert messages(people_import(actor=secretariat, data=data)) == [message]


def test_people_import_asks_to_save_a_legacy_xls_file_as_xlsx(world, secretariat):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

    result = people_import(actor=secretariat, data=ole)

    assert result.errors[0].row is None
    assert "Excel 97–2003 (.xls)" in result.errors[0].message
    assert "(*.xlsx)" in result.errors[0].message


def test_people_import_refuses_a_file_above_the_size_limit(world, secretariat, settings):
    data = people_file(person_row("CB001"))
    settings.THIDUA_MAX_IMPORT_BYTES = 1000

    result = people_import(actor=secretariat, data=data)

    assert messages(result) == [
        f"Tệp quá lớn ({round(len(data) / 1024)} KB); giới hạn là 1000 byte."
    ]
    assert not Person.objects.filter(code="CB001").exists()


@pytest.mark.parametrize("data", [
    pytest.param(people_file(), id="header-only"),
    pytest.param(people_file([], [None, None]), id="header-and-blank-rows"),
])  # fmt: skip
def test_people_import_refuses_a_file_without_data_rows(world, secretariat, data):
    assert messages(people_import(actor=secretariat, data=data)) == [
        "Tệp không có dòng dữ liệu nào."
    ]


def test_people_import_names_every_missing_required_column(world, secretariat):
    data = xlsx(["Họ và tên", "Giới tính"], ["Nông Văn Hùng", "Nam"])

    result = people_import(actor=secretariat, data=data)

    assert messages(result) == [
        "Tệp thiếu cột bắt buộc: «Mã cán bộ», «Mã đơn vị». Dòng tiêu đề (dòng 1) phải có đúng "
        "tên các cột như trong tệp mẫu."
    ]


def test_people_import_refuses_a_column_given_twice(world, secretariat):
    data = xlsx([*PEOPLE_HEADER, "Họ và tên"], person_row("CB001") + ["Nông Văn Hùng"])

    assert messages(people_import(actor=secretariat, data=data)) == [
        "Cột «Họ và tên» xuất hiện hai lần (cột B và cột I); hãy xóa bớt một cột."
    ]


# People: rows that are wrong -----------------------------------------------------------------


@pytest.mark.parametrize(("row", "message"), [
    pytest.param(person_row(None), "Dòng 3, cột «Mã cán bộ»: chưa có giá trị, đây là cột bắt "
                 "buộc.", id="missing-code"),
    pytest.param(person_row("CB009", None), "Dòng 3, cột «Họ và tên»: chưa có giá trị, đây là "
                 "cột bắt buộc.", id="missing-name"),
    pytest.param(person_row("CB009", unit=None), "Dòng 3, cột «Mã đơn vị»: chưa có giá trị, đây "
                 "là cột bắt buộc.", id="missing-unit"),
    pytest.param(person_row("CB009", gender=None), "Dòng 3, cột «Giới tính»: chưa có giá trị, "
                 "bắt buộc khi thêm người mới.", id="missing-gender-for-a-new-person"),
    pytest.param(person_row("CB009", unit="X99999"), "Dòng 3, cột «Mã đơn vị»: không tìm thấy "
                 "đơn vị có mã «X99999» trong phạm vi của bạn.", id="unknown-unit"),
    pytest.param(person_row("CB009", year="19a0"), "Dòng 3, cột «Năm sinh»: «19a0» không phải "
                 "là một năm.", id="year-not-a-number"),
    pytest.param(person_row("CB009", year=1985.5), "Dòng 3, cột «Năm sinh»: «1985,5» không phải "
                 "là một năm.", id="year-not-whole"),
    pytest.param(person_row("CB009", year=1850), "Dòng 3, cột «Năm sinh»: năm 1850 không nằm "
                 f"trong khoảng 1900–{dt.date.today().year}.", id="year-out-of-range"),  # noqa: DTZ011
    pytest.param(person_row("CB009", gender="Nữa"), "Dòng 3, cột «Giới tính»: «Nữa» không phải "
                 "là giới tính hợp lệ (Nam, Nữ, Khác).", id="unknown-gender"),
    pytest.param(person_row("CB009", category="Hợp đồng"), "Dòng 3, cột «Đối tượng»: «Hợp đồng» "
                 "không phải là đối tượng hợp lệ (Cán bộ, Công chức, Viên chức, Người lao động, "
                 "Người hoạt động không chuyên trách, Công dân, Người nước ngoài).",
                 id="unknown-category"),
    pytest.param(person_row("CB 009"), "Dòng 3, cột «Mã cán bộ»: mã «CB 009» không hợp lệ: mã "
                 "chỉ gồm chữ không dấu, chữ số và các dấu . _ -", id="code-with-a-space"),
    pytest.param(person_row("CB009", "Nông " + "Văn " * 40 + "Hùng"), "Dòng 3, cột «Họ và tên»: "
                 "dài 169 ký tự, vượt quá giới hạn 150 ký tự.", id="name-too-long"),
    pytest.param(person_row("CB009", position="Chuyên viên " * 14), "Dòng 3, cột «Chức vụ»: dài "
                 "167 ký tự, vượt quá giới hạn 150 ký tự.", id="position-too-long"),
])  # fmt: skip
def test_people_import_reports_a_wrong_row_with_its_row_number(world, secretariat, row, message):
    data = people_file(person_row("CB001"), row, person_row("CB002"))

    result = people_import(actor=secretariat, data=data)

    assert messages(result) == [message]
    assert result.errors[0].row == 3
    assert not Person.objects.filter(code__in=["CB001", "CB002"]).exists()


def test_people_import_names_both_rows_of_a_duplicated_code(world, secretariat):
    data = people_file(person_row("CB001"), person_row("CB002"), person_row("CB001", "Lý Văn Nam"))

    result = people_import(actor=secretariat, data=data)

    assert messages(result) == ["Dòng 4, cột «Mã cán bộ»: mã «CB001» trùng với dòng 2."]


def test_people_import_lists_every_error_of_every_row_in_order(world, secretariat):
    data = people_file(
        person_row("CB001", year="x"),
        person_row("CB002"),
        person_row(None, None, "X99999", gender="?"),
    )

    result = people_import(actor=secretariat, data=data)

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Năm sinh"), (4, "Mã cán bộ"), (4, "Họ và tên"), (4, "Giới tính"), (4, "Mã đơn vị"),
    ]  # fmt: skip


def test_people_import_writes_nothing_when_one_row_out_of_many_is_wrong(world, secretariat):
    rows = [person_row(f"CB{i:03d}", "Nông Văn Hùng") for i in range(60)]
    rows[41][6] = "19a0"
    before = Person.objects.count()

    result = people_import(actor=secretariat, data=people_file(*rows))

    assert messages(result) == ["Dòng 43, cột «Năm sinh»: «19a0» không phải là một năm."]
    assert (result.created, result.updated) == (0, 0)
    assert Person.objects.count() == before
    assert not AuditLog.objects.filter(action="org.person.import").exists()


def test_people_import_writes_nothing_when_a_row_late_in_a_large_file_is_wrong(world, secretariat):
    rows = [person_row(f"CB{i:05d}", "Nông Văn Hùng") for i in range(5000)]
    rows[4990][6] = "19a0"
    before = Person.objects.count()

    result = people_import(actor=secretariat, data=people_file(*rows))

    assert messages(result) == ["Dòng 4992, cột «Năm sinh»: «19a0» không phải là một năm."]
    assert (result.created, result.updated) == (0, 0)
    assert Person.objects.count() == before
    assert not Person.objects.filter(code="CB00000").exists()
    assert not AuditLog.objects.filter(action="org.person.import").exists()


def test_people_import_caps_the_list_of_errors(world, secretariat):
    rows = [person_row(f"CB{i:03d}", year="?") for i in range(250)]

    result = people_import(actor=secretariat, data=people_file(*rows))

    assert len(result.errors) == 201
    assert result.errors[199].row == 201
    assert result.errors[-1] == RowError(row=None, column=None, message="… và 50 lỗi khác.")


# People: scope -------------------------------------------------------------------------------


def test_focal_point_cannot_import_people_into_another_commune(world, focal_a):
    data = people_file(person_row("CB001", unit="X01732"), person_row("CB002", unit="X01738"))
    before = Person.objects.count()

    result = people_import(actor=focal_a, data=data)

    assert messages(result) == [
        "Dòng 3, cột «Mã đơn vị»: không tìm thấy đơn vị có mã «X01738» trong phạm vi của bạn."
    ]
    assert Person.objects.count() == before


def test_focal_point_cannot_take_over_the_code_of_a_person_of_another_commune(world, focal_a):
    data = people_file(person_row(world.person_b.code, "Lý Thị Mai", unit="X01732"))

    result = people_import(actor=focal_a, data=data)

    assert messages(result) == [f"Dòng 2, cột «Mã cán bộ»: mã cán bộ «{world.person_b.code}» đã "
                                "được sử dụng."]  # fmt: skip
    assert Person.objects.get(pk=world.person_b.pk).full_name == "Đặng Thị Bích Đào"


def test_focal_point_imports_people_into_its_own_commune(world, focal_a):
    result = people_import(actor=focal_a, data=people_file(person_row("CB001", unit="X01732")))

    assert (result.created, result.errors) == (1, [])


def test_administrator_imports_people_anywhere(world, admin_user):
    outside = make_unit("Xã Ngoài Huyện", parent=world.province, code="X09999")

    result = people_import(actor=admin_user, data=people_file(person_row("CB001", unit="X09999")))

    assert (result.created, result.errors) == (1, [])
    assert Person.objects.get(code="CB001").unit == outside


@pytest.mark.parametrize("persona", ["no_role_user", "observer", "council_member"])
def test_people_import_is_refused_to_a_user_who_may_not_edit_people(world, persona, request):
    user = request.getfixturevalue(persona)

    result = people_import(actor=user, data=people_file(person_row("CB001")))

    assert messages(result) == ["Bạn không có quyền nhập danh sách cá nhân."]
    assert not Person.objects.filter(code="CB001").exists()


# People: queries -----------------------------------------------------------------------------


def _people_import_queries(actor, data) -> tuple[ImportResult, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        result = people_import(actor=actor, data=data)
    return result, [q["sql"] for q in queries]


@pytest.mark.parametrize("count", [10, 200])
def test_people_import_runs_the_same_queries_whatever_the_number_of_rows(world, secretariat, count):
    first = people_file(*[person_row(f"CB{i:04d}", "Nông Văn Hùng") for i in range(count)])
    assert people_import(actor=secretariat, data=first).created == count
    # the same people with another position, and as many new ones
    rows = [person_row(f"CB{i:04d}", "Nông Văn Hùng", position="Phó Chủ tịch UBND")
            for i in range(count)]  # fmt: skip
    rows += [person_row(f"CN{i:04d}", "Hoàng Thị Mai") for i in range(count)]

    result, sql = _people_import_queries(secretariat, people_file(*rows))

    assert (result.created, result.updated, result.errors) == (count, count, [])
    # units, existing codes, savepoint, the new people, the changed ones, audit (chain head,
    # row), release (the actor's scope was read by the first import). PostgreSQL: the audit
    # chain's lock; the new people go in by COPY, which Django does not record, and the changed
    # ones through a staging table (create it, COPY into it, update from it, drop it).
    expected = 8 if connection.vendor == "sqlite" else 10
    assert len(sql) == expected, [q[:80] for q in sql]


def test_people_import_rewrites_only_the_rows_it_changes(world, secretariat):
    """A row of the file equal to its person in the database is neither counted nor written:
    an UPDATE of it would still make a new row version (and new index entries)."""
    first = [person_row(f"CB{i:03d}", "Nông Văn Hùng", year=1980 + i) for i in range(5)]
    assert people_import(actor=secretariat, data=people_file(*first)).created == 5
    rewritten = _record_person_updates()

    second = [*first[:4], person_row("CB004", "Nông Văn Hùng", year=1999)]  # only CB004 changes
    result = people_import(actor=secretariat, data=people_file(*second))

    assert (result.created, result.updated, result.errors) == (0, 1, [])
    assert rewritten() == [Person.objects.get(code="CB004").pk]
    assert Person.objects.get(code="CB004").birth_year == 1999
    assert sorted(
        Person.objects.filter(code__startswith="CB").values_list("birth_year", flat=True)
    ) == [1980, 1981, 1982, 1983, 1999]


def _record_person_updates():
    """A trigger (inside the test's transaction) that notes the id of every person row
    UPDATE writes; returns a function giving those ids."""
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TEMPORARY TABLE person_updates (id bigint)")
            cursor.execute(
                "CREATE FUNCTION pg_temp.note_person_update() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN INSERT INTO person_updates VALUES (NEW.id); RETURN NEW; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER note_person_update AFTER UPDATE ON {table} FOR EACH ROW "
                "EXECUTE FUNCTION pg_temp.note_person_update()"
            )
        else:
            cursor.execute("CREATE TEMPORARY TABLE person_updates (id integer)")
            cursor.execute(
                f"CREATE TEMPORARY TRIGGER note_person_update AFTER UPDATE ON {table} "
                "BEGIN INSERT INTO person_updates VALUES (NEW.id); END"
            )

    def rewritten() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM person_updates ORDER BY id")
            return [row[0] for row in cursor.fetchall()]

    return rewritten


# Units ---------------------------------------------------------------------------------------


def units_file(*rows) -> bytes:
    return xlsx(UNIT_HEADER, *rows)


def test_units_import_creates_units_whose_parents_come_later_in_the_file(world, secretariat):
    data = units_file(
        unit_row("NB-TH1", "Trường Tiểu học Yên Lạc", "NB-PGD", kind="Đơn vị sự nghiệp công lập"),
        unit_row(
            "NB-PGD", "Phòng Giáo dục và Đào tạo", "NB", kind="Cơ quan chuyên môn", position=3
        ),
        unit_row(
            "X01741", "Xã Thái Học", "NB", gso="01741", start=dt.date(2020, 1, 1), end="30/06/2025"
        ),
    )

    result = units_import(actor=secretariat, data=data)

    assert (result.created, result.updated, result.errors) == (3, 0, [])
    school, office, commune = (Unit.objects.get(code=c) for c in ["NB-TH1", "NB-PGD", "X01741"])
    assert school.parent == office and office.parent == world.district
    assert office.path == f"{world.district.path}{office.pk}/" and office.depth == 2
    assert school.path == f"{office.path}{school.pk}/" and school.depth == 3
    assert (school.kind, office.kind, office.position) == (
        UnitKind.PUBLIC_SERVICE,
        UnitKind.AGENCY,
        3,
    )
    assert (commune.gso_code, commune.valid_from, commune.valid_to) == (
        "01741", dt.date(2020, 1, 1), dt.date(2025, 6, 30),
    )  # fmt: skip
    assert commune.search_key == "xa thai hoc"
    assert list(Unit.objects.filter(path__startswith=world.district.path).filter(
        code__in=["NB-TH1", "NB-PGD", "X01741"]).order_by("code").values_list("code", flat=True)
    ) == ["NB-PGD", "NB-TH1", "X01741"]  # fmt: skip


def test_units_import_moves_a_unit_and_rebuilds_the_paths_of_its_subtree(world, secretariat):
    hamlet = make_unit("Thôn Nà Bao", parent=world.commune_a, kind=UnitKind.OTHER, code="T01")
    group = make_unit("Tổ 1", parent=hamlet, kind=UnitKind.OTHER, code="T01-1")
    data = units_file(unit_row("X01732", "Xã Yên Lạc (mới)", "X01738", kind="Xã"))

    result = units_import(actor=secretariat, data=data)

    assert (result.created, result.updated, result.errors) == (0, 1, [])
    a, b = Unit.objects.get(code="X01732"), world.commune_b
    hamlet.refresh_from_db()
    group.refresh_from_db()
    assert (a.name, a.search_key, a.parent) == ("Xã Yên Lạc (mới)", "xa yen lac (moi)", b)
    assert (a.path, a.depth) == (f"{b.path}{a.pk}/", 3)
    assert (hamlet.path, hamlet.depth) == (f"{a.path}{hamlet.pk}/", 4)
    assert (group.path, group.depth) == (f"{hamlet.path}{group.pk}/", 5)
    assert Person.objects.get(pk=world.person_a.pk).unit == a


def test_units_import_updates_an_existing_unit_under_a_new_parent_from_the_file(world, admin_user):
    data = units_file(
        unit_row("NB-NV", "Phòng Nội vụ", "NB-KHOI", kind="Cơ quan chuyên môn"),
        unit_row("NB-KHOI", "Khối cơ quan chuyên môn", "NB", kind="Khác"),
    )

    result = units_import(actor=admin_user, data=data)

    assert (result.created, result.updated, result.errors) == (1, 1, [])
    group, noivu = Unit.objects.get(code="NB-KHOI"), Unit.objects.get(code="NB-NV")
    assert (noivu.parent, noivu.path, noivu.depth) == (group, f"{group.path}{noivu.pk}/", 3)


@pytest.mark.parametrize(("row", "message"), [
    pytest.param(unit_row("X01", "Xã Một", kind="Thôn"), "Dòng 3, cột «Loại»: «Thôn» không phải "
                 "là loại đơn vị hợp lệ (Tỉnh, thành phố trực thuộc trung ương, Huyện, quận, thị "
                 "xã, thành phố thuộc tỉnh, Xã, Phường, Thị trấn, Ủy ban nhân dân, Cơ quan chuyên "
                 "môn, Đơn vị sự nghiệp công lập, Mặt trận, đoàn thể, Hội đồng, Sở, ban, ngành, "
                 "Doanh nghiệp, Hợp tác xã, Tổ chức ngoài khu vực nhà nước, Tổ chức nước ngoài, "
                 "Khác).",
                 id="unknown-kind"),
    pytest.param(unit_row("X01", "Xã Một", kind=None), "Dòng 3, cột «Loại»: chưa có giá trị, bắt "
                 "buộc khi thêm đơn vị mới.", id="missing-kind"),
    pytest.param(unit_row("X01", None), "Dòng 3, cột «Tên đơn vị»: chưa có giá trị, đây là cột "
                 "bắt buộc.", id="missing-name"),
    pytest.param(unit_row("X01", "Xã Một", start="31/02/2024"), "Dòng 3, cột «Hiệu lực từ»: "
                 "«31/02/2024» không phải là ngày hợp lệ (dd/mm/yyyy).", id="bad-date"),
    pytest.param(unit_row("X01", "Xã Một", end=45000), "Dòng 3, cột «Hiệu lực đến»: «45000» "
                 "không phải là ngày hợp lệ (dd/mm/yyyy).", id="number-in-a-date-column"),
    pytest.param(unit_row("X01", "Xã Một", start=dt.date(2024, 1, 2), end="01/01/2024"),
                 "Dòng 3, cột «Hiệu lực đến»: ngày hết hiệu lực (01/01/2024) không được trước "
                 "ngày bắt đầu hiệu lực (02/01/2024).", id="ends-before-it-starts"),
    pytest.param(unit_row("X01", "Xã Một", position="đầu"), "Dòng 3, cột «Thứ tự»: «đầu» không "
                 "phải là một số nguyên không âm.", id="position-not-a-number"),
    pytest.param(unit_row("X01", "Xã Một", "X99"), "Dòng 3, cột «Mã đơn vị cấp trên»: không tìm "
                 "thấy đơn vị có mã «X99» trong phạm vi của bạn.", id="unknown-parent"),
    pytest.param(unit_row("X01", "Xã Một", "X01"), "Dòng 3, cột «Mã đơn vị cấp trên»: đơn vị "
                 "«X01» không thể là cấp trên của chính nó.", id="own-parent"),
    pytest.param(unit_row("X01", "Xã Một", gso="012345678901"), "Dòng 3, cột «Mã GSO»: dài 12 ký "
                 "tự, vượt quá giới hạn 10 ký tự.", id="gso-too-long"),
    pytest.param(unit_row("X01732", "Xã Một"), "Dòng 3, cột «Mã đơn vị»: mã «X01732» trùng với "
                 "dòng 2.", id="duplicate-code"),
])  # fmt: skip
def test_units_import_reports_a_wrong_row_with_its_row_number(world, secretariat, row, message):
    data = units_file(unit_row("X01732", "Xã Yên Lạc"), row)
    before = list(Unit.objects.order_by("pk").values_list("code", "name", "path"))

    result = units_import(actor=secretariat, data=data)

    assert messages(result) == [message]
    assert list(Unit.objects.order_by("pk").values_list("code", "name", "path")) == before


def test_units_import_reports_every_row_of_a_parent_cycle(world, admin_user):
    # A under C, B under A, C under B: each row shows its chain upwards. D only hangs below it.
    data = units_file(
        unit_row("A", "Đơn vị A", "C", kind="Khác"),
        unit_row("B", "Đơn vị B", "A", kind="Khác"),
        unit_row("C", "Đơn vị C", "B", kind="Khác"),
        unit_row("D", "Đơn vị D", "C", kind="Khác"),
    )

    result = units_import(actor=admin_user, data=data)

    assert messages(result) == [
        "Dòng 2, cột «Mã đơn vị cấp trên»: đơn vị cấp trên tạo thành vòng lặp (A → C → B → A).",
        "Dòng 3, cột «Mã đơn vị cấp trên»: đơn vị cấp trên tạo thành vòng lặp (B → A → C → B).",
        "Dòng 4, cột «Mã đơn vị cấp trên»: đơn vị cấp trên tạo thành vòng lặp (C → B → A → C).",
    ]
    assert not Unit.objects.filter(code__in=["A", "B", "C", "D"]).exists()


def test_units_import_refuses_to_move_a_unit_under_its_own_descendant(world, admin_user):
    data = units_file(unit_row("NB", "Huyện Nguyên Bình", "X01732", kind="Huyện"))

    result = units_import(actor=admin_user, data=data)

    assert messages(result) == ["Dòng 2, cột «Mã đơn vị cấp trên»: đơn vị cấp trên tạo thành vòng "
                                "lặp (NB → NB)."]  # fmt: skip
    assert Unit.objects.get(code="NB").parent == world.province


def test_units_import_finds_a_cycle_through_an_existing_unit(world, admin_user):
    # NB moves under a new unit N1 whose parent is commune A, itself below NB.
    data = units_file(
        unit_row("NB", "Huyện Nguyên Bình", "N1", kind="Huyện"),
        unit_row("N1", "Đơn vị mới", "X01732", kind="Khác"),
    )

    result = units_import(actor=admin_user, data=data)

    assert [e.row for e in result.errors] == [2, 3]
    assert "vòng lặp" in result.errors[0].message


def test_secretariat_cannot_attach_units_outside_its_scope_or_create_a_root(world, secretariat):
    data = units_file(
        unit_row("X01", "Xã Một", "CB", kind="Xã"),
        unit_row("X02", "Xã Hai", None, kind="Xã"),
    )

    result = units_import(actor=secretariat, data=data)

    assert messages(result) == [
        "Dòng 2, cột «Mã đơn vị cấp trên»: không tìm thấy đơn vị có mã «CB» trong phạm vi của bạn.",
        "Dòng 3, cột «Mã đơn vị cấp trên»: chưa có giá trị; chỉ quản trị hệ thống mới tạo được "
        "đơn vị cấp cao nhất.",
    ]


def test_secretariat_cannot_update_a_unit_outside_its_scope(world, secretariat):
    data = units_file(unit_row("CB", "Tỉnh Khác", None, kind="Tỉnh"))

    result = units_import(actor=secretariat, data=data)

    assert messages(result)[0] == "Dòng 2, cột «Mã đơn vị»: mã đơn vị «CB» đã được sử dụng."
    assert Unit.objects.get(code="CB").name == "Tỉnh Cao Bằng"


def test_secretariat_may_keep_the_parent_of_its_own_top_unit(world, secretariat):
    data = units_file(unit_row("NB", "Huyện Nguyên Bình (2023)", "CB", kind="Huyện"))

    result = units_import(actor=secretariat, data=data)

    assert (result.updated, result.errors) == (1, [])
    assert Unit.objects.get(code="NB").name == "Huyện Nguyên Bình (2023)"


def test_administrator_creates_a_root_unit(world, admin_user):
    result = units_import(
        actor=admin_user, data=units_file(unit_row("HG", "Tỉnh Hà Giang", None, kind="Tỉnh"))
    )

    assert (result.created, result.errors) == (1, [])
    unit = Unit.objects.get(code="HG")
    assert (unit.parent, unit.path, unit.depth, unit.kind) == (
        None,
        f"/{unit.pk}/",
        0,
        UnitKind.PROVINCE,
    )


@pytest.mark.parametrize("persona", ["focal_a", "no_role_user", "observer"])
def test_units_import_is_refused_to_a_user_without_a_managing_role(world, persona, request):
    user = request.getfixturevalue(persona)

    result = units_import(actor=user, data=units_file(unit_row("X01", "Xã Một")))

    assert messages(result) == ["Bạn không có quyền nhập danh sách đơn vị."]
    assert not Unit.objects.filter(code="X01").exists()


def test_units_import_writes_one_audit_row_and_nothing_when_a_row_is_wrong(world, secretariat):
    bad = units_file(unit_row("X01", "Xã Một"), unit_row("X02", "Xã Hai", kind="?"))
    good = units_file(unit_row("X01", "Xã Một"), unit_row("X01732", "Xã Yên Lạc"))

    assert not units_import(actor=secretariat, data=bad).ok
    assert not Unit.objects.filter(code="X01").exists()
    assert not AuditLog.objects.filter(action="org.unit.import").exists()
    assert units_import(actor=secretariat, data=good).ok

    log = AuditLog.objects.get(action="org.unit.import")
    assert (log.actor, log.note) == (secretariat, "Nhập từ Excel: 1 thêm mới, 1 cập nhật")


@pytest.mark.parametrize("count", [3, 30])
def test_units_import_runs_a_constant_number_of_queries(world, secretariat, count):
    rows = [unit_row(f"X{i:03d}", f"Xã Số {i}", "NB" if i == 0 else "X000") for i in range(count)]
    rows.append(unit_row("NB-NV", "Phòng Nội vụ", "X001", kind="Cơ quan chuyên môn"))  # a move

    with CaptureQueriesContext(connection) as queries:
        result = units_import(actor=secretariat, data=units_file(*rows))

    assert (result.created, result.updated, result.errors) == (count, 1, [])
    # scope, units, savepoint, insert, subtree of the moved unit, 2 updates,
    # audit (chain head, row), release; PostgreSQL also takes the audit chain's lock
    assert len(queries) == 10 + (connection.vendor == "postgresql"), [
        q["sql"][:80] for q in queries
    ]


# Templates -----------------------------------------------------------------------------------


def test_people_template_has_the_header_an_example_and_a_guide(world):
    data = people_template(units=[world.commune_a, world.commune_b])

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == ["Danh sách cá nhân", "Hướng dẫn"]
    header, example = sheet_rows(data)
    assert header == PEOPLE_HEADER
    assert example[PEOPLE_HEADER.index("Mã đơn vị")] == "X01732"
    guide = [cell for row in sheet_rows(data, 1) for cell in row if cell]
    for text in ["Mã cán bộ", "Nam", "Nữ", "Khác", "Công chức",
                 "Người hoạt động không chuyên trách", "X01732", "Xã Ca Thành"]:  # fmt: skip
        assert text in guide


def test_people_template_imports_as_it_is(world, focal_a):
    result = people_import(actor=focal_a, data=people_template(units=[world.commune_a]))

    assert (result.created, result.errors) == (1, [])


def test_units_template_lists_the_kinds_and_imports_as_it_is(world, secretariat):
    data = units_template(units=[world.district])

    guide = [cell for row in sheet_rows(data, 1) for cell in row if cell]
    assert {label for _, label in UnitKind.choices} <= set(guide)
    assert sheet_rows(data)[0] == UNIT_HEADER
    result = units_import(actor=secretariat, data=data)
    assert (result.updated, result.errors) == (1, [])  # the example is commune A
    assert Unit.objects.get(code="X01732").valid_from == dt.date(2020, 1, 1)
