"""Reads of the monitoring app: a campaign's dashboard, the reminders log, jobs, preferences.

The dashboard is computed with a constant number of aggregate queries (one per figure family,
each over every participant unit at once, never one per unit): its query count is the same for
17 units and for 3,321. A unit's focal point gets the same figures restricted to the units its
roles reach; the secretariat over the issuer sees every participant.
"""

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.awards import selectors as award_selectors
from thidua.awards.enums import DecisionState
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import CampaignState, PhaseKind, RegistrationStatus, SubjectType
from thidua.core.counts import data_version
from thidua.core.text import search_key
from thidua.council import selectors as council_selectors
from thidua.indicators import selectors as indicator_selectors
from thidua.indicators.enums import AssessmentState
from thidua.monitoring.enums import JobState, NotificationKind, ReminderTarget
from thidua.monitoring.models import (
    Job,
    NotificationPreference,
    ReminderDelivery,
    ReminderRule,
    StatForm,
)
from thidua.nominations import selectors as nomination_selectors
from thidua.nominations.enums import NomineeState, ProposalState
from thidua.org import selectors as org_selectors
from thidua.org.enums import UnitKind
from thidua.org.scope import user_scope

CHANGE = "campaigns.change_campaign"
NOT_FOUND = "Không tìm thấy phong trào hoặc bạn không có quyền truy cập."

# Above this many units a per-unit chart is unreadable: the dashboard shows the distribution
# and the units that need attention; the full table is one click away in Excel.
PER_UNIT_CHART_LIMIT = 30
ATTENTION_ROWS = 50


# Access ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    campaign: object  # a campaigns.Campaign
    manages: bool  # the secretariat over the issuer: every participant, reminders, exports

    def participants(self, user) -> QuerySet:
        qs = campaign_selectors.participants_of(self.campaign)
        return qs if self.manages else qs.filter(user_scope(user).unit_q("unit__"))


def dashboard_reach_for(user, pk) -> Reach:
    """The campaign and how much of it the reader sees; 404 outside its reach. The same rule
    as campaigns.view_campaign (reaches the issuer, or a published campaign one of its units
    takes part in), checked with one EXISTS instead of loading every participant."""

    campaign = campaign_selectors.campaign_for_dashboard(pk)
    if campaign is None:
        raise Http404(NOT_FOUND)
    if user.has_perm(CHANGE, campaign):
        return Reach(campaign, manages=True)
    scope = user_scope(user)
    if scope.covers(campaign.issuer):
        return Reach(campaign, manages=False)
    takes_part = (
        campaign.state in CampaignState.visible_to_participants()
        and campaign_selectors.participants_of(campaign).filter(scope.unit_q("unit__")).exists()
    )
    if not takes_part:
        raise Http404(NOT_FOUND)
    return Reach(campaign, manages=False)


@dataclass(frozen=True)
class ReachDecision:
    """What a reader may see of a campaign's dashboard, in plain values: kept in the shared
    cache per user and data version, so a kept dashboard is served without reading the
    campaign."""

    campaign_id: int
    manages: bool
    reach_key: str  # readers with the same key see the same figures and table
    version: str = ""  # the data version it was decided under ("": not kept)


def kept_seconds() -> int:
    """How long the dashboard's reach decisions and rendered parts are kept (0: not at all).
    Only with Redis: with the database cache a lookup costs a query of its own."""
    if not settings.REDIS_URL:
        return 0
    return getattr(settings, "THIDUA_DASHBOARD_CACHE_SECONDS", 30)


def dashboard_decision_for(user, pk) -> tuple[ReachDecision, Reach | None]:
    """The reader's reach decision (404 outside the reach), and the Reach itself when it had
    to be computed (None when the decision was kept). Kept per user under the figures'
    version, which any audited change replaces (a revoked role is refused at the next
    request), for at most `kept_seconds()`; refusals are never kept."""

    seconds = kept_seconds()
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    version = data_version() if seconds else ""
    key = f"thidua:monitoring:dashboard-reach:{version}:{pk}:{user.pk}"
    kept = cache.get(key) if seconds else None
    if kept is not None:
        return ReachDecision(pk, kept[0], kept[1], version), None
    reach = dashboard_reach_for(user, pk)
    decision = ReachDecision(pk, reach.manages, _reach_key(reach, user), version)
    if seconds:
        cache.set(key, (decision.manages, decision.reach_key), seconds)
    return decision, reach


