"""Reads of indicators, tasks, ratings and discipline.

Two kinds of reader live here:

* **Bulk readers** for other domain apps (the nominations engine judges every candidate of a
  campaign at once): keyword-only, plain ids in, plain values out, a constant number of
  queries whatever the number of ids, only *published* results. They do not check a user's
  scope; the caller has already chosen the candidates it may judge.
* **Scoped readers** for the UI apps, through the reader's scope (org.scope), with
  `*_get_for(user, pk)` helpers that answer 404 outside the reader's reach.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from thidua.indicators.enums import AssessmentState, Change, FrameworkKind, TaskState
from thidua.indicators.models import (
    Assessment,
    ComponentAssignment,
    DisciplineRecord,
    Evidence,
    Framework,
    Node,
    NodeResult,
    NominationWait,
    RatingBand,
    Score,
    StaffRating,
    Task,
    TaskReport,
)
from thidua.indicators.scoring import movement, rank
from thidua.org.enums import Role
from thidua.org.scope import user_scope

PUBLISHED = AssessmentState.PUBLISHED
DEFAULT_KINDS = (FrameworkKind.PAR_INDEX.value, FrameworkKind.DDCI.value)


# Bulk readers ----------------------------------------------------------------------------------


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """Ids in chunks the database accepts in one IN (...): one query per chunk, so a constant
    number for any realistic size (SQLite ≥ 3.32 takes 32,766 parameters). A QuerySet of ids
    is passed through whole, as a subquery: one query whatever its size."""
    if isinstance(ids, QuerySet):
        yield ids
        return
    ids = sorted(set(ids))
    size = max(100, (connection.features.max_query_params or 30000) - 100)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


@dataclass(frozen=True)
class ComponentChange:
    """One component assigned to a unit, with its published score this year and last year
    (None when that year has no published result: "chưa có dữ liệu", never an improvement)."""

    code: str
    name: str
    framework_kind: str
    previous: Decimal | None
    current: Decimal | None
    subject_id: int | None = None  # the unit whose index the component belongs to

    @property
    def change(self) -> str:
        return movement(self.previous, self.current).change

    @property
    def improved(self) -> bool:
        return self.change == Change.UP

    @property
    def change_label(self) -> str:
        return Change(self.change).label


@dataclass(frozen=True)
class DisciplineItem:
    form: str  # DisciplineForm value
    decision_number: str
    decided_on: dt.date
    effective_from: dt.date
    effective_to: dt.date | None

    @property
    def form_label(self) -> str:
        from thidua.indicators.enums import DisciplineForm

        return DisciplineForm(self.form).label


def task_completion_by_unit(*, unit_ids: Sequence[int], year: int) -> dict[int, tuple[int, int]]:
    """unit id → (tasks whose completion the assigning body confirmed, tasks assigned) of the
    year's CCHC plan. Every id asked for is in the answer; (0, 0) when it has no task."""
    out = {uid: (0, 0) for uid in unit_ids}
    for chunk in _chunks(unit_ids):
        rows = (
            Task.objects.filter(unit_id__in=chunk, year=year)
            .values("unit_id")
            .annotate(total=Count("id"), done=Count("id", filter=Q(state=TaskState.COMPLETED)))
            .order_by()
        )
        for r in rows:
            out[r["unit_id"]] = (r["done"], r["total"])
    return out


