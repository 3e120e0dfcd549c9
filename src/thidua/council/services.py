"""Every write to the council. One function per state change; each writes its audit row.

Side effects run in this order: guard → save → audit row. The council's outcome reaches the
nominees only through thidua.nominations.services.nominee_stage_council_outcome.

A secret ballot's audit row names the member who voted and never the votes.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.campaigns.enums import PhaseKind, SubjectType
from thidua.campaigns.models import AwardForm, Campaign
from thidua.core.formatting import datetime_short
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.council import sealing
from thidua.council.conflicts import MemberFacts, NomineeFacts, conflicts
from thidua.council.enums import (
    BallotType,
    Choice,
    CouncilRole,
    RelationKind,
    SessionState,
    TieBreakKind,
)
from thidua.council.models import (
    AgendaItem,
    Attendance,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    OpenVote,
    PaperTally,
    PassRule,
    Recusal,
    Relation,
    SecretBallot,
    SecretVote,
    TieDecision,
)
from thidua.council.recusal_quorum import recusal_shortfalls_of
from thidua.council.rules_math import (
    Entry,
    TieBreaker,
    ballot_passes,
    quorum_needed,
    rank,
    recusal_refusal,
    share_of,
)
from thidua.indicators.selectors import index_percent_by_unit
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.selectors import nominees_for_council
from thidua.nominations.services import nominee_stage_council_outcome
from thidua.org.models import Person, Unit
from thidua.participation.selectors import council_refusal

SESSION_FIELDS = ["held_on", "starts_at", "place", "state"]
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

ALREADY_VOTED = "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần."
NOT_VOTING = "Phiên họp không ở giai đoạn bỏ phiếu; phiếu không được ghi nhận."
NOT_A_MEMBER = "Bạn không phải thành viên Hội đồng có quyền biểu quyết tại phiên họp này."
ABSENT = "Bạn không có mặt tại phiên họp theo danh sách điểm danh nên không thể bỏ phiếu trực tiếp."


def _locked(session: CouncilSession) -> CouncilSession:
    return (
        CouncilSession.objects.select_for_update()
        .select_related("council", "campaign")
        .get(pk=session.pk)
    )


def _require(session: CouncilSession, *states: str, message: str) -> None:
    if session.state not in states:
        raise ValidationError(message)


def _audit(actor, action: str, session: CouncilSession, **kw) -> None:
    audit_record(actor=actor, action=action, obj=session, unit_id=session.council.issuer_id, **kw)


# Composition and rules -----------------------------------------------------------------------


COUNCIL_FIELDS = ["name", "valid_from", "valid_to", "established_by", "quorum_num", "quorum_den"]
MEMBER_FIELDS = ["user", "full_name", "role", "title", "position", "valid_from", "valid_to"]
NO_QUORUM = (
    "Nhập tỷ lệ thành viên dự họp tối thiểu (ví dụ 2/3 theo quy chế hoạt động của Hội đồng): "
    "không có tỷ lệ này, phiên họp nào cũng được mở dù chỉ một người có mặt."
)


def _set_quorum(council: Council, quorum: Fraction) -> None:
    quorum = Fraction(quorum)
    if quorum <= 0 or quorum > 1:
        raise ValidationError({"quorum": NO_QUORUM if quorum <= 0 else "Tỷ lệ phải từ 0 đến 1."})
    council.quorum_num, council.quorum_den = quorum.numerator, quorum.denominator


@transaction.atomic
def council_create(
    *,
    actor,
    issuer: Unit,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    established_by: str = "",
    quorum: Fraction = Fraction(2, 3),
) -> Council:
    """A council of an issuing unit; a council without a quorum is refused."""
    council = Council(
        issuer=issuer,
        name=nfc(name),
        valid_from=valid_from,
        valid_to=valid_to,
        established_by=nfc(established_by),
    )
    _set_quorum(council, quorum)
    council.full_clean()
    council.save()
    audit_record(
        actor=actor,
        action="council.council.create",
        obj=council,
        unit_id=issuer.pk,
        after=snapshot(council, COUNCIL_FIELDS),
    )
    return council


@transaction.atomic
def council_update(
    *,
    actor,
    council: Council,
    name: str,
    valid_from: dt.date,
    quorum: Fraction,
    valid_to: dt.date | None = None,
    established_by: str = "",
) -> Council:
    """Rename, re-date or change the quorum. A session already held must stay within the
    council's validity."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    before = snapshot(council, COUNCIL_FIELDS)
    council.name, council.established_by = nfc(name), nfc(established_by)
    council.valid_from, council.valid_to = valid_from, valid_to
    _set_quorum(council, quorum)
    council.full_clean()
    outside = council.sessions.exclude(held_on__gte=valid_from)
    if valid_to is not None:
        outside = council.sessions.exclude(held_on__gte=valid_from, held_on__lte=valid_to)
    first = outside.order_by("held_on").first()
    if first is not None:
        raise ValidationError(
            {
                "valid_from": f"Hội đồng đã họp ngày {first.held_on:%d/%m/%Y}, ngoài thời gian "
                "hiệu lực mới. Giữ thời gian hiệu lực bao gồm các phiên họp đã có."
            }
        )
    council.save()
    audit_record(
        actor=actor,
        action="council.council.update",
        obj=council,
        unit_id=council.issuer_id,
        before=before,
        after=snapshot(council, COUNCIL_FIELDS),
    )
    return council


