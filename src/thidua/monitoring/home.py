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

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from thidua.awards.enums import DecisionState
from thidua.awards.models import Decision
from thidua.campaigns.enums import CampaignState, PhaseKind
from thidua.campaigns.models import Campaign, CampaignParticipant, CampaignPhase, Registration
from thidua.communication.enums import ArticleState
from thidua.communication.models import Article
from thidua.council.enums import SessionState
from thidua.council.models import BallotReceipt, CouncilMember, CouncilSession
from thidua.distribution.models import Delivery
from thidua.monitoring.results import YearResults, year_results
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Event, Proposal
from thidua.org.enums import Role
from thidua.org.scope import user_scope

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
    recent: list[Delivery]


@dataclass
class CampaignReview:
    campaign_id: int
    title: str
    submitted: int = 0
    overdue_units: int = 0
    registration_deadline: dt.datetime | None = None


@dataclass
class SessionWork:
    session: CouncilSession
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
    next_session: CouncilSession | None = None
    draft_decisions: list[Decision] = field(default_factory=list)
    sessions: list[SessionWork] = field(default_factory=list)
    stories_waiting: list[Article] = field(default_factory=list)
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
        home.next_session = (
            CouncilSession.objects.filter(scope.unit_q("council__issuer__", roles=Role.managing()))
            .filter(state__in=[SessionState.DRAFT, SessionState.VOTING])
            .select_related("campaign")
            .order_by("held_on", "id")
            .first()
        )
        home.draft_decisions = list(
            Decision.objects.filter(scope.unit_q("issuer__", roles=Role.managing()))
            .filter(state=DecisionState.DRAFT)
            .select_related("campaign")
            .order_by("decided_on", "id")[:LIST_LIMIT]
        )
    if Role.COUNCIL_MEMBER in roles or Role.COUNCIL_CHAIR in roles:
        home.sessions = _sessions(user)
    if Role.EDITOR in roles or scope.has_role(*Role.managing()):
        home.stories_waiting = list(
            Article.objects.filter(scope.unit_q("unit__"))
            .filter(state=ArticleState.REVIEW)
            .select_related("unit")
            .order_by("submitted_at", "id")[:LIST_LIMIT]
        )
    if Role.COUNCIL_CHAIR in roles or Role.OBSERVER in roles:
        home.summary = _summary(scope, user, year)
    return home


def _phases(campaign_ids) -> dict[int, list[CampaignPhase]]:
    by_campaign: dict[int, list[CampaignPhase]] = defaultdict(list)
    for phase in CampaignPhase.objects.filter(campaign_id__in=campaign_ids).order_by("starts_at"):
        by_campaign[phase.campaign_id].append(phase)
    return by_campaign


def _next_step(phases: list[CampaignPhase], now) -> NextStep | None:
    ahead = [p for p in phases if p.kind != PhaseKind.EMULATION and p.ends_at > now]
    if not ahead:
        return None
    p = min(ahead, key=lambda p: p.ends_at)
    return NextStep(PhaseKind(p.kind).label, p.ends_at)


def _deadline(phases: list[CampaignPhase], kind: str):
    return next((p.ends_at for p in phases if p.kind == kind), None)


def _focal(scope, now) -> list[UnitCampaign]:
    focal_roles = {Role.FOCAL_POINT}
    participants = list(
        CampaignParticipant.objects.filter(scope.unit_q("unit__", roles=focal_roles))
        .filter(campaign__state__in=UNIT_STATES)
        .select_related("campaign", "unit")
        .order_by("-campaign__period_start", "campaign_id", "unit__path")[:LIST_LIMIT]
    )
    if not participants:
        return []
    campaign_ids = {p.campaign_id for p in participants}
    unit_ids = {p.unit_id for p in participants}
    phases = _phases(campaign_ids)
    regs = {
        (r.campaign_id, r.unit_id): r
        for r in Registration.objects.filter(campaign_id__in=campaign_ids, unit_id__in=unit_ids)
    }
    proposals = {
        (p.campaign_id, p.unit_id): p
        for p in Proposal.objects.filter(campaign_id__in=campaign_ids, unit_id__in=unit_ids)
    }
    returned = [p.pk for p in proposals.values() if p.state == ProposalState.RETURNED]
    last_return: dict[int, Event] = {}
    for event in Event.objects.filter(proposal_id__in=returned, action="proposal_return"):
        last_return[event.proposal_id] = event  # ordered by time: the last one stays
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
    qs = Delivery.objects.filter(unit_id__in=unit_ids)
    unread = qs.filter(opened_at__isnull=True).count()
    recent = list(
        qs.select_related("distribution", "unit").order_by("-distribution__sent_at", "-id")[:5]
    )
    return Inbox(unread, recent)


def _review(scope, now) -> list[CampaignReview]:
    campaigns = list(
        Campaign.objects.filter(scope.unit_q("issuer__", roles=Role.managing()))
        .filter(state__in=OPEN_STATES)
        .annotate(
            submitted=Count(
                "proposals", filter=Q(proposals__state=ProposalState.SUBMITTED), distinct=True
            )
        )
        .order_by("-period_start", "-id")[:LIST_LIMIT]
    )
    if not campaigns:
        return []
    ids = [c.pk for c in campaigns]
    phases = _phases(ids)
    registered = Registration.objects.filter(campaign=OuterRef("campaign"), unit=OuterRef("unit"))
    missing = Counter(
        dict(
            CampaignParticipant.objects.filter(campaign_id__in=ids)
            .exclude(Exists(registered))
            .values("campaign_id")
            .annotate(n=Count("id"))
            .values_list("campaign_id", "n")
        )
    )
    out = []
    for c in campaigns:
        reg_end = _deadline(phases[c.pk], PhaseKind.REGISTRATION)
        overdue = missing[c.pk] if reg_end and reg_end <= now else 0
        out.append(CampaignReview(c.pk, c.title, c.submitted, overdue, reg_end))
    return out


def _sessions(user) -> list[SessionWork]:
    today = timezone.localdate()
    members = list(
        CouncilMember.objects.filter(user=user)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("pk", "council_id")
    )
    if not members:
        return []
    member_ids = [m for m, _ in members]
    receipts = BallotReceipt.objects.filter(session=OuterRef("pk"), member_id__in=member_ids)
    sessions = (
        CouncilSession.objects.filter(council_id__in={c for _, c in members})
        .filter(state__in=[SessionState.DRAFT, SessionState.VOTING])
        .select_related("campaign", "council")
        .annotate(n_items=Count("items"), voted=Exists(receipts))
        .order_by("held_on", "id")[:LIST_LIMIT]
    )
    return [SessionWork(s, s.n_items, s.voted) for s in sessions]


def _summary(scope, user, year) -> Summary:
    campaigns = Campaign.objects.filter(scope.unit_q("issuer__"))
    open_count = campaigns.filter(state__in=OPEN_STATES).count()
    proposals = Counter(
        dict(
            Proposal.objects.filter(campaign__in=campaigns.filter(state__in=OPEN_STATES))
            .values("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
    )
    issued = Decision.objects.filter(scope.unit_q("issuer__"), state=DecisionState.ISSUED).count()
    return Summary(open_count, proposals, issued, year_results(user, year))
