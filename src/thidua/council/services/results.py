"""After the vote: closing it, ranking the agenda, resolving ties and staging the outcome to the
nominees (only through thidua.nominations.services.nominee_stage_council_outcome)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import AwardForm
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.council.enums import (
    BallotType,
    CouncilRole,
    SessionState,
    TieBreakKind,
)
from thidua.council.models import (
    AgendaItem,
    CouncilSession,
    PassRule,
    TieDecision,
)
from thidua.council.rules_math import (
    Entry,
    TieBreaker,
    ballot_passes,
    rank,
)
from thidua.council.services._common import _audit, _locked, _require
from thidua.council.services.ballots import _shuffle_secret_ballots, tally
from thidua.council.services.composition import member_of
from thidua.indicators.selectors import index_percent_by_unit
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.services import nominee_stage_council_outcome

RESULT_FIELDS = [
    "votes_for",
    "votes_against",
    "valid_ballots",
    "taking_part",
    "needed",
    "passed",
    "reason",
    "rank",
    "within_quota",
    "decided_by",
    "tie_values",
]


def _tie_breakers(rule: PassRule, items: list[AgendaItem], decision: TieDecision | None):
    breakers = []
    for kind in rule.tie_breakers:
        if kind == TieBreakKind.PAR_INDEX:
            values = {i.pk: i.tie_values.get("par_index") for i in items}
            breakers.append(TieBreaker.from_mapping(kind, TieBreakKind(kind).label, values))
        elif kind == TieBreakKind.SUBMITTED_AT:
            values = {i.pk: i.tie_values.get("submitted_at") for i in items}
            breakers.append(
                TieBreaker.from_mapping(kind, TieBreakKind(kind).label, values, descending=False)
            )
    if decision is not None:
        breakers.append(TieBreaker.decision(decision.order))
    return breakers


def _rank_items(session: CouncilSession, items: list[AgendaItem]) -> None:
    """Rank passing items per award form under its quota; a tie across the cut stays open
    (within_quota None) until the chair's decision."""
    decisions = {d.award_form_id: d for d in session.tie_decisions.all()}
    forms: dict[int, list[AgendaItem]] = {}
    for item in items:
        forms.setdefault(item.award_form_id, []).append(item)
    for form_id, group in forms.items():
        passing = [i for i in group if i.passed]
        for i in group:
            if not i.passed:
                i.rank, i.within_quota, i.decided_by = None, False, ""
        if not passing:
            continue
        rule, quota = passing[0].rule, passing[0].award_form.quota
        ranking = rank(
            [Entry(i.pk, i.votes_for) for i in passing],
            quota,
            _tie_breakers(rule, passing, decisions.get(form_id)),
        )
        for i in passing:
            row = ranking.row(i.pk)
            i.rank, i.within_quota, i.decided_by = row.rank, row.within_quota, row.decided_by


def par_index_of(session: CouncilSession, items: list[AgendaItem]) -> dict[int, Any]:
    """Nominee id → the published PAR INDEX % of the campaign's year, for collectives whose
    rule breaks ties by it (read from thidua.indicators in one query)."""

    wanted = [
        i
        for i in items
        if TieBreakKind.PAR_INDEX in (i.rule.tie_breakers or [])
        and i.nominee.subject_type == SubjectType.COLLECTIVE
    ]
    if not wanted:
        return {}
    by_unit = index_percent_by_unit(
        unit_ids=sorted({i.nominee.unit_id for i in wanted}), year=session.campaign.year
    )
    return {i.nominee_id: by_unit.get(i.nominee.unit_id) for i in wanted}


def _save_results(items: list[AgendaItem], fields: list[str]) -> None:
    """One plain UPDATE per item: Django's bulk_update builds a CASE per field and item, which
    costs seconds of CPU at a few hundred items (measured in bench/council.py)."""
    for item in items:
        AgendaItem.objects.filter(pk=item.pk).update(**{f: getattr(item, f) for f in fields})


def _par_value(value: Any) -> float | None:
    return None if value is None else float(value)