def dashboard_page_kept(decision: ReachDecision, filters: tuple, build) -> dict:
    """The secretariat's rendered page parts (`build()` draws them) kept per reach, filters
    and data version like the decision, for at most `kept_seconds()`; drawn afresh when the
    decision was not kept (no Redis) or for the whole table."""
    seconds = kept_seconds() if decision.version else 0
    if not seconds:
        return build()
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:24]
    key = (f"thidua:web:dashboard-page:{decision.version}:{decision.campaign_id}:"
           f"{decision.reach_key}:{digest}")  # fmt: skip
    return cache.get_or_set(key, build, seconds)


# Dashboard -------------------------------------------------------------------------------------


@dataclass
class Owed:
    """Something a unit still has to do, and by when."""

    what: str
    due: dt.datetime | dt.date | None = None
    url: str = ""


@dataclass
class UnitRow:
    unit_id: int
    name: str
    code: str
    registration: str = RegistrationStatus.PENDING
    registered_at: dt.datetime | None = None
    plan_uploaded_at: dt.datetime | None = None
    tasks_done: int = 0
    tasks_total: int = 0
    tasks_overdue: int = 0
    next_task_deadline: dt.date | None = None
    self_assessment: str = ""  # AssessmentState value of the year's PAR INDEX, "" if none
    par_percent: Decimal | None = None
    par_band: str = ""
    proposal: str = ""  # ProposalState value, "" when the unit has none
    proposal_returned_at: dt.datetime | None = None
    nominees: int = 0
    eligible: int = 0
    staged: int = 0
    awarded: int = 0
    owed: list[Owed] = field(default_factory=list)

    @property
    def registration_label(self) -> str:
        return RegistrationStatus(self.registration).label

    @property
    def tasks_percent(self) -> int | None:
        return round(self.tasks_done * 100 / self.tasks_total) if self.tasks_total else None

    @property
    def proposal_label(self) -> str:
        return ProposalState(self.proposal).label if self.proposal else "Chưa lập"


@dataclass
class Deadline:
    label: str
    at: dt.datetime
    remaining: dt.timedelta

    @property
    def countdown(self) -> str:
        """ "còn 3 ngày 4 giờ", "còn 5 giờ", "quá hạn 2 ngày"."""
        seconds = int(self.remaining.total_seconds())
        late = seconds < 0
        seconds = abs(seconds)
        days, hours = seconds // 86400, (seconds % 86400) // 3600
        if days:
            text = f"{days} ngày" + (f" {hours} giờ" if hours and days < 7 else "")
        elif hours:
            text = f"{hours} giờ"
        else:
            text = f"{max(1, (seconds % 3600) // 60)} phút"
        return f"quá hạn {text}" if late else f"còn {text}"

    @property
    def urgent(self) -> bool:
        return self.remaining < dt.timedelta(days=3)


@dataclass
class QuotaUse:
    award_form_id: int
    name: str
    subject_type: str
    quota: int | None
    nominated: int
    eligible: int
    staged: int
    awarded: int
    amount: int

    @property
    def used(self) -> int:
        """Awarded once a decision is issued, else what the council staged."""
        return self.awarded or self.staged

    @property
    def subject_label(self) -> str:
        return SubjectType(self.subject_type).label


@dataclass
class CouncilProgress:
    sessions: list[dict]
    items: int
    voted: int
    passed: int
    within_quota: int


@dataclass
class FundUse:
    budget: int | None
    spent: int | None
    decided: int  # total of issued decisions of this campaign
    drafted: int  # total of draft decisions
    decisions_issued: int
    decisions_draft: int

    @property
    def percent(self) -> int | None:
        if not self.budget:
            return None
        return round(self.decided * 100 / self.budget)


