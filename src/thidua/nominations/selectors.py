"""Reads of proposals and nominees, through the reader's scope."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.campaigns.enums import CampaignState, CriterionKind, DossierScope, SubjectType
from thidua.campaigns.models import AwardForm, Campaign, Criterion, DossierItem
from thidua.campaigns.selectors import clock_code_on, kind_clock_codes
from thidua.core.calendar import add_working_days, working_days_between
from thidua.core.selectors import duration_in_force, statutory_durations_in, work_calendar
from thidua.core.text import search_key
from thidua.nominations import trail
from thidua.nominations.enums import (
    FORWARDABLE_NOMINEE_STATES,
    CouncilOutcome,
    NomineeState,
    ProposalState,
    TrailAction,
)
from thidua.nominations.models import (
    Answer,
    Document,
    Event,
    Nominee,
    Proposal,
    TrailStep,
    VerdictSet,
)
from thidua.nominations.rules import COUNCIL, PEOPLE_EDITORS
from thidua.nominations.verdicts import Verdict, decode
from thidua.org.enums import Role
from thidua.org.scope import user_scope
from thidua.records.selectors import (
    PRIORITY_GROUPS,
    Held,
    Proposed,
    cap_problems,
    caps,
    repeated_awards,
)

NOT_FOUND = "Không tìm thấy hồ sơ hoặc bạn không có quyền truy cập."


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def proposal_get_for(user, pk, perm: str = "nominations.view_proposal") -> Proposal:
    proposal = (
        Proposal.objects.select_related("campaign__issuer", "unit", "source_campaign__issuer")
        .filter(pk=_pk(pk))
        .first()
    )
    if proposal is None or not user.has_perm(perm, proposal):
        raise Http404(NOT_FOUND)
    return proposal


def nominee_get_for(user, pk, perm: str = "nominations.view_proposal") -> Nominee:
    nominee = (
        Nominee.objects.select_related(
            "proposal__campaign__issuer", "proposal__unit", "award_form", "unit", "person__unit"
        )
        .filter(pk=_pk(pk))
        .first()
    )
    if nominee is None or not user.has_perm(perm, nominee):
        raise Http404(NOT_FOUND)
    return nominee


def document_get_for(user, pk) -> Document:
    doc = (
        Document.objects.select_related("proposal__campaign__issuer", "proposal__unit", "item")
        .filter(pk=_pk(pk))
        .first()
    )
    if doc is None or not user.has_perm("nominations.view_proposal", doc.proposal):
        raise Http404(NOT_FOUND)
    return doc


def answer_evidence_get_for(user, pk):
    """An answer with its evidence file, if the reader may see the dossier."""
    answer = (
        Answer.objects.select_related(
            "nominee__proposal__campaign__issuer", "nominee__proposal__unit"
        )
        .filter(pk=_pk(pk))
        .exclude(evidence="")
        .first()
    )
    if answer is None or not user.has_perm("nominations.view_proposal", answer.nominee.proposal):
        raise Http404(NOT_FOUND)
    return answer


def proposals_q(user, prefix: str = "") -> Q:
    """Proposals the reader may see: its own units' (editing roles) or, over the issuer, the
    secretariat's and the council's. `prefix="proposal__"` filters nominees."""
    scope = user_scope(user)
    return scope.unit_q(f"{prefix}unit__", PEOPLE_EDITORS) | scope.unit_q(
        f"{prefix}campaign__issuer__", Role.managing() | COUNCIL
    )


# Dossier completeness -------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    item: DossierItem
    nominee: Nominee | None

    @property
    def label(self) -> str:
        if self.nominee is None:
            return self.item.name.rstrip(".")
        return f"{self.item.name.rstrip('.')} của {self.nominee.display_name}"


@dataclass
class DossierSlot:
    item: DossierItem
    nominee: Nominee | None
    document: Document | None


@dataclass
class MissingAnswer:
    """A higher criterion a forwarded nominee has no answer to (what the lower level sent
    answered nothing that matches it), with the lower campaign's criteria one may map to it."""

    nominee: Nominee
    criterion: Criterion
    candidates: list[Criterion]