@transaction.atomic
def session_close_voting(
    *,
    actor,
    session: CouncilSession,
    par_index: Mapping[int, Any] | None = None,
    now: dt.datetime | None = None,
) -> CouncilSession:
    """Close voting, then compute the results: pass or fail per nominee, ranking per award form
    under its quota. `par_index` maps a nominee id to its published PAR index % (the tie-breaker
    for collectives); the values used are kept on the result for the minutes."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message="Phiên họp không ở giai đoạn bỏ phiếu.")
    paper_forms = {
        i.award_form_id
        for i in session.items.select_related("rule")
        if i.rule.ballot_type == BallotType.PAPER
    }
    entered = set(session.paper_tallies.values_list("award_form_id", flat=True))
    if paper_forms - entered:
        raise ValidationError("Chưa nhập kết quả kiểm phiếu giấy cho mọi hình thức khen thưởng.")
    _shuffle_secret_ballots(session)
    counted = tally(session)
    items = list(session.items.select_related("rule", "award_form", "nominee__proposal"))
    if par_index is None:
        par_index = par_index_of(session, items)
    for item in items:
        t = counted[item.pk]
        verdict = ballot_passes(
            t["for"], t["taking_part"], t["total"], t["valid"], item.rule.as_rule()
        )
        item.votes_for, item.votes_against, item.valid_ballots = t["for"], t["against"], t["valid"]
        item.taking_part, item.needed, item.passed = (
            t["taking_part"],
            verdict.needed,
            verdict.passed,
        )
        item.reason = verdict.reason[:300]
        submitted = item.nominee.submitted_at or item.nominee.proposal.submitted_at
        item.tie_values = {
            "par_index": _par_value(par_index.get(item.nominee_id)),
            "submitted_at": submitted.isoformat() if submitted else None,
        }
    _rank_items(session, items)
    _save_results(items, RESULT_FIELDS)
    transition(
        session, to=SessionState.CLOSED, allowed_from={SessionState.VOTING}, actor=actor,
        action="council.session.close_voting", unit_id=session.council.issuer_id,
        what="phiên họp", timestamp="closed_at", now=now,
        after={
            "results": {str(i.pk): [i.votes_for, i.passed, i.rank, i.within_quota] for i in items},
        },
    )  # fmt: skip
    return session


def ties_open(session: CouncilSession) -> dict[int, list[AgendaItem]]:
    """Award form id → the items tied across its cut, still undecided."""
    out: dict[int, list[AgendaItem]] = {}
    for item in session.items.filter(passed=True, within_quota__isnull=True).select_related(
        "nominee__person", "nominee__unit", "award_form"
    ):
        out.setdefault(item.award_form_id, []).append(item)
    return out


@transaction.atomic
def tie_resolve(
    *,
    actor,
    session: CouncilSession,
    award_form: AwardForm,
    order: list[int],
    reason: str,
    now: dt.datetime | None = None,
) -> TieDecision:
    """The chair's explicit, audited choice among the nominees tied across the cut: `order`
    lists the tied agenda items, first preferred."""
    session = _locked(session)
    _require(
        session,
        SessionState.CLOSED,
        message="Chỉ quyết định khi đã kết thúc bỏ phiếu và chưa chuyển kết quả.",
    )
    member = member_of(session, actor)
    if member is None or member.role != CouncilRole.CHAIR:
        raise ValidationError("Chỉ Chủ tịch Hội đồng quyết định trường hợp bằng phiếu.")
    tied = [i.pk for i in ties_open(session).get(award_form.pk, [])]
    if not tied:
        raise ValidationError("Không có trường hợp bằng phiếu tại ranh giới số lượng.")
    order = [int(pk) for pk in order]
    if sorted(order) != sorted(tied):
        raise ValidationError("Cần sắp thứ tự đúng và đủ các trường hợp đang bằng phiếu.")
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": "Ghi rõ lý do lựa chọn."})
    decision = TieDecision.objects.create(
        session=session,
        award_form=award_form,
        order=order,
        reason=reason,
        decided_by=actor,
        decided_at=now or timezone.now(),
    )
    items = list(session.items.select_related("rule", "award_form"))
    _rank_items(session, items)
    _save_results(items, ["rank", "within_quota", "decided_by"])
    _audit(
        actor,
        "council.session.tie_resolve",
        session,
        note=reason,
        after={"award_form": award_form.pk, "order": order},
    )
    return decision


@transaction.atomic
def session_stage_outcomes(
    *, actor, session: CouncilSession, now: dt.datetime | None = None
) -> int:
    """Stage the council's outcome onto the nominees (pending until the decision is issued):
    proposed if passed and within the quota, else not proposed. Refused while a tie across a
    cut is undecided. Returns the number proposed."""

    session = _locked(session)
    _require(session, SessionState.CLOSED, message="Chỉ chuyển kết quả sau khi kết thúc bỏ phiếu.")
    if ties_open(session):
        raise ValidationError(
            "Còn trường hợp bằng phiếu tại ranh giới số lượng chưa được Chủ tịch "
            "Hội đồng quyết định."
        )
    proposed = 0
    for item in session.items.select_related("nominee"):
        ok = bool(item.passed and item.within_quota)
        proposed += ok
        nominee_stage_council_outcome(
            actor=actor,
            nominee=item.nominee,
            outcome=CouncilOutcome.PROPOSED if ok else CouncilOutcome.NOT_PROPOSED,
            votes=item.votes_for,
            rank=item.rank if ok else None,
        )
    transition(
        session, to=SessionState.STAGED, allowed_from={SessionState.CLOSED}, actor=actor,
        action="council.session.stage", unit_id=session.council.issuer_id,
        what="phiên họp", timestamp="staged_at", now=now, after={"proposed": proposed},
    )  # fmt: skip
    return proposed
