"""Reads of campaigns, through the reader's scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.campaigns.enums import (
    AwardKind,
    CampaignState,
    LatePolicy,
    PhaseKind,
    RegistrationStatus,
    SubjectType,
)
from thidua.campaigns.models import (
    AwardForm,
    AwardKindRule,
    Campaign,
    CampaignParticipant,
    CampaignPhase,
    DossierItem,
    Registration,
    Reminder,
    TitleRegistration,
)
from thidua.core.text import search_key
from thidua.org.models import Unit
from thidua.org.scope import user_scope


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns issued within the reader's reach, and published ones its units take part in."""
    scope = user_scope(user)
    if scope.is_empty:
        return Campaign.objects.none()
    takes_part = CampaignParticipant.objects.filter(campaign=OuterRef("pk")).filter(
        scope.unit_q("unit__")
    )
    return (
        Campaign.objects.filter(
            Q(scope.unit_q("issuer__"))
            | (Q(state__in=CampaignState.visible_to_participants()) & Exists(takes_part))
        )
        .select_related("issuer", "parent")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-year", "-id")
    )


def campaign_get_for(user, pk, perm: str = "campaigns.view_campaign") -> Campaign:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy phong trào.") from None
    campaign = (
        Campaign.objects.select_related("issuer", "parent", "fund_unit")
        .prefetch_related(
            "phases",
            "criteria",
            "assignments__unit",
            Prefetch("award_forms", queryset=AwardForm.objects.prefetch_related("checklist")),
        )
        .filter(pk=pk)
        .first()
    )
    if campaign is None or not user.has_perm(perm, campaign):
        raise Http404("Không tìm thấy phong trào hoặc bạn không có quyền truy cập.")
    return campaign


def registration_get_for(user, campaign: Campaign, pk) -> Registration:
    registration = (
        Registration.objects.select_related("unit", "campaign__issuer")
        .filter(campaign=campaign, pk=pk)
        .first()
    )
    if registration is None or not user.has_perm("campaigns.view_registration", registration):
        raise Http404("Không tìm thấy.")
    return registration


@dataclass
class BoardRow:
    unit: Unit
    registration: Registration | None
    status: str

    @property
    def status_label(self) -> str:
        return RegistrationStatus(self.status).label


def _status(reg: Registration | None, deadline: dt.datetime | None, now: dt.datetime) -> str:
    if reg is not None and reg.plan_uploaded_at is not None:
        return RegistrationStatus.LATE if reg.plan_late else RegistrationStatus.ON_TIME
    if deadline is not None and now >= deadline:
        return RegistrationStatus.MISSING
    return RegistrationStatus.PENDING


def registration_board(
    campaign: Campaign, *, user=None, now: dt.datetime | None = None, status: str = ""
) -> list[BoardRow]:
    """One row per participant unit (within the reader's reach when `user` is given):
    on time / late / missing. Two queries, whatever the number of units."""
    now = now or timezone.now()
    phase = next((p for p in campaign.phases.all() if p.kind == PhaseKind.REGISTRATION), None)
    deadline = phase.ends_at if phase else None
    units = Unit.objects.filter(campaign_participations__campaign=campaign)
    if user is not None and not user.has_perm("campaigns.change_campaign", campaign):
        units = units.filter(user_scope(user).unit_q())
    units = list(units.order_by("position", "name"))
    regs = {r.unit_id: r for r in Registration.objects.filter(campaign=campaign, unit__in=units)}
    rows = [
        BoardRow(unit=u, registration=regs.get(u.pk), status=_status(regs.get(u.pk), deadline, now))
        for u in units
    ]
    if status:
        rows = [r for r in rows if r.status == status]
    return rows


def board_counts(rows: list[BoardRow]) -> dict[str, int]:
    counts = {s: 0 for s in RegistrationStatus.values}
    for r in rows:
        counts[r.status] += 1
    return counts


def registration_phase(campaign: Campaign) -> CampaignPhase | None:
    return next((p for p in campaign.phases.all() if p.kind == PhaseKind.REGISTRATION), None)


