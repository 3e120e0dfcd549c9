"""Guard rails of the council, each with the refused action and the data that must not change:
a ballot outside the campaign's council phase, a council without a quorum, a second vote on the
same nominee (said, and written in the minutes), the chair's button closing the vote, a missing
pass rule that says what to do and where, pass rules a new campaign inherits."""

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.council import AGREE, DISAGREE, HELD_ON, _aware, cast
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import PhaseKind
from thidua.core.models import AuditLog
from thidua.council import minutes, services
from thidua.council.enums import SessionState
from thidua.council.models import (
    Attendance,
    BallotReceipt,
    Council,
    CouncilSession,
    PassRule,
    SecretBallot,
)

pytestmark = pytest.mark.django_db


def test_a_ballot_outside_the_council_phase_is_refused(voting, board, campaign, secretariat):
    campaign_services.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.COUNCIL,
        starts_at=_aware(2024, 1, 15, 0),
        ends_at=_aware(2024, 1, 25, 0),
    )
    items = {i.pk: AGREE for i in voting.items.all()}

    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(actor=board.members[0].user, session=voting, choices=items)

    assert exc.value.messages == [
        "Ngoài thời gian họp Hội đồng của phong trào (từ 00:00 15/01/2024 đến trước 00:00 "
        "25/01/2024); phiếu không được ghi nhận. Nếu phiên họp được dời, Thường trực thi đua "
        "sửa giai đoạn «Họp Hội đồng Thi đua – Khen thưởng» tại trang phong trào › mục Tiến "
        "độ, rồi bỏ phiếu lại."
    ]
    assert BallotReceipt.objects.count() == 0 and SecretBallot.objects.count() == 0
    assert not AuditLog.objects.filter(action="council.ballot.cast").exists()

    services.ballot_cast(
        actor=board.members[0].user, session=voting, choices=items, now=_aware(2024, 1, 20, 9)
    )
    assert BallotReceipt.objects.count() == 1


def test_a_council_without_a_quorum_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.council_create(
            actor=None,
            issuer=world.district,
            name="Hội đồng TĐKT huyện",
            valid_from=dt.date(2027, 1, 1),
            quorum=Fraction(0),
        )

    assert exc.value.message_dict["quorum"][0].startswith(
        "Nhập tỷ lệ thành viên dự họp tối thiểu (ví dụ 2/3"
    )
    assert not Council.objects.exists()
    assert not AuditLog.objects.filter(action="council.council.create").exists()


def test_voting_does_not_open_below_the_councils_quorum(session, board, secretariat):
    # the pass rules ask for half; the council's own rules for 2/3
    PassRule.objects.update(quorum_num=1, quorum_den=2)
    services.attendance_set(actor=secretariat, session=session, present=board.members[:5])

    with pytest.raises(ValidationError) as exc:
        services.session_open_voting(actor=secretariat, session=session)

    assert exc.value.messages == [
        "Không đủ số thành viên dự họp theo quy chế của Hội đồng: có mặt 5/9, cần ít nhất 6. "
        "Điểm danh lại khi đủ thành viên (mục Điểm danh của phiên họp) hoặc dời ngày họp."
    ]
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.DRAFT


def test_a_member_who_took_part_is_not_removed(voting, board, secretariat):
    member = board.members[1]

    with pytest.raises(ValidationError) as exc:
        services.member_remove(actor=secretariat, member=member)

    assert "Hội đồng đang có phiên họp bỏ phiếu" in exc.value.messages[0]
    assert Attendance.objects.filter(member=member).exists()
    assert not AuditLog.objects.filter(action="council.member.remove").exists()


def test_a_second_vote_on_the_same_nominee_is_said_and_written_in_the_minutes(
    voting, board, nominees, secretariat
):
    cols, inds = nominees
    failing = inds[0]
    for k, member in enumerate(board.members[:8]):
        cast(voting, member, {failing: DISAGREE if k < 6 else AGREE})
    services.session_close_voting(actor=secretariat, session=voting)
    first = voting.items.get(nominee=failing)
    assert first.passed is False

    again = services.session_create(
        actor=secretariat,
        council=board.council,
        campaign=voting.campaign,
        held_on=HELD_ON + dt.timedelta(days=7),
        place="Hội trường UBND huyện Nguyên Bình",
    )
    services.agenda_set(actor=secretariat, session=again, nominees=[failing])

    item = again.items.get()
    assert item.repeat_of_id == first.pk
    note = services.repeat_notes([item])[item.pk]
    assert note == (
        "Xét lại: đã được Hội đồng biểu quyết tại phiên họp ngày 20/01/2024 (2 phiếu đồng ý, "
        "không đạt)."
    )
    log = AuditLog.objects.filter(action="council.session.agenda").latest("id")
    assert log.after["repeats"] == {str(failing.pk): voting.pk}

    services.attendance_set(actor=secretariat, session=again, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=again)
    for member in board.members[:8]:
        cast(again, member, {})
    again = services.session_close_voting(actor=secretariat, session=again)
    texts = [b.get("text", "") for b in minutes.minutes_dict(again)["blocks"]]
    assert any(note in t for t in texts)


def test_the_chair_closes_the_vote_with_a_button(client, voting, board):
    url = reverse("web:council_close", args=[voting.pk])

    member = board.members[2].user  # an ordinary member: no button, no closing
    login(client, member)
    page = client.get(reverse("web:council_session", args=[voting.pk]))
    assert 'id="chair-close-voting"' not in page.content.decode()
    assert client.post(url).status_code == 404
    assert CouncilSession.objects.get(pk=voting.pk).state == SessionState.VOTING

    login(client, board.chair.user)
    page = client.get(reverse("web:council_session", args=[voting.pk]))
    assert 'id="chair-close-voting"' in page.content.decode()
    response = client.post(url)

    assert response.status_code == 302
    closed = CouncilSession.objects.get(pk=voting.pk)
    assert closed.state == SessionState.CLOSED
    log = AuditLog.objects.get(action="council.session.close_voting")
    assert log.actor == board.chair.user


def test_a_missing_pass_rule_says_what_to_do_and_where(board, campaign, nominees, secretariat):
    session = services.session_create(
        actor=secretariat,
        council=board.council,
        campaign=campaign,
        held_on=HELD_ON,
        place="Hội trường",
    )
    cols, inds = nominees

    with pytest.raises(ValidationError) as exc:
        services.agenda_set(actor=secretariat, session=session, nominees=cols[:1])

    assert exc.value.messages == [
        "Chưa có quy tắc xét chọn có hiệu lực vào ngày họp 20/01/2024 cho: Giấy khen của Chủ "
        "tịch UBND huyện. Thêm quy tắc cho hình thức này tại «Cấu hình › Hội đồng Thi đua – "
        "Khen thưởng › Quy tắc xét chọn» rồi lưu lại nội dung xét."
    ]
    assert not session.items.exists()


def test_a_new_campaign_inherits_the_pass_rules(rules, forms, campaign, board, secretariat):
    copy = campaign_services.campaign_clone(actor=secretariat, campaign=campaign, year=2024)
    collective = copy.award_forms.get(subject_type="collective")

    assert services.rule_for_form(collective, board.council, HELD_ON) == rules[0]
    assert PassRule.objects.count() == 2  # nothing copied
