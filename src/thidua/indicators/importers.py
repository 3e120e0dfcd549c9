"""Excel (.xlsx) imports of published index results, staff ratings and discipline records:
all or nothing, with Vietnamese row-level errors, like org.importers (whose file reading, cell
parsers and error collection are reused here).

Each import: read the sheet → parse and check every row against lookups loaded once → only if
there is no error, write in one transaction with one audit row.
"""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from thidua.campaigns.enums import AnnualRating
from thidua.core import excel
from thidua.core.excel import Column, ImportResult, RowError, write_workbook
from thidua.core.services import audit_record
from thidua.core.text import nfc
from thidua.indicators import services
from thidua.indicators.enums import AssessmentState, DisciplineForm, FrameworkState, ResultSource
from thidua.indicators.models import (
    Assessment,
    DisciplineRecord,
    Framework,
    Node,
    Score,
    StaffRating,
)
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.scope import user_scope

# fmt: off
RESULT_COLUMNS: tuple[Column, ...] = (
    Column("unit", "Mã đơn vị", required=True, example="X01732", width=14,
           help="Mã của đơn vị được đánh giá (xem danh sách bên dưới)."),
    Column("code", "Mã tiêu chí", required=True, example="1.1.1", width=14,
           help="Mã của tiêu chí thành phần trong bộ chỉ số (xem danh sách bên dưới). Mỗi đơn vị "
                "phải có đủ mọi tiêu chí thành phần, mỗi tiêu chí một dòng."),
    Column("score", "Điểm", example=1.5, width=10, text=False,
           help="Điểm đạt được: từ 0 đến điểm tối đa của tiêu chí, tối đa 2 chữ số thập phân. "
                "Để trống nếu tiêu chí không áp dụng với đơn vị."),
    Column("na", "Không áp dụng", width=14,
           help="Ghi «x» nếu tiêu chí không áp dụng với đơn vị (điểm tối đa của tiêu chí không "
                "được tính)."),
)
RATING_COLUMNS: tuple[Column, ...] = (
    Column("person", "Mã cán bộ", required=True, example="CB000123", width=14,
           help="Mã của cán bộ, công chức, viên chức trong hệ thống."),
    Column("year", "Năm", required=True, example=2023, width=8, text=False,
           help="Năm đánh giá, xếp loại."),
    Column("rating", "Xếp loại", required=True, example=AnnualRating.GOOD.label, width=32,
           help="Một trong các giá trị bên dưới."),
    Column("decision_number", "Số quyết định", width=18,
           help="Văn bản công nhận kết quả xếp loại."),
    Column("decided_on", "Ngày quyết định", width=14, text=False, help="Dạng dd/mm/yyyy."),
)
DISCIPLINE_COLUMNS: tuple[Column, ...] = (
    Column("person", "Mã cán bộ", required=True, example="CB000123", width=14,
           help="Mã của cán bộ, công chức, viên chức trong hệ thống."),
    Column("form", "Hình thức kỷ luật", required=True, example=DisciplineForm.KHIEN_TRACH.label,
           width=20, help="Một trong các giá trị bên dưới."),
    Column("decision_number", "Số quyết định", required=True, example="12/QĐ-UBND", width=18,
           help="Số, ký hiệu của quyết định kỷ luật."),
    Column("decided_on", "Ngày quyết định", required=True, width=14, text=False,
           help="Dạng dd/mm/yyyy."),
    Column("effective_from", "Hiệu lực từ", width=14, text=False,
           help="Dạng dd/mm/yyyy; để trống nếu tính từ ngày quyết định."),
    Column("months", "Thời hạn (tháng)", example=12, width=12, text=False,
           help="Số tháng thi hành kỷ luật; hoặc ghi cột «Hiệu lực đến»."),
    Column("effective_to", "Hiệu lực đến", width=14, text=False,
           help="Ngày cuối cùng thi hành kỷ luật, dạng dd/mm/yyyy."),
    Column("reason", "Lý do", width=40, help="Tóm tắt hành vi vi phạm."),
)
TREE_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã tiêu chí", required=True, example="1.1", width=12,
           help="Mã của lĩnh vực, tiêu chí hoặc tiêu chí thành phần: 1, 1.1, 1.1.1. Mỗi mã một "
                "dòng; cấp trên đứng trước cấp dưới."),
    Column("name", "Nội dung", required=True, example="Ban hành kế hoạch CCHC năm", width=60,
           help="Tên lĩnh vực, tiêu chí."),
    Column("max_score", "Điểm tối đa", required=True, example=2, width=12, text=False,
           help="Lớn hơn 0, tối đa 2 chữ số thập phân. Điểm tối đa của lĩnh vực, tiêu chí có "
                "tiêu chí thành phần phải bằng tổng điểm tối đa của các tiêu chí thành phần."),
    Column("parent", "Mã tiêu chí cấp trên", example="1", width=14,
           help="Để trống: lấy theo mã (cấp trên của 1.2.3 là 1.2) hoặc là một lĩnh vực."),
    Column("survey", "Điều tra xã hội học", width=14,
           help="Ghi «x» nếu tiêu chí thuộc phần điều tra xã hội học (không tự chấm)."),
)
# fmt: on