def registration_open_for_upload(campaign: Campaign, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if campaign.state not in CampaignState.accepting_registrations():
        return False
    phase = registration_phase(campaign)
    return phase is None or now < phase.ends_at or campaign.late_policy == LatePolicy.ACCEPT_FLAGGED


def campaigns_search(user, query: str, *, limit: int = 10) -> list[Campaign]:
    """Campaigns in the reader's reach whose title has every word of the query, without
    diacritics ("cai cach" finds "cải cách"). Titles carry no stored key: the reachable
    campaigns are few, so they are matched here, in one query."""
    words = search_key(query).split()
    if not words:
        return []
    found = []
    for campaign in campaigns_for(user)[:1000]:
        key = search_key(campaign.title)
        if all(w in key for w in words):
            found.append(campaign)
            if len(found) == limit:
                break
    return found


def with_registration_phases(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """The campaigns with their registration phases on `registration_phases`."""
    return campaigns.prefetch_related(
        Prefetch(
            "phases",
            queryset=CampaignPhase.objects.filter(kind=PhaseKind.REGISTRATION),
            to_attr="registration_phases",
        )
    )


def reminders_by_unit(campaign: Campaign) -> dict[int, dict]:
    """Per unit: when it was last reminded and how many times."""
    rows = (
        Reminder.objects.filter(campaign=campaign)
        .values("unit_id")
        .annotate(last=Max("sent_at"), count=Count("id"))
    )
    return {r["unit_id"]: r for r in rows}


def dossier_item_of(campaign: Campaign, pk) -> DossierItem | None:
    """A checklist item of one of the campaign's award forms, or None."""
    return DossierItem.objects.filter(pk=pk, award_form__campaign=campaign).first()


# Figures for the monitoring dashboard: `unit_ids` None means every participant ------------------


def plan_counts(campaign: Campaign, unit_ids=None) -> dict[str, int]:
    """Unit plans sent on time and late."""
    rows = Registration.objects.filter(campaign=campaign)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows.aggregate(
        on_time=Count("id", filter=Q(plan_uploaded_at__isnull=False, plan_late=False)),
        late=Count("id", filter=Q(plan_uploaded_at__isnull=False, plan_late=True)),
    )


# The public portal: only what was published (campaigns from `published` on, never a draft;
# decisions in state `issued`; of an award only what the decision itself prints) ----------------


def _public_pk(value) -> int | None:
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
    pk = _public_pk(pk)
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


def issuers() -> list[Unit]:
    """Units that issued a public campaign, with their portal profile (one query)."""
    ids = public_campaigns().values("issuer_id")
    return list(
        Unit.objects.filter(pk__in=ids).select_related("portal_profile").order_by("depth", "name")
    )


def registration_rows(campaign: Campaign, unit_ids) -> list[tuple]:
    """(unit id, registered at, plan uploaded at, late) of the units' registrations."""
    return list(
        Registration.objects.filter(campaign=campaign, unit_id__in=unit_ids).values_list(
            "unit_id", "registered_at", "plan_uploaded_at", "plan_late"
        )
    )


def reminders_sent_by_campaign(campaign: Campaign, *, limit: int) -> list[Reminder]:
    """The campaign's registration reminders (by hand or automatic), newest first."""
    return list(
        Reminder.objects.filter(campaign=campaign)
        .select_related("unit", "sent_by")
        .order_by("-sent_at")[:limit]
    )


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def campaign_for_dashboard(pk) -> Campaign | None:
    """The campaign with what a dashboard reads of it (phases, award forms): fewer queries
    than campaign_get_for, which also loads criteria and checklists. No access check: the
    caller checks the reach."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Campaign.objects.select_related("issuer")
        .prefetch_related("phases", "award_forms")
        .filter(pk=pk)
        .first()
    )


def participants_of(campaign) -> QuerySet[CampaignParticipant]:
    return CampaignParticipant.objects.filter(campaign=campaign)


def participant_units(campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(campaign_participations__campaign=campaign)


def participant_units_listed(campaign) -> QuerySet[Unit]:
    """The participant units as the campaign's page lists them (by position, then name),
    reading only what a row shows: paged by the caller (a national round has thousands)."""
    return (
        participant_units(campaign)
        .only("id", "name", "position")
        .order_by("position", "name", "id")
    )


def campaigns_issued_in(scope, *, roles=None) -> QuerySet[Campaign]:
    """The campaigns whose issuer the scope reaches (with `roles` only, when given)."""
    return Campaign.objects.filter(scope.unit_q("issuer__", roles=roles))


def phases_of_campaigns(campaign_ids) -> dict[int, list[CampaignPhase]]:
    """campaign id → its phases by start (one query)."""
    out: dict[int, list[CampaignPhase]] = {}
    for phase in CampaignPhase.objects.filter(campaign_id__in=campaign_ids).order_by("starts_at"):
        out.setdefault(phase.campaign_id, []).append(phase)
    return out


def participations_in_scope(scope, *, roles, states, limit: int) -> list[CampaignParticipant]:
    """The scope's units (through `roles`) taking part in campaigns in `states`, newest
    campaign first, with the campaign and the unit."""
    return list(
        CampaignParticipant.objects.filter(scope.unit_q("unit__", roles=roles))
        .filter(campaign__state__in=states)
        .select_related("campaign", "unit")
        .order_by("-campaign__period_start", "campaign_id", "unit__path")[:limit]
    )


def registrations_by_key(campaign_ids, unit_ids) -> dict[tuple[int, int], Registration]:
    """(campaign id, unit id) → the registration (one query)."""
    return {
        (r.campaign_id, r.unit_id): r
        for r in Registration.objects.filter(campaign_id__in=campaign_ids, unit_id__in=unit_ids)
    }


def unregistered_counts(campaign_ids) -> dict[int, int]:
    """campaign id → participants without a registration (one query)."""
    registered = Registration.objects.filter(campaign=OuterRef("campaign"), unit=OuterRef("unit"))
    return dict(
        CampaignParticipant.objects.filter(campaign_id__in=campaign_ids)
        .exclude(Exists(registered))
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )


def plan_uploaded_exists(campaign, *, late: bool | None = None) -> Exists:
    """A filter on units (outer `pk`): the unit uploaded its plan (late or on time when
    `late` is given)."""
    qs = Registration.objects.filter(
        campaign=campaign, unit=OuterRef("pk"), plan_uploaded_at__isnull=False
    )
    if late is not None:
        qs = qs.filter(plan_late=late)
    return Exists(qs)


def units_with_plan(campaign) -> QuerySet:
    """Ids of the units that uploaded their plan (a subquery)."""
    return Registration.objects.filter(campaign=campaign, plan_uploaded_at__isnull=False).values(
        "unit_id"
    )


def campaigns_launched_in(*, path: str, year: int) -> list[Campaign]:
    """Campaigns of `year` launched (no longer drafts) by issuers in the subtree at `path`."""
    return list(
        Campaign.objects.filter(issuer__path__startswith=path, year=year)
        .exclude(state=CampaignState.DRAFT)
        .order_by("period_start", "id")
    )


# Kinds of commendation and the annual round's registrations -----------------------------------


def kind_rule(award_kind: str, day: dt.date) -> AwardKindRule | None:
    """The rule of a kind of commendation in force on `day`, with its checklist (two
    queries)."""
    rule = (
        AwardKindRule.objects.filter(award_kind=award_kind, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if rule is not None:
        rule.checklist = list(rule.items.order_by("position", "id"))
    return rule


def kind_clock_codes() -> list[tuple[str, dt.date, dt.date | None, str]]:
    """(award kind, valid from, valid to, clock code) of every kind's rule: the handful of rows
    the dossier clocks pick from by the day a dossier was received (one query)."""
    return list(
        AwardKindRule.objects.order_by().values_list(
            "award_kind", "valid_from", "valid_to", "clock_code"
        )
    )


def clock_code_on(rules: list[tuple], award_kind: str, day: dt.date) -> str | None:
    """The clock code of the kind's rule in force on `day` (latest start), from
    `kind_clock_codes()`'s rows: a pure function."""
    found = [
        (start, code)
        for kind, start, end, code in rules
        if kind == award_kind and start <= day and (end is None or day <= end)
    ]
    return max(found)[1] if found else None


def campaign_kind_rule(campaign: Campaign) -> AwardKindRule | None:
    """The rule of the campaign's kind in force when its period starts (cached on it)."""
    if not hasattr(campaign, "_kind_rule"):
        campaign._kind_rule = kind_rule(campaign.award_kind, campaign.period_start)
    return campaign._kind_rule


def kind_checklist(campaign: Campaign) -> list[tuple[str, str]]:
    """The dossier the campaign's kind requires, as the award-form screen pre-fills it."""
    rule = campaign_kind_rule(campaign)
    return [(i.name, i.scope) for i in rule.checklist] if rule else []


def needs_registration(campaign: Campaign) -> bool:
    rule = campaign_kind_rule(campaign)
    return rule.needs_registration if rule else True


def is_title_round(campaign: Campaign) -> bool:
    return campaign.award_kind == AwardKind.THUONG_XUYEN


def title_registrations(campaign: Campaign, *, units=None) -> list[TitleRegistration]:
    """The titles registered in the annual round (by the given participant units), one query."""
    qs = TitleRegistration.objects.filter(campaign=campaign).select_related(
        "award_form", "person", "subject_unit", "unit"
    )
    if units is not None:
        qs = qs.filter(unit__in=units)
    return list(qs.order_by("unit__name", "award_form__position", "person__sort_key", "id"))


def registered_keys(campaign: Campaign) -> set[tuple[int, str, int]]:
    """(award form, "p"/"u", person or unit id) of every registration: what a year-end
    nominee is checked against (one query)."""
    out = set()
    for form_id, person_id, unit_id in TitleRegistration.objects.filter(
        campaign=campaign
    ).values_list("award_form_id", "person_id", "subject_unit_id"):
        out.add((form_id, "p", person_id) if person_id else (form_id, "u", unit_id))
    return out


def title_forms(campaign: Campaign) -> list[AwardForm]:
    """The award forms a unit may register for (individual and collective titles)."""
    return list(
        campaign.award_forms.filter(
            subject_type__in=[SubjectType.INDIVIDUAL, SubjectType.COLLECTIVE]
        ).order_by("position", "id")
    )
