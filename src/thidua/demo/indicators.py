"""`thidua demo --stage scored`: the 2022 and 2023 PAR INDEX of the district's agencies and
communes (self-assessed, appraised and published), the district's own PAR INDEX and DDCI
(published by the province, imported with their source document, components assigned to
agencies), the 2023 CCHC tasks with their completion, annual ratings of every demo person and
a few discipline records. Publishing the 2023 results opens the seed campaign's nomination
phase. Every score is synthetic (plausible, reproducible), and the frameworks say so."""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from thidua.campaigns.enums import AnnualRating
from thidua.campaigns.models import Campaign
from thidua.core.services import audit_record
from thidua.demo import indicators_data as d
from thidua.indicators import importers, services
from thidua.indicators.enums import (
    AssessmentState,
    DisciplineForm,
    FrameworkKind,
    SubjectKind,
    TaskState,
)
from thidua.indicators.models import (
    Assessment,
    DisciplineRecord,
    Framework,
    NominationWait,
    Score,
    StaffRating,
    Task,
    TaskReport,
)
from thidua.indicators.services import NodeRow
from thidua.org.enums import UnitKind
from thidua.org.models import Person, Unit

YEARS = (2022, 2023)
QUARTER = Decimal("0.25")


def _aware(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def _rows(tree, subject: str, parent: str | None = None, skip: set[str] = frozenset()) -> list:
    out = []
    for code, name, rest in tree:
        if code in skip:
            continue
        name = name.format(u=d.SUBJECT[subject])
        if isinstance(rest, list):
            out.append(NodeRow(code, name, Decimal("1"), parent, code == d.SURVEY_FIELD))
            out += _rows(rest, subject, code, skip)
        else:
            out.append(NodeRow(code, name, Decimal(rest), parent, False))
    return out


def _framework(
    district: Unit, kind: str, subject: str, year: int, name: str, rows, bands, basis: str
) -> Framework:
    framework = services.framework_create(
        actor=None,
        issuer=district,
        kind=kind,
        subject_kind=subject,
        year=year,
        name=name,
        basis=f"{basis}\n{d.SYNTHETIC}",
    )
    services.nodes_create(actor=None, framework=framework, rows=rows)
    services.bands_set(actor=None, framework=framework, bands=bands)
    return framework


def _quality(rng: random.Random, base: float) -> float:
    return min(1.0, max(0.35, base + rng.uniform(-0.12, 0.1)))


def _round(value: Decimal, maximum: Decimal) -> Decimal:
    out = (value / QUARTER).quantize(Decimal("1"), ROUND_HALF_UP) * QUARTER
    return min(max(out, Decimal("0")), maximum)


def _unit_base(unit: Unit, year: int) -> float:
    """A unit's level: stable per unit, a little better in 2023 for most."""
    rng = random.Random(f"{unit.code}")
    base = rng.uniform(0.7, 0.95)
    return base + (rng.uniform(-0.02, 0.05) if year == 2023 else 0.0)


def _fill_workflow(framework: Framework, year: int) -> None:
    """Self-assessed and appraised scores for every leaf of every assessment (bulk), in the
    state the workflow leaves them: appraised, waiting for publication."""
    leaves = [n for n in framework.nodes.all() if n.is_leaf]
    nodes = list(framework.nodes.all())
    rows = []
    assessments = list(framework.assessments.select_related("unit"))
    for a in assessments:
        rng = random.Random(f"{year}-{framework.subject_kind}-{a.unit.code}")
        base = _unit_base(a.unit, year)
        for n in leaves:
            # one-stop liaison does not apply to a few agencies: N/A leaves leave the maximum
            na = (
                framework.subject_kind == SubjectKind.AGENCY
                and n.code == "3.2.2"
                and (rng.random() < 0.3)
            )
            value = _round(n.max_score * Decimal(str(_quality(rng, base))), n.max_score)
            appraised = value
            if not na and rng.random() < 0.2:  # the appraisal team takes a little off
                appraised = _round(value - n.max_score * Decimal("0.15"), n.max_score)
            rows.append(
                Score(
                    assessment=a,
                    node=n,
                    not_applicable=na,
                    self_score=None if na or n.is_survey else value,
                    appraised_score=None if na else appraised,
                    explanation="" if na else "Tài liệu lưu tại bộ phận văn thư của đơn vị.",
                    appraisal_comment="" if appraised == value else "Chưa đủ tài liệu kiểm chứng.",
                )
            )
    Score.objects.bulk_create(rows, batch_size=1000)
    submitted = _aware(year + 1, 1, 10, 9, 0)
    for a in assessments:
        a.state = AssessmentState.APPRAISED
        a.submitted_at, a.appraised_at = submitted, _aware(year + 1, 1, 18, 16, 0)
        services._recompute(a, nodes=nodes)
    Assessment.objects.bulk_update(assessments, ["state", "submitted_at", "appraised_at"])


def _unit_frameworks(district: Unit, campaign: Campaign | None) -> list[Framework]:
    agencies = list(
        Unit.objects.filter(
            parent=district, kind__in=[UnitKind.AGENCY, UnitKind.PUBLIC_SERVICE]
        ).order_by("position")
    )
    communes = list(
        Unit.objects.filter(parent=district, kind__in=UnitKind.commune_level()).order_by("position")
    )
    made = []
    for subject, units, label in (
        (SubjectKind.AGENCY, agencies, "các cơ quan, đơn vị thuộc UBND huyện"),
        (SubjectKind.COMMUNE, communes, "UBND các xã, thị trấn"),
    ):
        previous = None
        for year in YEARS:
            name = f"Chỉ số cải cách hành chính {label} năm {year}"
            if previous is None:
                fw = _framework(
                    district,
                    FrameworkKind.PAR_INDEX,
                    subject,
                    year,
                    name,
                    _rows(d.PAR_FIELDS, subject),
                    d.BANDS,
                    f"Bộ tiêu chí xác định Chỉ số CCHC {label} năm {year}.",
                )
            else:
                fw = services.framework_copy(actor=None, framework=previous, year=year)
            services.framework_open(
                actor=None, framework=fw, units=units, self_deadline=_aware(year + 1, 1, 12)
            )
            fw.refresh_from_db()
            _fill_workflow(fw, year)
            made.append(fw)
            previous = fw
    return made


def _district_frameworks(district: Unit, units: dict[str, Unit]) -> list[Framework]:
    """The province's results for the district itself, imported with their source document."""
    made = []
    rng = random.Random("NB-district")
    for kind, subject, label in (
        (
            FrameworkKind.PAR_INDEX,
            SubjectKind.DISTRICT,
            "Chỉ số cải cách hành chính huyện Nguyên Bình",
        ),
        (
            FrameworkKind.DDCI,
            SubjectKind.DISTRICT,
            "Chỉ số năng lực cạnh tranh (DDCI) huyện Nguyên Bình",
        ),
    ):
        last: dict[str, Decimal] = {}
        for year in YEARS:
            if kind == FrameworkKind.DDCI:
                skip = d.DDCI_NEW_IN_2023 if year == 2022 else set()
                rows = [
                    NodeRow(c, n, Decimal("10")) for c, n, _ in d.DDCI_COMPONENTS if c not in skip
                ]
                bands, assign = d.DDCI_BANDS, {c: u for c, _, u in d.DDCI_COMPONENTS}
            else:
                rows, bands = _rows(d.PAR_FIELDS, SubjectKind.DISTRICT), d.BANDS
                assign = d.PAR_DISTRICT_ASSIGNMENTS
            fw = _framework(
                district,
                kind,
                subject,
                year,
                f"{label} năm {year}",
                rows,
                bands,
                "Kết quả do UBND tỉnh Cao Bằng công bố.",
            )
            nodes = {n.code: n for n in fw.nodes.all()}
            for code, unit_code in assign.items():
                if code in nodes and unit_code in units:
                    services.component_assign(actor=None, node=nodes[code], unit=units[unit_code])
            values = {}
            for n in nodes.values():
                if not n.is_leaf:
                    continue
                if kind == FrameworkKind.DDCI:
                    prev = last.get(n.code)
                    if prev is None:
                        value = _round(Decimal(str(rng.uniform(5.2, 7.2))), n.max_score)
                    elif n.code in d.DDCI_DECLINES:
                        value = prev - Decimal("0.75")
                    else:
                        value = min(
                            n.max_score,
                            prev + _round(Decimal(str(rng.uniform(0.25, 0.9))), n.max_score),
                        )
                    last[n.code] = value
                else:
                    base = 0.78 if year == 2022 else 0.84
                    value = _round(n.max_score * Decimal(str(_quality(rng, base))), n.max_score)
                values[n.pk] = (value, False)
            number = f"{'35' if kind == FrameworkKind.PAR_INDEX else '41'}/QĐ-UBND"
            importers.results_write(
                actor=None,
                framework=fw,
                values={district.pk: values},
                existing={},
                doc_number=number,
                doc_date=dt.date(year + 1, 2, 20),
            )
            made.append(fw)
    return made


def _tasks(district: Unit, campaign: Campaign | None) -> int:
    """The 2023 CCHC plan's tasks for every participant unit; most done and confirmed, some
    units at 90 % or 80 %."""
    if Task.objects.filter(year=2023, issuer=district).exists():
        return 0
    units = list(
        Unit.objects.filter(
            parent=district,
            kind__in=[UnitKind.AGENCY, UnitKind.PUBLIC_SERVICE, *UnitKind.commune_level()],
        ).order_by("position")
    )
    tasks, reports = [], []
    for i, unit in enumerate(units):
        unfinished = 1 if i % 5 == 2 else 2 if i % 7 == 4 else 0
        for j, (code, title, (month, day)) in enumerate(d.TASKS_2023):
            deadline = dt.date(2023, month, day)
            open_ = j >= len(d.TASKS_2023) - unfinished
            late = not open_ and (i + j) % 11 == 0
            done_on = deadline + dt.timedelta(days=4 if late else -(1 + (i + j) % 6))
            tasks.append(
                Task(
                    year=2023,
                    issuer=district,
                    unit=unit,
                    code=code,
                    title=title,
                    deadline=deadline,
                    plan_ref="Kế hoạch số 267/KH-UBND ngày 27/12/2022",
                    state=TaskState.IN_PROGRESS if open_ else TaskState.COMPLETED,
                    progress=60 if open_ else 100,
                    completed_on=None if open_ else done_on,
                    confirmed_at=None
                    if open_
                    else _aware(done_on.year, done_on.month, done_on.day, 15)
                    + dt.timedelta(days=2),
                )
            )
    Task.objects.bulk_create(tasks, batch_size=1000)
    for t in Task.objects.filter(year=2023, issuer=district):
        day = t.completed_on or (t.deadline - dt.timedelta(days=10))
        reports.append(
            TaskReport(
                task=t,
                reported_at=_aware(day.year, day.month, day.day, 10),
                progress=t.progress,
                note="Đã hoàn thành, có văn bản kèm theo."
                if t.state == TaskState.COMPLETED
                else "Đang triển khai, dự kiến hoàn thành trong quý tới.",
            )
        )
    TaskReport.objects.bulk_create(reports, batch_size=1000)
    audit_record(
        actor=None,
        action="indicators.demo.tasks",
        unit_id=district.pk,
        note=f"Dữ liệu mẫu: {len(tasks)} nhiệm vụ CCHC năm 2023",
    )
    return len(tasks)


RATING_WEIGHTS = [
    (AnnualRating.EXCELLENT, 15),
    (AnnualRating.GOOD, 60),
    (AnnualRating.COMPLETED, 22),
    (AnnualRating.NOT_COMPLETED, 3),
]


def _ratings() -> int:
    if StaffRating.objects.filter(year=2023).exists():
        return 0
    rng = random.Random(2023)
    values, weights = zip(*RATING_WEIGHTS, strict=True)
    rows = []
    for person in Person.objects.order_by("code").only("pk", "unit_id"):
        for year in YEARS:
            rows.append(
                StaffRating(
                    person=person,
                    year=year,
                    rating=rng.choices(values, weights=weights)[0],
                    decision_number=f"{rng.randint(2, 60)}/QĐ",
                    decided_on=dt.date(year, 12, 28),
                )
            )
    StaffRating.objects.bulk_create(rows, batch_size=1000)
    audit_record(
        actor=None,
        action="indicators.demo.ratings",
        note=f"Dữ liệu mẫu: {len(rows)} kết quả xếp loại",
    )
    return len(rows)


DISCIPLINE = [
    (
        "X01735-005",
        DisciplineForm.KHIEN_TRACH,
        "18/QĐ-UBND",
        dt.date(2023, 5, 8),
        12,
        "Chậm giải quyết hồ sơ thủ tục hành chính, không xin lỗi người dân.",
    ),
    (
        "NB-TNMT-003",
        DisciplineForm.CANH_CAO,
        "7/QĐ-UBND",
        dt.date(2022, 2, 15),
        6,
        "Vi phạm quy định về thời gian làm việc.",
    ),
    (
        "X01774-002",
        DisciplineForm.KHIEN_TRACH,
        "26/QĐ-UBND",
        dt.date(2023, 10, 2),
        12,
        "Không thực hiện đúng quy trình tiếp nhận hồ sơ một cửa.",
    ),
]


def _discipline() -> int:
    made = 0
    for code, form, number, decided, months, reason in DISCIPLINE:
        person = Person.objects.filter(code=code).first()
        if (
            person is None
            or DisciplineRecord.objects.filter(person=person, decision_number=number).exists()
        ):
            continue
        services.discipline_add(
            actor=None,
            person=person,
            form=form,
            decision_number=number,
            decided_on=decided,
            months=months,
            reason=f"{reason} (mẫu)",
        )
        made += 1
    return made


@transaction.atomic
def build_scored(campaign: Campaign) -> str:
    """Idempotent: nothing is added when the 2023 frameworks exist."""
    district = campaign.issuer
    if Framework.objects.filter(issuer=district, year=2023).exists():
        return "đã có sẵn (không thêm gì)"
    units = {u.code: u for u in Unit.objects.filter(path__startswith=district.path)}
    frameworks = _unit_frameworks(district, campaign)
    by_year = {y: [f for f in frameworks if f.year == y] for y in YEARS}
    for fw in by_year[2022]:
        services.framework_publish(
            actor=None,
            framework=fw,
            now=_aware(2023, 1, 20, 9),
            doc_number="12/TB-UBND",
            doc_date=dt.date(2023, 1, 20),
        )
    # The seed plan (III.3) waits for the 2023 results of the agencies and the communes.
    wait = NominationWait.objects.filter(campaign=campaign).first()
    if wait is None:
        services.nomination_wait_set(
            actor=None, campaign=campaign, frameworks=by_year[2023], nomination_days=15
        )
    for fw in by_year[2023]:
        services.framework_publish(
            actor=None,
            framework=fw,
            now=_aware(2024, 1, 25, 9),
            doc_number="08/TB-UBND",
            doc_date=dt.date(2024, 1, 25),
        )
    district_fws = _district_frameworks(district, units)
    tasks = _tasks(district, campaign)
    ratings = _ratings()
    discipline = _discipline()
    scored = Assessment.objects.filter(framework__in=frameworks).count()
    return (
        f"{len(frameworks) + len(district_fws)} bộ chỉ số năm 2022–2023, {scored} kết quả "
        f"đơn vị đã thẩm định và công bố, {tasks} nhiệm vụ CCHC năm 2023, {ratings} kết quả "
        f"xếp loại, {discipline} quyết định kỷ luật; điểm số là số liệu giả lập"
    )
