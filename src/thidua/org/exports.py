"""Excel (.xlsx) exports of units and people, in the columns of the import templates, so an
export can be edited and imported back.

Written with xlsxwriter in constant-memory mode while the queryset is streamed in chunks:
memory stays flat whatever the number of rows.
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from thidua.org.enums import Gender, StaffCategory, UnitKind
from thidua.org.importers import GUIDE_SHEET, PEOPLE_COLUMNS, UNIT_COLUMNS, Column

DATE_FORMAT = "dd/mm/yyyy"


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


_GENDER = dict(Gender.choices)
_CATEGORY = dict(StaffCategory.choices)
_KIND = dict(UnitKind.choices)

_PEOPLE_VALUES = {
    "code": "code", "full_name": "full_name", "gender": "gender", "position": "position",
    "unit": "unit__code", "category": "category", "birth_year": "birth_year",
    "ethnicity": "ethnicity",
}  # fmt: skip
_UNIT_VALUES = {
    "code": "code", "name": "name", "kind": "kind", "parent": "parent__code",
    "gso_code": "gso_code", "valid_from": "valid_from", "valid_to": "valid_to",
    "position": "position",
}  # fmt: skip


def _people_rows(queryset: QuerySet) -> Iterable[list]:
    fields = [_PEOPLE_VALUES[c.key] for c in PEOPLE_COLUMNS]
    gender_at = fields.index("gender")
    category_at = fields.index("category")
    for values in queryset.values_list(*fields).iterator(chunk_size=2000):
        row = list(values)
        row[gender_at] = _GENDER.get(row[gender_at], row[gender_at])
        row[category_at] = _CATEGORY.get(row[category_at], row[category_at])
        yield row


def people_export(queryset: QuerySet) -> bytes:
    """People as .xlsx in the template's columns (labels, not codes, for gender and category)."""
    return write_workbook("Danh sách cá nhân", PEOPLE_COLUMNS, _people_rows(queryset))


def _unit_rows(queryset: QuerySet) -> Iterable[list]:
    fields = [_UNIT_VALUES[c.key] for c in UNIT_COLUMNS]
    kind_at = fields.index("kind")
    for values in queryset.values_list(*fields).iterator(chunk_size=2000):
        row = list(values)
        row[kind_at] = _KIND.get(row[kind_at], row[kind_at])
        yield row


def units_export(queryset: QuerySet) -> bytes:
    """Units as .xlsx in the template's columns; parents by code, so the file re-imports."""
    return write_workbook("Danh sách đơn vị", UNIT_COLUMNS, _unit_rows(queryset))
