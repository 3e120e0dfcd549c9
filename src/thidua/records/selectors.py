"""Reads of award history, titles, caps and initiatives.

The history of one person or unit is one query; the caller has already checked that the
reader reaches the person or the unit (org.selectors.person_get_for / unit_get_for). The bulk
readers for the criteria engine take plain ids and return plain values, one query each.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from thidua.campaigns.enums import SubjectType
from thidua.core.text import search_key
from thidua.org.models import Person, Unit
from thidua.org.scope import user_scope
from thidua.records.caps import CapData, cap_check
from thidua.records.enums import AwardLevel, TitleKind
from thidua.records.models import AwardRecord, Initiative, Title, TitleCap

# Titles and caps ----------------------------------------------------------------------------


def titles_by_code() -> dict[str, list[Title]]:
    """code → its rows, oldest first (one query)."""
    out: dict[str, list[Title]] = {}
    for t in Title.objects.order_by("valid_from"):
        out.setdefault(t.code, []).append(t)
    return out


def title_on(titles: dict[str, list[Title]], code: str, day: dt.date) -> Title | None:
    for t in reversed(titles.get(code, [])):
        if t.valid_from <= day and (t.valid_to is None or day <= t.valid_to):
            return t
    return None


class TitleResolver:
    """A title or form named by its code or its name (accents and case ignored) → its code
    and newest name. One query, on first use."""

    def __init__(self):
        self._titles: dict[str, list[Title]] | None = None

    def _load(self) -> dict[str, list[Title]]:
        if self._titles is None:
            self._titles = titles_by_code()
            self._keys = {}
            for code, rows in self._titles.items():
                self._keys[search_key(code)] = code
                self._keys[search_key(code.replace("_", " "))] = code
                for t in rows:
                    self._keys[search_key(t.name)] = code
        return self._titles

    def resolve(self, text: str) -> tuple[str, str] | None:
        titles = self._load()
        code = self._keys.get(search_key(text or ""))
        return (code, titles[code][-1].name) if code else None


def title_catalogue() -> list[Title]:
    return list(Title.objects.order_by("position", "valid_from"))


def title_names() -> dict[str, str]:
    """code → the newest name (one query)."""
    return {code: rows[-1].name for code, rows in titles_by_code().items()}


def caps() -> list[CapData]:
    return [
        CapData(
            title_code=c.title_code,
            basis_code=c.basis_code,
            percent=c.percent,
            valid_from=c.valid_from,
            valid_to=c.valid_to,
            source=c.source,
            confirmed=c.confirmed,
        )
        for c in TitleCap.objects.order_by("valid_from")
    ]


# History ------------------------------------------------------------------------------------


def cap_problems(*, year: int, day: dt.date, adding: dict[tuple[int, str], int]) -> list[str]:
    """Caps on titles at decision time: `adding` is (unit id, title code) → how many of the
    unit's people this decision gives the title. For every capped title in force on `day`,
    what the unit already holds for `year` (history) plus what is added must stay within the
    cap of the basis title (itself counted with what is added). One query for the history,
    one for the caps, one for the names. Returns the Vietnamese refusals (empty: within)."""
    in_force = [c for c in caps() if c.in_force(day)]
    wanted = [
        (u, c.title_code, c) for (u, code) in adding for c in in_force if c.title_code == code
    ]
    if not wanted:
        return []
    unit_ids = {u for u, _code, _cap in wanted}
    codes = {c.title_code for c in in_force} | {c.basis_code for c in in_force}
    held: dict[tuple[int, str], int] = defaultdict(int)
    for unit_id, code in AwardRecord.objects.filter(
        unit_id__in=unit_ids, year=year, title_code__in=codes, person__isnull=False
    ).values_list("unit_id", "title_code"):
        held[(unit_id, code)] += 1
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    titles = title_names()
    problems = []
    for unit_id, code, cap in sorted(wanted, key=lambda w: (names.get(w[0], ""), w[1])):
        count = held[(unit_id, code)] + adding[(unit_id, code)]
        basis = held[(unit_id, cap.basis_code)] + adding.get((unit_id, cap.basis_code), 0)
        check = cap_check(
            title_code=code, count=count, basis_count=basis, day=day, caps=[cap],
            title_label=titles.get(code, code), basis_label=titles.get(cap.basis_code, ""),
        )  # fmt: skip
        if not check.ok:
            problems.append(f"{names.get(unit_id, unit_id)} năm {year}: {check.explanation}")
    return problems


def records_of_person(person) -> list[AwardRecord]:
    """The person's awards, newest year first (one query)."""
    return list(
        AwardRecord.objects.filter(person=person)
        .select_related("award__certificate")
        .order_by("-year", "-decision_date", "-id")
    )


