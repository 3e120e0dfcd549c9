"""Excel (.xlsx) exports of units and people, in the columns of the import templates, so an
export can be edited and imported back.

Written with xlsxwriter in constant-memory mode while the queryset is streamed in chunks:
memory stays flat whatever the number of rows.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from thidua.core.excel import write_workbook
from thidua.org.enums import Gender, StaffCategory, UnitKind
from thidua.org.importers import PEOPLE_COLUMNS, UNIT_COLUMNS

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
