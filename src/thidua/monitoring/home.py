"""Each role's home: what waits for the reader, read server-side with a fixed number of
queries (one per family of items, never one per campaign or per unit).

A focal officer sees the open campaigns of the units it is focal point for, with the next
deadline and the state of registration, self-assessment and proposal (and the reasons of a
return), and what was sent to the unit; the secretariat sees proposals waiting for review,
units overdue with their registration, the next council session and the draft decisions; a
council member sees sessions to prepare and the ballot open now; an editor the stories waiting
for review; the leaders (the council chair, an observer) a one-screen summary with the year's
results (monitoring.results).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from thidua.awards import selectors as award_selectors
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import CampaignState, PhaseKind
from thidua.communication import selectors as communication_selectors
from thidua.council import selectors as council_selectors
from thidua.council.enums import SessionState
from thidua.distribution import selectors as distribution_selectors
from thidua.monitoring.results import YearResults, year_results
from thidua.nominations import selectors as nomination_selectors
from thidua.nominations.enums import ProposalState
from thidua.org.enums import Role
from thidua.org.scope import user_scope
from thidua.participation import selectors as participation_selectors

OPEN_STATES = sorted(CampaignState.in_progress())
# A unit still follows a campaign once decided: its outcome and the decision sent to it.
UNIT_STATES = [*OPEN_STATES, CampaignState.DECIDED]
LIST_LIMIT = 20


@dataclass
class NextStep:
    label: str
    ends_at: dt.datetime


@dataclass
class UnitCampaign:
    """One open campaign as one of the officer's units lives it."""

    campaign_id: int
    title: str
    unit_id: int
    unit_name: str
    next_step: NextStep | None = None
    registration: str = "missing"  # "done", "late", "missing", "overdue"
    registered_at: dt.datetime | None = None
    plan_uploaded: bool = False
    proposal_id: int | None = None
    proposal_state: str = ""
    return_reasons: list[str] = field(default_factory=list)
    returned_at: dt.datetime | None = None

    @property
    def proposal_label(self) -> str:
        return ProposalState(self.proposal_state).label if self.proposal_state else ""


@dataclass
class Inbox:
    unread: int
    recent: list  # distribution Delivery rows


@dataclass
class CampaignReview:
    campaign_id: int
    title: str
    submitted: int = 0
    overdue_units: int = 0
    registration_deadline: dt.datetime | None = None


@dataclass
class SessionWork:
    session: object  # a council session
    items: int
    voted: bool = False


@dataclass
class Summary:
    campaigns_open: int
    proposals: Counter
    decisions_issued: int
    results: YearResults


@dataclass
class Home:
    roles: set[str]
    focal: list[UnitCampaign] = field(default_factory=list)
    inbox: Inbox | None = None
    review: list[CampaignReview] = field(default_factory=list)
    next_session: object | None = None  # a council session
    draft_decisions: list = field(default_factory=list)  # awards Decision rows
    sessions: list[SessionWork] = field(default_factory=list)
    stories_waiting: list = field(default_factory=list)  # communication Article rows
    # The public's: comments waiting for moderation, citizens' proposals not yet handled.
    public_waiting: tuple[int, int] = (0, 0)
    summary: Summary | None = None

    @property
    def ballots_open(self) -> list[SessionWork]:
        return [s for s in self.sessions if s.session.state == SessionState.VOTING and not s.voted]

    @property
    def is_empty(self) -> bool:
        return not (
            self.focal
            or (self.inbox and self.inbox.unread)
            or self.review
            or self.next_session
            or self.draft_decisions
            or self.sessions
            or self.stories_waiting
            or any(self.public_waiting)
            or self.summary
        )


def home_for(user, *, year: int | None = None) -> Home:
    """`year`: the campaign year of the leader's results (the latest when None)."""
    scope = user_scope(user)
    roles = scope.roles()
    home = Home(roles=roles)
    if scope.is_empty:
        return home
    now = timezone.now()
    if Role.FOCAL_POINT in roles:
        home.focal = _focal(scope, now)
        home.inbox = _inbox(scope)
    if scope.has_role(*Role.managing()):
        home.review = _review(scope, now)
        home.next_session = council_selectors.session_next_in(scope, roles=Role.managing())
        home.draft_decisions = award_selectors.decisions_draft_in(
            scope, roles=Role.managing(), limit=LIST_LIMIT
        )
        home.public_waiting = participation_selectors.waiting_in(scope)
    if Role.COUNCIL_MEMBER in roles or Role.COUNCIL_CHAIR in roles:
        home.sessions = _sessions(user)
    if Role.EDITOR in roles or scope.has_role(*Role.managing()):
        home.stories_waiting = communication_selectors.articles_in_review(scope, limit=LIST_LIMIT)
    if Role.COUNCIL_CHAIR in roles or Role.OBSERVER in roles:
        home.summary = _summary(scope, user, year)
    return home


