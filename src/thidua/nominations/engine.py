"""The criteria engine: every criterion of a campaign judged for all its nominees at once.

Each criterion kind is one module in `evaluators/` with a function
`evaluate(criterion, subjects, ctx) -> {nominee_id: (outcome, explanation)}`. The context
loads each kind of fact once for the whole campaign (one or two queries each), so the number
of queries does not grow with the number of nominees.
"""

import datetime as dt
import gc
from contextlib import contextmanager
from functools import cached_property
from typing import NamedTuple

from thidua.campaigns.criteria import data_years
from thidua.campaigns.enums import PhaseKind
from thidua.campaigns.models import Campaign, Criterion, Registration
from thidua.indicators.selectors import (
    component_changes_by_unit,
    discipline_by_person,
    indicator_values_by_unit,
    ratings_by_person,
    task_completion_by_unit,
)
from thidua.nominations.enums import NomineeState, Outcome
from thidua.nominations.evaluators.history import HISTORY_KINDS, window
from thidua.nominations.models import Answer, Nominee
from thidua.org.selectors import service_periods_by_person
from thidua.records.selectors import TitleResolver, initiatives_by_person, titles_held_by


# Tuples with names, not dataclasses: a campaign builds one of each per nominee (200,000 in a
# title round) and a frozen dataclass costs several times as much to build.
class Subject(NamedTuple):
    nominee_id: int
    subject_type: str
    unit_id: int
    person_id: int | None


class Attestation(NamedTuple):
    attested: bool
    has_evidence: bool


class Context:
    """Facts about the campaign's nominees, each loaded on first use, in bulk."""

    def __init__(
        self,
        campaign: Campaign,
        subjects: list[Subject],
        year: int | None = None,
        criteria: list[Criterion] | None = None,
    ):
        """`year`: the year whose results are read (a criterion's data period,
        campaigns.criteria.data_years); by default the campaign's own, over its period.
        `criteria`: the campaign's, when known: the award history is then read only from the
        first year a criterion on it looks at (a title round reads two years of ten)."""
        self.campaign = campaign
        self.criteria = criteria
        self.subjects = subjects
        self.year: int = year or campaign.year
        own = self.year == campaign.year
        self.period_start: dt.date = (own and campaign.period_start) or dt.date(self.year, 1, 1)
        self.period_end: dt.date = (own and campaign.period_end) or dt.date(self.year, 12, 31)

    # The facts are read for the campaign's nominees given as subqueries, so a campaign of
    # 100,000 nominees costs the same number of queries as one of ten.
    @cached_property
    def unit_ids(self):
        return _judged(self.campaign).values_list("unit_id", flat=True).distinct()

    @cached_property
    def person_ids(self):
        return (
            _judged(self.campaign)
            .filter(person__isnull=False)
            .values_list("person_id", flat=True)
            .distinct()
        )

    @cached_property
    def tasks(self) -> dict[int, tuple[int, int]]:
        return task_completion_by_unit(unit_ids=self.unit_ids, year=self.year)

    def components(self, frameworks: tuple[str, ...]) -> dict:
        key = ("components", frameworks)
        if key not in self.__dict__:
            self.__dict__[key] = component_changes_by_unit(
                unit_ids=self.unit_ids, year=self.year, framework_kinds=frameworks
            )
        return self.__dict__[key]

    @cached_property
    def ratings(self) -> dict[int, str]:
        return ratings_by_person(person_ids=self.person_ids, year=self.year)

    @cached_property
    def discipline(self) -> dict[int, list]:
        return discipline_by_person(
            person_ids=self.person_ids, start=self.period_start, end=self.period_end
        )

    def indicator(self, code: str) -> dict:
        key = ("indicator", code)
        if key not in self.__dict__:
            self.__dict__[key] = indicator_values_by_unit(
                unit_ids=self.unit_ids, year=self.year, code=code
            )
        return self.__dict__[key]

    @cached_property
    def registrations(self) -> dict[int, object]:
        rows = Registration.objects.filter(campaign=self.campaign).only(
            "unit_id", "registered_at", "plan_uploaded_at", "plan_late"
        )
        return {r.unit_id: r for r in rows}

    @cached_property
    def registration_deadline(self) -> dt.datetime | None:
        phase = self.campaign.phases.filter(kind=PhaseKind.REGISTRATION).first()
        return phase.ends_at if phase else None

    @cached_property
    def history(self) -> dict:
        """("person", id) / ("unit", id) → titles and forms held (records.TitleHeld), oldest
        first, in the years the campaign's history criteria read (from the first to the last
        year of their windows), else in the last 20 years."""
        since, until = self.year - 20, None
        if self.criteria is not None:
            kinds = HISTORY_KINDS
            windows = [window(c.params, self.year) for c in self.criteria if c.kind in kinds]
            since = min((w[0] for w in windows), default=self.year)
            until = max((w[-1] for w in windows), default=self.year)
        return titles_held_by(
            person_ids=self.person_ids, unit_ids=self.unit_ids, since_year=since, until_year=until
        )

    @cached_property
    def initiatives(self) -> dict[int, list[tuple[int, str, str]]]:
        """person id → [(year, scope, name)] of the initiatives recognised in `year`."""
        return initiatives_by_person(self.person_ids, years=[self.year])

    @cached_property
    def service(self) -> dict[int, tuple]:
        """person id → (service_start, [(from, to, organisation, position)]) (org)."""
        return service_periods_by_person(self.person_ids)

    @cached_property
    def titles(self):
        """Resolves a criterion's "title" parameter (a name or a code) to a code and a name."""

        return TitleResolver()

    @cached_property
    def answers(self) -> dict[tuple[int, int], Attestation]:
        rows = Answer.objects.filter(nominee__proposal__campaign=self.campaign).values_list(
            "nominee_id", "criterion_id", "attested", "evidence"
        )
        return {(n, c): Attestation(attested, bool(evidence)) for n, c, attested, evidence in rows}


