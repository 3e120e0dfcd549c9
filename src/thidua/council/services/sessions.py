"""A council session up to its vote: creation, agenda, attendance and opening the vote."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.campaigns.enums import PhaseKind
from thidua.campaigns.models import Campaign
from thidua.core.formatting import datetime_short
from thidua.core.services import snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.council.enums import (
    SessionState,
)
from thidua.council.models import (
    AgendaItem,
    Attendance,
    Council,
    CouncilMember,
    CouncilSession,
    PassRule,
)
from thidua.council.recusal_quorum import recusal_shortfalls_of
from thidua.council.rules_math import (
    quorum_needed,
    recusal_refusal,
    share_of,
)
from thidua.council.services._common import SESSION_FIELDS, _audit, _locked, _require
from thidua.council.services.composition import _recusals_set, voting_members
from thidua.council.services.pass_rules import missing_rule_message, rule_for_form
from thidua.nominations.selectors import nominees_for_council
from thidua.participation.selectors import council_refusal


@transaction.atomic
def session_create(
    *,
    actor,
    council: Council,
    campaign: Campaign,
    held_on: dt.date,
    place: str,
    starts_at: dt.time | None = None,
) -> CouncilSession:
    if not (
        council.valid_from <= held_on and (council.valid_to is None or held_on <= council.valid_to)
    ):
        raise ValidationError({"held_on": "Ngày họp nằm ngoài thời gian hiệu lực của Hội đồng."})
    refusal = council_refusal(campaign, held_on)
    if refusal:  # the list is still under public disclosure on that day
        raise ValidationError({"held_on": refusal})
    session = CouncilSession(
        council=council, campaign=campaign, held_on=held_on, place=nfc(place), starts_at=starts_at
    )
    session.full_clean()
    session.save()
    _audit(actor, "council.session.create", session, after=snapshot(session, SESSION_FIELDS))
    return session


@transaction.atomic
def agenda_set(*, actor, session: CouncilSession, nominees: list) -> list[AgendaItem]:
    """Put nominees before the session: only accepted, eligible nominees of its campaign,
    each with a pass rule in force on the session's date."""

    session = _locked(session)
    _require(
        session, SessionState.DRAFT, message="Chỉ sửa nội dung xét khi phiên họp đang chuẩn bị."
    )
    allowed = {n.pk: n for n in nominees_for_council(campaign=session.campaign)}
    wanted = list(dict.fromkeys(n.pk for n in nominees))
    bad = [pk for pk in wanted if pk not in allowed]
    if bad:
        raise ValidationError(
            "Chỉ đưa ra Hội đồng các hồ sơ đã được tiếp nhận và đủ tiêu chuẩn của phong trào này."
        )
    chosen = [allowed[pk] for pk in wanted]
    rules = list(PassRule.objects.filter(form_kind__in={n.award_form.legal_kind for n in chosen}))
    rule_of = {
        n.award_form_id: rule_for_form(n.award_form, session.council, session.held_on, rules)
        for n in chosen
    }
    missing = [n.award_form for n in chosen if rule_of[n.award_form_id] is None]
    if missing:
        raise ValidationError(missing_rule_message(missing, session.held_on))
    chosen.sort(key=lambda n: (n.award_form.position, n.award_form_id, n.subject_type, n.pk))
    earlier = _earlier_items(session, [n.pk for n in chosen])
    session.items.all().delete()
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                session=session,
                nominee=n,
                award_form=n.award_form,
                position=i,
                rule=rule_of[n.award_form_id],
                repeat_of=earlier.get(n.pk),
            )
            for i, n in enumerate(chosen, start=1)
        ]
    )
    repeats = {str(n): earlier[n].session_id for n in wanted if n in earlier}
    recusals = _recusals_set(session)
    _audit(
        actor,
        "council.session.agenda",
        session,
        after={"nominees": wanted}
        | ({"repeats": repeats} if repeats else {})
        | ({"recusals": recusals} if recusals else {}),
    )
    return items


def _earlier_items(session: CouncilSession, nominee_ids: list[int]) -> dict[int, AgendaItem]:
    """Nominee id → its latest result in another session that has closed (a second vote)."""
    out: dict[int, AgendaItem] = {}
    for item in (
        AgendaItem.objects.filter(
            nominee_id__in=nominee_ids, session__state__in=SessionState.with_results()
        )
        .exclude(session=session)
        .select_related("session")
        .order_by("session__held_on", "session_id")
    ):
        out[item.nominee_id] = item
    return out