def component_changes_by_unit(
    *, unit_ids: Sequence[int], year: int, framework_kinds: Sequence[str] = DEFAULT_KINDS
) -> dict[int, list[ComponentChange]]:
    """unit id → the components assigned to it for `year` (published scores of this year and
    of the year before, matched by framework kind, subject kind, organiser, component code and
    subject). Every id asked for is in the answer; [] when nothing is assigned. Three queries
    (per chunk of ids)."""
    out: dict[int, list[ComponentChange]] = {uid: [] for uid in unit_ids}
    kinds = list(framework_kinds)
    for chunk in _chunks(unit_ids):
        assignments = list(
            ComponentAssignment.objects.filter(
                unit_id__in=chunk, node__framework__year=year, node__framework__kind__in=kinds
            )
            .values_list(
                "unit_id",
                "subject_id",
                "node_id",
                "node__code",
                "node__name",
                "node__framework__kind",
                "node__framework__subject_kind",
                "node__framework__issuer_id",
            )
            .order_by("unit_id", "node__framework__kind", "node__position", "node_id")
        )
        if not assignments:
            continue
        node_ids = {a[2] for a in assignments}
        subject_ids = {a[1] for a in assignments}
        current = {
            (node_id, unit_id): points
            for node_id, unit_id, points in NodeResult.objects.filter(
                node_id__in=node_ids,
                assessment__state=PUBLISHED,
                assessment__unit_id__in=subject_ids,
            ).values_list("node_id", "assessment__unit_id", "points")
        }
        previous = {
            (kind, subject_kind, issuer, code, unit_id): points
            for kind, subject_kind, issuer, code, unit_id, points in NodeResult.objects.filter(
                assessment__state=PUBLISHED,
                assessment__framework__year=year - 1,
                assessment__framework__kind__in=kinds,
                assessment__unit_id__in=subject_ids,
                node__code__in={a[3] for a in assignments},
            ).values_list(
                "assessment__framework__kind",
                "assessment__framework__subject_kind",
                "assessment__framework__issuer_id",
                "node__code",
                "assessment__unit_id",
                "points",
            )
        }
        for unit_id, subject_id, node_id, code, name, kind, subject_kind, issuer in assignments:
            out[unit_id].append(
                ComponentChange(
                    code=code,
                    name=name,
                    framework_kind=kind,
                    previous=previous.get((kind, subject_kind, issuer, code, subject_id)),
                    current=current.get((node_id, subject_id)),
                    subject_id=subject_id,
                )
            )
    return out


def ratings_by_person(*, person_ids: Sequence[int], year: int) -> dict[int, str]:
    """person id → AnnualRating value of the year; people without a rating are absent."""
    out: dict[int, str] = {}
    for chunk in _chunks(person_ids):
        out.update(
            StaffRating.objects.filter(person_id__in=chunk, year=year).values_list(
                "person_id", "rating"
            )
        )
    return out


def discipline_by_person(
    *, person_ids: Sequence[int], start: dt.date, end: dt.date
) -> dict[int, list[DisciplineItem]]:
    """person id → discipline records whose effect overlaps [start, end] (a record without an
    end date lasts); people without any are absent."""
    out: dict[int, list[DisciplineItem]] = {}
    for chunk in _chunks(person_ids):
        rows = (
            DisciplineRecord.objects.filter(person_id__in=chunk, effective_from__lte=end)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
            .order_by("person_id", "decided_on", "id")
            .values_list(
                "person_id",
                "form",
                "decision_number",
                "decided_on",
                "effective_from",
                "effective_to",
            )
        )
        for person_id, *fields in rows:
            out.setdefault(person_id, []).append(DisciplineItem(*fields))
    return out


def _split_code(code: str) -> tuple[str | None, str]:
    """ "PAR_INDEX" → (PAR_INDEX, ""), "DDCI:D3" → (DDCI, "D3"), "1.2" → (None, "1.2")."""
    if code in FrameworkKind.values:
        return code, ""
    kind, sep, rest = code.partition(":")
    if sep and kind in FrameworkKind.values:
        return kind, rest
    return None, code


def indicator_values_by_unit(
    *, unit_ids: Sequence[int], year: int, code: str
) -> dict[int, Decimal]:
    """unit id → a published value of the year:

    * `code` a framework kind ("PAR_INDEX", "DDCI"): the unit's index as % of its applicable
      maximum;
    * `code` a component code, optionally prefixed by the kind ("DDCI:D4", "1.2"): the points
      of that component in the unit's own published result or, when the unit has none, in the
      subject's result of a component assigned to the unit.

    Units without such a value are absent. At most two queries (per chunk)."""
    kind, node_code = _split_code(code)
    out: dict[int, Decimal] = {}
    for chunk in _chunks(unit_ids):
        if not node_code:
            rows = (
                Assessment.objects.filter(
                    unit_id__in=chunk,
                    state=PUBLISHED,
                    framework__year=year,
                    framework__kind=kind,
                    percent__isnull=False,
                )
                .order_by("unit_id", "framework_id")
                .values_list("unit_id", "percent")
            )
            for unit_id, value in rows:
                out.setdefault(unit_id, value)
            continue
        own = NodeResult.objects.filter(
            assessment__unit_id__in=chunk,
            assessment__state=PUBLISHED,
            assessment__framework__year=year,
            node__code=node_code,
        )
        if kind:
            own = own.filter(assessment__framework__kind=kind)
        for unit_id, value in own.order_by("assessment__unit_id", "id").values_list(
            "assessment__unit_id", "points"
        ):
            out.setdefault(unit_id, value)
        rest = [u for u in chunk if u not in out]
        if rest:
            kinds = [kind] if kind else list(FrameworkKind.values)
            for change_list in component_changes_by_unit(
                unit_ids=rest, year=year, framework_kinds=kinds
            ).items():
                unit_id, changes = change_list
                for c in changes:
                    if c.code == node_code and c.current is not None:
                        out.setdefault(unit_id, c.current)
    return out


