"""Read-only selectors of the public portal over campaigns and decisions (the awards app has
no public reader of issued decisions; these live here so its files stay its own).

Only what was published is ever returned: campaigns from `published` on (never a draft),
decisions in state `issued` (never a draft decision), and of an award only what the decision
itself prints (name, position and unit, award form) — no dossier, vote or personal data.
"""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from thidua.awards.enums import DecisionState
from thidua.awards.models import Award, Decision
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import AwardForm, Campaign
from thidua.org.enums import UnitKind
from thidua.org.models import Unit


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def public_campaigns() -> QuerySet[Campaign]:
    """Campaigns whose plan has been issued, newest first."""
    return (
        Campaign.objects.filter(state__in=CampaignState.visible_to_participants())
        .select_related("issuer")
        .order_by("-year", "-issued_on", "-id")
    )


LIST_FIELDS = (
    "id",
    "title",
    "state",
    "year",
    "doc_number",
    "doc_symbol",
    "issued_on",
    "issuer__id",
    "issuer__name",
)


def public_campaign_list() -> QuerySet[Campaign]:
    """public_campaigns() reading only the columns a list shows (the plan has many texts)."""
    return public_campaigns().only(*LIST_FIELDS)


def public_campaign(pk) -> Campaign | None:
    pk = _pk(pk)
    if pk is None:
        return None
    return (
        public_campaigns()
        .prefetch_related(
            Prefetch("award_forms", queryset=AwardForm.objects.order_by("position", "id")), "phases"
        )
        .filter(pk=pk)
        .first()
    )


def result_campaigns() -> QuerySet[Campaign]:
    """Campaigns with at least one issued decision, with how many were awarded."""
    issued = Q(decisions__state=DecisionState.ISSUED)
    return (
        public_campaign_list()
        .filter(issued)
        .annotate(
            decision_count=Count("decisions", filter=issued, distinct=True),
            award_count=Count("decisions__awards", filter=issued, distinct=True),
            last_decided_on=Max("decisions__decided_on", filter=issued),
        )
        .order_by("-last_decided_on", "-id")
    )


def public_decisions(campaign: Campaign) -> list[Decision]:
    """The campaign's issued decisions with their awards (three queries)."""
    awards = (
        Award.objects.select_related("award_form")
        .only(
            "id",
            "decision_id",
            "name",
            "detail",
            "subject_type",
            "position",
            "award_form__id",
            "award_form__name",
            "award_form__position",
        )
        .order_by("position", "id")
    )
    return list(
        Decision.objects.filter(campaign=campaign, state=DecisionState.ISSUED)
        .select_related("issuer")
        .prefetch_related(Prefetch("awards", queryset=awards))
        .order_by("decided_on", "number", "id")
    )


def public_decision(pk) -> Decision | None:
    pk = _pk(pk)
    if pk is None:
        return None
    return (
        Decision.objects.filter(
            pk=pk,
            state=DecisionState.ISSUED,
            campaign__state__in=CampaignState.visible_to_participants(),
        )
        .exclude(pdf="")
        .first()
    )


def issuers() -> list[Unit]:
    """Units that issued a public campaign, with their portal profile (one query)."""
    ids = public_campaigns().values("issuer_id")
    return list(
        Unit.objects.filter(pk__in=ids).select_related("portal_profile").order_by("depth", "name")
    )


def issuer_units(issuer: Unit) -> dict[str, list[Unit]]:
    """The issuer's direct subordinate units, grouped (agencies, communes…). Not filtered by
    validity: the page shows the organisation the issuer's campaigns were run in."""

    rows = Unit.objects.filter(parent=issuer).order_by("position", "name")
    groups: dict[str, list[Unit]] = {}
    for unit in rows:
        label = (
            "Xã, phường, thị trấn" if unit.kind in UnitKind.commune_level() else "Cơ quan, đơn vị"
        )
        groups.setdefault(label, []).append(unit)
    return groups