def repeat_notes(items: list[AgendaItem]) -> dict[int, str]:
    """Agenda item id → "Xét lần 2: …" for nominees already voted on in an earlier session."""
    out = {}
    for item in items:
        prev = item.repeat_of
        if prev is None:
            continue
        verdict = "đạt" if prev.passed else "không đạt"
        out[item.pk] = (
            f"Xét lại: đã được Hội đồng biểu quyết tại phiên họp ngày "
            f"{prev.session.held_on:%d/%m/%Y} ({prev.votes_for or 0} phiếu đồng ý, {verdict})."
        )
    return out


@transaction.atomic
def attendance_set(
    *,
    actor,
    session: CouncilSession,
    present: list[CouncilMember],
    notes: Mapping[int, str] | None = None,
) -> list[Attendance]:
    """Who is present (the roll call), for every voting member of the council."""
    session = _locked(session)
    _require(session, SessionState.DRAFT, message="Chỉ điểm danh khi phiên họp đang chuẩn bị.")
    members = voting_members(session.council, session.held_on)
    known = {m.pk for m in members}
    present_ids = {m.pk for m in present}
    if present_ids - known:
        raise ValidationError("Chỉ điểm danh thành viên Hội đồng có quyền biểu quyết.")
    notes = notes or {}
    session.attendance.all().delete()
    rows = Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                member=m,
                present=m.pk in present_ids,
                note="" if m.pk in present_ids else nfc(notes.get(m.pk, "")),
            )
            for m in members
        ]
    )
    _audit(
        actor,
        "council.session.attendance",
        session,
        after={"present": sorted(present_ids), "absent": sorted(known - present_ids)},
    )
    return rows


def _require_council_phase(session: CouncilSession, now: dt.datetime | None) -> None:
    """A ballot counts only within the campaign's council phase, when it has one."""
    phase = session.campaign.phase(PhaseKind.COUNCIL)
    now = now or timezone.now()
    if phase is None or phase.starts_at <= now < phase.ends_at:
        return
    raise ValidationError(
        f"Ngoài thời gian họp Hội đồng của phong trào (từ {datetime_short(phase.starts_at)} "
        f"đến trước {datetime_short(phase.ends_at)}); phiếu không được ghi nhận. Nếu phiên họp "
        "được dời, Thường trực thi đua sửa giai đoạn «Họp Hội đồng Thi đua – Khen thưởng» tại "
        "trang phong trào › mục Tiến độ, rồi bỏ phiếu lại."
    )


def _present_ids(session: CouncilSession) -> set[int]:
    return set(session.attendance.filter(present=True).values_list("member_id", flat=True))


@transaction.atomic
def session_open_voting(*, actor, session: CouncilSession, now: dt.datetime | None = None):
    """Open voting: the agenda and the roll call are set and every award form's quorum met."""
    session = _locked(session)
    _require(session, SessionState.DRAFT, message="Phiên họp đã mở bỏ phiếu.")
    today = timezone.localdate(now or timezone.now())
    refusal = council_refusal(session.campaign, min(today, session.held_on))
    if refusal:  # a disclosure opened after the session was planned, or not yet closed today
        raise ValidationError(refusal)
    items = list(session.items.select_related("rule", "award_form"))
    if not items:
        raise ValidationError("Phiên họp chưa có nội dung xét.")
    if not session.attendance.exists():
        raise ValidationError("Chưa điểm danh thành viên dự họp.")
    total = len(voting_members(session.council, session.held_on))
    present = len(_present_ids(session))
    forms = {i.award_form_id: i for i in items}
    for item in forms.values():
        rule = item.rule
        need = quorum_needed(rule.as_rule(), total)
        if not rule.written_votes and present < need:
            raise ValidationError(
                f"Không đủ số thành viên dự họp để xét {item.award_form.name}: "
                f"có mặt {present}/{total}, cần ít nhất {need}. Điểm danh lại khi đủ thành viên "
                "(mục Điểm danh của phiên họp) hoặc dời ngày họp."
            )
    council_need = share_of(session.council.quorum, total, strict=False)
    if present < council_need:
        raise ValidationError(
            f"Không đủ số thành viên dự họp theo quy chế của Hội đồng: có mặt {present}/{total}, "
            f"cần ít nhất {council_need}. Điểm danh lại khi đủ thành viên (mục Điểm danh của "
            "phiên họp) hoặc dời ngày họp."
        )
    # Fixed now, with the relations declared until this moment (declaring is then frozen).
    recusals = _recusals_set(session)
    refusal = recusal_refusal(recusal_shortfalls_of(session, total, _present_ids(session)))
    if refusal:  # the recused leave a nominee below quorum (rolled back with the recusals)
        raise ValidationError(refusal)
    transition(
        session, to=SessionState.VOTING, allowed_from={SessionState.DRAFT}, actor=actor,
        action="council.session.open_voting", unit_id=session.council.issuer_id,
        what="phiên họp", timestamp="opened_at", now=now,
        after={"recusals": recusals} if recusals else None,
    )  # fmt: skip
    return session