def index_percent_by_unit(*, unit_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """unit id → its published PAR INDEX of the year as % (for tie-breaks)."""
    return indicator_values_by_unit(unit_ids=unit_ids, year=year, code=FrameworkKind.PAR_INDEX)


# Scoped readers (UI and API) -------------------------------------------------------------------


def _parse_pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy.") from None


def frameworks_for(user) -> QuerySet[Framework]:
    """Frameworks organised within the reader's reach, and those scoring one of its units."""
    scope = user_scope(user)
    if scope.is_empty:
        return Framework.objects.none()
    scored = Assessment.objects.filter(framework=OuterRef("pk")).filter(scope.unit_q("unit__"))
    return (
        Framework.objects.filter(Q(scope.unit_q("issuer__")) | Exists(scored))
        .select_related("issuer")
        .annotate(assessment_count=Count("assessments", distinct=True))
        .order_by("-year", "kind", "subject_kind", "id")
    )


def _with_structure(frameworks: QuerySet[Framework]) -> QuerySet[Framework]:
    """Each framework's nodes in their order and its rating bands, read in two queries."""
    return frameworks.prefetch_related(
        Prefetch("nodes", queryset=Node.objects.order_by("position", "id")), "bands"
    )


def frameworks_with_structure_for(user) -> QuerySet[Framework]:
    """`frameworks_for`, with each framework's nodes and bands (the API's list)."""
    return _with_structure(frameworks_for(user))


def framework_get_for(user, pk, perm: str = "indicators.view_framework") -> Framework:
    framework = (
        _with_structure(Framework.objects.select_related("issuer")).filter(pk=_parse_pk(pk)).first()
    )
    if framework is None or not user.has_perm(perm, framework):
        raise Http404("Không tìm thấy bộ chỉ số hoặc bạn không có quyền truy cập.")
    return framework


def assessment_get_for(user, pk, perm: str = "indicators.view_assessment") -> Assessment:
    assessment = (
        Assessment.objects.select_related("framework__issuer", "unit")
        .prefetch_related(
            Prefetch("framework__nodes", queryset=Node.objects.order_by("position", "id")),
            "framework__bands",
        )
        .filter(pk=_parse_pk(pk))
        .first()
    )
    if assessment is None or not user.has_perm(perm, assessment):
        raise Http404("Không tìm thấy kết quả chấm điểm hoặc bạn không có quyền truy cập.")
    return assessment


def evidence_get_for(user, pk) -> Evidence:
    evidence = (
        Evidence.objects.select_related(
            "score__assessment__framework__issuer", "score__assessment__unit", "score__node"
        )
        .filter(pk=_parse_pk(pk))
        .first()
    )
    if evidence is None or not user.has_perm(
        "indicators.view_assessment", evidence.score.assessment
    ):
        raise Http404("Không tìm thấy tài liệu.")
    return evidence


@dataclass
class TableRow:
    assessment: Assessment
    rank: int | None

    @property
    def unit(self):
        return self.assessment.unit

    @property
    def published(self) -> bool:
        return self.assessment.state == PUBLISHED


def score_table(framework: Framework, *, user) -> list[TableRow]:
    """One row per scored unit (all of them for whoever runs the framework, else the reader's
    own units), with totals, %, band, and rank among the published peers (ties share a rank).
    Two queries whatever the number of units."""
    assessments = Assessment.objects.filter(framework=framework).select_related("unit")
    if not user.has_perm("indicators.change_framework", framework):
        assessments = assessments.filter(user_scope(user).unit_q("unit__"))
    rows = list(assessments.order_by("unit__position", "unit__name"))
    peers = dict(
        Assessment.objects.filter(framework=framework, state=PUBLISHED).values_list("pk", "percent")
    )
    ranks = rank(peers)
    return [TableRow(assessment=a, rank=ranks.get(a.pk)) for a in rows]


def rank_in_framework(assessment: Assessment) -> tuple[int | None, int]:
    """(rank among the framework's published results, number of them)."""
    peers = dict(
        Assessment.objects.filter(
            framework_id=assessment.framework_id, state=PUBLISHED
        ).values_list("pk", "percent")
    )
    return rank(peers).get(assessment.pk), len(peers)


@dataclass
class LeafRow:
    node: Node
    score: Score | None
    total: object  # scoring.Total of the node (self or appraised, as asked)
    depth: int
    self_total: object = None  # scoring.Total from the unit's own scores

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.score.evidence.all()) if self.score else []


