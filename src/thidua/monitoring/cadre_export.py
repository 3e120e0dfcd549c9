"""Export for the national cadre and civil-servant database (CSDL quốc gia về cán bộ, công
chức, viên chức): a person's — or every person of a unit's — awards and titles, one line per
award, as CSV or XML, in the field list the ministry sets. The list is data (ExportMapping
rows: our field → the target column or element, order, date format), edited by the secretariat
on its screen, since the ministry changes it. The default rows (migration 0009) are
**chưa xác nhận** against the ministry's list (docs/statistics.md)."""

import csv
import datetime as dt
import io
import re
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.http import Http404

from thidua.core.text import nfc
from thidua.monitoring.enums import ExportSource
from thidua.monitoring.models import ExportMapping
from thidua.org import selectors as org_selectors
from thidua.org.enums import Role
from thidua.org.scope import user_scope
from thidua.records import selectors as record_selectors

XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
DATE_TOKENS = {"yyyy": "%Y", "mm": "%m", "dd": "%d"}
DATE_FORMAT = re.compile(r"^(?:yyyy|mm|dd|[-/. ])+$")
ROOT, ITEM = "DanhSachKhenThuong", "KhenThuong"
NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền xuất dữ liệu này."


def mapping() -> list[ExportMapping]:
    return list(ExportMapping.objects.order_by("position", "id"))


def active_mapping() -> list[ExportMapping]:
    return [m for m in mapping() if m.active]


def check_date_format(text: str) -> str:
    text = (text or "").strip().lower()
    if text and not DATE_FORMAT.match(text):
        raise ValidationError(
            "Định dạng ngày chỉ gồm dd, mm, yyyy và dấu phân cách / - . (ví dụ dd/mm/yyyy)."
        )
    return text


def format_date(value: dt.date | None, pattern: str) -> str:
    if value is None:
        return ""
    pattern = pattern or "dd/mm/yyyy"
    out = pattern
    for token, code in DATE_TOKENS.items():
        out = out.replace(token, value.strftime(code))
    return out


def _value(record, source: str, date_format: str) -> str:
    person = record.person
    values = {
        ExportSource.PERSON_CODE: person.code,
        ExportSource.FULL_NAME: person.full_name,
        ExportSource.GENDER: person.get_gender_display(),
        ExportSource.BIRTH_YEAR: person.birth_year or "",
        ExportSource.ETHNICITY: person.ethnicity,
        ExportSource.POSITION: person.position,
        ExportSource.UNIT_CODE: person.unit.code,
        ExportSource.UNIT_NAME: person.unit.name,
        ExportSource.YEAR: record.year,
        ExportSource.KIND: record.title.get_kind_display() if record.title_id else "",
        ExportSource.TITLE_CODE: record.title_code,
        ExportSource.FORM_NAME: record.form_name,
        ExportSource.LEVEL: record.get_level_display() if record.level else "",
        ExportSource.ISSUER: record.issuer,
        ExportSource.DECISION_NUMBER: record.decision_number,
        ExportSource.DECISION_DATE: format_date(record.decision_date, date_format),
        ExportSource.AMOUNT: record.amount if record.amount is not None else "",
        ExportSource.ACHIEVEMENT: record.achievement,
    }
    return str(values.get(source, ""))


def rows(records, fields: list[ExportMapping]) -> list[list[str]]:
    return [[_value(r, f.source, f.date_format) for f in fields] for r in records]


def to_csv(records, fields: list[ExportMapping]) -> bytes:
    """UTF-8 with a BOM (Excel reads the diacritics), comma-separated, a header line of the
    target names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.target for f in fields])
    writer.writerows(rows(records, fields))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xml(records, fields: list[ExportMapping]) -> bytes:
    """<DanhSachKhenThuong><KhenThuong><Target>value</Target>…</KhenThuong>…</…>."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<{ROOT}>"]
    for row in rows(records, fields):
        lines.append(f"  <{ITEM}>")
        pairs = zip(fields, row, strict=True)
        lines += [f"    <{f.target}>{escape(v)}</{f.target}>" for f, v in pairs]
        lines.append(f"  </{ITEM}>")
    lines.append(f"</{ROOT}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render(records, fmt: str) -> tuple[bytes, str]:
    fields = active_mapping()
    if not fields:
        raise ValidationError("Chưa có trường nào được chọn để xuất; hãy cấu hình ánh xạ trường.")
    if fmt == "csv":
        return to_csv(records, fields), "text/csv; charset=utf-8"
    return to_xml(records, fields), "application/xml; charset=utf-8"


# Who exports whose data: the secretariat and administrators, for the units they manage ------


def _managed(user, unit) -> bool:
    return user_scope(user).covers(unit, roles=Role.managing())


def person_for_export(user, pk):
    person = org_selectors.person_get_for(user, pk)
    if not _managed(user, person.unit):
        raise Http404(NOT_FOUND)
    return person


def unit_for_export(user, pk):
    unit = org_selectors.unit_get_for(user, pk)
    if not _managed(user, unit):
        raise Http404(NOT_FOUND)
    return unit


def records_of(*, person=None, unit=None) -> list:
    return record_selectors.person_records_for_export(person=person, unit=unit)


def clean_rows(data: list[dict]) -> list[dict]:
    """The mapping rows as posted (position, source, target, date_format, active), checked as
    a whole: Vietnamese messages naming the row; nothing is kept when one row is wrong."""
    errors, out, seen = [], [], set()
    for i, row in enumerate(data, start=1):
        source = (row.get("source") or "").strip()
        target = nfc((row.get("target") or "").strip())
        if not source and not target:
            continue  # an empty line of the form
        where = f"Dòng {i}"
        if source not in ExportSource.values:
            errors.append(f"{where}: chọn trường dữ liệu.")
            continue
        if not XML_NAME.match(target):
            errors.append(
                f"{where}: tên cột «{target}» chỉ gồm chữ không dấu, số, dấu gạch dưới, "
                "bắt đầu bằng chữ (dùng được làm tên thẻ XML)."
            )
            continue
        if target.lower() in seen:
            errors.append(f"{where}: tên cột «{target}» bị trùng.")
            continue
        seen.add(target.lower())
        try:
            date_format = check_date_format(row.get("date_format", ""))
        except ValidationError as e:
            errors.append(f"{where}: {e.messages[0]}")
            continue
        if date_format and source not in ExportSource.dates():
            errors.append(f"{where}: chỉ trường ngày mới có định dạng ngày.")
            continue
        try:
            position = int(row.get("position") or i)
            if not 0 <= position <= 999:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(f"{where}: thứ tự phải là số nguyên từ 0 đến 999.")
            continue
        out.append({"position": position, "source": source, "target": target,
                    "date_format": date_format, "active": bool(row.get("active"))})  # fmt: skip
    if errors:
        raise ValidationError(errors)
    if not any(r["active"] for r in out):
        raise ValidationError("Cần ít nhất một trường đang dùng.")
    return out
