"""Reads of the public's part: the secretariat's lists (through the reader's scope, `*_get_for`
fetches and checks), the public pages' reads (open disclosures, published comments, a
proposal by its tracking code) and the council's guard and papers."""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.campaigns.models import Campaign
from thidua.core.formatting import date_short
from thidua.nominations.models import Nominee
from thidua.nominations.selectors import nominees_for_council
from thidua.org.enums import Role
from thidua.org.models import Unit
from thidua.org.scope import user_scope
from thidua.participation.enums import CitizenState, CommentState, DisclosureBasis
from thidua.participation.models import (
    CitizenEvidence,
    CitizenProposal,
    DisclosedNominee,
    Disclosure,
    DisclosureRequirement,
    PublicComment,
)
from thidua.participation.rules import COUNCIL


def _pk(value) -> int:
    text = str(value)
    if not text.isdigit() or len(text) > 18:
        raise Http404("Không tìm thấy.")
    return int(text)


def _check(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


# The secretariat's screens ---------------------------------------------------------------------


def disclosures_for(user) -> QuerySet[Disclosure]:
    q = user_scope(user).unit_q("unit__", Role.managing() | COUNCIL)
    return (
        Disclosure.objects.filter(q)
        .select_related("campaign", "unit")
        .annotate(
            entry_count=Count("entries", distinct=True),
            waiting=Count(
                "entries__comments",
                filter=Q(entries__comments__state=CommentState.NEW),
                distinct=True,
            ),
            comment_count=Count("entries__comments", distinct=True),
        )
        .order_by("-opens_on", "-id")
    )


def disclosure_get_for(user, pk, perm: str = "participation.view_disclosure") -> Disclosure:
    disclosure = Disclosure.objects.select_related("campaign", "unit").filter(pk=_pk(pk)).first()
    if disclosure is None or not user.has_perm("participation.view_disclosure", disclosure):
        raise Http404("Không tìm thấy đợt công khai này.")
    _check(user, perm, disclosure)
    return disclosure


def disclosure_entries(disclosure: Disclosure, *, states=None) -> list[DisclosedNominee]:
    """The disclosed lines with their comments (all, or those in `states`), two queries."""
    comments = PublicComment.objects.select_related("moderated_by").order_by("submitted_at", "id")
    if states is not None:
        comments = comments.filter(state__in=states)
    return list(
        disclosure.entries.order_by("position", "id").prefetch_related(
            Prefetch("comments", queryset=comments, to_attr="shown_comments")
        )
    )


def comment_get_for(user, pk, perm: str = "participation.moderate") -> PublicComment:
    comment = (
        PublicComment.objects.select_related("entry__disclosure__unit").filter(pk=_pk(pk)).first()
    )
    if comment is None or not user.has_perm("participation.view_disclosure", comment):
        raise Http404("Không tìm thấy ý kiến này.")
    _check(user, perm, comment)
    return comment


def campaigns_to_disclose(user) -> list[Campaign]:
    """Campaigns whose list the user may disclose (it runs them), newest first."""
    q = user_scope(user).unit_q("issuer__", Role.managing())
    return [
        c
        for c in Campaign.objects.filter(q).select_related("issuer").order_by("-year", "-id")[:200]
        if user.has_perm("participation.open_disclosure", c)
    ]


def citizen_proposals_for(user, *, state: str | None = None) -> QuerySet[CitizenProposal]:
    qs = CitizenProposal.objects.filter(user_scope(user).unit_q("unit__", Role.managing()))
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("unit").order_by("-submitted_at", "-id")


def citizen_proposal_get_for(user, pk) -> CitizenProposal:
    proposal = (
        CitizenProposal.objects.select_related(
            "unit", "handled_by", "nominee__proposal__campaign", "nominee__award_form"
        )
        .filter(pk=_pk(pk))
        .first()
    )
    if proposal is None or not user.has_perm("participation.handle_citizen", proposal):
        raise Http404("Không tìm thấy đề xuất này.")
    return proposal


def citizen_evidence_get_for(user, pk) -> CitizenEvidence:
    evidence = CitizenEvidence.objects.select_related("proposal__unit").filter(pk=_pk(pk)).first()
    if evidence is None or not user.has_perm("participation.handle_citizen", evidence):
        raise Http404("Không tìm thấy tệp này.")
    return evidence


def open_citizen_count(user) -> int:
    return citizen_proposals_for(user, state=CitizenState.RECEIVED).count()


def waiting_in(scope) -> tuple[int, int]:
    """(comments waiting for moderation, citizens' proposals not yet handled) in the units the
    scope manages: the secretariat's home (two queries)."""
    managing = Role.managing()
    comments = PublicComment.objects.filter(
        scope.unit_q("entry__disclosure__unit__", managing), state=CommentState.NEW
    ).count()
    citizens = CitizenProposal.objects.filter(
        scope.unit_q("unit__", managing), state=CitizenState.RECEIVED
    ).count()
    return comments, citizens


# The public pages ------------------------------------------------------------------------------


def public_disclosures(today: dt.date | None = None) -> list[Disclosure]:
    """Disclosures open today, each with its lines and their published comments (three
    queries whatever their number)."""
    today = today or timezone.localdate()
    published = PublicComment.objects.filter(state=CommentState.PUBLISHED).order_by(
        "submitted_at", "id"
    )
    entries = DisclosedNominee.objects.order_by("position", "id").prefetch_related(
        Prefetch("comments", queryset=published, to_attr="public_comments")
    )
    return list(
        Disclosure.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .select_related("unit")
        .prefetch_related(Prefetch("entries", queryset=entries, to_attr="public_entries"))
        .order_by("closes_on", "id")
    )


def public_entry(pk, today: dt.date | None = None) -> DisclosedNominee | None:
    """A line of a disclosure open today (the one a comment is sent on), else None."""
    today = today or timezone.localdate()
    text = str(pk)
    if not text.isdigit() or len(text) > 18:
        return None
    return (
        DisclosedNominee.objects.select_related("disclosure__unit")
        .filter(pk=int(text), disclosure__opens_on__lte=today, disclosure__closes_on__gte=today)
        .first()
    )


def citizen_public(code: str) -> CitizenProposal | None:
    """A proposal by its tracking code (spaces, dashes and case ignored), else None."""
    wanted = "".join(c for c in str(code).upper() if c.isalnum())
    if not wanted or len(wanted) > 16:
        return None
    return (
        CitizenProposal.objects.select_related("unit", "nominee__proposal__campaign")
        .filter(code=wanted)
        .first()
    )


def receiving_units() -> list[Unit]:
    """Where the public may send a proposal: the bodies that run campaigns, else the tree's
    roots."""
    issuer_ids = Campaign.objects.values_list("issuer_id", flat=True).distinct()
    units = list(Unit.objects.filter(pk__in=issuer_ids).order_by("path"))
    return units or list(Unit.objects.filter(parent__isnull=True).order_by("name"))


# The council -----------------------------------------------------------------------------------


def disclosure_blocking(campaign: Campaign, day: dt.date) -> Disclosure | None:
    """The campaign's disclosure still open on `day` (or later), which the council waits for."""
    return (
        Disclosure.objects.filter(campaign=campaign, closes_on__gte=day)
        .order_by("-closes_on")
        .first()
    )


def law_requirements(day: dt.date) -> dict[str, DisclosureRequirement]:
    """Legal award form (FormKind value) → the row in force on `day` that makes its nominees'
    disclosure before the council a duty of law (`by_law`); one query."""
    rows = (
        DisclosureRequirement.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("form_kind", "-valid_from", "-id")
    )
    out: dict[str, DisclosureRequirement] = {}
    for row in rows:
        out.setdefault(row.form_kind, row)
    return {kind: row for kind, row in out.items() if row.by_law}


def nominees_needing_law_disclosure(
    nominees: list[Nominee], day: dt.date
) -> list[tuple[Nominee, DisclosureRequirement]]:
    """The nominees (award forms loaded) whose legal award form must be disclosed by law on
    `day`, each with the rule that says so."""
    rules = law_requirements(day)
    return [(n, rules[kind]) for n in nominees if (kind := n.award_form.legal_kind) in rules]


def _names(nominees: list[Nominee], shown: int = 5) -> str:
    names = ", ".join(n.display_name for n in nominees[:shown])
    more = len(nominees) - shown
    return names + (f" và {more} tập thể, cá nhân khác" if more > 0 else "")


def law_disclosure_refusal(campaign: Campaign, day: dt.date) -> str | None:
    """Why the council may not meet on `day`: a nominee of its list whose award form the law
    asks to disclose (DisclosureRequirement) is not on a disclosure «theo quy định của pháp
    luật» of the campaign closed before `day`. Three queries."""
    needing = nominees_needing_law_disclosure(list(nominees_for_council(campaign=campaign)), day)
    if not needing:
        return None
    covered = set(
        DisclosedNominee.objects.filter(
            nominee__in=[n for n, _ in needing],
            disclosure__basis=DisclosureBasis.LAW,
            disclosure__closes_on__lt=day,
        ).values_list("nominee_id", flat=True)
    )
    missing = [(n, rule) for n, rule in needing if n.pk not in covered]
    if not missing:
        return None
    bases = sorted({rule.legal_basis for _, rule in missing})
    forms = sorted({rule.name for _, rule in missing})
    return (
        f"Theo {'; '.join(bases)}, danh sách đề nghị {', '.join(forms)} phải được công khai "
        f"lấy ý kiến nhân dân trước khi Hội đồng họp, nhưng chưa được công khai theo quy định "
        f"(hoặc chưa hết thời hạn công khai trước ngày {date_short(day)}): "
        f"{_names([n for n, _ in missing])}. Mở đợt công khai «Theo quy định của pháp luật» tại "
        f"Công khai, ý kiến; Hội đồng họp, bỏ phiếu sau khi đợt công khai kết thúc."
    )


def council_refusal(campaign: Campaign, day: dt.date) -> str | None:
    """Why the council may not meet on the campaign's list on `day`, in Vietnamese, or None:
    a disclosure still open, or a nominee the law asks to disclose not yet disclosed."""
    disclosure = disclosure_blocking(campaign, day)
    if disclosure is None:
        return law_disclosure_refusal(campaign, day)
    after = disclosure.closes_on + dt.timedelta(days=1)
    return (
        f"Danh sách đề nghị khen thưởng của phong trào đang được công khai lấy ý kiến nhân dân "
        f"đến hết ngày {date_short(disclosure.closes_on)}; Hội đồng chỉ họp, bỏ phiếu từ ngày "
        f"{date_short(after)}."
    )


def comments_for_council(campaign: Campaign) -> dict[int, list[PublicComment]]:
    """Nominee id → the public's comments on it (all but those the secretariat hid), for the
    council's papers; one query."""
    out: dict[int, list[PublicComment]] = defaultdict(list)
    rows = (
        PublicComment.objects.filter(entry__disclosure__campaign=campaign)
        .exclude(state=CommentState.HIDDEN)
        .select_related("entry")
        .order_by("submitted_at", "id")
    )
    for c in rows:
        out[c.entry.nominee_id].append(c)
    return dict(out)