def missing_higher_answers(proposal: Proposal) -> list[MissingAnswer]:
    """For a dossier a lower level sent up: each nominee's criteria of the higher campaign that
    the unit attests (`attested`: the only kind judged on an answer; the others are judged on
    the facts) and that have no answer yet, in nominee then criterion order. Nothing (no query)
    for a dossier of this level's own units; four queries otherwise."""
    if proposal.source_campaign_id is None:
        return []
    nominees = list(proposal.nominees.select_related("person", "unit", "award_form").order_by("pk"))
    criteria = list(
        Criterion.objects.filter(campaign=proposal.campaign_id, kind=CriterionKind.ATTESTED)
    )
    lower = list(Criterion.objects.filter(campaign=proposal.source_campaign_id))
    have = set(
        Answer.objects.filter(nominee__in=nominees).values_list("nominee_id", "criterion_id")
    )
    out = []
    for n in nominees:
        for c in criteria:
            if c.subject_type == n.subject_type and (n.pk, c.pk) not in have:
                options = [x for x in lower if x.subject_type == c.subject_type]
                out.append(MissingAnswer(n, c, options))
    return out


def dossier_slots(proposal: Proposal) -> list[DossierSlot]:
    """Every document the dossier needs (per proposal once, per nominee for each nominee),
    with the current file where there is one. Four queries, whatever the size."""
    nominees = list(proposal.nominees.select_related("person", "unit"))
    form_ids = {n.award_form_id for n in nominees}
    items = list(
        DossierItem.objects.filter(award_form_id__in=form_ids)
        .select_related("award_form")
        .order_by("award_form__position", "position", "id")
    )
    current = {
        (d.item_id, d.nominee_id): d
        for d in Document.objects.filter(proposal=proposal, superseded_at__isnull=True)
    }
    slots: list[DossierSlot] = []
    seen_proposal_items: set[str] = set()
    for item in items:
        if item.scope == DossierScope.PER_PROPOSAL:
            # One Tờ trình for the whole proposal even when several forms ask for it.
            key = item.name.strip().lower()
            if key in seen_proposal_items:
                continue
            seen_proposal_items.add(key)
            doc = current.get((item.pk, None)) or next(
                (
                    d
                    for (iid, nid), d in current.items()
                    if nid is None and d.item.name.strip().lower() == key
                ),
                None,
            )
            slots.append(DossierSlot(item, None, doc))
        else:
            for n in nominees:
                if n.award_form_id == item.award_form_id:
                    slots.append(DossierSlot(item, n, current.get((item.pk, n.pk))))
    return slots


def dossier_missing(proposal: Proposal) -> list[Missing]:
    return [
        Missing(s.item, s.nominee)
        for s in dossier_slots(proposal)
        if s.document is None and s.item.required
    ]


# Lists -----------------------------------------------------------------------------------------


def nominees_for(
    user, campaign: Campaign, *, unit=None, award_form=None, state=None, eligible=None
) -> QuerySet[Nominee]:
    """The secretariat's list of a campaign's nominees (submitted and later), filtered."""
    qs = (
        Nominee.objects.filter(proposal__campaign=campaign)
        .filter(proposals_q(user, "proposal__"))
        .exclude(state=NomineeState.DRAFT)
        .select_related("proposal__unit", "award_form", "unit", "person")
        .order_by(
            "award_form__position",
            "award_form_id",
            "proposal__unit__path",
            "person__sort_key",
            "id",
        )
    )
    if unit:
        qs = qs.filter(proposal__unit_id=unit)
    if award_form:
        qs = qs.filter(award_form_id=award_form)
    if state:
        qs = qs.filter(state=state)
    if eligible in {"yes", "no", "review"}:
        qs = qs.filter(eligible={"yes": True, "no": False, "review": None}[eligible])
    return qs


def verdicts_by_nominee(nominee_ids, *, criteria: bool = True) -> dict[int, list[Verdict]]:
    """Each nominee's verdicts, one query (models.VerdictSet); with `criteria` (one more query)
    each verdict carries its criterion, in the criteria's order, and a verdict on a criterion
    removed since the nominee was judged is left out. Without, the stored order (the criteria's
    when judged): enough for a list that shows outcomes and explanations."""
    rows = VerdictSet.objects.filter(nominee_id__in=list(nominee_ids)).values_list(
        "nominee_id", "verdicts"
    )
    out = {nominee_id: decode(nominee_id, data) for nominee_id, data in rows}
    if criteria and out:
        ids = {v.criterion_id for verdicts in out.values() for v in verdicts}
        by_pk = Criterion.objects.in_bulk(ids)
        for nominee_id, verdicts in out.items():
            for v in verdicts:
                v.criterion = by_pk.get(v.criterion_id)
            out[nominee_id] = sorted(
                (v for v in verdicts if v.criterion is not None),
                key=lambda v: (v.criterion.position, v.criterion_id),
            )
    return out