def _decimal_cell(value: object) -> object:
    if value == "" or value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return excel.Invalid(f"«{excel.show(value)}» không phải là một số.")
    if not number.is_finite():
        return excel.Invalid(f"«{excel.show(value)}» không phải là một số.")
    if isinstance(value, float):
        number = number.quantize(Decimal("0.0001")).normalize()
    return number


def _int_cell(value: object) -> object:
    number = _decimal_cell(value)
    if number is None or isinstance(number, excel.Invalid):
        return number
    if number != number.to_integral():
        return excel.Invalid(f"«{excel.show(value)}» không phải là một số nguyên.")
    return int(number)


def _flag(value: object) -> bool:
    return excel.cell_text(value).lower() in {
        "x",
        "có",
        "co",
        "1",
        "true",
        "không áp dụng",
        "khong ap dung",
    }


def _num(value: Decimal) -> str:
    return services._num(value)


def _read(data: bytes, columns) -> tuple[Sequence[int], dict[str, list]]:
    return excel.read_sheet(data, columns).body()


# Published results --------------------------------------------------------------------------


def results_import(
    *, actor, framework: Framework, data: bytes, doc_number: str, doc_date
) -> ImportResult:
    """Published scores per unit and leaf of one framework (the framework's year). Every unit
    must have every leaf. Units whose scoring is under way on the system are refused; a unit
    imported before is replaced. The results are published at once, with their provenance."""
    doc_number = nfc(doc_number or "")
    if not doc_number or doc_date is None:
        return excel.file_error("Nhập số và ngày của văn bản công bố kết quả (nguồn của số liệu).")
    try:
        rows, cols = _read(data, RESULT_COLUMNS)
    except excel.FileError as exc:
        return excel.file_error(str(exc))
    errors = excel.Errors(RESULT_COLUMNS)
    leaves = {n.code: n for n in Node.objects.filter(framework=framework, is_leaf=True)}
    inner = set(
        Node.objects.filter(framework=framework, is_leaf=False).values_list("code", flat=True)
    )
    codes = {excel.cell_text(v) for v in cols["unit"]} - {""}
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=codes, path__startswith=framework.issuer.path)
    }
    existing = {
        a.unit_id: a
        for a in Assessment.objects.filter(framework=framework, unit__code__in=list(units))
    }
    values: dict[int, dict[int, tuple[Decimal | None, bool]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        unit_code, code = excel.cell_text(cols["unit"][i]), excel.cell_text(cols["code"][i])
        unit = units.get(unit_code)
        if not unit_code:
            errors.missing(row, "unit")
        elif unit is None:
            errors.add(
                row,
                "unit",
                f"không tìm thấy đơn vị có mã «{unit_code}» thuộc phạm vi "
                f"của {framework.issuer.name}.",
            )
        elif unit.pk in existing and (
            existing[unit.pk].source != ResultSource.IMPORT
            and existing[unit.pk].state != AssessmentState.DRAFT
        ):
            errors.add(
                row,
                "unit",
                f"{unit.name} đang được chấm điểm, thẩm định trên hệ thống "
                "(không nhập đè kết quả).",
            )
            unit = None
        node = leaves.get(code)
        if not code:
            errors.missing(row, "code")
        elif node is None:
            if code in inner:
                errors.add(
                    row,
                    "code",
                    f"«{code}» là tiêu chí có tiêu chí thành phần; chỉ nhập "
                    "điểm của tiêu chí thành phần.",
                )
            else:
                errors.add(row, "code", f"không có tiêu chí mã «{code}» trong {framework.name}.")
        na = _flag(cols["na"][i]) if "na" in cols else False
        raw = cols["score"][i] if "score" in cols else ""
        score = _decimal_cell(raw)
        if isinstance(score, excel.Invalid):
            errors.add(row, "score", score.message)
            continue
        if node is not None and not na:
            if score is None:
                errors.missing(row, "score", "ghi điểm hoặc đánh dấu «Không áp dụng»")
            elif score < 0:
                errors.add(row, "score", "điểm không được âm.")
            elif score > node.max_score:
                errors.add(
                    row,
                    "score",
                    f"điểm {_num(score)} vượt quá điểm tối đa "
                    f"{_num(node.max_score)} của tiêu chí {code}.",
                )
            elif score != score.quantize(Decimal("0.01")):
                errors.add(row, "score", "điểm chỉ được có tối đa 2 chữ số thập phân.")
        if unit is None or node is None:
            continue
        key = (unit_code, code)
        if key in seen:
            errors.add(
                row, "code", f"tiêu chí {code} của đơn vị {unit_code} đã có ở dòng {seen[key]}."
            )
            continue
        seen[key] = row
        values.setdefault(unit.pk, {})[node.pk] = (None if na else score, na)
    if errors:
        return errors.result()
    incomplete = []
    for unit_code, unit in units.items():
        missing = [c for c, n in leaves.items() if n.pk not in values.get(unit.pk, {})]
        if missing:
            incomplete.append(
                RowError(
                    None,
                    None,
                    f"Đơn vị {unit_code} còn thiếu {len(missing)} "
                    f"tiêu chí thành phần: {', '.join(missing[:10])}"
                    f"{' …' if len(missing) > 10 else ''}.",
                )
            )
    if incomplete:
        return ImportResult(errors=incomplete)
    if errors:
        return errors.result()
    results_write(
        actor=actor,
        framework=framework,
        values=values,
        existing=existing,
        doc_number=doc_number,
        doc_date=doc_date,
    )
    return ImportResult(
        created=len(set(values) - set(existing)), updated=len(set(values) & set(existing))
    )


@transaction.atomic
def results_write(*, actor, framework, values, existing, doc_number, doc_date) -> None:
    now = timezone.now()
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    nodes = list(framework.nodes.all())
    Assessment.objects.bulk_create(
        [Assessment(framework=framework, unit_id=uid) for uid in values if uid not in existing]
    )
    assessments = list(Assessment.objects.filter(framework=framework, unit_id__in=list(values)))
    Score.objects.filter(assessment__in=assessments).delete()
    Score.objects.bulk_create(
        [
            Score(assessment=a, node_id=node_id, appraised_score=score, not_applicable=na)
            for a in assessments
            for node_id, (score, na) in values[a.unit_id].items()
        ],
        batch_size=1000,
    )
    for a in assessments:
        a.framework = framework
        a.state, a.source = AssessmentState.PUBLISHED, ResultSource.IMPORT
        a.published_at = a.published_at or now
        a.source_doc_number, a.source_doc_date = doc_number, doc_date
        services._recompute(a, nodes=nodes)
    Assessment.objects.bulk_update(
        assessments, ["state", "source", "published_at", "source_doc_number", "source_doc_date"]
    )
    services._write_results(assessments, nodes)
    newly_published = False
    if not framework.assessments.exclude(state=AssessmentState.PUBLISHED).exists():
        newly_published = framework.state != FrameworkState.PUBLISHED
        framework.state = FrameworkState.PUBLISHED
        framework.published_at = framework.published_at or now
        framework.source_doc_number, framework.source_doc_date = doc_number, doc_date
        framework.save(
            update_fields=["state", "published_at", "source_doc_number", "source_doc_date"]
        )
    audit_record(
        actor=actor,
        action="indicators.results.import",
        obj=framework,
        unit_id=framework.issuer_id,
        after={
            "units": len(assessments),
            "doc_number": doc_number,
            "doc_date": doc_date.isoformat(),
        },
    )
    if newly_published:
        services._open_waiting_campaigns(actor=actor, framework=framework, now=now)


def results_template(framework: Framework) -> bytes:
    leaves = list(Node.objects.filter(framework=framework, is_leaf=True).order_by("position"))
    units = [a.unit for a in framework.assessments.select_related("unit")]
    example = [units[0].code if units else "X01732", leaves[0].code if leaves else "1.1.1", "", ""]
    guide = excel.guide(RESULT_COLUMNS, [], units)
    guide += [(False, []), (True, ["Mã tiêu chí", "Nội dung", "Điểm tối đa"])]
    guide += [(False, [n.code, n.name, _num(n.max_score)]) for n in leaves]
    return write_workbook("Kết quả chấm điểm", RESULT_COLUMNS, [example], guide=guide)


# Staff ratings and discipline ---------------------------------------------------------------


def _people(actor, codes) -> dict[str, Person]:
    scope = user_scope(actor)
    return {
        p.code: p
        for p in Person.objects.filter(code__in=codes)
        .filter(scope.unit_q("unit__", roles=Role.managing()))
        .select_related("unit")
    }


def _person(errors, row, people, value) -> Person | None:
    code = excel.cell_text(value)
    if not code:
        errors.missing(row, "person")
        return None
    person = people.get(code)
    if person is None:
        errors.add(row, "person", f"không tìm thấy cán bộ có mã «{code}» trong phạm vi của bạn.")
    return person


def ratings_import(*, actor, data: bytes) -> ImportResult:
    try:
        rows, cols = _read(data, RATING_COLUMNS)
    except excel.FileError as exc:
        return excel.file_error(str(exc))
    errors = excel.Errors(RATING_COLUMNS)
    people = _people(actor, {excel.cell_text(v) for v in cols["person"]} - {""})
    parse_rating = excel.choice_parser(AnnualRating, "xếp loại")
    items: dict[tuple[int, int], dict] = {}
    seen: dict[tuple[int, int], int] = {}
    this_year = timezone.localdate().year
    for i, row in enumerate(rows):
        person = _person(errors, row, people, cols["person"][i])
        year = _int_cell(cols["year"][i])
        if year is None:
            errors.missing(row, "year")
        elif isinstance(year, excel.Invalid):
            errors.add(row, "year", year.message)
            year = None
        elif not 2000 <= year <= this_year:
            errors.add(row, "year", f"năm {year} không nằm trong khoảng 2000–{this_year}.")
            year = None
        rating = parse_rating(cols["rating"][i])
        if rating == "":
            errors.missing(row, "rating")
        elif isinstance(rating, excel.Invalid):
            errors.add(row, "rating", rating.message)
        decided_on = excel.cell_date(cols["decided_on"][i]) if "decided_on" in cols else None
        if isinstance(decided_on, excel.Invalid):
            errors.add(row, "decided_on", decided_on.message)
        number = excel.cell_text(cols["decision_number"][i]) if "decision_number" in cols else ""
        if person is None or year is None:
            continue
        key = (person.pk, year)
        if key in seen:
            errors.add(
                row, "person", f"cán bộ {person.code} đã có xếp loại năm {year} ở dòng {seen[key]}."
            )
            continue
        seen[key] = row
        items[key] = {
            "rating": rating,
            "decision_number": number[:60],
            "decided_on": decided_on,
            "unit_id": person.unit_id,
        }
    if errors:
        return errors.result()
    return _ratings_write(actor=actor, items=items)


@transaction.atomic
def _ratings_write(*, actor, items) -> ImportResult:
    existing = {
        (r.person_id, r.year): r
        for r in StaffRating.objects.filter(
            person_id__in={k[0] for k in items}, year__in={k[1] for k in items}
        )
    }
    new, changed = [], []
    for (person_id, year), v in items.items():
        r = existing.get((person_id, year))
        if r is None:
            r = StaffRating(person_id=person_id, year=year)
            new.append(r)
        else:
            changed.append(r)
        r.rating, r.decision_number, r.decided_on = (
            v["rating"],
            v["decision_number"],
            v["decided_on"],
        )
    StaffRating.objects.bulk_create(new, batch_size=1000)
    StaffRating.objects.bulk_update(
        changed, ["rating", "decision_number", "decided_on"], batch_size=1000
    )
    audit_record(
        actor=actor,
        action="indicators.ratings.import",
        after={"created": len(new), "updated": len(changed)},
    )
    return ImportResult(created=len(new), updated=len(changed))


def discipline_import(*, actor, data: bytes) -> ImportResult:
    """New discipline records (a record already present, same person and decision number, is
    refused rather than doubled)."""
    try:
        rows, cols = _read(data, DISCIPLINE_COLUMNS)
    except excel.FileError as exc:
        return excel.file_error(str(exc))
    errors = excel.Errors(DISCIPLINE_COLUMNS)
    people = _people(actor, {excel.cell_text(v) for v in cols["person"]} - {""})
    present = set(
        DisciplineRecord.objects.filter(person__in=list(people.values())).values_list(
            "person_id", "decision_number"
        )
    )
    parse_form = excel.choice_parser(DisciplineForm, "hình thức kỷ luật")
    records: list[DisciplineRecord] = []
    seen: dict[tuple[int, str], int] = {}

    def cell(key, i):
        return cols[key][i] if key in cols else ""

    for i, row in enumerate(rows):
        person = _person(errors, row, people, cols["person"][i])
        form = parse_form(cols["form"][i])
        if form == "":
            errors.missing(row, "form")
        elif isinstance(form, excel.Invalid):
            errors.add(row, "form", form.message)
        number = excel.cell_text(cols["decision_number"][i])
        if not number:
            errors.missing(row, "decision_number")
        dates = {}
        for key in ("decided_on", "effective_from", "effective_to"):
            value = excel.cell_date(cell(key, i))
            if isinstance(value, excel.Invalid):
                errors.add(row, key, value.message)
                value = None
            dates[key] = value
        if dates["decided_on"] is None and not isinstance(
            excel.cell_date(cols["decided_on"][i]), excel.Invalid
        ):
            errors.missing(row, "decided_on")
        months = _int_cell(cell("months", i))
        if isinstance(months, excel.Invalid):
            errors.add(row, "months", months.message)
            months = None
        elif months is not None and months <= 0:
            errors.add(row, "months", "thời hạn phải là số tháng dương.")
            months = None
        start = dates["effective_from"] or dates["decided_on"]
        end = dates["effective_to"]
        if end is None and months is not None and start is not None:
            end = services.add_months(start, months)
        if start is not None and end is not None and end < start:
            errors.add(row, "effective_to", "ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if (
            person is None
            or not number
            or start is None
            or isinstance(form, excel.Invalid)
            or not form
        ):
            continue
        key = (person.pk, number)
        if key in present:
            errors.add(
                row,
                "decision_number",
                f"quyết định {number} của cán bộ {person.code} đã có trong hệ thống.",
            )
            continue
        if key in seen:
            errors.add(row, "decision_number", f"trùng với dòng {seen[key]}.")
            continue
        seen[key] = row
        records.append(
            DisciplineRecord(
                person=person,
                form=form,
                decision_number=number[:60],
                decided_on=dates["decided_on"],
                effective_from=start,
                effective_to=end,
                reason=excel.cell_text(cell("reason", i)),
            )
        )
    if errors:
        return errors.result()
    return _discipline_write(actor=actor, records=records)


@transaction.atomic
def _discipline_write(*, actor, records) -> ImportResult:
    DisciplineRecord.objects.bulk_create(records, batch_size=1000)
    audit_record(
        actor=actor, action="indicators.discipline.import", after={"created": len(records)}
    )
    return ImportResult(created=len(records))


def ratings_template() -> bytes:
    example = [c.example for c in RATING_COLUMNS]
    allowed = [("Xếp loại", [label for _, label in AnnualRating.choices])]
    return write_workbook(
        "Xếp loại", RATING_COLUMNS, [example], guide=excel.guide(RATING_COLUMNS, allowed, [])
    )


def discipline_template() -> bytes:
    example = [c.example for c in DISCIPLINE_COLUMNS]
    allowed = [("Hình thức kỷ luật", [label for _, label in DisciplineForm.choices])]
    return write_workbook(
        "Kỷ luật", DISCIPLINE_COLUMNS, [example], guide=excel.guide(DISCIPLINE_COLUMNS, allowed, [])
    )


# The structure of a framework -----------------------------------------------------------------


def _tree_problems(errors, rows, cols, known: set[str]) -> list:
    """Parse and check the rows; the services.NodeRow of each valid one, in order."""
    parsed, seen = [], {}
    for i, row in enumerate(rows):
        code, name = excel.cell_text(cols["code"][i]), nfc(excel.cell_text(cols["name"][i]))
        parent = excel.cell_text(cols["parent"][i]) if "parent" in cols else ""
        if not code:
            errors.missing(row, "code")
        elif code in known:
            errors.add(row, "code", f"mã «{code}» đã có trong bộ chỉ số.")
        elif code in seen:
            errors.add(row, "code", f"mã «{code}» trùng với dòng {seen[code]}.")
        elif len(code) > 32:
            errors.add(row, "code", "mã dài quá 32 ký tự.")
        if not name:
            errors.missing(row, "name")
        elif len(name) > 500:
            errors.add(row, "name", "nội dung dài quá 500 ký tự.")
        score = _decimal_cell(cols["max_score"][i])
        if isinstance(score, excel.Invalid):
            errors.add(row, "max_score", score.message)
        elif score is None:
            errors.missing(row, "max_score")
        elif score <= 0:
            errors.add(row, "max_score", "điểm tối đa phải lớn hơn 0.")
        elif score != score.quantize(Decimal("0.01")):
            errors.add(row, "max_score", "điểm tối đa chỉ có tối đa 2 chữ số thập phân.")
        if not parent and "." in code:
            inferred = code.rsplit(".", 1)[0]
            parent = inferred if inferred in seen or inferred in known else ""
        if parent and parent not in seen and parent not in known:
            errors.add(row, "parent", f"không có tiêu chí cấp trên mã «{parent}» ở các dòng trên.")
        if code and code not in seen:
            seen[code] = row
        survey = _flag(cols["survey"][i]) if "survey" in cols else False
        parsed.append((row, services.NodeRow(code, name, score, parent or None, survey)))
    return parsed


def _check_sums(errors, parsed) -> None:
    """An inner node's maximum is the sum of its children's: say so where the file differs."""
    children: dict[str, list] = {}
    for _, node in parsed:
        if node.parent_code:
            children.setdefault(node.parent_code, []).append(node)

    def total(node) -> Decimal | None:
        kids = children.get(node.code)
        if not kids:
            return node.max_score if isinstance(node.max_score, Decimal) else None
        sums = [total(k) for k in kids]
        return None if None in sums else sum(sums, Decimal(0))

    for row, node in parsed:
        if node.code in children and isinstance(node.max_score, Decimal):
            expected = total(node)
            if expected is not None and expected != node.max_score:
                errors.add(
                    row, "max_score",
                    f"điểm tối đa {_num(node.max_score)} của «{node.code}» khác tổng điểm tối "
                    f"đa các tiêu chí thành phần ({_num(expected)}).",
                )  # fmt: skip


def framework_tree_import(*, actor, framework: Framework, data: bytes) -> ImportResult:
    """The structure of a draft framework (PAR INDEX, SIPAS, PAPI, DDCI, an office's own index:
    any tree with maximum scores) from an Excel file: every row is checked first, nothing is
    added when one is wrong."""
    if framework.state not in FrameworkState.editable():
        return excel.file_error(
            "Bộ chỉ số đã đưa vào chấm điểm; không sửa cấu trúc tiêu chí được nữa."
        )
    try:
        rows, cols = _read(data, TREE_COLUMNS)
    except excel.FileError as exc:
        return excel.file_error(str(exc))
    errors = excel.Errors(TREE_COLUMNS)
    known = set(Node.objects.filter(framework=framework).values_list("code", flat=True))
    parsed = _tree_problems(errors, rows, cols, known)
    if not errors:
        _check_sums(errors, parsed)
    if errors:
        return errors.result()
    if not parsed:
        return excel.file_error("Tệp không có dòng nào.")
    with transaction.atomic():
        services.nodes_create(actor=actor, framework=framework, rows=[n for _, n in parsed])
    return ImportResult(created=len(parsed))


def tree_template() -> bytes:
    example = [
        ["1", "Công tác chỉ đạo, điều hành cải cách hành chính", 6, "", ""],
        ["1.1", "Kế hoạch cải cách hành chính năm", 2, "", ""],
        ["1.2", "Báo cáo cải cách hành chính định kỳ", 4, "", ""],
        ["2", "Mức độ hài lòng của người dân", 4, "", "x"],
    ]
    return write_workbook(
        "Cấu trúc bộ chỉ số", TREE_COLUMNS, example, guide=excel.guide(TREE_COLUMNS, [])
    )