@dataclass
class Dashboard:
    campaign: object  # a campaigns.Campaign
    manages: bool
    now: dt.datetime
    units_total: int
    rows: list[UnitRow]  # the table's units (filtered, one page)
    rows_total: int  # the table's units before the page cut
    registration_counts: dict[str, int]
    registration_deadline: dt.datetime | None
    proposal_counts: dict[str, int]
    nominee_counts: dict[str, int]  # by NomineeState value
    eligibility: dict[str, int]  # "yes", "no", "review"
    eligibility_by_subject: dict[str, dict[str, int]]
    task_totals: tuple[int, int]  # done, total
    task_buckets: list[tuple[str, int]]
    par_bands: list[tuple[str, int]]
    par_year: int
    assessments: dict[str, int]  # by AssessmentState value
    quotas: list[QuotaUse]
    council: CouncilProgress
    fund: FundUse
    deadlines: list[Deadline]
    computed_at: dt.datetime
    reach_key: str = ""
    rows_token: str = ""  # names the table's kept rows ("": not kept, render them)

    @property
    def figures_token(self) -> str:
        """Names the rendered figures: same campaign, reach and computation, same HTML."""
        return (f"{self.campaign.pk}:{self.reach_key}:{self.computed_at.isoformat()}:"
                f"{int(self.per_unit_charts)}")  # fmt: skip

    @property
    def units(self) -> int:
        return self.units_total

    @property
    def per_unit_charts(self) -> bool:
        """Few units, all in the table: a bar per unit reads well."""
        return self.units_total <= PER_UNIT_CHART_LIMIT and self.rows_total == self.units_total


# Units by share of their CCHC tasks completed (the bucket index the SQL CASE returns).
TASK_BUCKETS = ["100%", "80–99%", "50–79%", "Dưới 50%"]


def _registration_status(row: UnitRow, deadline, now) -> str:
    if row.plan_uploaded_at is not None:
        return row.registration  # on_time / late set from the row
    if deadline is not None and now >= deadline:
        return RegistrationStatus.MISSING
    return RegistrationStatus.PENDING


def dashboard(
    user,
    pk,
    *,
    now: dt.datetime | None = None,
    show: str = "",
    q: str = "",
    limit: int | None = ATTENTION_ROWS,
    offset: int = 0,
) -> Dashboard:
    """Every figure of a campaign's dashboard, for the reader's reach, and the units table
    (filtered by `show` and `q`, `limit` rows from `offset`; `limit=None` for all, as the
    export). A constant number of queries: the campaign (with phases, forms), then one
    aggregate query per figure family (registrations, tasks, assessments, proposals,
    nominees, council, awards, fund) over every participant at once, then the table's units
    and their details — whatever the number of units."""
    reach = dashboard_reach_for(user, pk)
    return build_dashboard(reach, user, now=now, show=show, q=q, limit=limit, offset=offset)


def _sum_counts(rows, key: str, value: str = "n") -> Counter:
    out: Counter = Counter()
    for r in rows:
        out[r[key]] += r[value]
    return out


def build_dashboard(
    reach: Reach,
    user,
    *,
    now: dt.datetime | None = None,
    show: str = "",
    q: str = "",
    limit: int | None = ATTENTION_ROWS,
    offset: int = 0,
) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    campaign = reach.campaign
    unit_ids = reach.participants(user).values("unit_id")  # a subquery in every query below
    phases = {p.kind: p for p in campaign.phases.all()}
    reg_phase = phases.get(PhaseKind.REGISTRATION)
    reg_deadline = reg_phase.ends_at if reg_phase else None
    reg_closed = reg_deadline is not None and now >= reg_deadline
    nomination = phases.get(PhaseKind.NOMINATION)
    frameworks = indicator_selectors.par_frameworks_of_year(campaign.year)
    fw_ids = [f["id"] for f in frameworks]
    figures = _figures_cached(reach, user, unit_ids, fw_ids)
    not_sent = figures.pop("not_sent")
    figures["registration_counts"] = {
        RegistrationStatus.ON_TIME: figures.pop("on_time"),
        RegistrationStatus.LATE: figures.pop("late"),
        RegistrationStatus.MISSING: not_sent if reg_closed else 0,
        RegistrationStatus.PENDING: 0 if reg_closed else not_sent,
    }

    # Deadlines ahead.
    deadlines = []
    for kind in (PhaseKind.REGISTRATION, PhaseKind.NOMINATION, PhaseKind.COUNCIL,
                 PhaseKind.DECISION):  # fmt: skip
        p = phases.get(kind)
        if p is not None and p.ends_at > now - dt.timedelta(days=30):
            deadlines.append(Deadline(PhaseKind(kind).label, p.ends_at, p.ends_at - now))
    self_deadline = next((f["self_deadline"] for f in frameworks if f["self_deadline"]), None)
    if self_deadline is not None and self_deadline > now - dt.timedelta(days=30):
        deadlines.append(Deadline("Tự chấm điểm chỉ số CCHC", self_deadline, self_deadline - now))
    deadlines.sort(key=lambda d: d.at)

    # The units table: the filtered units (in SQL), then their details for that slice only.
    nominees_by_unit = figures.pop("nominees_by_unit")

    def table() -> tuple[list[UnitRow], int]:
        units = _table_units(campaign, unit_ids, fw_ids, show=show, q=q, now=now, today=today,
                             reg_closed=reg_closed, nomination=nomination)  # fmt: skip
        total = units.count()
        page = units[offset : offset + limit] if limit is not None else units
        rows = {u["id"]: UnitRow(u["id"], u["name"], u["code"]) for u in page}
        _fill_rows(rows, campaign, fw_ids, today=today, now=now, reg_deadline=reg_deadline,
                   nominees_by_unit=nominees_by_unit)  # fmt: skip
        for row in rows.values():
            row.owed = _owed(row, reg_deadline, self_deadline, nomination, campaign, now)
        return list(rows.values()), total

    rows, table_total, rows_token = _table_cached(reach, user, (show, q, offset, limit), table)
    return Dashboard(
        campaign=campaign,
        manages=reach.manages,
        now=now,
        rows=rows,
        rows_total=table_total,
        rows_token=rows_token,
        registration_deadline=reg_deadline,
        par_year=campaign.year,
        deadlines=deadlines,
        reach_key=_reach_key(reach, user),
        **figures,
    )