def verdicts_of(nominee: Nominee) -> dict[int, Verdict]:
    """criterion id → the nominee's verdict, each override with the account that made it (one
    query, and one more only when the secretariat overrode something)."""
    verdicts = verdicts_by_nominee([nominee.pk], criteria=False).get(nominee.pk, [])
    by_id = {v.overridden_by_id for v in verdicts if v.overridden_by_id is not None}
    if by_id:
        users = get_user_model().objects.in_bulk(by_id)
        for v in verdicts:
            v.overridden_by = users.get(v.overridden_by_id)
    return {v.criterion_id: v for v in verdicts}


def award_forms_of(campaign: Campaign) -> list[AwardForm]:
    return list(
        campaign.award_forms.prefetch_related(
            Prefetch("checklist", queryset=DossierItem.objects.order_by("position", "id"))
        )
    )


# For the council and the decision (contract) ---------------------------------------------------


def nominees_for_council(*, campaign: Campaign) -> QuerySet[Nominee]:
    """Accepted, eligible nominees: what the council may consider."""
    return (
        Nominee.objects.filter(
            proposal__campaign=campaign, state=NomineeState.ACCEPTED, eligible=True
        )
        .select_related("award_form", "unit", "person", "proposal")
        .order_by("award_form__position", "award_form_id", "id")
    )


def nominees_staged(*, campaign: Campaign) -> QuerySet[Nominee]:
    """The council's proposed list, pending the decision."""
    return (
        Nominee.objects.filter(
            proposal__campaign=campaign,
            state=NomineeState.ACCEPTED,
            council_outcome=CouncilOutcome.PROPOSED,
        )
        .select_related("award_form", "unit", "person", "proposal")
        .order_by("award_form__position", "award_form_id", "council_rank", "id")
    )


def proposals_search(user, query: str, *, limit: int = 10) -> list[Proposal]:
    """Dossiers in the reader's reach whose unit's name has every word of the query, without
    diacritics; newest campaign first."""
    words = search_key(query).split()
    if not words:
        return []
    qs = Proposal.objects.filter(proposals_q(user))
    for w in words:
        qs = qs.filter(unit__search_key__contains=w)
    return list(qs.select_related("unit", "campaign").order_by("-campaign__year", "-id")[:limit])


def verdict_of(nominee: Nominee, criterion) -> Verdict | None:
    return verdicts_of(nominee).get(criterion.pk)


# Figures for the monitoring dashboard: `unit_ids` None means every participant ------------------


def proposal_state_counts(campaign, unit_ids=None) -> dict[str, int]:
    rows = Proposal.objects.filter(campaign=campaign)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return dict(rows.values("state").annotate(n=Count("id")).order_by().values_list("state", "n"))


def nominee_tallies(campaign, unit_ids=None) -> list[tuple]:
    """Sent nominees counted by (unit, award form, subject type, state, eligible): rows of
    those five, the count, and how many the council staged for award."""
    rows = Nominee.objects.filter(proposal__campaign=campaign)
    if unit_ids is not None:
        rows = rows.filter(proposal__unit_id__in=unit_ids)
    staged_q = Q(council_outcome=CouncilOutcome.PROPOSED,
                 state__in=[NomineeState.ACCEPTED, NomineeState.AWARDED])  # fmt: skip
    return list(
        rows.exclude(state=NomineeState.DRAFT)
        .values("proposal__unit_id", "award_form_id", "subject_type", "state", "eligible")
        .annotate(n=Count("id"), staged=Count("id", filter=staged_q))
        .order_by()
        .values_list("proposal__unit_id", "award_form_id", "subject_type", "state", "eligible",
                     "n", "staged")
    )  # fmt: skip


