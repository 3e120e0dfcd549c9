"""Excel (.xlsx) import of award history decided outside the system (earlier years, higher
levels): all or nothing, with Vietnamese row-level errors, reusing org.importers' file reading,
cell parsers and error collection.

A row is an individual (Mã cán bộ) or a collective (Mã đơn vị). Refused, with the row and the
column: an unknown person or unit (or one outside the importer's reach), an impossible or
future date, a decision dated before the year of the achievement, a title or form unknown or
that did not exist on the decision date (titles are dated rows: records.Title), a title not
given to that kind of subject, and a duplicate — the same award twice in the file or already
recorded (an annual title once per subject and year; another form once per decision).
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from thidua.campaigns.enums import SubjectType
from thidua.core import excel
from thidua.core.excel import Column, ImportResult, write_workbook
from thidua.core.formatting import date_short
from thidua.core.services import audit_record
from thidua.core.text import nfc, search_key
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.scope import user_scope
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title
from thidua.records.selectors import existing_keys, title_on, titles_by_code

# fmt: off
HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("person", "Mã cán bộ", example="CB000123", width=14,
           help="Mã của cá nhân được khen. Để trống nếu người được khen là tập thể."),
    Column("unit", "Mã đơn vị", example="", width=14,
           help="Mã của tập thể (đơn vị) được khen. Để trống nếu người được khen là cá nhân."),
    Column("year", "Năm thành tích", required=True, example=2021, width=10, text=False,
           help="Năm của thành tích được khen (năm gồm 4 chữ số)."),
    Column("title", "Danh hiệu, hình thức", required=True, example="Lao động tiên tiến",
           width=36, help="Tên (hoặc mã) của danh hiệu thi đua, hình thức khen thưởng: một trong "
                          "các giá trị bên dưới, còn hiệu lực vào ngày quyết định."),
    Column("issuer", "Cơ quan quyết định", required=True, example="UBND huyện Nguyên Bình",
           width=30, help="Cơ quan, người có thẩm quyền đã ký quyết định."),
    Column("decision_number", "Số quyết định", required=True, example="15/QĐ-UBND", width=16,
           help="Số, ký hiệu của quyết định khen thưởng."),
    Column("decision_date", "Ngày quyết định", required=True, example=dt.date(2022, 1, 20),
           width=14, text=False, help="Dạng dd/mm/yyyy; không sau hôm nay."),
    Column("amount", "Tiền thưởng", example=450000, width=14, text=False,
           help="Số tiền thưởng (đồng), số nguyên không âm; để trống nếu không rõ."),
    Column("achievement", "Thành tích", width=40,
           help="Tóm tắt thành tích được khen (tối đa 500 ký tự)."),
)
# fmt: on


def _int(value: object) -> object:
    if value in ("", None):
        return None
    if value.__class__ is int:
        return value
    if value.__class__ is float and value.is_integer():
        return int(value)
    text = excel.cell_text(value).replace(".", "").replace(" ", "")
    if text.isascii() and text.isdigit():
        return int(text)
    return excel.Invalid(f"«{excel.show(value)}» không phải là một số nguyên.")


def _title_lookup(titles: dict[str, list[Title]]) -> dict[str, str]:
    """Name or code without diacritics → code."""
    out = {}
    for code, rows in titles.items():
        out[search_key(code)] = code
        out[search_key(code.replace("_", " "))] = code
        for t in rows:
            out[search_key(t.name)] = code
    return out


def _span(rows: list[Title]) -> str:
    parts = []
    for t in rows:
        end = f" đến {date_short(t.valid_to)}" if t.valid_to else ""
        parts.append(f"từ {date_short(t.valid_from)}{end}")
    return "; ".join(parts)


def _subjects(actor, cols) -> tuple[dict[str, Person], dict[str, Unit]]:
    scope = user_scope(actor)
    person_codes = {excel.cell_text(v) for v in cols["person"]} - {""}
    unit_codes = {excel.cell_text(v) for v in cols["unit"]} - {""}
    people = {
        p.code: p
        for p in Person.objects.filter(code__in=person_codes)
        .filter(scope.unit_q("unit__", roles=Role.managing()))
        .select_related("unit")
    }
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=unit_codes).filter(
            scope.unit_q(roles=Role.managing())
        )
    }
    return people, units


def history_import(*, actor, data: bytes) -> ImportResult:
    try:
        rows, cols = excel.read_sheet(data, HISTORY_COLUMNS).body()
    except excel.FileError as exc:
        return excel.file_error(str(exc))
    for c in HISTORY_COLUMNS:  # optional columns left out of the file read as blank
        cols.setdefault(c.key, [""] * len(rows))
    errors = excel.Errors(HISTORY_COLUMNS)
    people, units = _subjects(actor, cols)
    titles = titles_by_code()
    lookup = _title_lookup(titles)
    today = timezone.localdate()
    items: list[dict] = []
    for i, row in enumerate(rows):
        item = _row(errors, row, i, cols, people, units, titles, lookup, today)
        if item is not None:
            items.append(item)
    _duplicates(errors, items, titles)
    if errors:
        return errors.result()
    return _write(actor=actor, items=items)


def _row(errors, row, i, cols, people, units, titles, lookup, today) -> dict | None:  # noqa: C901
    ok = True
    person_code, unit_code = excel.cell_text(cols["person"][i]), excel.cell_text(cols["unit"][i])
    person = unit = None
    if person_code and unit_code:
        errors.add(
            row, "unit", "chỉ ghi mã cán bộ (cá nhân) hoặc mã đơn vị (tập thể), không cả hai."
        )
        ok = False
    elif person_code:
        person = people.get(person_code)
        if person is None:
            errors.add(
                row, "person", f"không tìm thấy cán bộ có mã «{person_code}» trong phạm vi của bạn."
            )
            ok = False
    elif unit_code:
        unit = units.get(unit_code)
        if unit is None:
            errors.add(
                row, "unit", f"không tìm thấy đơn vị có mã «{unit_code}» trong phạm vi của bạn."
            )
            ok = False
    else:
        errors.missing(row, "person", "ghi mã cán bộ (cá nhân) hoặc mã đơn vị (tập thể)")
        ok = False

    year = _int(cols["year"][i])
    if year is None:
        errors.missing(row, "year")
        ok = False
    elif isinstance(year, excel.Invalid):
        errors.add(row, "year", year.message)
        ok, year = False, None
    elif not 1945 <= year <= today.year:
        errors.add(row, "year", f"năm {year} không nằm trong khoảng 1945–{today.year}.")
        ok, year = False, None

    day = excel.cell_date(cols["decision_date"][i])
    if day is None:
        errors.missing(row, "decision_date")
        ok = False
    elif isinstance(day, excel.Invalid):
        errors.add(row, "decision_date", day.message)
        ok, day = False, None
    elif day > today:
        errors.add(row, "decision_date", f"ngày {date_short(day)} ở tương lai.")
        ok, day = False, None
    elif year is not None and day.year < year:
        errors.add(
            row,
            "decision_date",
            f"ngày quyết định {date_short(day)} trước năm thành tích {year}.",
        )
        ok, day = False, None

    title_text = nfc(excel.cell_text(cols["title"][i]))
    code = lookup.get(search_key(title_text)) if title_text else None
    title = None
    if not title_text:
        errors.missing(row, "title")
        ok = False
    elif code is None:
        errors.add(row, "title", f"không có danh hiệu, hình thức «{title_text}».")
        ok = False
    elif day is not None:
        title = title_on(titles, code, day)
        if title is None:
            name = titles[code][-1].name
            errors.add(
                row,
                "title",
                f"«{name}» không có vào ngày {date_short(day)} (chỉ có {_span(titles[code])}).",
            )
            ok = False
        else:
            subject = SubjectType.INDIVIDUAL if person_code else SubjectType.COLLECTIVE
            if (person_code or unit_code) and not title.takes(subject):
                errors.add(
                    row,
                    "title",
                    f"«{title.name}» không tặng cho {SubjectType(subject).label.lower()}.",
                )
                ok = False

    issuer = nfc(excel.cell_text(cols["issuer"][i]))
    if not issuer:
        errors.missing(row, "issuer")
        ok = False
    elif len(issuer) > 300:
        errors.add(row, "issuer", "dài quá 300 ký tự.")
        ok = False
    number = nfc(excel.cell_text(cols["decision_number"][i]))
    if not number:
        errors.missing(row, "decision_number")
        ok = False
    elif len(number) > 60:
        errors.add(row, "decision_number", "dài quá 60 ký tự.")
        ok = False
    amount = _int(cols["amount"][i])
    if isinstance(amount, excel.Invalid):
        errors.add(row, "amount", amount.message)
        ok = False
    elif amount is not None and not 0 <= amount <= 2_000_000_000:
        errors.add(row, "amount", "số tiền không hợp lệ.")
        ok = False
    achievement = nfc(excel.cell_text(cols["achievement"][i]))
    if len(achievement) > 500:
        errors.add(row, "achievement", "dài quá 500 ký tự.")
        ok = False
    if not ok:
        return None
    return {
        "row": row,
        "person": person,
        "unit": unit or person.unit,
        "subject_type": SubjectType.INDIVIDUAL if person else SubjectType.COLLECTIVE,
        "year": year,
        "title": title,
        "issuer": issuer,
        "decision_number": number,
        "decision_date": day,
        "amount": amount,
        "achievement": achievement,
    }


def _key(item: dict) -> tuple:
    subject = ("person", item["person"].pk) if item["person"] else ("unit", item["unit"].pk)
    title = item["title"]
    if title.annual:
        return (subject, title.code, item["year"])
    return (subject, title.code, item["year"], item["decision_number"].casefold(),
            item["decision_date"])  # fmt: skip


def _who(item: dict) -> str:
    return item["person"].full_name if item["person"] else item["unit"].name


def _duplicates(errors, items: Sequence[dict], titles) -> None:
    if not items:
        return
    existing = existing_keys(
        person_ids=[it["person"].pk for it in items if it["person"]],
        unit_ids=[it["unit"].pk for it in items if not it["person"]],
        years=[it["year"] for it in items],
    )
    annual_codes = {code for code, rows in titles.items() if any(t.annual for t in rows)}
    existing_annual = {
        (s, code, year) for s, code, year, _n, _d in existing if code in annual_codes
    }
    seen: dict[tuple, int] = {}
    for it in items:
        key = _key(it)
        what = f"{_who(it)} – «{it['title'].name}» năm {it['year']}"
        if key in seen:
            errors.add(it["row"], "title", f"trùng với dòng {seen[key]}: {what}.")
        elif key in existing or key in existing_annual:
            errors.add(it["row"], "title", f"đã có trong quá trình khen thưởng: {what}.")
        else:
            seen[key] = it["row"]


@transaction.atomic
def _write(*, actor, items: list[dict]) -> ImportResult:
    user = actor if actor is not None and actor.is_authenticated else None
    AwardRecord.objects.bulk_create(
        [
            AwardRecord(
                subject_type=it["subject_type"],
                person=it["person"],
                unit=it["unit"],
                year=it["year"],
                title=it["title"],
                title_code=it["title"].code,
                form_name=it["title"].name,
                level=it["title"].level,
                issuer=it["issuer"],
                decision_number=it["decision_number"],
                decision_date=it["decision_date"],
                amount=it["amount"],
                achievement=it["achievement"],
                source=RecordSource.IMPORT,
                created_by=user,
            )
            for it in items
        ],
        batch_size=1000,
    )
    audit_record(actor=actor, action="records.award_record.import", after={"created": len(items)})
    return ImportResult(created=len(items))


def history_template() -> bytes:
    example = [c.example for c in HISTORY_COLUMNS]
    names = [f"{rows[-1].name} ({_span(rows)})" for rows in titles_by_code().values()]
    allowed = [("Danh hiệu, hình thức", names)]
    return write_workbook(
        "Quá trình khen thưởng",
        HISTORY_COLUMNS,
        [example],
        guide=excel.guide(HISTORY_COLUMNS, allowed, []),
    )