def _composition_frozen(council: Council) -> None:
    if council.sessions.filter(state=SessionState.VOTING).exists():
        raise ValidationError(
            "Hội đồng đang có phiên họp bỏ phiếu; không thay đổi thành phần cho đến khi kết thúc "
            "bỏ phiếu (nút «Kết thúc bỏ phiếu» trên trang phiên họp)."
        )


def _check_member_dates(member: CouncilMember) -> None:
    council = member.council
    if member.valid_from and member.valid_from < council.valid_from:
        raise ValidationError(
            {"valid_from": "Ngày bắt đầu phải trong thời gian hiệu lực của Hội đồng."}
        )
    if member.role == CouncilRole.CHAIR:
        others = council.members.filter(role=CouncilRole.CHAIR).exclude(pk=member.pk)
        for other in others:
            if _overlaps(other, member):
                raise ValidationError(
                    {
                        "role": f"Hội đồng đã có Chủ tịch ({other.full_name}) trong cùng thời "
                        "gian; nhập ngày hết hiệu lực cho người đó trước."
                    }
                )


def _overlaps(a: CouncilMember, b: CouncilMember) -> bool:
    a_from, b_from = a.valid_from or dt.date.min, b.valid_from or dt.date.min
    a_to, b_to = a.valid_to or dt.date.max, b.valid_to or dt.date.max
    return a_from <= b_to and b_from <= a_to


@transaction.atomic
def member_add(
    *,
    actor,
    council: Council,
    user,
    full_name: str,
    role: str,
    title: str = "",
    position: int = 0,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    person: Person | None = None,
    unit: Unit | None = None,
) -> CouncilMember:
    _composition_frozen(council)
    member = CouncilMember(
        council=council,
        user=user,
        full_name=nfc(full_name),
        role=role,
        title=nfc(title),
        position=position,
        valid_from=valid_from,
        valid_to=valid_to,
        person=person,
        unit=unit or (person.unit if person is not None else None),
    )
    member.full_clean()
    _check_member_dates(member)
    member.save()
    audit_record(
        actor=actor,
        action="council.member.add",
        obj=member,
        unit_id=council.issuer_id,
        after=snapshot(member, ["council", *MEMBER_FIELDS]),
    )
    return member