def assessment_rows(assessment: Assessment, *, appraised: bool) -> list[LeafRow]:
    """The tree in order with each node's score row and rolled-up total. Two queries."""
    from thidua.indicators.services import assessment_totals

    nodes = list(assessment.framework.nodes.all())
    scores = list(Score.objects.filter(assessment=assessment).prefetch_related("evidence"))
    by_node = {s.node_id: s for s in scores}
    totals = assessment_totals(nodes, scores, appraised=appraised)
    own = assessment_totals(nodes, scores, appraised=False)
    children: dict[int | None, list[Node]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    out: list[LeafRow] = []
    stack = [(n, 0) for n in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        out.append(
            LeafRow(
                node=node,
                score=by_node.get(node.pk),
                total=totals[node.pk],
                depth=depth,
                self_total=own[node.pk],
            )
        )
        stack.extend((c, depth + 1) for c in reversed(children.get(node.pk, [])))
    return out


@dataclass(frozen=True)
class FieldBar:
    code: str
    name: str
    percent: Decimal | None
    peer_percent: Decimal | None


def field_comparison(assessment: Assessment) -> list[FieldBar]:
    """The unit's % by lĩnh vực against the average % of the framework's published results.
    One query."""
    from thidua.indicators.scoring import percent

    fields = [n for n in assessment.framework.nodes.all() if n.parent_id is None]
    rows = NodeResult.objects.filter(
        node__in=[n.pk for n in fields],
        assessment__framework_id=assessment.framework_id,
        assessment__state=PUBLISHED,
    ).values_list("node_id", "assessment_id", "points", "applicable_max")
    mine: dict[int, Decimal | None] = {}
    peer: dict[int, list[Decimal]] = {}
    for node_id, assessment_id, points, applicable in rows:
        value = percent(points, applicable)
        if assessment_id == assessment.pk:
            mine[node_id] = value
        if value is not None:
            peer.setdefault(node_id, []).append(value)
    return [
        FieldBar(
            code=n.code,
            name=n.name,
            percent=mine.get(n.pk),
            peer_percent=(sum(peer[n.pk]) / len(peer[n.pk])).quantize(Decimal("0.01"))
            if peer.get(n.pk)
            else None,
        )
        for n in fields
    ]


def unit_history(unit, *, kind: str | None = None) -> list[Assessment]:
    """A unit's published results, newest year first (one query)."""
    qs = Assessment.objects.filter(unit=unit, state=PUBLISHED).select_related("framework")
    if kind:
        qs = qs.filter(framework__kind=kind)
    return list(qs.order_by("-framework__year", "framework__kind"))


def components_for(user, framework: Framework) -> list[ComponentAssignment]:
    qs = ComponentAssignment.objects.filter(node__framework=framework).select_related(
        "node", "unit", "subject"
    )
    if not user.has_perm("indicators.change_framework", framework):
        qs = qs.filter(user_scope(user).unit_q("unit__"))
    return list(qs.order_by("node__position", "unit__position", "unit__name"))


def waiting_campaigns(framework: Framework) -> list[NominationWait]:
    return list(NominationWait.objects.filter(frameworks=framework).select_related("campaign"))


# Tasks -----------------------------------------------------------------------------------------


def tasks_for(user, *, year: int | None = None, unit=None, state: str = "") -> QuerySet[Task]:
    """Tasks of units in the reader's reach and tasks it assigned."""
    scope = user_scope(user)
    if scope.is_empty:
        return Task.objects.none()
    qs = Task.objects.filter(
        Q(scope.unit_q("unit__")) | Q(scope.unit_q("issuer__", roles=Role.managing()))
    ).select_related("unit", "issuer")
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("deadline", "unit__position", "id")


def task_get_for(user, pk, perm: str = "indicators.view_task") -> Task:
    task = (
        Task.objects.select_related("unit", "issuer", "confirmed_by")
        .prefetch_related("reports__reported_by")
        .filter(pk=_parse_pk(pk))
        .first()
    )
    if task is None or not user.has_perm(perm, task):
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền truy cập.")
    return task


def task_report_get_for(user, task: Task, pk) -> TaskReport:
    report = next((r for r in task.reports.all() if r.pk == _parse_pk(pk)), None)
    if report is None or not report.file:
        raise Http404("Không tìm thấy tài liệu.")
    return report


@dataclass(frozen=True)
class CompletionRow:
    unit_id: int
    unit_name: str
    completed: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        from thidua.indicators.scoring import percent

        return percent(Decimal(self.completed), Decimal(self.total))


def task_completion_rows(user, *, year: int) -> list[CompletionRow]:
    """Completion % per unit for the year, in unit order. One query."""
    rows = (
        tasks_for(user, year=year)
        .order_by()
        .values("unit_id", "unit__name", "unit__position")
        .annotate(total=Count("id"), done=Count("id", filter=Q(state=TaskState.COMPLETED)))
        .order_by("unit__position", "unit__name")
    )
    return [CompletionRow(r["unit_id"], r["unit__name"], r["done"], r["total"]) for r in rows]


def task_years(user) -> list[int]:
    return sorted(set(tasks_for(user).values_list("year", flat=True)), reverse=True)


# Staff records ---------------------------------------------------------------------------------


def ratings_for(user, *, year: int | None = None, unit=None) -> QuerySet[StaffRating]:
    qs = StaffRating.objects.filter(user_scope(user).unit_q("person__unit__")).select_related(
        "person__unit"
    )
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(person__unit__path__startswith=unit.path)
    return qs.order_by("person__unit__position", "person__sort_key", "id")


def discipline_for(user, *, unit=None) -> QuerySet[DisciplineRecord]:
    qs = DisciplineRecord.objects.filter(user_scope(user).unit_q("person__unit__")).select_related(
        "person__unit"
    )
    if unit is not None:
        qs = qs.filter(person__unit__path__startswith=unit.path)
    return qs.order_by("-decided_on", "id")


def person_records(person) -> tuple[list[StaffRating], list[DisciplineRecord]]:
    return list(person.ratings.order_by("-year")), list(person.discipline.order_by("-decided_on"))


def discipline_get_for(user, pk, perm: str = "indicators.change_staff_record") -> DisciplineRecord:
    record = (
        DisciplineRecord.objects.select_related("person__unit").filter(pk=_parse_pk(pk)).first()
    )
    if record is None or not user.has_perm(perm, record):
        raise Http404("Không tìm thấy.")
    return record


# Published scores for the API ------------------------------------------------------------------


def published_for(user, *, framework_id=None, year=None, unit=None) -> QuerySet[Assessment]:
    """Published results the reader may see: its units' own, and every result of frameworks it
    runs."""
    scope = user_scope(user)
    if scope.is_empty:
        return Assessment.objects.none()
    qs = Assessment.objects.filter(state=PUBLISHED).filter(
        Q(scope.unit_q("unit__")) | Q(scope.unit_q("framework__issuer__", roles=Role.managing()))
    )
    if framework_id is not None:
        qs = qs.filter(framework_id=framework_id)
    if year is not None:
        qs = qs.filter(framework__year=year)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.select_related("framework", "unit").order_by(
        "-framework__year", "framework_id", "unit__position", "unit__name", "id"
    )


class ScoreRows:
    """A lazily sliced list of published results: a page costs three queries (the page, its
    per-node results, the peers' percentages for the ranks), whatever its size."""

    def __init__(self, queryset: QuerySet[Assessment]):
        self.queryset = queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        page = list(self.queryset[index])
        if not page:
            return []
        results: dict[int, list[dict]] = {}
        for r in (
            NodeResult.objects.filter(assessment__in=page)
            .select_related("node")
            .order_by("node__position", "node_id")
        ):
            results.setdefault(r.assessment_id, []).append(
                {
                    "code": r.node.code,
                    "name": r.node.name,
                    "depth": r.node.depth,
                    "points": r.points,
                    "applicable_max": r.applicable_max,
                }
            )
        peers: dict[int, dict[int, Decimal | None]] = {}
        for pk, framework_id, value in Assessment.objects.filter(
            framework_id__in={a.framework_id for a in page}, state=PUBLISHED
        ).values_list("pk", "framework_id", "percent"):
            peers.setdefault(framework_id, {})[pk] = value
        ranks = {fid: rank(values) for fid, values in peers.items()}
        from django.utils import timezone

        return [
            {
                "framework_id": a.framework_id,
                "framework_name": a.framework.name,
                "kind": a.framework.kind,
                "year": a.framework.year,
                "unit": a.unit,
                "state": a.state,
                "source": a.source,
                "points": a.points,
                "applicable_max": a.applicable_max,
                "percent": a.percent,
                "band": a.band,
                "rank": ranks[a.framework_id].get(a.pk),
                "peers": len(peers[a.framework_id]),
                "source_doc_number": a.source_doc_number,
                "source_doc_date": a.source_doc_date,
                "published_at": timezone.localtime(a.published_at) if a.published_at else None,
                "components": results.get(a.pk, []),
            }
            for a in page
        ]


def component_assignment_of(framework, pk) -> ComponentAssignment | None:
    return ComponentAssignment.objects.filter(pk=pk, node__framework=framework).first()


# Figures for the monitoring dashboard -----------------------------------------------------------


def task_counts_per_unit(year: int, unit_ids) -> QuerySet:
    """Per unit: its CCHC tasks of the year and how many are completed (a values query, for
    the caller to aggregate further in the database)."""
    return (
        Task.objects.filter(year=year, unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(state=TaskState.COMPLETED)))
        .order_by()
    )


def assessment_counts(fw_ids, unit_ids) -> list[dict]:
    """Assessments by state and band: n, and how many have a percentage."""
    return list(
        Assessment.objects.filter(framework_id__in=fw_ids, unit_id__in=unit_ids)
        .values("state", "band")
        .annotate(n=Count("id"), rated=Count("id", filter=Q(percent__isnull=False)))
        .order_by()
    )


def band_labels(fw_ids) -> list[str]:
    """The frameworks' rating bands, highest first."""
    return list(
        RatingBand.objects.filter(framework_id__in=fw_ids)
        .order_by("-min_percent")
        .values_list("label", flat=True)
    )


def par_frameworks_of_year(year: int) -> list[dict]:
    """The year's PAR INDEX frameworks: id, name, self-assessment deadline, state."""
    return list(
        Framework.objects.filter(year=year, kind=FrameworkKind.PAR_INDEX)
        .values("id", "name", "self_deadline", "state")
        .order_by("id")
    )


def task_figures_of_units(year: int, unit_ids, today) -> list[dict]:
    """Per unit: the year's tasks, completed, overdue, and the next open deadline."""
    open_states = TaskState.open()
    return list(
        Task.objects.filter(year=year, unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(state=TaskState.COMPLETED)),
            overdue=Count("id", filter=Q(state__in=open_states, deadline__lt=today)),
            next_deadline=Min("deadline", filter=Q(state__in=open_states, deadline__gte=today)),
        )
        .order_by()
    )


