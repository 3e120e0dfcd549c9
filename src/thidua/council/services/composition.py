"""A council's composition: the council, its members and their declared relations, and who is
recused on which nominee."""

import datetime as dt
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.council.conflicts import MemberFacts, NomineeFacts, conflicts
from thidua.council.enums import (
    CouncilRole,
    RelationKind,
    SessionState,
)
from thidua.council.models import (
    Attendance,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    OpenVote,
    Recusal,
    Relation,
)
from thidua.org.models import Person, Unit

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
