"""The Excel (.xlsx) toolkit every importer and exporter uses: read the first sheet of an
upload safely (size, zip bombs, macros refused before anything is parsed), find the header row
and the columns by their Vietnamese names, parse cells (text, codes, choices, years, dates,
whole numbers) into values or Invalid(message), collect row errors in (row, column) order, and
write a workbook (a bold frozen header, an optional guide sheet).

An import is all or nothing: read_sheet → parse every column → check every row → only if
there is no error, write. Errors are Vietnamese, one per cell: "Dòng 7, cột «Mã đơn vị»: …".
"""

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.core.text import nfc, search_key
from thidua.core.uploads import XLS_LEGACY, check_spreadsheet

DATE_FORMAT = "dd/mm/yyyy"


MAX_ERRORS = 200


GUIDE_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class RowError:
    row: int | None  # Excel row number as the user sees it (header is row 1); None: whole file
    column: str | None  # the header text of the column, e.g. "Họ và tên"
    message: str  # Vietnamese, complete sentence


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileError(Exception):
    """The file as a whole cannot be imported; the message is shown as is."""


def file_error(message: str) -> ImportResult:
    return ImportResult(errors=[RowError(row=None, column=None, message=message)])


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""
    example: object = ""
    width: int = 16
    text: bool = True  # written and formatted as text in templates and exports


def header_key(value: object) -> str:
    """ "Mã  đơn vị (*)" → "ma don vi": accent, case, space and punctuation insensitive."""
    text = value if isinstance(value, str) else str(value)
    return " ".join(re.sub(r"[^0-9a-z ]+", " ", search_key(text)).split())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


XLSX_INVALID = "Tệp không phải là tệp Excel (.xlsx) hợp lệ."


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} byte"


@dataclass
class Sheet:
    header_row: int  # 0-based index in `rows`
    columns: dict[str, int]  # column key → 0-based index
    rows: list[list]  # every row of the sheet; rows[i] is Excel row i + 1
    width: int

    def body(self) -> tuple[Sequence[int], dict[str, list]]:
        """Excel row numbers of the non-blank rows below the header, and the cells of each known
        column (key → one value per row)."""
        rows = self.rows[self.header_row + 1 :]
        width = self.width
        while rows and rows[-1].count("") == width:  # formatted but empty rows at the end
            rows.pop()
        first = self.header_row + 2
        numbers: Sequence[int] = range(first, first + len(rows))
        # A blank row has a blank first required column: only those rows need a closer look.
        probe = list(map(itemgetter(next(iter(self.columns.values()))), rows))
        if "" in probe:
            blank = {i for i, v in enumerate(probe) if v == "" and rows[i].count("") == width}
            if blank:
                rows = [r for i, r in enumerate(rows) if i not in blank]
                numbers = [first + i for i in range(len(probe)) if i not in blank]
        return numbers, {key: list(map(itemgetter(i), rows)) for key, i in self.columns.items()}


def open_rows(data: bytes, *, checked_sha256: str | None = None) -> list[list]:
    """The first sheet's rows. `checked_sha256` is the digest of bytes that already passed
    `check_spreadsheet` at upload: when these bytes have that digest the scan is not run again
    (a file changed since, or not checked, is scanned here)."""
    if not data:
        raise FileError("Tệp tải lên rỗng (0 byte).")
    limit = settings.THIDUA_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise FileError(f"Tệp quá lớn ({size_text(len(data))}); giới hạn là {size_text(limit)}.")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileError(XLS_LEGACY)
    if data[:4] != b"PK\x03\x04":
        raise FileError(XLSX_INVALID)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise FileError(XLSX_INVALID)
    except zipfile.BadZipFile:
        raise FileError(XLSX_INVALID) from None
    if not checked_sha256 or hashlib.sha256(data).hexdigest() != checked_sha256:
        try:  # zip bombs, macros, a sheet too large: refused before calamine reads anything
            check_spreadsheet(data)
        except ValidationError as exc:
            raise FileError(exc.messages[0]) from None

    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # calamine raises several kinds (zip, XML, password …): same answer
        raise FileError(XLSX_INVALID) from None
    return rows


