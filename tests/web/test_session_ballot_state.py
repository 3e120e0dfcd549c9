"""The session page tells a member who has voted when their ballot was recorded, instead of
offering the ballot again: a cast ballot is final (one per member, never changed before
closing), so there is no link to change it. A member who has not voted still gets the ballot."""

import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.fixtures.council import AGREE, DISAGREE, cast
from thidua.core.models import AuditLog
from thidua.council import services
from thidua.council.enums import BallotType, Denominator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _page(client, session) -> str:
    return client.get(reverse("web:council_session", args=[session.pk])).content.decode()


def test_a_member_who_voted_sees_when_and_no_ballot_button(client, voting, board):
    before = timezone.now()
    cast(voting, board.members[0], {})
    cast(voting, board.members[1], {})  # another member's ballot is not theirs
    row = AuditLog.objects.get(action="council.ballot.cast", after__member=board.members[0].pk)
    assert before <= row.at <= timezone.now()
    shown = row.at.astimezone(HCM).strftime("%H:%M %d/%m/%Y")  # the house's time format
    assert shown != row.at.astimezone(dt.UTC).strftime("%H:%M %d/%m/%Y")  # Vietnam's time

    login(client, board.members[0].user)
    html = _page(client, voting)

    assert f"Bạn đã bỏ phiếu lúc {shown}." in html
    assert "phiếu đã gửi không sửa được" in html
    assert "Mở phiếu bầu của tôi" not in html and 'id="go-ballot"' not in html
    # the rule the page states is the service's: a second ballot is refused
    again = client.post(
        reverse("web:council_ballot", args=[voting.pk]),
        {f"item_{i.pk}": DISAGREE for i in voting.items.all()},
    )
    assert services.ALREADY_VOTED in again.content.decode()


def test_a_member_who_has_not_voted_gets_the_ballot(client, voting, board):
    cast(voting, board.members[0], {})  # data present: someone else has voted
    login(client, board.members[2].user)

    html = _page(client, voting)

    assert 'id="go-ballot"' in html and "Mở phiếu bầu của tôi" in html
    assert "Bạn đã bỏ phiếu" not in html


def test_an_absent_members_written_vote_shows_as_cast_with_its_time(
    client, session, board, nominees, forms, secretariat
):
    """Entered by the secretary, the member's written ballot is in all the same."""
    collective, _ = forms
    services.pass_rule_set(
        actor=secretariat, form_kind=collective.legal_kind, subject_type=collective.subject_type,
        ballot_type=BallotType.SECRET, denominator=Denominator.ALL_MEMBERS,
        threshold=Fraction(9, 10), written_votes=True, quorum=Fraction(2, 3),
        valid_from=dt.date(2024, 1, 1),
    )  # fmt: skip
    cols, inds = nominees
    services.agenda_set(actor=secretariat, session=session, nominees=cols + inds)
    services.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=session)
    absent = board.members[8]
    login(client, absent.user)
    assert "Bạn đã bỏ phiếu" not in _page(client, session)

    services.ballot_cast_written(
        actor=secretariat, session=session, member=absent,
        choices={i.pk: AGREE for i in session.items.filter(award_form=collective)},
    )  # fmt: skip
    row = AuditLog.objects.get(action="council.ballot.cast_written")

    html = _page(client, session)
    assert f"Bạn đã bỏ phiếu lúc {row.at.astimezone(HCM):%H:%M %d/%m/%Y}." in html
    assert 'id="go-ballot"' not in html