def _reach_key(reach: Reach, user) -> str:
    """The same figures for every reader with the same reach: the secretariat's whole
    campaign, or the exact set of subtrees a unit reader's roles reach."""
    if reach.manages:
        return "all"
    return f"units:{user_scope(user).reach_key()}"


def _table_cached(reach: Reach, user, filters: tuple, build) -> tuple[list, int, str]:
    """One page of the units table (its rows, the filtered total, and a token naming them for
    the rendered table), kept like the figures: under the data version, which any audited
    change replaces, for at most `THIDUA_DASHBOARD_CACHE_SECONDS`. Only with Redis (with the
    database cache a lookup costs a query of its own) and never for the whole table (the
    export)."""
    seconds = kept_seconds()
    if not seconds or filters[-1] is None:
        rows, total = build()
        return rows, total, ""
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:24]
    key = (f"thidua:monitoring:dashboard-table:{data_version()}:{reach.campaign.pk}:"
           f"{_reach_key(reach, user)}:{digest}")  # fmt: skip

    def made() -> tuple[list, int, str]:
        rows, total = build()
        return rows, total, f"{key}:{timezone.now().isoformat()}"

    return cache.get_or_set(key, made, seconds)


def _figures_cached(reach: Reach, user, unit_ids, fw_ids) -> dict:
    """The figures, shared for `THIDUA_DASHBOARD_CACHE_SECONDS` (default 30; 0 turns the
    cache off) by readers with the same reach: a dashboard read by many at once is computed
    once per period, and says when (`computed_at`)."""
    seconds = getattr(settings, "THIDUA_DASHBOARD_CACHE_SECONDS", 30)
    if not seconds:
        return _figures(reach, unit_ids, fw_ids)
    version = data_version()
    key = f"thidua:monitoring:dashboard:{version}:{reach.campaign.pk}:{_reach_key(reach, user)}"
    return dict(cache.get_or_set(key, lambda: _figures(reach, unit_ids, fw_ids), seconds))


def _figures(reach: Reach, unit_ids, fw_ids) -> dict:
    """Every figure of the dashboard: one aggregate query per figure family over all the
    participants in reach at once. The campaign's own rows (registrations, proposals and what
    hangs from them) come only from the reader's units; the secretariat needs no filter."""
    campaign = reach.campaign
    computed_at = timezone.now()
    only = None if reach.manages else unit_ids
    units_total = org_selectors.units_count(unit_ids)
    nominees = _nominee_figures(campaign, only)
    quotas = _quota_figures(campaign, only, nominees.pop("form_counts"))
    return {
        "computed_at": computed_at,
        "units_total": units_total,
        **_plan_figures(campaign, only, units_total),
        "proposal_counts": _proposal_figures(campaign, only, units_total),
        **nominees,
        **_task_figures(campaign.year, unit_ids, units_total),
        **_par_figures(fw_ids, unit_ids),
        "quotas": quotas,
        "council": _council_figures(campaign, only),
        "fund": _fund_figures(reach, quotas),
    }


def _plan_figures(campaign, only, units_total: int) -> dict:
    """Registrations and unit plans: sent on time, late, not sent."""
    reg = campaign_selectors.plan_counts(campaign, only)
    return {
        "on_time": reg["on_time"],
        "late": reg["late"],
        "not_sent": units_total - reg["on_time"] - reg["late"],
    }


