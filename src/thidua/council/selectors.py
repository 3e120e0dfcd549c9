"""Reads of councils and sessions, through the reader's reach."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from thidua.campaigns.models import Campaign
from thidua.core.models import AuditLog
from thidua.council.enums import BallotType, SessionState
from thidua.council.models import (
    AgendaItem,
    Attendance,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    PassRule,
    Recusal,
    Relation,
)
from thidua.council.rules import COUNCIL_ROLES
from thidua.council.rules_math import Basis, basis_excluding
from thidua.council.services import member_of, rule_for_form, voting_members
from thidua.nominations.selectors import nominees_for_council
from thidua.org.enums import Role
from thidua.org.models import Unit
from thidua.org.scope import user_scope

NOT_FOUND = "Không tìm thấy phiên họp hoặc bạn không có quyền truy cập."


def _pk(value) -> int:
    """An id from a URL; one no row can have (a 30-digit number would make PostgreSQL fail)
    is simply not found."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    if not 0 < pk < 2**63:
        raise Http404(NOT_FOUND)
    return pk


def councils_for(user) -> QuerySet[Council]:
    """Councils whose issuer the reader manages (where sessions may be created)."""
    scope = user_scope(user)
    return Council.objects.filter(scope.unit_q("issuer__", roles=Role.managing())).select_related(
        "issuer"
    )


def sessions_for(user) -> QuerySet[CouncilSession]:
    """Sessions of councils the reader sits on, or whose issuer it manages or advises."""
    scope = user_scope(user)
    if not getattr(user, "is_authenticated", False):
        return CouncilSession.objects.none()
    reach = Q(council__members__user=user)
    if not scope.is_empty:
        reach |= Q(scope.unit_q("council__issuer__", roles=Role.managing() | COUNCIL_ROLES))
    ids = CouncilSession.objects.filter(reach).values("pk")
    return (
        CouncilSession.objects.filter(pk__in=ids)
        .select_related("council__issuer", "campaign")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-held_on", "-id")
    )


def session_get_for(user, pk, perm: str = "council.view_session") -> CouncilSession:
    session = (
        CouncilSession.objects.select_related("council__issuer", "campaign__issuer")
        .prefetch_related(
            Prefetch("council__members", queryset=CouncilMember.objects.select_related("user"))
        )
        .filter(pk=_pk(pk))
        .first()
    )
    if session is None or not user.has_perm(perm, session):
        raise Http404(NOT_FOUND)
    return session


def agenda(session: CouncilSession) -> list[AgendaItem]:
    """The agenda with what a page shows of each nominee: one query."""
    return list(
        session.items.select_related(
            "nominee__person",
            "nominee__unit",
            "nominee__proposal__unit",
            "award_form",
            "rule",
            "repeat_of__session",
        ).order_by("position", "id")
    )


@dataclass
class Progress:
    total: int  # voting members on the session's date
    present: int
    voted: int  # ballots cast (present members and written votes)
    written: int

    @property
    def waiting(self) -> int:
        return max(self.present - (self.voted - self.written), 0)


def progress(session: CouncilSession) -> Progress:
    """Who has voted, counted (not how): two queries."""
    total = len(voting_members(session.council, session.held_on))
    present = session.attendance.filter(present=True).count()
    receipts = session.receipts.aggregate(n=Count("id"), w=Count("id", filter=Q(written=True)))
    return Progress(total, present, receipts["n"], receipts["w"])


def attendance(session: CouncilSession) -> list[Attendance]:
    return list(session.attendance.select_related("member").order_by("member__position", "id"))


def voted_member_ids(session: CouncilSession) -> set[int]:
    return set(session.receipts.values_list("member_id", flat=True))


def has_voted(session: CouncilSession, user) -> bool:
    member = member_of(session, user)
    return member is not None and session.receipts.filter(member=member).exists()


#: The audit actions that record a member's ballot (cast by the member, or their written vote
#: entered by the secretary).
BALLOT_ACTIONS = ("council.ballot.cast", "council.ballot.cast_written")


def ballot_cast_at(session: CouncilSession, user) -> dt.datetime | None:
    """When the user's ballot in the session was recorded, or None if they have not voted.
    The receipt keeps no time (secrecy: it must not line up with the anonymous ballots); the
    audit row of the cast, which names the member and never the choices, has it."""
    member = member_of(session, user)
    if member is None:
        return None
    return (
        AuditLog.objects.filter(
            action__in=BALLOT_ACTIONS,
            object_type=CouncilSession._meta.label_lower,
            object_id=str(session.pk),
            after__member=member.pk,
        )
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )


@dataclass
class FormResults:
    award_form: object
    rule: object
    items: list[AgendaItem] = field(default_factory=list)
    tally: object | None = None

    @property
    def tied(self) -> list[AgendaItem]:
        return [i for i in self.items if i.passed and i.within_quota is None]

    @property
    def proposed(self) -> list[AgendaItem]:
        return sorted(
            (i for i in self.items if i.passed and i.within_quota), key=lambda i: (i.rank, i.pk)
        )

    @property
    def is_paper(self) -> bool:
        return self.rule is not None and self.rule.ballot_type == BallotType.PAPER

    @property
    def tie_seats(self) -> int:
        if not self.tied or self.award_form.quota is None:
            return 0
        return self.award_form.quota - len([i for i in self.items if i.passed and i.within_quota])


def results(session: CouncilSession, items: list[AgendaItem] | None = None) -> list[FormResults]:
    """The agenda grouped per award form, ranked (passing first by rank), with the paper tally."""
    items = agenda(session) if items is None else items
    tallies = {t.award_form_id: t for t in session.paper_tallies.all()}
    groups: dict[int, FormResults] = {}
    for item in items:
        g = groups.setdefault(
            item.award_form_id,
            FormResults(item.award_form, item.rule, tally=tallies.get(item.award_form_id)),
        )
        g.items.append(item)
    if session.state in SessionState.with_results():
        for g in groups.values():
            g.items.sort(key=lambda i: (not i.passed, i.rank or 0, -(i.votes_for or 0), i.pk))
    return list(groups.values())


@dataclass(frozen=True)
class ItemRecusals:
    """Who does not vote on one agenda item, and what the item's vote is measured against."""

    recusals: list[Recusal]
    basis: Basis

    @property
    def text(self) -> str:
        """ "Nguyễn Văn A (là người được đề nghị); Trần Thị B (…)"."""
        return "; ".join(f"{r.member.full_name} ({r.text})" for r in self.recusals)


def recusals(session: CouncilSession, items: list[AgendaItem]) -> dict[int, ItemRecusals]:
    """Agenda item id → its recused members (conflicts of interest) and its quorum and
    threshold without them, for the items (with their rule) of the session: three queries
    whatever the size."""
    rows: dict[int, list[Recusal]] = {}
    for r in Recusal.objects.filter(item__session=session).select_related("member"):
        rows.setdefault(r.item_id, []).append(r)
    total = len(voting_members(session.council, session.held_on))
    present = set(session.attendance.filter(present=True).values_list("member_id", flat=True))
    out = {}
    for item in items:
        if item.rule is None:
            continue
        found = rows.get(item.pk, [])
        basis = basis_excluding(
            item.rule.as_rule(),
            members_total=total,
            members_present=len(present),
            recused_total=len(found),
            recused_present=len({r.member_id for r in found} & present),
        )
        out[item.pk] = ItemRecusals(found, basis)
    return out


def recused_items_for(session: CouncilSession, user) -> dict[int, Recusal]:
    """Agenda item id → the signed-in member's recusal on it (what their ballot leaves out)."""
    member = member_of(session, user)
    if member is None:
        return {}
    return {r.item_id: r for r in Recusal.objects.filter(item__session=session, member=member)}


def candidates(session: CouncilSession):
    """Nominees that may be put before the session: accepted, eligible ones of its campaign."""
    return nominees_for_council(campaign=session.campaign)


def rules_for(session: CouncilSession, award_forms) -> dict[int, object]:
    """Award form id → the pass rule in force on the session's date (one query)."""
    forms = list(award_forms)
    rules = list(PassRule.objects.filter(form_kind__in={f.legal_kind for f in forms}))
    return {f.pk: rule_for_form(f, session.council, session.held_on, rules) for f in forms}


def campaigns_for_sessions(user):
    """Campaigns whose issuer the reader manages: those it may hold council sessions for."""
    scope = user_scope(user)
    return Campaign.objects.filter(scope.unit_q("issuer__", roles=Role.managing())).order_by(
        "-year", "-id"
    )


def is_present(session: CouncilSession, user) -> bool:
    member = member_of(session, user)
    return member is not None and session.attendance.filter(member=member, present=True).exists()


def members_by_ids(ids) -> QuerySet[CouncilMember]:
    """Council members by id, in the council's order."""
    return CouncilMember.objects.filter(pk__in=list(ids)).order_by("position", "id")