def proposal_rows(campaign, unit_ids) -> list[tuple]:
    """(unit id, state, when it was last returned) of the units' proposals."""
    return list(
        Proposal.objects.filter(campaign=campaign, unit_id__in=unit_ids)
        .annotate(at=Max("events__at", filter=Q(events__action="proposal_return")))
        .values_list("unit_id", "state", "at")
    )


# Working-day clocks of dossiers ----------------------------------------------------------------

#: The statutory step a received dossier's clock counts (core.StatutoryDuration.code) when
#: its campaign's kind of commendation has no rule in force (campaigns.AwardKindRule.clock_code
#: names the step otherwise: đột xuất runs the short "tham-dinh-dot-xuat").
APPRAISAL = "tham-dinh-ho-so"
#: How far past the latest start the calendar is read (a statutory duration is weeks).
_HORIZON = dt.timedelta(days=400)
#: The events that end the receiving office's clock: it returned or accepted the dossier.
_HANDLED = ["proposal_return", "proposal_accept"]


@dataclass(frozen=True)
class DossierClock:
    """The receiving office's clock on one dossier, from the day it was (last) received."""

    received: dt.date
    due: dt.date
    working_days: int
    confirmed: bool  # the duration has been checked against the legal text
    handled: dt.date | None  # returned or accepted on; None while it waits
    days_left: int  # working days from today (waiting) or from `handled` to the due date
    step: str = ""  # the statutory step counted (the kind's: "… đột xuất …")

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def on_time(self) -> bool | None:
        """Handled by the due date (None while it waits)."""
        return None if self.handled is None else self.handled <= self.due


def dossier_clocks(
    rows: Iterable[tuple[int, dt.datetime | None, str, str]], *, today: dt.date | None = None
) -> dict[int, DossierClock]:
    """Proposal id → its clock, for rows of (proposal id, submitted at, the receiving body's
    level, the campaign's award kind): the step counted is the kind's (its AwardKindRule's
    clock_code in force on the day received, else APPRAISAL). Four queries whatever the
    number (kinds' rules, durations, calendar, handling events). A dossier never submitted,
    or whose step has no duration in force, has no clock."""
    rows = [row for row in rows if row[1] is not None]
    if not rows:
        return {}
    today = today or timezone.localdate()
    rules = kind_clock_codes()
    by_code: dict[str, list] = {}
    for d in statutory_durations_in({APPRAISAL} | {r[3] for r in rules}):
        by_code.setdefault(d.code, []).append(d)
    received = {row[0]: timezone.localtime(row[1]) for row in rows}
    handled: dict[int, dt.datetime] = {}
    for pk, at in Event.objects.filter(
        proposal_id__in=list(received), action__in=_HANDLED
    ).values_list("proposal_id", "at"):
        if at >= received[pk] and (pk not in handled or at < handled[pk]):
            handled[pk] = at
    days = [d.date() for d in received.values()]
    calendar = work_calendar(min(days + [today]), max(days + [today]) + _HORIZON)
    out = {}
    for pk, _at, level, award_kind in rows:
        start = received[pk].date()
        code = clock_code_on(rules, award_kind, start) or APPRAISAL
        duration = duration_in_force(by_code.get(code, []), level=level, on=start)
        if duration is None:
            continue
        due = add_working_days(start, duration.working_days, calendar)
        done = timezone.localtime(handled[pk]).date() if pk in handled else None
        out[pk] = DossierClock(
            received=start,
            due=due,
            working_days=duration.working_days,
            confirmed=duration.confirmed,
            handled=done,
            days_left=working_days_between(done or today, due, calendar),
            step=duration.name,
        )
    return out


def proposal_clocks(proposals: Iterable[Proposal], *, today=None) -> dict[int, DossierClock]:
    """Clocks of proposals loaded with their campaign's issuer (the receiving level)."""
    return dossier_clocks(
        ((p.pk, p.submitted_at, p.campaign.issuer.kind, p.campaign.award_kind) for p in proposals),
        today=today,
    )


def proposals_received(user):
    """(id, submitted at, receiving level, award kind) of every submitted proposal the reader
    sees."""
    return (
        Proposal.objects.filter(proposals_q(user), submitted_at__isnull=False)
        .values_list("pk", "submitted_at", "campaign__issuer__kind", "campaign__award_kind")
        .order_by()
    )


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def proposals_by_key(campaign_ids, unit_ids) -> dict[tuple[int, int], Proposal]:
    """(campaign id, unit id) → the unit's proposal (one query)."""
    return {
        (p.campaign_id, p.unit_id): p
        for p in Proposal.objects.filter(campaign_id__in=campaign_ids, unit_id__in=unit_ids)
    }