def _task_figures(year: int, unit_ids, units_total: int) -> dict:
    """CCHC tasks of the campaign's year: totals, and units by completion (integers only)."""
    per_unit = indicator_selectors.task_counts_per_unit(year, unit_ids)
    bucket_counts, done_sum, total_sum, with_tasks = _task_buckets(per_unit)
    bucket_counts["Chưa giao nhiệm vụ"] = units_total - with_tasks
    task_buckets = [(label, bucket_counts[label]) for label in TASK_BUCKETS]
    task_buckets.append(("Chưa giao nhiệm vụ", bucket_counts["Chưa giao nhiệm vụ"]))
    return {"task_totals": (done_sum, total_sum), "task_buckets": task_buckets}


def _par_figures(fw_ids, unit_ids) -> dict:
    """PAR INDEX of the campaign's year: self-assessment progress, and results by band."""
    by_state_band = indicator_selectors.assessment_counts(fw_ids, unit_ids)
    assessments = _sum_counts(by_state_band, "state")
    band_counts = Counter()
    for r in by_state_band:
        if r["state"] == AssessmentState.PUBLISHED:
            band_counts[r["band"] or ""] += r["rated"]
    band_order = indicator_selectors.band_labels(fw_ids)
    labels = list(dict.fromkeys(band_order + sorted(b for b in band_counts if b)))
    par_bands = [(b, band_counts[b]) for b in labels]
    if band_counts.get(""):
        par_bands.append(("Chưa xếp loại", band_counts[""]))
    return {"par_bands": par_bands, "assessments": dict(assessments)}


def _proposal_figures(campaign, only, units_total: int) -> dict[str, int]:
    proposal_counts = Counter(nomination_selectors.proposal_state_counts(campaign, only))
    proposal_counts["none"] = units_total - sum(proposal_counts.values())
    return {s: proposal_counts.get(s, 0) for s in [*ProposalState.values, "none"]}


def _nominee_figures(campaign, only) -> dict:
    """Nominees by state and eligibility (overall and per subject type), per award form and
    per unit."""
    nominee_counts: Counter = Counter()
    eligibility: Counter = Counter()
    by_subject: dict[str, Counter] = {}
    form_counts: dict[int, Counter] = {}
    per_unit: dict[int, list[int]] = {}  # unit → [nominees, eligible, staged, awarded]
    for (
        unit_id,
        form_id,
        subject,
        state,
        eligible,
        n,
        staged,
    ) in nomination_selectors.nominee_tallies(campaign, only):
        key = {True: "yes", False: "no", None: "review"}[eligible]
        nominee_counts[state] += n
        eligibility[key] += n
        by_subject.setdefault(subject, Counter())[key] += n
        fc = form_counts.setdefault(form_id, Counter())
        fc["nominated"] += n
        fc["eligible"] += n if eligible else 0
        fc["staged"] += staged
        unit = per_unit.setdefault(unit_id, [0, 0, 0, 0])
        unit[0] += n
        unit[1] += n if eligible else 0
        unit[2] += staged
        unit[3] += n if state == NomineeState.AWARDED else 0
    return {
        "nominee_counts": {s: nominee_counts.get(s, 0) for s in NomineeState.values},
        "eligibility": {k: eligibility.get(k, 0) for k in ("yes", "no", "review")},
        "eligibility_by_subject": {
            s: {k: c.get(k, 0) for k in ("yes", "no", "review")} for s, c in by_subject.items()
        },
        "nominees_by_unit": per_unit,
        "form_counts": form_counts,
    }


def _quota_figures(campaign, only, form_counts: dict[int, Counter]) -> list["QuotaUse"]:
    """Per award form: its quota against nominated, eligible, staged and awarded."""
    awards = award_selectors.issued_award_totals(campaign, only)
    quotas = []
    for form in campaign.award_forms.all():
        fc = form_counts.get(form.pk, Counter())
        n_awarded, amount = awards.get(form.pk, (0, 0))
        quotas.append(QuotaUse(form.pk, form.name, form.subject_type, form.quota,
                               fc["nominated"], fc["eligible"], fc["staged"], n_awarded,
                               amount))  # fmt: skip
    return quotas