def _judged(campaign: Campaign):
    return Nominee.objects.filter(proposal__campaign=campaign).exclude(state=NomineeState.DRAFT)


def subjects_of(campaign: Campaign) -> list[Subject]:
    """The nominees past draft, without their names (no criterion reads them: two joins on
    200,000 people saved in a title round)."""
    new = tuple.__new__
    rows = _judged(campaign).values_list("pk", "subject_type", "unit_id", "person_id")
    return [new(Subject, row) for row in rows]


def evaluate_campaign(campaign: Campaign) -> dict[tuple[int, int], tuple[str, str]]:
    """{(nominee_id, criterion_id): (outcome, explanation)} for every nominee past draft."""
    return {
        (nominee_id, criterion_id): (outcome, explanation)
        for nominee_id, entries in evaluate_nominees(campaign).items()
        for criterion_id, outcome, explanation in entries
    }


def evaluate_nominees(campaign: Campaign) -> dict[int, list[tuple[int, str, str]]]:
    """{nominee_id: [(criterion_id, outcome, explanation), …]} for every nominee past draft
    that a criterion applies to, each nominee's verdicts in the criteria's order (position):
    the shape a nominee's verdicts are stored in (models.VerdictSet)."""
    with without_gc():
        return _evaluate_nominees(campaign)


@contextmanager
def without_gc():
    """Python's cyclic garbage collector paused: judging a campaign builds millions of small
    objects (facts, verdicts), none of them in a cycle, and each collection walks all of them
    again: at 200,000 nominees it cost as much as the judging (bench/README.md, title round).
    Memory is still freed by reference counting; the previous state comes back after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _evaluate_nominees(campaign: Campaign) -> dict[int, list[tuple[int, str, str]]]:
    from thidua.nominations.evaluators import REGISTRY

    subjects = subjects_of(campaign)
    criteria = list(Criterion.objects.filter(campaign=campaign).order_by("position", "id"))
    contexts: dict[int, Context] = {}  # one per year read: its facts are loaded once

    def context(year: int) -> Context:
        if year not in contexts:
            contexts[year] = Context(campaign, subjects, year, criteria)
        return contexts[year]

    by_type: dict[str, list[Subject]] = {}
    for s in subjects:
        by_type.setdefault(s.subject_type, []).append(s)
    out: dict[int, list[tuple[int, str, str]]] = {}
    for criterion in criteria:
        group = by_type.get(criterion.subject_type, [])
        if not group:
            continue
        years = data_years(criterion.data_period, criterion.data_years, campaign.year)
        evaluate = REGISTRY[criterion.kind]
        per_year = [evaluate(criterion, group, context(y)) for y in years]
        pk = criterion.pk
        if len(per_year) == 1:  # the common case: one year, no combining
            # Most nominees get one of a few verdicts (the evaluators share them): each entry
            # is made once per distinct verdict, and the store encodes each distinct list once.
            made: dict[tuple[str, str], tuple[int, str, str]] = {}
            for nominee_id, verdict in per_year[0].items():
                entry = made.get(verdict)
                if entry is None:
                    entry = made[verdict] = (pk, *verdict)
                entries = out.get(nominee_id)
                if entries is None:
                    out[nominee_id] = [entry]
                else:
                    entries.append(entry)
            continue
        for s in group:
            results = [r[s.nominee_id] for r in per_year if s.nominee_id in r]
            if results:
                out.setdefault(s.nominee_id, []).append((pk, *_combine(results)))
    return out


def _combine(results: list[tuple[str, str]]) -> tuple[str, str]:
    """A criterion judged over several years ("3 consecutive years") is met when it is met in
    every one of them, not met when any year is not met, and needs a person otherwise."""
    if len(results) == 1:
        return results[0]
    outcomes = {o for o, _ in results}
    if Outcome.NOT_MET in outcomes:
        outcome = Outcome.NOT_MET
    elif outcomes == {Outcome.MET}:
        outcome = Outcome.MET
    else:
        outcome = Outcome.NEEDS_REVIEW
    return outcome, " ".join(text for _, text in results)