def last_return_events(proposal_ids) -> dict[int, Event]:
    """proposal id → its latest return (one query)."""
    last: dict[int, Event] = {}
    for event in Event.objects.filter(proposal_id__in=proposal_ids, action="proposal_return"):
        last[event.proposal_id] = event  # ordered by time: the last one stays
    return last


def campaigns_under_review(scope, *, roles, states, limit: int) -> list[Campaign]:
    """Campaigns in `states` issued by units the scope reaches through `roles`, newest first,
    each with `submitted`: its proposals waiting for review (one query)."""
    return list(
        Campaign.objects.filter(scope.unit_q("issuer__", roles=roles))
        .filter(state__in=states)
        .annotate(
            submitted=Count(
                "proposals", filter=Q(proposals__state=ProposalState.SUBMITTED), distinct=True
            )
        )
        .order_by("-period_start", "-id")[:limit]
    )


def proposal_states_in(campaigns: QuerySet[Campaign]) -> dict[str, int]:
    """state → proposals of `campaigns` (one query)."""
    return dict(
        Proposal.objects.filter(campaign__in=campaigns)
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )


def proposal_exists(campaign, *, states=None) -> Exists:
    """A filter on units (outer `pk`): the unit has a proposal (in `states` when given)."""
    qs = Proposal.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    if states is not None:
        qs = qs.filter(state__in=states)
    return Exists(qs)


def proposals_sent(campaign) -> QuerySet:
    """Ids of the units whose proposal left the draft (a subquery)."""
    return (
        Proposal.objects.filter(campaign=campaign)
        .exclude(state=ProposalState.DRAFT)
        .values("unit_id")
    )


def returned_since(campaign, cutoff) -> list[tuple[int, int, object]]:
    """(unit id, version, returned at) of the returned proposals not supplemented since
    `cutoff` (one query)."""
    return list(
        Proposal.objects.filter(campaign=campaign, state=ProposalState.RETURNED)
        .annotate(at=Max("events__at", filter=Q(events__action="proposal_return")))
        .filter(at__lte=cutoff)
        .values_list("unit_id", "version", "at")
    )


# The upward chain: packages sent up, the receiving level's inbox, the trail ---------------------


def forward_targets(campaign: Campaign) -> list[Campaign]:
    """The higher levels' campaigns (or regular rounds) this campaign's issuer may send a
    package to: issued by an ancestor, running or evaluating, with the issuer among their
    participants (two queries)."""
    issuer = campaign.issuer
    ancestors = [int(p) for p in issuer.path.strip("/").split("/") if p and int(p) != issuer.pk]
    return list(
        Campaign.objects.filter(
            issuer_id__in=ancestors,
            state__in=[CampaignState.RUNNING, CampaignState.EVALUATING],
            participants__unit=issuer,
        )
        .select_related("issuer")
        .prefetch_related("award_forms")
        .distinct()
        .order_by("-year", "title")
    )


def forwardable_nominees(campaign: Campaign) -> list[Nominee]:
    """What a level may send up from its campaign: nominees it checked (accepted) or decided
    (awarded), with its council's outcome (one query)."""
    return list(
        Nominee.objects.filter(proposal__campaign=campaign, state__in=FORWARDABLE_NOMINEE_STATES)
        .select_related("person", "unit", "award_form", "proposal__unit")
        .order_by("subject_type", "proposal__unit__name", "id")
    )


def received_for(user, *, today: dt.date | None = None) -> list[Proposal]:
    """Packages sent up to the campaigns the reader runs (its secretariat), newest first, each
    with `clock`: the receiving office's DossierClock from its last sending (None when no
    duration is in force). A constant five queries, whatever the number of rows."""
    scope = user_scope(user)
    if scope.is_empty:
        return []
    rows = list(
        Proposal.objects.filter(  # sent up here, or received from the lower level's instance
            Q(source_campaign__isnull=False) | Q(forward_data__has_key="received")
        )
        .exclude(state=ProposalState.DRAFT)
        .filter(scope.unit_q("campaign__issuer__", Role.managing()))
        .select_related("campaign__issuer", "unit", "source_campaign")
        .annotate(nominee_count=Count("nominees"))
        .order_by("-submitted_at", "-id")
    )
    clocks = proposal_clocks(rows, today=today)
    for p in rows:
        p.clock = clocks.get(p.pk)
    return rows