def _council_figures(campaign, only) -> "CouncilProgress":
    """Council sessions of the campaign; items counted for the reader's units only."""
    sessions = council_selectors.session_progress(campaign, only)
    return CouncilProgress(
        sessions=sessions,
        items=sum(s["n_items"] for s in sessions),
        voted=sum(s["n_voted"] for s in sessions),
        passed=sum(s["n_passed"] for s in sessions),
        within_quota=sum(s["n_quota"] for s in sessions),
    )


def _fund_figures(reach: Reach, quotas) -> "FundUse":
    """The campaign's decisions against the fund they are paid from."""
    campaign = reach.campaign
    decisions = award_selectors.decision_totals(campaign)
    issued = decisions.get(DecisionState.ISSUED, {})
    draft = decisions.get(DecisionState.DRAFT, {})
    fund_year = issued.get("year") or draft.get("year") or campaign.year
    fund = (
        award_selectors.fund_figures(campaign.fund_unit_id or campaign.issuer_id, fund_year)
        if reach.manages
        else None
    )
    return FundUse(
        budget=fund["budget"] if fund else None,
        spent=fund["spent"] if fund else None,
        decided=(issued.get("total") or 0) if reach.manages else sum(q.amount for q in quotas),
        drafted=(draft.get("total") or 0) if reach.manages else 0,
        decisions_issued=issued.get("n", 0),
        decisions_draft=draft.get("n", 0),
    )


def _task_buckets(per_unit) -> tuple[Counter, int, int, int]:
    """Units by completion bucket, and the task totals, in one query over the per-unit
    counts (the database groups; no row per unit comes back)."""
    from django.db import connection

    sql, params = per_unit.query.sql_with_params()
    bucket = (
        "CASE WHEN t.done = t.total THEN 0 WHEN t.done * 100 >= t.total * 80 THEN 1 "
        "WHEN t.done * 100 >= t.total * 50 THEN 2 ELSE 3 END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {bucket}, COUNT(*), SUM(t.done), SUM(t.total) FROM ({sql}) t "
            f"GROUP BY {bucket}", params)  # fmt: skip
        rows = cursor.fetchall()
    counts: Counter = Counter()
    done_sum = total_sum = with_tasks = 0
    for index, n, done, total in rows:
        counts[TASK_BUCKETS[index]] += n
        done_sum, total_sum, with_tasks = done_sum + done, total_sum + total, with_tasks + n
    return counts, int(done_sum), int(total_sum), with_tasks


def _table_units(campaign, unit_ids, fw_ids, *, show, q, now, today, reg_closed, nomination):
    """The participant units the table shows, filtered in SQL, in the units' order."""
    qs = org_selectors.units_by_ids(unit_ids)
    uploaded = campaign_selectors.plan_uploaded_exists(campaign)

    def proposal_in(*states):
        return nomination_selectors.proposal_exists(campaign, states=states)

    if show == "owing":
        open_task = indicator_selectors.open_task_exists(campaign.year)
        scoring = indicator_selectors.self_scoring_exists(fw_ids)
        owing = ~uploaded | open_task | scoring | proposal_in(ProposalState.RETURNED)
        if nomination is not None and now < nomination.ends_at:
            owing |= proposal_in(ProposalState.DRAFT)
        qs = qs.filter(owing)
    elif show in {RegistrationStatus.ON_TIME, RegistrationStatus.LATE}:
        qs = qs.filter(campaign_selectors.plan_uploaded_exists(
            campaign, late=show == RegistrationStatus.LATE))  # fmt: skip
    elif show in {RegistrationStatus.MISSING, RegistrationStatus.PENDING}:
        matches = reg_closed == (show == RegistrationStatus.MISSING)
        qs = qs.filter(~uploaded) if matches else qs.none()
    elif show in ProposalState.values:
        qs = qs.filter(proposal_in(show))
    elif show == "no_proposal":
        qs = qs.filter(~nomination_selectors.proposal_exists(campaign))
    q = q.replace("\x00", "")
    if q:
        key = search_key(q)
        qs = qs.filter(Q(search_key__contains=key) | Q(code__icontains=q))
    return qs.order_by("position", "name", "id").values("id", "name", "code")