def _phases(campaign_ids) -> dict[int, list]:
    return defaultdict(list, campaign_selectors.phases_of_campaigns(campaign_ids))


def _next_step(phases: list, now) -> NextStep | None:
    ahead = [p for p in phases if p.kind != PhaseKind.EMULATION and p.ends_at > now]
    if not ahead:
        return None
    p = min(ahead, key=lambda p: p.ends_at)
    return NextStep(PhaseKind(p.kind).label, p.ends_at)


def _deadline(phases: list, kind: str):
    return next((p.ends_at for p in phases if p.kind == kind), None)


def _focal(scope, now) -> list[UnitCampaign]:
    focal_roles = {Role.FOCAL_POINT}
    participants = campaign_selectors.participations_in_scope(
        scope, roles=focal_roles, states=UNIT_STATES, limit=LIST_LIMIT
    )
    if not participants:
        return []
    campaign_ids = {p.campaign_id for p in participants}
    unit_ids = {p.unit_id for p in participants}
    phases = _phases(campaign_ids)
    regs = campaign_selectors.registrations_by_key(campaign_ids, unit_ids)
    proposals = nomination_selectors.proposals_by_key(campaign_ids, unit_ids)
    returned = [p.pk for p in proposals.values() if p.state == ProposalState.RETURNED]
    last_return = nomination_selectors.last_return_events(returned)
    out = []
    for part in participants:
        key = (part.campaign_id, part.unit_id)
        row = UnitCampaign(
            campaign_id=part.campaign_id,
            title=part.campaign.title,
            unit_id=part.unit_id,
            unit_name=part.unit.name,
            next_step=_next_step(phases[part.campaign_id], now),
        )
        reg = regs.get(key)
        reg_end = _deadline(phases[part.campaign_id], PhaseKind.REGISTRATION)
        if reg is not None:
            row.registered_at = reg.registered_at
            row.plan_uploaded = bool(reg.plan_uploaded_at)
            row.registration = "late" if reg_end and reg.registered_at > reg_end else "done"
        elif reg_end and reg_end <= now:
            row.registration = "overdue"
        proposal = proposals.get(key)
        if proposal is not None:
            row.proposal_id, row.proposal_state = proposal.pk, proposal.state
            event = last_return.get(proposal.pk)
            if proposal.state == ProposalState.RETURNED and event is not None:
                row.returned_at = event.at
                row.return_reasons = [d.get("reason", "") for d in event.details if d.get("reason")]
                if event.note:
                    row.return_reasons.insert(0, event.note)
        out.append(row)
    return out


def _inbox(scope) -> Inbox:
    unit_ids = {g.unit_id for g in scope.grants}
    return Inbox(*distribution_selectors.inbox_of_units(unit_ids, recent=5))


def _review(scope, now) -> list[CampaignReview]:
    campaigns = nomination_selectors.campaigns_under_review(
        scope, roles=Role.managing(), states=OPEN_STATES, limit=LIST_LIMIT
    )
    if not campaigns:
        return []
    ids = [c.pk for c in campaigns]
    phases = _phases(ids)
    missing = Counter(campaign_selectors.unregistered_counts(ids))
    out = []
    for c in campaigns:
        reg_end = _deadline(phases[c.pk], PhaseKind.REGISTRATION)
        overdue = missing[c.pk] if reg_end and reg_end <= now else 0
        out.append(CampaignReview(c.pk, c.title, c.submitted, overdue, reg_end))
    return out


def _sessions(user) -> list[SessionWork]:
    rows = council_selectors.sessions_to_prepare(user, today=timezone.localdate(), limit=LIST_LIMIT)
    return [SessionWork(s, n, voted) for s, n, voted in rows]


def _summary(scope, user, year) -> Summary:
    open_campaigns = campaign_selectors.campaigns_issued_in(scope).filter(state__in=OPEN_STATES)
    open_count = open_campaigns.count()
    proposals = Counter(nomination_selectors.proposal_states_in(open_campaigns))
    issued = award_selectors.decisions_issued_count(scope)
    return Summary(open_count, proposals, issued, year_results(user, year))