def _chain_ids(proposal: Proposal) -> list[int]:
    """The proposal and, level by level, the lower-level proposals its nominees were sent up
    from (one query per level)."""
    ids, frontier = [proposal.pk], [proposal.pk]
    while frontier:
        lower = set(
            Nominee.objects.filter(proposal__in=frontier, source_nominee__isnull=False)
            .values_list("source_nominee__proposal_id", flat=True)
            .distinct()
        ) - set(ids)
        ids += sorted(lower)
        frontier = sorted(lower)
    return ids


@dataclass
class Trail:
    proposal: Proposal
    steps: list[TrailStep]  # every level's steps, oldest first
    check: trail.TrailCheck

    @property
    def own_steps(self) -> list[TrailStep]:
        return [s for s in self.steps if s.proposal_id == self.proposal.pk]


def _recorded(step: TrailStep) -> trail.RecordedStep:
    return trail.RecordedStep(
        proposal_id=step.proposal_id,
        seq=step.seq,
        label=TrailAction(step.action).label if step.action in TrailAction.values else step.action,
        day=f"{timezone.localtime(step.at):%d/%m/%Y}",
        fields=trail.step_fields(  # a received step: as it was hashed where it was taken
            proposal_id=step.origin_proposal if step.origin else step.proposal_id,
            seq=step.seq,
            action=step.action,
            actor_id=step.origin_actor if step.origin else step.actor_id,
            actor_name=step.actor_name,
            unit_id=step.origin_unit if step.origin else step.unit_id,
            unit_name=step.unit_name,
            level=step.level,
            at=step.origin_at if step.origin else step.at.isoformat(),
            payload=step.payload,
        ),
        content_hash=step.content_hash,
        prev_hash=step.prev_hash,
        step_hash=step.step_hash,
    )


def _file_hash(documents: dict[int, Document]):
    def read(doc_id: int) -> str | None:
        doc = documents.get(doc_id)
        if doc is None:
            return None
        try:
            with doc.file.open("rb") as fh:
                return trail.sha256(fh.read())
        except (FileNotFoundError, OSError, ValueError):
            return None

    return read


def trail_of(proposal: Proposal) -> Trail:
    """The dossier's trail across levels (the lower levels' steps first) and its check: each
    step's hash chain, and every document each step recorded read again from storage, so a
    document changed after its step is named. Queries: one per level, plus four."""
    ids = _chain_ids(proposal)
    steps = list(
        TrailStep.objects.filter(proposal__in=ids)
        .select_related("proposal__unit", "proposal__campaign")
        .order_by("at", "proposal_id", "seq")
    )
    chains: dict[int, list[trail.RecordedStep]] = {pid: [] for pid in ids}
    for s in sorted(steps, key=lambda s: (s.proposal_id, s.seq)):
        chains[s.proposal_id].append(_recorded(s))
    recorded_ids = {
        d["id"] for s in steps for d in (s.payload or {}).get("documents", []) if "id" in d
    }
    # A document received from another instance is named by the steps by its id there.
    documents = {
        d.origin_id or d.pk: d
        for d in Document.objects.filter(
            Q(pk__in=recorded_ids, origin_id__isnull=True)
            | Q(proposal__in=ids, origin_id__in=recorded_ids)
            | Q(proposal__in=ids, superseded_at__isnull=True)
        )
    }
    current = {
        pk: trail.CurrentDocument(
            id=pk,
            proposal_id=d.proposal_id,
            name=d.name,
            stored_sha256=d.sha256,
            superseded=d.superseded_at is not None,
        )
        for pk, d in documents.items()
    }
    live: dict[int, set[int]] = {pid: set() for pid in ids}
    states: dict[int, str] = {}
    for pid, nid, state in Nominee.objects.filter(proposal__in=ids).values_list(
        "proposal_id", "pk", "proposal__state"
    ):
        live[pid].add(nid)
        states[pid] = state
    states[proposal.pk] = proposal.state
    origins, problems = {}, []
    hashes_of = {pid: {s.step_hash for s in chain} for pid, chain in chains.items()}
    received = {s.proposal_id for s in steps if s.origin}
    for pid, chain in chains.items():
        first = chain[0] if chain else None
        sources = (
            (first.fields["payload"].get("forwarded") or {}).get("sources", []) if first else []
        )
        origins[pid] = trail.origin_hash(
            first.fields["proposal"] if first else pid,
            [s["step_hash"] for s in sources if s["step_hash"]],
        )
        for s in sources if pid not in received else ():  # lower levels stayed at the sender
            if (
                s["step_hash"]
                and s["proposal"] in hashes_of
                and (s["step_hash"] not in hashes_of[s["proposal"]])
            ):
                problems.append(
                    f"Hồ sơ cấp dưới đã bị thay đổi sau khi gửi lên (bước {first.seq}, "
                    f"{first.label}, ngày {first.day}): nhật ký của cấp dưới không còn khớp."
                )
    result = trail.check(
        chains,
        origins,
        current,
        _file_hash(documents),
        open_proposals=[pid for pid, st in states.items() if st in ProposalState.editable()],
        live_nominees=live,
    )
    result.problems += problems
    return Trail(proposal=proposal, steps=steps, check=result)