def _fill_rows(
    rows: dict[int, UnitRow], campaign, fw_ids, *, today, now, reg_deadline, nominees_by_unit: dict
) -> None:
    """Each shown unit's registration, tasks, PAR result and proposal: four queries over the
    shown units; its nominees come with the figures."""
    ids = list(rows)
    if not ids:
        return
    for unit_id, registered_at, uploaded_at, late in campaign_selectors.registration_rows(
        campaign, ids
    ):
        row = rows[unit_id]
        row.registered_at, row.plan_uploaded_at = registered_at, uploaded_at
        if uploaded_at is not None:
            row.registration = RegistrationStatus.LATE if late else RegistrationStatus.ON_TIME
    for row in rows.values():
        row.registration = _registration_status(row, reg_deadline, now)
    for r in indicator_selectors.task_figures_of_units(campaign.year, ids, today):
        row = rows[r["unit_id"]]
        row.tasks_total, row.tasks_done = r["total"], r["done"]
        row.tasks_overdue, row.next_task_deadline = r["overdue"], r["next_deadline"]
    for unit_id, state, percent, band in indicator_selectors.assessment_results_of_units(
        fw_ids, ids
    ):
        row = rows[unit_id]
        row.self_assessment = state
        if state == AssessmentState.PUBLISHED and percent is not None:
            row.par_percent, row.par_band = percent, band
    for unit_id, state, returned_at in nomination_selectors.proposal_rows(campaign, ids):
        rows[unit_id].proposal = state
        if state == ProposalState.RETURNED:
            rows[unit_id].proposal_returned_at = returned_at
    for unit_id, row in rows.items():
        row.nominees, row.eligible, row.staged, row.awarded = nominees_by_unit.get(
            unit_id, (0, 0, 0, 0)
        )


def _owed(row: UnitRow, reg_deadline, self_deadline, nomination, campaign, now) -> list[Owed]:
    owed = []
    if row.registration in {RegistrationStatus.MISSING, RegistrationStatus.PENDING}:
        owed.append(Owed("Đăng ký thi đua và gửi kế hoạch của đơn vị", reg_deadline,
                         f"/phong-trao/{campaign.pk}/dang-ky/"))  # fmt: skip
    if row.tasks_overdue:
        owed.append(Owed(f"{row.tasks_overdue} nhiệm vụ CCHC quá hạn chưa hoàn thành", None,
                         "/chi-so/nhiem-vu/"))  # fmt: skip
    elif row.tasks_total and row.tasks_done < row.tasks_total:
        owed.append(Owed(f"{row.tasks_total - row.tasks_done} nhiệm vụ CCHC chưa hoàn thành",
                         row.next_task_deadline, "/chi-so/nhiem-vu/"))  # fmt: skip
    if row.self_assessment in AssessmentState.unit_editable():
        owed.append(Owed("Tự chấm điểm chỉ số CCHC và gửi thẩm định", self_deadline))
    if row.proposal == ProposalState.RETURNED:
        owed.append(Owed("Bổ sung hồ sơ đề nghị khen thưởng bị trả lại",
                         nomination.ends_at if nomination else None))  # fmt: skip
    elif row.proposal == ProposalState.DRAFT and nomination and now < nomination.ends_at:
        owed.append(Owed("Gửi hồ sơ đề nghị khen thưởng", nomination.ends_at))
    return owed


SHOW_CHOICES = [
    ("", "Tất cả đơn vị"),
    ("owing", "Còn việc phải làm"),
    *[(s, f"Kế hoạch: {label.lower()}") for s, label in RegistrationStatus.choices],
    *[(s, f"Hồ sơ: {label.lower()}") for s, label in ProposalState.choices],
    ("no_proposal", "Chưa lập hồ sơ đề nghị"),
]


# Reminders, preferences, jobs ------------------------------------------------------------------


def reminder_rules_of(campaign) -> list[ReminderRule]:
    return list(ReminderRule.objects.filter(campaign=campaign).order_by("target", "-days", "id"))


def reminder_rule_get(campaign, pk) -> ReminderRule:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy quy tắc nhắc.") from None
    rule = ReminderRule.objects.filter(campaign=campaign, pk=pk).first()
    if rule is None:
        raise Http404("Không tìm thấy quy tắc nhắc.")
    return rule


@dataclass
class SentRow:
    sent_at: dt.datetime
    what: str
    unit: str
    recipients: list[str]
    how: str