def records_of_unit(unit) -> list[AwardRecord]:
    """The unit's own awards as a collective, newest year first (one query)."""
    return list(
        AwardRecord.objects.filter(unit=unit, subject_type=SubjectType.COLLECTIVE)
        .select_related("award__certificate")
        .order_by("-year", "-decision_date", "-id")
    )


def decision_reference(number: str, day: dt.date) -> str:
    """How an award's decision is cited: «Quyết định số 12/QĐ-UBND ngày 10/01/2024»."""
    return f"Quyết định số {number} ngày {day:%d/%m/%Y}"


class Held(NamedTuple):
    """One award held, as the duplicate checks need it. A named tuple, not a frozen
    dataclass: cheap to make in bulk (the criteria engine reads `TitleHeld`, slimmer still)."""

    pk: int
    person_id: int | None
    unit_id: int
    subject_type: str
    year: int
    title_code: str
    form_name: str
    level: str
    issuer: str
    decision_number: str
    decision_date: dt.date
    campaign_id: int | None
    award_id: int | None
    nominee_id: int | None  # the nominee our own decision awarded

    @property
    def reference(self) -> str:
        return decision_reference(self.decision_number, self.decision_date)


_HELD_FIELDS = [
    "pk", "person_id", "unit_id", "subject_type", "year", "title_code", "form_name", "level",
    "issuer", "decision_number", "decision_date", "campaign_id", "award_id",
    "award__nominee_id",
]  # fmt: skip


def _held_records(q: Q, since_year: int | None, until_year: int | None):
    """The awards matching `q` that count, oldest first."""
    # an annulled award (hủy bỏ) or a revoked certificate (thu hồi) no longer counts
    qs = AwardRecord.objects.filter(q, annulled_on__isnull=True).exclude(
        award__certificate__state="revoked"
    )
    if since_year is not None:
        qs = qs.filter(year__gte=since_year)
    if until_year is not None:
        qs = qs.filter(year__lte=until_year)
    return qs.order_by("year", "decision_date", "id")


def _grouped(rows, make, person_at: int, unit_at: int) -> dict[tuple[str, int], list]:
    """("person", id) / ("unit", id) → the rows made into `make` (a named tuple class whose
    fields are the row's columns: made by `tuple.__new__`, no call per row in Python)."""
    out: dict[tuple[str, int], list] = {}
    new = tuple.__new__
    for row in rows:
        held = new(make, row)
        key = ("person", row[person_at]) if row[person_at] is not None else ("unit", row[unit_at])
        found = out.get(key)
        if found is None:
            out[key] = [held]
        else:
            found.append(held)
    return out


def held_by(
    *, person_ids=(), unit_ids=(), since_year: int | None = None
) -> dict[tuple[str, int], list[Held]]:
    """("person", id) / ("unit", id) → awards held (a unit's: as a collective), oldest first.
    The ids may be lists or subqueries. One query."""
    q = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids, subject_type=SubjectType.COLLECTIVE)
    rows = _held_records(q, since_year, None).values_list(*_HELD_FIELDS)
    return _grouped(rows, Held, 1, 2)


class TitleHeld(NamedTuple):
    """A title or form held, as the criteria on the award history read it: the fields they
    need and no more (a province's title round reads several hundred thousand)."""

    year: int
    title_code: str
    decision_number: str
    decision_date: dt.date
    person_id: int | None
    unit_id: int