@transaction.atomic
def member_update(
    *,
    actor,
    member: CouncilMember,
    full_name: str,
    role: str,
    title: str = "",
    position: int = 0,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> CouncilMember:
    """Change a member's role, title, order or dates (a member who leaves gets an end date:
    the minutes of past sessions keep their name)."""
    member = CouncilMember.objects.select_for_update().select_related("council").get(pk=member.pk)
    _composition_frozen(member.council)
    before = snapshot(member, MEMBER_FIELDS)
    member.full_name, member.role, member.title = nfc(full_name), role, nfc(title)
    member.position, member.valid_from, member.valid_to = position, valid_from, valid_to
    member.full_clean()
    _check_member_dates(member)
    member.save()
    audit_record(
        actor=actor,
        action="council.member.update",
        obj=member,
        unit_id=member.council.issuer_id,
        before=before,
        after=snapshot(member, MEMBER_FIELDS),
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: CouncilMember) -> None:
    """Remove a member entered by mistake; one who took part in a session gets an end date."""
    _composition_frozen(member.council)
    used = (
        Attendance.objects.filter(member=member).exists()
        or BallotReceipt.objects.filter(member=member).exists()
        or OpenVote.objects.filter(member=member).exists()
    )
    if used:
        raise ValidationError(
            f"{member.full_name} đã tham gia phiên họp của Hội đồng nên không xóa được (biên bản "
            "còn ghi tên); hãy nhập ngày hết hiệu lực cho thành viên này."
        )
    audit_record(
        actor=actor,
        action="council.member.remove",
        obj=member,
        unit_id=member.council.issuer_id,
        before=snapshot(member, MEMBER_FIELDS),
    )
    member.delete()


# Conflicts of interest ---------------------------------------------------------------------------

RELATION_FIELDS = ["member", "person", "kind", "note"]


def _recusals_refresh(council: Council) -> None:
    """Sessions still in preparation show who will be recused as soon as it is declared."""
    for session in council.sessions.filter(state=SessionState.DRAFT).select_related("council"):
        _recusals_set(session)


def _relations_frozen(member: CouncilMember) -> None:
    if member.council.sessions.filter(state=SessionState.VOTING).exists():
        raise ValidationError(
            "Hội đồng đang có phiên họp bỏ phiếu; khai báo quan hệ sau khi kết thúc bỏ phiếu "
            "(người không tham gia xét được xác định khi mở bỏ phiếu)."
        )


@transaction.atomic
def member_profile_set(
    *, actor, member: CouncilMember, person: Person | None, unit: Unit | None
) -> CouncilMember:
    """Who the member is in the staff records and where they work: the member does not vote on
    themselves nor on nominees of that unit."""
    member = CouncilMember.objects.select_for_update().select_related("council").get(pk=member.pk)
    _relations_frozen(member)
    before = snapshot(member, ["person", "unit"])
    member.person, member.unit = person, unit or (person.unit if person is not None else None)
    member.full_clean()
    member.save(update_fields=["person", "unit"])
    _recusals_refresh(member.council)
    audit_record(
        actor=actor, action="council.member.profile", obj=member,
        unit_id=member.council.issuer_id, before=before, after=snapshot(member, ["person", "unit"]),
    )  # fmt: skip
    return member


@transaction.atomic
def relation_declare(
    *, actor, member: CouncilMember, person: Person, kind: str, note: str = ""
) -> Relation:
    """A member declares a family relation to a person: the member will not vote on them."""
    member = CouncilMember.objects.select_related("council").get(pk=member.pk)
    _relations_frozen(member)
    if kind not in RelationKind.values:
        raise ValidationError({"kind": "Chọn quan hệ."})
    if member.person_id == person.pk:
        raise ValidationError({"person": "Đây là hồ sơ của chính thành viên."})
    if Relation.objects.filter(member=member, person=person).exists():
        raise ValidationError({"person": f"Đã khai báo quan hệ với {person.full_name}."})
    relation = Relation(
        member=member, person=person, kind=kind, note=nfc(note),
        declared_at=timezone.now(), declared_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    relation.full_clean()
    relation.save()
    _recusals_refresh(member.council)
    audit_record(
        actor=actor, action="council.relation.declare", obj=relation,
        unit_id=member.council.issuer_id, after=snapshot(relation, RELATION_FIELDS),
    )  # fmt: skip
    return relation


@transaction.atomic
def relation_remove(*, actor, relation: Relation) -> None:
    """Withdraw a declaration made by mistake (the audit log keeps it)."""
    _relations_frozen(relation.member)
    audit_record(
        actor=actor, action="council.relation.remove", obj=relation,
        unit_id=relation.member.council.issuer_id, before=snapshot(relation, RELATION_FIELDS),
    )  # fmt: skip
    relation.delete()
    _recusals_refresh(relation.member.council)


def _recusals_set(session: CouncilSession) -> dict[str, list]:
    """Store who is recused on which agenda item (the member themselves, a declared relative,
    the member's own unit), replacing what was there; returns them for the audit row. Four
    queries whatever the size."""
    members = voting_members(session.council, session.held_on)
    relatives: dict[int, dict[int, str]] = {}
    for r in Relation.objects.filter(member__in=members):
        relatives.setdefault(r.member_id, {})[r.person_id] = r.get_kind_display()
    facts = [MemberFacts(m.pk, m.person_id, m.unit_id, relatives.get(m.pk, {})) for m in members]
    items = list(session.items.select_related("nominee"))
    by_nominee = {i.nominee_id: i for i in items}
    found = conflicts(
        facts, [NomineeFacts(i.nominee_id, i.nominee.unit_id, i.nominee.person_id) for i in items]
    )
    Recusal.objects.filter(item__session=session).delete()
    Recusal.objects.bulk_create(
        [
            Recusal(
                item=by_nominee[c.nominee], member_id=c.member, reason=c.reason, detail=c.detail
            )
            for c in found
        ]  # fmt: skip
    )
    out: dict[str, list] = {}
    for c in found:
        out.setdefault(str(by_nominee[c.nominee].pk), []).append([c.member, c.reason])
    return out


def recused_of(session: CouncilSession) -> dict[int, set[int]]:
    """Agenda item id → ids of the members recused on it (one query)."""
    out: dict[int, set[int]] = {}
    for item_id, member_id in Recusal.objects.filter(item__session=session).values_list(
        "item_id", "member_id"
    ):
        out.setdefault(item_id, set()).add(member_id)
    return out


PASS_RULE_FIELDS = [
    "form_kind",
    "subject_type",
    "level",
    "ballot_type",
    "denominator",
    "threshold_num",
    "threshold_den",
    "strict",
    "quorum_num",
    "quorum_den",
    "written_votes",
    "tie_breakers",
    "basis",
    "valid_from",
    "valid_to",
]
RULES_WHERE = "Cấu hình › Hội đồng Thi đua – Khen thưởng › Quy tắc xét chọn"


@transaction.atomic
def pass_rule_set(
    *,
    actor,
    form_kind: str,
    ballot_type: str,
    denominator: str,
    threshold: Fraction,
    subject_type: str = "",
    level: str = "",
    strict: bool = False,
    quorum: Fraction = Fraction(0),
    written_votes: bool = False,
    tie_breakers: list[str] | None = None,
    basis: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    rule: PassRule | None = None,
) -> PassRule:
    """A dated pass rule for a legal award form (and subject type, council level; blank: all).
    Every campaign whose award form has that legal kind inherits it; a new row supersedes an
    older one by date. With `rule`, that row is changed instead (audited before/after)."""
    threshold, quorum = Fraction(threshold), Fraction(quorum)
    before = snapshot(rule, PASS_RULE_FIELDS) if rule is not None else None
    rule = rule or PassRule()
    rule.form_kind, rule.subject_type, rule.level = form_kind, subject_type or "", level or ""
    rule.ballot_type, rule.denominator = ballot_type, denominator
    rule.threshold_num, rule.threshold_den = threshold.numerator, threshold.denominator
    rule.strict = strict
    rule.quorum_num, rule.quorum_den = quorum.numerator, quorum.denominator
    rule.written_votes = written_votes
    rule.tie_breakers = list(tie_breakers or [])
    rule.basis = nfc(basis)
    rule.valid_from, rule.valid_to = valid_from, valid_to
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="council.pass_rule.set" if before is None else "council.pass_rule.update",
        obj=rule,
        before=before,
        after=snapshot(rule, PASS_RULE_FIELDS),
    )
    return rule


@transaction.atomic
def pass_rule_delete(*, actor, rule: PassRule) -> None:
    """Remove a pass rule no agenda has used (a used one is ended with a date instead)."""
    if AgendaItem.objects.filter(rule=rule).exists():
        raise ValidationError(
            "Quy tắc này đã được dùng tại một phiên họp nên không xóa được; hãy nhập ngày hết "
            "hiệu lực cho quy tắc và thêm quy tắc mới."
        )
    audit_record(
        actor=actor,
        action="council.pass_rule.delete",
        obj=rule,
        before=snapshot(rule, PASS_RULE_FIELDS),
    )
    rule.delete()


def rule_in_force(
    *,
    form_kind: str | None,
    subject_type: str,
    level: str,
    day: dt.date,
    rules: list[PassRule] | None = None,
) -> PassRule | None:
    """The pass rule in force on `day` for a legal form, subject type and council level: the
    most specific one (own level and subject before blank ones), then the latest starting."""
    if not form_kind:
        return None
    if rules is None:
        rules = list(PassRule.objects.filter(form_kind=form_kind))
    found = [
        r
        for r in rules
        if r.form_kind == form_kind
        and r.subject_type in ("", subject_type)
        and r.level in ("", level)
        and (r.valid_from is None or r.valid_from <= day)
        and (r.valid_to is None or day <= r.valid_to)
    ]
    found.sort(
        key=lambda r: (bool(r.level), bool(r.subject_type), r.valid_from or dt.date.min, r.pk),
        reverse=True,
    )
    return found[0] if found else None


def rule_for_form(
    award_form: AwardForm, council: Council, day: dt.date, rules: list[PassRule] | None = None
) -> PassRule | None:
    return rule_in_force(
        form_kind=award_form.legal_kind,
        subject_type=award_form.subject_type,
        level=council.issuer.kind,
        day=day,
        rules=rules,
    )


def missing_rule_message(forms: list[AwardForm], day: dt.date) -> str:
    """What to do when an award form has no pass rule on the session's date, and where."""
    no_kind = sorted({f.name for f in forms if not f.legal_kind})
    no_rule = sorted({f.name for f in forms if f.legal_kind})
    parts = []
    if no_rule:
        parts.append(
            f"Chưa có quy tắc xét chọn có hiệu lực vào ngày họp {day:%d/%m/%Y} cho: "
            f"{', '.join(no_rule)}. Thêm quy tắc cho hình thức này tại «{RULES_WHERE}» "
            "rồi lưu lại nội dung xét."
        )
    if no_kind:
        parts.append(
            f"Chưa chọn hình thức theo quy định cho: {', '.join(no_kind)}. Chọn tại trang "
            "phong trào › Hình thức khen thưởng."
        )
    return " ".join(parts)


def voting_members(council: Council, day: dt.date) -> list[CouncilMember]:
    return [m for m in council.members.all() if m.votes and m.is_valid_on(day)]


def member_of(session: CouncilSession, user) -> CouncilMember | None:
    """The user's membership valid on the session's date (voting or not)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return next(
        (
            m
            for m in session.council.members.all()
            if m.user_id == user.pk and m.is_valid_on(session.held_on)
        ),
        None,
    )


# Session preparation ---------------------------------------------------------------------------


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


# Voting ----------------------------------------------------------------------------------------


def _electronic_items(session: CouncilSession, *, written: bool = False) -> dict[int, AgendaItem]:
    items = session.items.select_related("rule").filter(
        rule__ballot_type__in=BallotType.electronic()
    )
    if written:
        items = items.filter(rule__written_votes=True)
    return {i.pk: i for i in items}


def _checked_choices(items: dict[int, AgendaItem], choices: Mapping[Any, str]) -> dict[int, str]:
    try:
        parsed = {int(k): v for k, v in choices.items()}
    except (TypeError, ValueError):
        raise ValidationError("Phiếu có nội dung không hợp lệ.") from None
    if set(parsed) - set(items):
        raise ValidationError(
            "Phiếu có tên người không thuộc nội dung xét của phiên họp này; "
            "phiếu không được ghi nhận."
        )
    missing = [items[pk] for pk in items if pk not in parsed]
    if missing:
        raise ValidationError(
            f"Phiếu chưa biểu quyết cho {len(missing)} trường hợp; "
            "hãy chọn Đồng ý hoặc Không đồng ý cho từng trường hợp."
        )
    if any(v not in Choice.values for v in parsed.values()):
        raise ValidationError("Mỗi trường hợp chỉ chọn Đồng ý hoặc Không đồng ý.")
    return parsed


def _member_items(
    session: CouncilSession, member: CouncilMember, items: dict[int, AgendaItem], choices
) -> tuple[dict[int, AgendaItem], set[int]]:
    """The items the member votes on, and the secret-ballot items they are recused on (sealed
    as blanks). Naming a recused item is refused."""
    recused = {pk for pk, ids in recused_of(session).items() if member.pk in ids and pk in items}
    chosen = {str(k) for k in choices}
    named = [i for pk, i in items.items() if pk in recused and str(pk) in chosen]  # agenda order
    if named:
        raise ValidationError(
            f"{member.full_name} không tham gia biểu quyết đối với "
            f"{', '.join(str(i.nominee) for i in named)} (xung đột lợi ích); phiếu không được "
            "ghi nhận."
        )
    blank = {pk for pk in recused if items[pk].rule.ballot_type == BallotType.SECRET}
    return {pk: i for pk, i in items.items() if pk not in recused}, blank


def _store_ballot(session, member, items, choices, *, written: bool, blank=()) -> None:
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(session=session, member=member, written=written)
    except IntegrityError:
        raise ValidationError(ALREADY_VOTED) from None
    secret = {pk: c for pk, c in choices.items() if items[pk].rule.ballot_type == BallotType.SECRET}
    if secret or blank:  # sealed until voting closes (council/sealing.py)
        SecretBallot.objects.create(
            session=session, sealed=sealing.seal(session.pk, secret, blank=blank)
        )
    OpenVote.objects.bulk_create(
        [
            OpenVote(item_id=pk, member=member, choice=c, written=written)
            for pk, c in choices.items()
            if items[pk].rule.ballot_type == BallotType.OPEN
        ]
    )


@transaction.atomic
def ballot_cast(
    *,
    actor,
    session: CouncilSession,
    choices: Mapping[Any, str],
    now: dt.datetime | None = None,
) -> None:
    """A present voting member casts their one ballot: agree / disagree for every nominee
    voted electronically. Refused (nothing counted) after closing, for a nominee not on the
    agenda, a second time, by an absent member or by a non-member."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message=NOT_VOTING)
    _require_council_phase(session, now)
    member = member_of(session, actor)
    if member is None or not member.votes:
        raise ValidationError(NOT_A_MEMBER)
    if member.pk not in _present_ids(session):
        raise ValidationError(ABSENT)
    items = _electronic_items(session)
    if not items:
        raise ValidationError("Phiên họp này bỏ phiếu bằng phiếu giấy.")
    items, recused = _member_items(session, member, items, choices)
    parsed = _checked_choices(items, choices)
    _store_ballot(session, member, items, parsed, written=False, blank=recused)
    # Who voted, never how.
    _audit(actor, "council.ballot.cast", session, after={"member": member.pk})


@transaction.atomic
def ballot_cast_written(
    *,
    actor,
    session: CouncilSession,
    member: CouncilMember,
    choices: Mapping[Any, str],
    now: dt.datetime | None = None,
) -> None:
    """The secretary records an absent member's written vote, where the rule allows it."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message=NOT_VOTING)
    _require_council_phase(session, now)
    if member.council_id != session.council_id or not member.votes:
        raise ValidationError("Người này không phải thành viên Hội đồng có quyền biểu quyết.")
    if member.pk in _present_ids(session):
        raise ValidationError(
            "Thành viên có mặt tự bỏ phiếu; phiếu bằng văn bản chỉ dành cho thành viên vắng mặt."
        )
    items = _electronic_items(session, written=True)
    if not items:
        raise ValidationError(
            "Quy tắc xét chọn của phiên họp không cho phép gửi phiếu bằng văn bản."
        )
    items, recused = _member_items(session, member, items, choices)
    parsed = _checked_choices(items, choices)
    _store_ballot(session, member, items, parsed, written=True, blank=recused)
    _audit(actor, "council.ballot.cast_written", session, after={"member": member.pk})


@transaction.atomic
def paper_tally_enter(
    *,
    actor,
    session: CouncilSession,
    award_form: AwardForm,
    issued: int,
    returned: int,
    valid: int,
    votes_for: Mapping[Any, int],
) -> PaperTally:
    """The secretary enters the counted paper ballots of one award form."""
    session = _locked(session)
    _require(session, SessionState.VOTING, message=NOT_VOTING)
    items = {
        i.pk: i
        for i in session.items.select_related("rule").filter(
            award_form=award_form, rule__ballot_type=BallotType.PAPER
        )
    }
    if not items:
        raise ValidationError("Hình thức khen thưởng này không bỏ phiếu bằng phiếu giấy.")
    present = len(_present_ids(session))
    if not (0 <= valid <= returned <= issued <= present):
        raise ValidationError(
            f"Số phiếu không hợp lý: phải có số phiếu hợp lệ ≤ thu về ≤ phát ra "
            f"≤ số thành viên có mặt ({present})."
        )
    try:
        counts = {int(k): int(v) for k, v in votes_for.items()}
    except (TypeError, ValueError):
        raise ValidationError("Số phiếu đồng ý phải là số nguyên.") from None
    if set(counts) != set(items):
        raise ValidationError(
            "Cần nhập số phiếu đồng ý cho đúng từng trường hợp của hình thức này."
        )
    over = [items[pk].nominee for pk, n in counts.items() if not 0 <= n <= valid]
    if over:
        raise ValidationError(f"Số phiếu đồng ý phải từ 0 đến {valid} (số phiếu hợp lệ).")
    # A member recused on a nominee crosses them out: their ballot counts no vote for them.
    present_ids, recused = _present_ids(session), recused_of(session)
    for pk, n in counts.items():
        out_of = len(present_ids & recused.get(pk, set()))
        if out_of and n > valid - out_of:
            raise ValidationError(
                f"{items[pk].nominee}: {out_of} thành viên có mặt không tham gia xét trường hợp "
                f"này (xung đột lợi ích), nên số phiếu đồng ý không quá {valid - out_of}."
            )
    tally, _ = PaperTally.objects.update_or_create(
        session=session,
        award_form=award_form,
        defaults={"issued": issued, "returned": returned, "valid": valid},
    )
    tally.full_clean()
    for pk, n in counts.items():
        AgendaItem.objects.filter(pk=pk).update(paper_for=n)
    _audit(
        actor,
        "council.paper_tally.enter",
        session,
        after={
            "award_form": award_form.pk,
            "issued": issued,
            "returned": returned,
            "valid": valid,
            "votes_for": {str(k): v for k, v in counts.items()},
        },
    )
    return tally


# Results ---------------------------------------------------------------------------------------


def _shuffle_secret_ballots(session: CouncilSession) -> None:
    """Unseal the session's secret ballots and rewrite them in a random order under new random
    keys, in plaintext, so that neither their content is sealed any longer nor their storage
    order (rowid, ctid) or transaction (xmin) follows the order in which members voted.

    When a member was recused on some items, their ballot lacks those items and so would
    stand out among the others: then every vote becomes a ballot of its own, and no ballot
    links a member's votes on several nominees."""
    ballots: dict[Any, list[tuple[int, str]]] = {}
    for ballot_id, sealed in SecretBallot.objects.filter(
        session=session, sealed__isnull=False
    ).values_list("id", "sealed"):
        ballots[ballot_id] = sorted(sealing.unseal(session.pk, sealed).items())
    for ballot_id, item_id, choice in SecretVote.objects.filter(
        ballot__session=session
    ).values_list("ballot_id", "item_id", "choice"):
        ballots.setdefault(ballot_id, []).append((item_id, choice))
    groups = list(ballots.values())
    if Recusal.objects.filter(item__session=session).exists():
        groups = [[vote] for votes in groups for vote in votes]
    random.SystemRandom().shuffle(groups)
    SecretVote.objects.filter(ballot__session=session).delete()
    SecretBallot.objects.filter(session=session).delete()
    new = SecretBallot.objects.bulk_create([SecretBallot(session=session) for _ in groups])
    SecretVote.objects.bulk_create(
        [
            SecretVote(ballot=b, item_id=item_id, choice=choice)
            for b, votes in zip(new, groups, strict=True)
            for item_id, choice in votes
        ]
    )


def _counts(session: CouncilSession) -> dict[int, Counter]:
    counts: dict[int, Counter] = {}
    for model, field in ((SecretVote, "item__session"), (OpenVote, "item__session")):
        for item_id, choice in model.objects.filter(**{field: session}).values_list(
            "item_id", "choice"
        ):
            counts.setdefault(item_id, Counter())[choice] += 1
    return counts


def tally(session: CouncilSession) -> dict[int, dict[str, int]]:
    """Per agenda item: votes for, against, valid ballots and members taking part, computed
    from the stored votes (and the entered paper tallies) — what the results must equal."""
    members = {m.pk for m in voting_members(session.council, session.held_on)}
    present = _present_ids(session)
    written = set(session.receipts.filter(written=True).values_list("member_id", flat=True))
    recused = recused_of(session)
    counts = _counts(session)
    tallies = {t.award_form_id: t for t in session.paper_tallies.all()}
    out = {}
    for item in session.items.select_related("rule"):
        rule = item.rule
        # Members recused on this nominee count neither among all members nor taking part.
        out_of = recused.get(item.pk, set())
        total = len(members - out_of)
        if rule.ballot_type == BallotType.PAPER:
            t = tallies.get(item.award_form_id)
            valid = max(0, (t.valid if t else 0) - len(present & out_of))
            agree = min(item.paper_for or 0, valid)
            out[item.pk] = {
                "for": agree,
                "against": valid - agree,
                "valid": valid,
                "taking_part": len(present - out_of),
                "total": total,
                "recused": len(out_of),
            }
            continue
        c = counts.get(item.pk, Counter())
        out[item.pk] = {
            "for": c[Choice.AGREE],
            "against": c[Choice.DISAGREE],
            "valid": c[Choice.AGREE] + c[Choice.DISAGREE],
            "taking_part": len(present - out_of)
            + (len(written - out_of) if rule.written_votes else 0),
            "total": total,
            "recused": len(out_of),
        }
    return out


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