def read_sheet(
    data: bytes, columns: Sequence[Column], *, checked_sha256: str | None = None
) -> Sheet:
    rows = open_rows(data, checked_sha256=checked_sha256)
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):  # calamine returns a rectangle; be sure anyway
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    by_key = {header_key(c.header): c for c in columns}
    required_keys = {header_key(c.header) for c in columns if c.required}

    # The header is row 1, or the first row (among the first ten) naming a required column,
    # so that a title line above the table does not get in the way.
    header_row = next((i for i, r in enumerate(rows) if r.count("") != width), None)
    if header_row is None:
        raise FileError("Tệp không có dòng dữ liệu nào.")
    for i, row in enumerate(rows[:10]):
        if required_keys & {header_key(v) for v in row if v != ""}:
            header_row = i
            break

    found: dict[str, int] = {}
    for index, value in enumerate(rows[header_row]):
        column = by_key.get(header_key(value)) if value != "" else None
        if column is None:
            continue  # extra columns are ignored
        if column.key in found:
            raise FileError(
                f"Cột «{column.header}» xuất hiện hai lần (cột {column_letter(found[column.key])} "
                f"và cột {column_letter(index)}); hãy xóa bớt một cột."
            )
        found[column.key] = index
    missing = [c.header for c in columns if c.required and c.key not in found]
    if missing:
        names = ", ".join(f"«{h}»" for h in missing)
        raise FileError(
            f"Tệp thiếu cột bắt buộc: {names}. Dòng tiêu đề (dòng {header_row + 1}) phải có "
            "đúng tên các cột như trong tệp mẫu."
        )
    required_first = {c.key: found[c.key] for c in columns if c.required}
    found = required_first | found  # body() probes the first required column for blank rows
    sheet = Sheet(header_row=header_row, columns=found, rows=rows, width=width)
    if not any(r.count("") != width for r in rows[header_row + 1 :]):
        raise FileError("Tệp không có dòng dữ liệu nào.")
    return sheet