def reminders_sent(campaign, *, limit: int = 500) -> list[SentRow]:
    """What was sent to whom: the rules' deliveries and the registration reminders of the
    campaigns app (sent by hand or automatically), newest first. Three queries."""
    out = [
        SentRow(d.sent_at, ReminderTarget(d.rule.target).label, d.unit.name,
                [f"{r.get('name') or ''} <{r.get('email') or 'không có thư điện tử'}>"
                 for r in d.recipients],
                f"Tự động: {d.rule.days} ngày "
                f"{'sau khi trả lại' if d.rule.target == ReminderTarget.RETURNED else 'trước hạn'}")
        for d in ReminderDelivery.objects.filter(rule__campaign=campaign)
        .select_related("rule", "unit")[:limit]
    ]  # fmt: skip
    manual = campaign_selectors.reminders_sent_by_campaign(campaign, limit=limit)
    focal = _focal_names([r.unit_id for r in manual])
    for r in manual:
        who = f"gửi tay: {r.sent_by.get_username()}" if r.sent_by_id else "gửi tay"
        out.append(SentRow(r.sent_at, ReminderTarget.REGISTRATION.label, r.unit.name,
                           focal.get(r.unit_id, []),
                           "Tự động (trước hạn đăng ký)" if r.kind == r.AUTO else who))  # fmt: skip
    out.sort(key=lambda s: s.sent_at, reverse=True)
    return out[:limit]


def _focal_names(unit_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not unit_ids:
        return out
    for unit_id, first, last, username, email in org_selectors.focal_point_contacts(unit_ids):
        name = f"{last} {first}".strip() or username
        out.setdefault(unit_id, []).append(f"{name} <{email or 'không có thư điện tử'}>")
    return out


def email_choices(user) -> dict[str, bool]:
    """kind → whether this user gets it by e-mail (default yes)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {k: chosen.get(k, True) for k in NotificationKind.values}


def jobs_for(user) -> QuerySet[Job]:
    return Job.objects.filter(created_by=user).select_related("campaign")


def job_get_for(user, pk) -> Job:
    """A job is its creator's: anyone else gets 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy việc.") from None
    job = Job.objects.filter(pk=pk, created_by=user).select_related("campaign").first()
    if job is None:
        raise Http404("Không tìm thấy việc.")
    return job


def job_active(user, kind: str, campaign) -> Job | None:
    return (Job.objects.filter(created_by=user, kind=kind, campaign=campaign)
            .exclude(state__in=JobState.finished()).first())  # fmt: skip


# On-time rate of received dossiers per level -----------------------------------------------------


@dataclass(frozen=True)
class LevelTiming:
    """Dossiers received at one level (the issuer's kind), against the appraisal clock."""

    level: str
    label: str
    on_time: int  # returned or accepted by the due date
    late: int  # returned or accepted after it
    waiting: int  # still waiting, within the time
    overdue: int  # still waiting, past the due date

    @property
    def judged(self) -> int:
        """Dossiers whose timeliness is known: handled, or already overdue."""
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """The on-time share in %, of the judged dossiers (None when none is judged yet)."""
        return None if not self.judged else round(100 * self.on_time / self.judged, 1)


def on_time_by_level(user, *, today: dt.date | None = None) -> list[LevelTiming]:
    """Per receiving level, how many dossiers the reader sees were handled within the working
    days the law gives (core.StatutoryDuration per level and kind of commendation): five
    queries, whatever the number."""
    rows = list(nomination_selectors.proposals_received(user))
    clocks = nomination_selectors.dossier_clocks(rows, today=today)
    counts: dict[str, Counter] = {}
    for pk, _at, level, _kind in rows:
        c = clocks.get(pk)
        if c is None:
            continue
        key = (
            ("on_time" if c.on_time else "late")
            if c.handled
            else ("overdue" if c.overdue else "waiting")
        )
        counts.setdefault(level, Counter())[key] += 1
    order = {kind: i for i, kind in enumerate(UnitKind.values)}
    return [
        LevelTiming(level, UnitKind(level).label if level in UnitKind.values else level,
                    n["on_time"], n["late"], n["waiting"], n["overdue"])
        for level, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], 99))
    ]  # fmt: skip


# Statutory statistics forms ------------------------------------------------------------------


def stat_forms() -> QuerySet:
    """Every statistical form, by level, place and start (with row and column counts)."""
    return StatForm.objects.annotate(
        row_count=Count("rows", distinct=True), column_count=Count("columns", distinct=True)
    ).order_by("level", "position", "code", "valid_from")


def stat_form_get(pk) -> StatForm:
    """One form with its rows and columns; 404 when it does not exist."""
    try:
        return StatForm.objects.prefetch_related("rows", "columns").get(pk=int(pk))
    except (StatForm.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy biểu mẫu thống kê.") from None