# Caps, one achievement one award, priority shares --------------------------------------------


def proposal_cap_problems(proposal: Proposal, *, adding: Nominee | None = None) -> list[str]:
    """Caps on titles over the proposal's individual nominees (plus `adding`), each counted
    in the person's unit with the unit's recorded history of the campaign's year, under the
    caps in force on the campaign's planned decision date — the same check the decision makes
    when it is issued (records.selectors.cap_problems). Two queries and the history's."""
    rows = list(
        Nominee.objects.filter(proposal=proposal, person__isnull=False).values_list(
            "unit_id", "award_form__legal_kind"
        )
    )
    if adding is not None:
        rows.append((adding.unit_id, adding.award_form.legal_kind))
    counts: dict[tuple[int, str], int] = {}
    for unit_id, kind in rows:
        if kind:
            counts[(unit_id, kind)] = counts.get((unit_id, kind), 0) + 1
    day = proposal.campaign.planned_decision_date()
    if adding is not None:
        # only the cap on the title being added can refuse it
        unit_id, kind = adding.unit_id, adding.award_form.legal_kind
        bases = {c.basis_code for c in caps() if c.title_code == kind and c.in_force(day)}
        if not bases:
            return []
        counts = {(unit_id, kind): counts[(unit_id, kind)]} | {
            (unit_id, b): counts.get((unit_id, b), 0) for b in bases
        }
    return cap_problems(
        year=proposal.campaign.year,
        day=day,
        adding=counts,
    )


def proposal_repeats(proposal: Proposal, nominees: list[Nominee]) -> dict[int, list[Held]]:
    """One achievement, one award, while the unit builds its list: nominee id → the awards
    the person or collective already holds for the same achievement (same campaign, or same
    year and title). Households have no history. One query."""
    return repeated_awards(
        [
            Proposed(
                nominee_id=n.pk,
                person_id=n.person_id,
                unit_id=n.unit_id,
                campaign_id=proposal.campaign_id,
                year=proposal.campaign.year,
                title_code=n.award_form.legal_kind or None,
            )
            for n in nominees
            if n.subject_type != SubjectType.HOUSEHOLD
        ]
    )


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> str:
        """ "33,3" (one decimal, Vietnamese comma); "—" with no one to count."""
        if not self.total:
            return "—"
        return f"{100 * self.count / self.total:.1f}".replace(".", ",")


def proposal_priority_shares(proposal: Proposal) -> list[Share]:
    """The share of each priority group (Luật Thi đua, khen thưởng 2022, Điều 5: women, those
    who work directly, ethnic minorities, remote and border areas) among the proposal's
    individual nominees, as the unit builds its list. One query."""
    counts = Nominee.objects.filter(proposal=proposal, person__isnull=False).aggregate(
        total=Count("id"),
        **{key: Count("id", filter=q) for key, _label, q in PRIORITY_GROUPS},
    )
    return [
        Share(key, label, counts[key] or 0, counts["total"] or 0)
        for key, label, _q in PRIORITY_GROUPS
    ]
