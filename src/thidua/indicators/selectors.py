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
from django.db.models import Count, Q

from thidua.indicators.enums import AssessmentState, Change, FrameworkKind, TaskState
from thidua.indicators.models import (
    Assessment,
    ComponentAssignment,
    DisciplineRecord,
    NodeResult,
    StaffRating,
    Task,
)
from thidua.indicators.scoring import movement

PUBLISHED = AssessmentState.PUBLISHED
DEFAULT_KINDS = (FrameworkKind.PAR_INDEX.value, FrameworkKind.DDCI.value)


# Bulk readers ----------------------------------------------------------------------------------


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """Ids in chunks the database accepts in one IN (...): one query per chunk, so a constant
    number for any realistic size (SQLite ≥ 3.32 takes 32,766 parameters)."""
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
                "unit_id", "subject_id", "node_id", "node__code", "node__name",
                "node__framework__kind", "node__framework__subject_kind",
                "node__framework__issuer_id",
            )
            .order_by("unit_id", "node__framework__kind", "node__position", "node_id")
        )  # fmt: skip
        if not assignments:
            continue
        node_ids = {a[2] for a in assignments}
        subject_ids = {a[1] for a in assignments}
        current = {
            (node_id, unit_id): points
            for node_id, unit_id, points in NodeResult.objects.filter(
                node_id__in=node_ids, assessment__state=PUBLISHED,
                assessment__unit_id__in=subject_ids,
            ).values_list("node_id", "assessment__unit_id", "points")
        }  # fmt: skip
        previous = {
            (kind, subject_kind, issuer, code, unit_id): points
            for kind, subject_kind, issuer, code, unit_id, points in NodeResult.objects.filter(
                assessment__state=PUBLISHED, assessment__framework__year=year - 1,
                assessment__framework__kind__in=kinds, assessment__unit_id__in=subject_ids,
                node__code__in={a[3] for a in assignments},
            ).values_list(
                "assessment__framework__kind", "assessment__framework__subject_kind",
                "assessment__framework__issuer_id", "node__code", "assessment__unit_id",
                "points",
            )
        }  # fmt: skip
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
            .values_list("person_id", "form", "decision_number", "decided_on",
                         "effective_from", "effective_to")
        )  # fmt: skip
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
                Assessment.objects.filter(unit_id__in=chunk, state=PUBLISHED,
                                          framework__year=year, framework__kind=kind,
                                          percent__isnull=False)
                .order_by("unit_id", "framework_id")
                .values_list("unit_id", "percent")
            )  # fmt: skip
            for unit_id, value in rows:
                out.setdefault(unit_id, value)
            continue
        own = NodeResult.objects.filter(
            assessment__unit_id__in=chunk, assessment__state=PUBLISHED,
            assessment__framework__year=year, node__code=node_code,
        )  # fmt: skip
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