class Invalid:
    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def show(value: object) -> str:
    """A cell as the user typed it, for messages."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",") if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def cell_text(value: object) -> str:
    if value.__class__ is str:
        return nfc(value)
    if value == "" or value is None:
        return ""
    return nfc(show(value))


def text_max(max_length: int) -> Callable[[object], object]:
    def parse(value: object) -> object:
        text = cell_text(value)
        if len(text) > max_length:
            return Invalid(f"dài {len(text)} ký tự, vượt quá giới hạn {max_length} ký tự.")
        return text

    return parse


CODE_RE = re.compile(r"[A-Za-z0-9._-]+")


def code_parser(max_length: int) -> Callable[[object], object]:
    fullmatch = CODE_RE.fullmatch

    def parse(value: object) -> object:
        # The common case, made fast: an ASCII code is already what nfc() would return.
        if (
            value.__class__ is str
            and value.isascii()
            and fullmatch(value)
            and len(value) <= max_length
        ):
            return value
        text = cell_text(value)
        if not text:
            return ""
        if not CODE_RE.fullmatch(text):
            return Invalid(
                f"mã «{text}» không hợp lệ: mã chỉ gồm chữ không dấu, chữ số và các dấu . _ -"
            )
        if len(text) > max_length:
            return Invalid(f"mã «{text}» dài {len(text)} ký tự, vượt quá {max_length} ký tự.")
        return text

    return parse


def choice_parser(choices, what: str) -> Callable[[object], object]:
    """Label or value, accent/case insensitive; for long labels also each comma-separated part
    that names only one choice ("Huyện" for "Huyện, quận, thị xã, thành phố thuộc tỉnh")."""
    table: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for value, label in choices.choices:
        table[search_key(label)] = value
        table[search_key(value)] = value
        for part in label.split(","):
            parts.setdefault(search_key(part), set()).add(value)
    for key, values in parts.items():
        if len(values) == 1:
            table.setdefault(key, next(iter(values)))
    allowed = ", ".join(label for _, label in choices.choices)

    def parse(value: object) -> object:
        text = cell_text(value)
        if not text:
            return ""
        found = table.get(search_key(text))
        if found is None:
            return Invalid(f"«{text}» không phải là {what} hợp lệ ({allowed}).")
        return found

    return parse


def cell_year(value: object) -> object:
    if value == "" or value is None:
        return None
    if value.__class__ is float:
        if not value.is_integer():
            return Invalid(f"«{show(value)}» không phải là một năm.")
        year = int(value)
    elif value.__class__ is int:
        year = value
    elif isinstance(value, str):
        text = nfc(value)
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            return Invalid(f"«{text}» không phải là một năm.")
        year = int(text)
    else:
        return Invalid(f"«{show(value)}» không phải là một năm.")
    current = timezone.localdate().year
    if not 1900 <= year <= current:
        return Invalid(f"năm {year} không nằm trong khoảng 1900–{current}.")
    return year


DATE_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def cell_date(value: object) -> object:
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    parts = None
    if isinstance(value, str):
        if m := DATE_RE.fullmatch(text):
            parts = int(m[3]), int(m[2]), int(m[1])
        elif m := ISO_RE.fullmatch(text):
            parts = int(m[1]), int(m[2]), int(m[3])
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            pass
    return Invalid(f"«{text}» không phải là ngày hợp lệ (dd/mm/yyyy).")


def cell_position(value: object) -> object:
    if value == "" or value is None:
        return None
    number = None
    if value.__class__ is float and value.is_integer():
        number = int(value)
    elif value.__class__ is int:
        number = value
    elif isinstance(value, str):
        text = nfc(value)
        if not text:
            return None
        if text.isascii() and text.isdigit():
            number = int(text)
    if number is None or not 0 <= number <= 2_147_483_647:
        return Invalid(f"«{show(value)}» không phải là một số nguyên không âm.")
    return number


class Parsed(list):
    """A parsed column: one value per row; `has_invalid` if any is an Invalid."""

    has_invalid = False


def parse_column(
    values: Sequence[object], parse: Callable[[object], object], *, cache: bool = True
) -> Parsed:
    """Parse a column; with `cache`, once per distinct cell value (columns repeat genders,
    units, positions, names …) and mapped back to the rows at C speed."""
    if not cache:
        out = Parsed([parse(v) for v in values])
        out.has_invalid = Invalid in set(map(type, out))
        return out
    distinct = set(values)
    if (True in distinct or False in distinct) and any(v.__class__ is bool for v in values):
        # TRUE == 1 == 1.0 for a set: key by type as well (rare: a boolean cell)
        keyed = {(v.__class__, v): None for v in values}
        for key in keyed:
            keyed[key] = parse(key[1])
        out = Parsed([keyed[(v.__class__, v)] for v in values])
        results = keyed.values()
    else:
        table = {v: parse(v) for v in distinct}
        out = Parsed(map(table.__getitem__, values))
        results = table.values()
    out.has_invalid = any(r.__class__ is Invalid for r in results)
    return out


class Errors:
    """Row errors in (row, column) order, capped when returned."""

    def __init__(self, columns: Sequence[Column]):
        self.items: list[tuple[int, int, RowError]] = []
        self.order = {c.key: i for i, c in enumerate(columns)}
        self.headers = {c.key: c.header for c in columns}

    def add(self, row: int, key: str, message: str) -> None:
        header = self.headers[key]
        self.items.append(
            (row, self.order[key], RowError(row, header, f"Dòng {row}, cột «{header}»: {message}"))
        )

    def missing(self, row: int, key: str, note: str = "đây là cột bắt buộc") -> None:
        self.add(row, key, f"chưa có giá trị, {note}.")

    def __bool__(self) -> bool:
        return bool(self.items)

    def result(self) -> ImportResult:
        self.items.sort(key=lambda item: (item[0], item[1]))
        errors = [item[2] for item in self.items[:MAX_ERRORS]]
        if len(self.items) > MAX_ERRORS:
            rest = len(self.items) - MAX_ERRORS
            errors.append(RowError(None, None, f"… và {rest} lỗi khác."))
        return ImportResult(errors=errors)


def guide(
    columns: Sequence[Column], allowed: list[tuple[str, list[str]]], units: Sequence = ()
) -> list[tuple[bool, list[str]]]:
    """Lines of the guide sheet: (is a title, cells). `units` (anything with a code and a
    name) are listed at the end, for the columns that take a unit's code."""
    lines: list[tuple[bool, list[str]]] = [
        (True, ["Cách điền"]),
        (
            False,
            [
                "Điền từ dòng 2 của trang đầu tiên; dòng 1 là tiêu đề: giữ nguyên tên các "
                "cột (thứ tự các cột có thể thay đổi, cột thừa được bỏ qua). Dòng trống được "
                "bỏ qua."
            ],
        ),
        (
            False,
            [
                "Tệp được kiểm tra toàn bộ trước khi lưu: nếu có bất kỳ dòng nào sai thì "
                "không dòng nào được lưu và hệ thống liệt kê từng lỗi theo số dòng."
            ],
        ),
        (False, []),
        (True, ["Cột", "Bắt buộc", "Cách ghi"]),
    ]
    lines += [(False, [c.header, "Bắt buộc" if c.required else "", c.help]) for c in columns]
    for header, values in allowed:
        lines += [(False, []), (True, [f"Giá trị hợp lệ của cột «{header}»"])]
        lines += [(False, [v]) for v in values]
    if units:
        lines += [(False, []), (True, ["Mã đơn vị", "Tên đơn vị"])]
        lines += [(False, [u.code, u.name]) for u in units]
    return lines