def assessment_results_of_units(fw_ids, unit_ids) -> list[tuple]:
    """(unit id, state, percent, band) of the frameworks' assessments, by framework."""
    return list(
        Assessment.objects.filter(framework_id__in=fw_ids, unit_id__in=unit_ids)
        .order_by("framework_id")
        .values_list("unit_id", "state", "percent", "band")
    )


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def framework_get(pk) -> Framework:
    """A framework by id, for a job that already checked who asked (raises DoesNotExist)."""
    return Framework.objects.get(pk=pk)


def frameworks_with_self_deadline(year: int) -> list[Framework]:
    return list(Framework.objects.filter(year=year, self_deadline__isnull=False))


def units_still_scoring(framework, *, participant_of) -> QuerySet:
    """Ids of the units whose self-assessment of `framework` is still open, among the
    participants of campaign `participant_of` (a subquery)."""
    return Assessment.objects.filter(
        framework=framework, state__in=AssessmentState.unit_editable(),
        unit__campaign_participations__campaign=participant_of,
    ).values_list("unit_id", flat=True)  # fmt: skip


def open_task_exists(year: int) -> Exists:
    """A filter on units (outer `pk`): the unit has an open CCHC task in `year`."""
    return Exists(Task.objects.filter(year=year, unit=OuterRef("pk"), state__in=TaskState.open()))


def self_scoring_exists(framework_ids) -> Exists:
    """A filter on units (outer `pk`): the unit still scores itself in one of the frameworks."""
    return Exists(Assessment.objects.filter(
        framework_id__in=framework_ids, unit=OuterRef("pk"),
        state__in=AssessmentState.unit_editable()))  # fmt: skip