def session_progress(campaign, unit_ids=None) -> list[dict]:
    """The campaign's sessions with their items counted (only those of `unit_ids` when given):
    on the agenda, voted, passed, within the quota."""
    in_reach = Q(items__isnull=False)
    if unit_ids is not None:
        in_reach &= Q(items__nominee__proposal__unit_id__in=unit_ids)
    return list(
        CouncilSession.objects.filter(campaign=campaign)
        .annotate(
            n_items=Count("items", filter=in_reach),
            n_voted=Count("items", filter=in_reach & Q(items__passed__isnull=False)),
            n_passed=Count("items", filter=in_reach & Q(items__passed=True)),
            n_quota=Count("items", filter=in_reach & Q(items__within_quota=True)),
        )
        .order_by("held_on", "id")
        .values("id", "held_on", "state", "n_items", "n_voted", "n_passed", "n_quota")
    )


# Configuration -----------------------------------------------------------------------------------

COUNCIL_NOT_FOUND = "Không tìm thấy Hội đồng hoặc bạn không có quyền truy cập."


def council_get_for(user, pk) -> Council:
    """A council the reader may configure (the secretariat over its issuer); else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(COUNCIL_NOT_FOUND) from None
    council = Council.objects.select_related("issuer").filter(pk=pk).first() if pk < 2**31 else None
    if council is None or not user.has_perm("council.manage_council", council):
        raise Http404(COUNCIL_NOT_FOUND)
    return council


def members_of(council: Council) -> list[CouncilMember]:
    return list(council.members.select_related("user").order_by("position", "id"))


def member_get(council: Council, pk) -> CouncilMember:
    member = next((m for m in members_of(council) if str(m.pk) == str(pk)), None)
    if member is None:
        raise Http404("Không tìm thấy thành viên.")
    return member


def users_for_council(council: Council):
    """Active accounts holding a role in the issuer's subtree: who may sit on the council."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__unit__path__startswith=council.issuer.path
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def issuers_for(user):
    """Units whose council the reader may set up (the secretariat's reach)."""
    return Unit.objects.filter(user_scope(user).unit_q(roles=Role.managing())).order_by("path")


def pass_rules() -> list[PassRule]:
    return list(PassRule.objects.order_by("form_kind", "subject_type", "level", "-valid_from"))


def pass_rule_get(pk) -> PassRule:
    rule = PassRule.objects.filter(pk=pk).first() if str(pk).isdigit() and int(pk) < 2**31 else None
    if rule is None:
        raise Http404("Không tìm thấy quy tắc xét chọn.")
    return rule


def campaign_for_session(user, pk):
    """A campaign the reader may hold a council session for; else 404."""
    campaign = campaigns_for_sessions(user).filter(pk=pk).first() if 0 < int(pk) < 2**31 else None
    if campaign is None:
        raise Http404("Không tìm thấy phong trào hoặc bạn không có quyền truy cập.")
    return campaign


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def session_next_in(scope, *, roles):
    """The next draft or voting session of a council issued by units the scope reaches
    through `roles` (one query), or None."""
    return (
        CouncilSession.objects.filter(scope.unit_q("council__issuer__", roles=roles))
        .filter(state__in=[SessionState.DRAFT, SessionState.VOTING])
        .select_related("campaign")
        .order_by("held_on", "id")
        .first()
    )


def sessions_to_prepare(user, *, today, limit: int) -> list[tuple[CouncilSession, int, bool]]:
    """(session, its items, the user voted) for the draft and voting sessions of the councils
    the user sits on today (two queries)."""
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
        .order_by("held_on", "id")[:limit]
    )
    return [(s, s.n_items, s.voted) for s in sessions]


def member_get_for(user, pk, perm: str = "council.declare_relations") -> CouncilMember:
    """A council membership whose declarations the reader may make (the member, or the
    secretariat over the council's issuer); else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy thành viên.") from None
    member = (
        CouncilMember.objects.select_related("council__issuer", "person", "unit", "user")
        .filter(pk=pk)
        .first()
        if pk < 2**31
        else None
    )
    if member is None or not user.has_perm(perm, member):
        raise Http404("Không tìm thấy thành viên.")
    return member


def relations_of(member: CouncilMember) -> list[Relation]:
    return list(member.relations.select_related("person__unit").order_by("id"))


def relation_of(member: CouncilMember, pk) -> Relation:
    found = next((r for r in relations_of(member) if str(r.pk) == str(pk)), None)
    if found is None:
        raise Http404("Không tìm thấy quan hệ đã khai báo.")
    return found


def memberships_of(user) -> list[CouncilMember]:
    """The reader's own council memberships (to declare relations)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        CouncilMember.objects.filter(user=user)
        .select_related("council")
        .order_by("-council__valid_from")
    )