def titles_held_by(
    *, person_ids=(), unit_ids=(), since_year: int | None = None, until_year: int | None = None
) -> dict[tuple[str, int], list[TitleHeld]]:
    """`held_by` for the criteria engine: the same awards, oldest first, between
    `since_year` and `until_year` (both included, when given), as `TitleHeld`. Two queries,
    the people's and the units': the ids are subqueries of a whole campaign, and PostgreSQL
    plans `person IN (…) OR unit IN (…)` as subplans that are hashed only while the ids fit
    in work_mem; once ~290,000 ids were estimated it searched the list per award (minutes)."""
    out: dict[tuple[str, int], list[TitleHeld]] = {}
    for q in (
        Q(person_id__in=person_ids),
        Q(unit_id__in=unit_ids, subject_type=SubjectType.COLLECTIVE, person_id__isnull=True),
    ):
        rows = _held_records(q, since_year, until_year).values_list(*TitleHeld._fields)
        out.update(_grouped(rows, TitleHeld, 4, 5))  # the two share no key
    return out


@dataclass(frozen=True)
class Proposed:
    """What "one achievement, one award" needs to know of a nominee."""

    nominee_id: int
    person_id: int | None
    unit_id: int
    campaign_id: int
    year: int
    title_code: str | None  # the legal kind of its award form, when known


def repeated_awards(proposed: list[Proposed]) -> dict[int, list[Held]]:
    """One achievement, one award: nominee id → the awards already given to the same person
    or unit for the same achievement — in the same campaign (any form, any level), or in the
    same year under the same title or form — by our decisions or imported ones. One query."""
    if not proposed:
        return {}
    held = held_by(
        person_ids={p.person_id for p in proposed if p.person_id},
        unit_ids={p.unit_id for p in proposed if not p.person_id},
    )
    out: dict[int, list[Held]] = {}
    for p in proposed:
        key = ("person", p.person_id) if p.person_id else ("unit", p.unit_id)
        same = [
            h
            for h in held.get(key, [])
            if h.nominee_id != p.nominee_id
            and (
                (h.campaign_id is not None and h.campaign_id == p.campaign_id)
                or (p.title_code and h.year == p.year and h.title_code == p.title_code)
            )
        ]
        if same:
            out[p.nominee_id] = same
    return out


def existing_keys(*, person_ids, unit_ids, years) -> set[tuple]:
    """For the importer: (subject key, title code, year, decision number, decision date) of
    what is already recorded for these people and units in these years (one query)."""
    q = Q(person_id__in=set(person_ids)) | Q(
        unit_id__in=set(unit_ids), subject_type=SubjectType.COLLECTIVE
    )
    rows = AwardRecord.objects.filter(q, year__in=set(years)).values_list(
        "person_id", "unit_id", "title_code", "year", "decision_number", "decision_date"
    )
    return {
        (("person", p) if p else ("unit", u), code, year, number.casefold(), day)
        for p, u, code, year, number, day in rows
    }


# Initiatives --------------------------------------------------------------------------------


def initiatives_for(user, *, year: int | None = None, unit=None) -> QuerySet[Initiative]:
    """Initiatives of the units the reader reaches, with their authors (two queries)."""
    qs = Initiative.objects.filter(user_scope(user).unit_q("unit__")).select_related("unit")
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.prefetch_related(
        Prefetch("authors", queryset=Person.objects.order_by("sort_key", "id"))
    ).order_by("-year", "name", "id")


def initiative_get_for(user, pk, perm: str = "records.view_initiative") -> Initiative:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy sáng kiến.") from None
    initiative = Initiative.objects.select_related("unit").filter(pk=pk).first()
    if initiative is None or not user.has_perm(perm, initiative):
        raise Http404("Không tìm thấy sáng kiến hoặc bạn không có quyền truy cập.")
    return initiative


def initiatives_of_person(person) -> list[Initiative]:
    """The person's initiatives, newest first (one query; the caller checked the person)."""
    return list(person.initiatives.order_by("-year", "name", "id"))