def write_workbook(
    sheet_name: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    *,
    guide: list[tuple[bool, list[str]]] | None = None,
) -> bytes:
    """One sheet with a bold, frozen header row and the rows; an optional guide sheet.

    Text is always written as text (never as a formula or a link: a name starting with "="
    stays a name), whole numbers as numbers and dates as dates in dd/mm/yyyy.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "constant_memory": True, "in_memory": True,
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })  # fmt: skip
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    date = workbook.add_format({"num_format": DATE_FORMAT})
    sheet = workbook.add_worksheet(sheet_name)
    for index, column in enumerate(columns):
        # Text columns formatted as text: Excel then keeps "01732" as typed, not 1732.
        sheet.set_column(index, index, column.width, text if column.text else None)
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, bold)
    write_string, write_number, write_datetime = (
        sheet.write_string, sheet.write_number, sheet.write_datetime,
    )  # fmt: skip
    r = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                write_string(r, c, value)
            elif isinstance(value, dt.date):
                write_datetime(r, c, value, date)
            else:
                write_number(r, c, value)
    if r:
        sheet.autofilter(0, 0, r, len(columns) - 1)
    if guide is not None:
        _write_guide(workbook, guide, bold)
    workbook.close()
    return buffer.getvalue()


def _write_guide(workbook, lines: list[tuple[bool, list[str]]], bold) -> None:
    sheet = workbook.add_worksheet(GUIDE_SHEET)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 30, wrap)
    sheet.set_column(1, 1, 40, wrap)
    sheet.set_column(2, 2, 80, wrap)
    for r, (is_title, cells) in enumerate(lines):
        for c, value in enumerate(cells):
            sheet.write_string(r, c, value, bold if is_title else wrap)
