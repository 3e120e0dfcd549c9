"""Public disclosure before the council: the law's minimum window in working days, the list
frozen as published, comments only while open, moderation with audit rows, and the council
refused until the window has closed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures.council import HELD_ON
from tests.participation.conftest import CLOSES, OPENS, at
from thidua.core.models import AuditLog, Holiday
from thidua.council import services as council
from thidua.nominations.models import Nominee
from thidua.participation import selectors, services
from thidua.participation.enums import CommentState, DisclosureBasis
from thidua.participation.models import PublicComment

pytestmark = pytest.mark.django_db


def _comment(entry, *, content="Đồng ý khen thưởng.", when=None):
    return services.comment_submit(
        entry=entry, author_name="Lục Văn Tường", contact="0912 345 678", content=content,
        address="203.0.113.7", now=when or at(dt.date(2024, 1, 5)),
    )  # fmt: skip


def test_the_law_asks_ten_working_days_and_says_the_earliest_closing_date(nominees, secretariat):
    campaign = nominees[0][0].proposal.campaign
    with pytest.raises(ValidationError) as refused:
        services.disclosure_open(
            actor=secretariat, campaign=campaign, opens_on=OPENS, closes_on=dt.date(2024, 1, 15),
            basis=DisclosureBasis.LAW, today=OPENS,
        )  # fmt: skip
    assert refused.value.message_dict["closes_on"] == [
        "Theo Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2, danh sách phải được công khai ít nhất "
        "10 ngày làm việc trước khi Hội đồng họp: công khai từ ngày 02/01/2024 thì đến hết ngày "
        "16/01/2024 trở đi."
    ]
    # An office disclosing by its own choice sets a shorter window.
    own = services.disclosure_open(
        actor=secretariat, campaign=campaign, opens_on=OPENS, closes_on=dt.date(2024, 1, 5),
        basis=DisclosureBasis.OFFICE, today=OPENS,
    )  # fmt: skip
    assert own.min_working_days is None and own.legal_basis == ""


def test_a_holiday_in_the_window_moves_the_earliest_closing_date(nominees, secretariat):
    Holiday.objects.create(day=dt.date(2024, 1, 8), kind="off", name="Ngày nghỉ thử")
    with pytest.raises(ValidationError, match="đến hết ngày 17/01/2024 trở đi"):
        services.disclosure_open(
            actor=secretariat, campaign=nominees[0][0].proposal.campaign, opens_on=OPENS,
            closes_on=CLOSES, basis=DisclosureBasis.LAW, today=OPENS,
        )  # fmt: skip


def test_the_disclosed_list_is_frozen_and_audited(disclosed, nominees, secretariat):
    cols, inds = nominees
    entries = list(disclosed.entries.order_by("position"))
    assert [e.nominee_id for e in entries] == [n.pk for n in cols + inds]
    assert entries[4].name == inds[0].person.full_name
    Nominee.objects.filter(pk=inds[0].pk).update(summary="Sửa sau khi công khai")
    assert disclosed.entries.get(nominee=inds[0]).summary != "Sửa sau khi công khai"
    row = AuditLog.objects.get(action="participation.disclosure.open")
    assert row.after["nominees"] == [n.pk for n in cols + inds]
    assert row.actor_id == secretariat.pk


def test_no_list_no_overlap_and_no_past_opening(disclosed, campaign, secretariat, world):
    with pytest.raises(ValidationError, match="đang được công khai \\(từ 02/01/2024"):
        services.disclosure_open(
            actor=secretariat, campaign=campaign, opens_on=dt.date(2024, 1, 10),
            closes_on=dt.date(2024, 1, 30), basis=DisclosureBasis.OFFICE,
            today=dt.date(2024, 1, 10),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="không được trước hôm nay"):
        services.disclosure_open(
            actor=secretariat, campaign=campaign, opens_on=dt.date(2024, 2, 1),
            closes_on=dt.date(2024, 2, 20), basis=DisclosureBasis.OFFICE,
            today=dt.date(2024, 2, 2),
        )  # fmt: skip
    Nominee.objects.filter(proposal__campaign=campaign).update(eligible=False)
    with pytest.raises(ValidationError, match="chưa có danh sách để công khai"):
        services.disclosure_open(
            actor=secretariat, campaign=campaign, opens_on=dt.date(2024, 2, 1),
            closes_on=dt.date(2024, 2, 20), basis=DisclosureBasis.OFFICE,
            today=dt.date(2024, 2, 1),
        )  # fmt: skip


def test_a_comment_is_taken_only_while_the_window_is_open(disclosed):
    entry = disclosed.entries.first()
    comment = _comment(entry, content="  Đồng ý khen thưởng.  ")
    assert comment.state == CommentState.NEW and comment.content == "Đồng ý khen thưởng."
    assert "203.0.113.7" not in comment.address_hash
    with pytest.raises(ValidationError) as late:
        _comment(entry, when=at(dt.date(2024, 1, 17), 0))
    assert late.value.messages == [
        "Thời gian lấy ý kiến là từ ngày 02/01/2024 đến hết ngày 16/01/2024; ý kiến không được "
        "ghi nhận."
    ]
    assert PublicComment.objects.count() == 1


def test_moderation_publishes_or_hides_with_a_reason_and_audit_rows(disclosed, secretariat):
    entry = disclosed.entries.first()
    good, spam = _comment(entry), _comment(entry, content="Quảng cáo")
    services.comment_publish(actor=secretariat, comment=good)
    with pytest.raises(ValidationError, match="Ghi lý do"):
        services.comment_hide(actor=secretariat, comment=spam)
    services.comment_hide(actor=secretariat, comment=spam, note="Quảng cáo, không liên quan")
    good.refresh_from_db()
    spam.refresh_from_db()
    assert (good.state, spam.state) == (CommentState.PUBLISHED, CommentState.HIDDEN)
    assert spam.moderated_by == secretariat and spam.moderation_note.startswith("Quảng cáo")
    rows = AuditLog.objects.filter(action__startswith="participation.comment.").order_by("id")
    assert [r.action for r in rows] == [
        "participation.comment.submit", "participation.comment.submit",
        "participation.comment.publish", "participation.comment.hide",
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="«Đã công khai» sang «Đã công khai»"):
        services.comment_publish(actor=secretariat, comment=good)
    # The council's papers carry what was not hidden.
    papers = selectors.comments_for_council(disclosed.campaign)
    assert [c.pk for c in papers[entry.nominee_id]] == [good.pk]


def test_the_council_cannot_be_set_on_a_day_inside_the_window(disclosed, board, campaign, rules):
    with pytest.raises(ValidationError) as refused:
        council.session_create(
            actor=None, council=board.council, campaign=campaign, held_on=CLOSES, place="Hội trường"
        )
    assert refused.value.message_dict["held_on"] == [
        "Danh sách đề nghị khen thưởng của phong trào đang được công khai lấy ý kiến nhân dân "
        "đến hết ngày 16/01/2024; Hội đồng chỉ họp, bỏ phiếu từ ngày 17/01/2024."
    ]
    session = council.session_create(
        actor=None, council=board.council, campaign=campaign, held_on=CLOSES + dt.timedelta(1),
        place="Hội trường",
    )  # fmt: skip
    assert session.pk


def test_voting_cannot_open_before_the_window_closes(session, board, secretariat, nominees):
    """The session was planned for 20/01/2024; a disclosure opened afterwards ends on
    16/01/2024: opening the vote on 10/01/2024 is refused, on 17/01/2024 it goes ahead."""
    disclosure = services.disclosure_open(
        actor=secretariat, campaign=session.campaign, opens_on=OPENS, closes_on=CLOSES,
        basis=DisclosureBasis.LAW, today=OPENS,
    )  # fmt: skip
    council.attendance_set(actor=secretariat, session=session, present=board.members)
    with pytest.raises(ValidationError, match="đến hết ngày 16/01/2024; Hội đồng chỉ họp"):
        council.session_open_voting(
            actor=secretariat, session=session, now=at(dt.date(2024, 1, 10))
        )
    session.refresh_from_db()
    assert session.state == "draft"
    council.session_open_voting(actor=secretariat, session=session, now=at(dt.date(2024, 1, 17)))
    session.refresh_from_db()
    assert session.state == "voting" and disclosure.closes_on < HELD_ON