def initiatives_by_person(person_ids, *, years=None) -> dict[int, list[tuple[int, str, str]]]:
    """person id → [(year, scope, name)] of the initiatives they authored (one query)."""
    qs = Initiative.authors.through.objects.filter(person_id__in=person_ids)
    if years is not None:
        qs = qs.filter(initiative__year__in=set(years))
    out: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pid, year, scope, name in qs.values_list(
        "person_id", "initiative__year", "initiative__scope", "initiative__name"
    ):
        out[pid].append((year, scope, name))
    return dict(out)


# Read by monitoring (the cadre-database export) ------------------------------------------------


def person_records_for_export(*, person=None, unit=None) -> list[AwardRecord]:
    """Individual awards and titles of one person, or of every person of the unit's subtree
    (by the person's unit), with the person, their unit and the title: one query. The caller
    has checked that the reader may export them."""
    qs = AwardRecord.objects.filter(person__isnull=False)
    if person is not None:
        qs = qs.filter(person=person)
    if unit is not None:
        qs = qs.filter(person__unit__path__startswith=unit.path)
    return list(
        qs.select_related("person", "person__unit", "title").order_by(
            "person__sort_key", "person_id", "year", "decision_date", "id"
        )
    )


# Priority coverage ----------------------------------------------------------------------------

PRIORITY_GROUPS = [
    ("women", "Nữ", Q(person__gender="female")),
    ("direct_worker", "Trực tiếp sản xuất, lao động, chiến đấu", Q(person__direct_worker=True)),
    # recorded and other than Kinh (NFC text: "Kinh" has no diacritics to vary)
    (
        "ethnic_minority",
        "Người dân tộc thiểu số",
        ~Q(person__ethnicity="") & ~Q(person__ethnicity__iexact="Kinh"),
    ),
    ("remote_area", "Vùng sâu, vùng xa, biên giới", Q(person__remote_area=True)),
]


@dataclass(frozen=True)
class CoverageRow:
    """Individuals' titles and awards of one year, level and kind, and how many went to each
    priority group (`groups`: key → count, in PRIORITY_GROUPS' order)."""

    year: int
    level: str
    level_label: str
    kind: str  # "title" (danh hiệu thi đua) or "award" (hình thức khen thưởng)
    total: int
    groups: tuple[tuple[str, str, int], ...]

    def shares(self) -> list[tuple[str, int, str]]:
        """(label, count, "33,3") per group."""
        return [
            (label, n, f"{100 * n / self.total:.1f}".replace(".", ",") if self.total else "—")
            for _key, label, n in self.groups
        ]


def priority_coverage(user, *, unit=None, years=None) -> list[CoverageRow]:
    """Each priority group's share of the titles and awards given to individuals, per year,
    level and kind (danh hiệu / hình thức), over the history (our decisions and imported
    ones) of the people the reader reaches — of `unit`'s subtree when given; revoked
    certificates do not count. One query."""
    levels = dict(AwardLevel.choices)
    qs = (
        AwardRecord.objects.filter(person__isnull=False)
        .filter(user_scope(user).unit_q("unit__"))
        .exclude(award__certificate__state="revoked")
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if years is not None:
        qs = qs.filter(year__in=list(years))
    rows = (
        qs.values("year", "level", "title__kind")
        .annotate(total=Count("id"), **{k: Count("id", filter=q) for k, _l, q in PRIORITY_GROUPS})
        .order_by("-year", "level", "title__kind")
    )
    order = {v: i for i, v in enumerate(AwardLevel.values)}
    out = [
        CoverageRow(
            year=r["year"],
            level=r["level"],
            level_label=levels.get(r["level"], "Chưa rõ cấp"),
            kind="title" if r["title__kind"] == TitleKind.EMULATION else "award",
            total=r["total"],
            groups=tuple((k, label, r[k]) for k, label, _q in PRIORITY_GROUPS),
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r.year, order.get(r.level, 99), r.kind != "title"))
