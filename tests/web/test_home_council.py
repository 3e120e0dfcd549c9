"""A council member's home: the session to prepare (the papers) and the ballot open now."""

from django.urls import reverse

from tests.conftest import login
from tests.council import conftest as council_fixtures
from tests.council.conftest import cast

campaign = council_fixtures.campaign
draft = council_fixtures.draft
forms = council_fixtures.forms
rules = council_fixtures.rules
board = council_fixtures.board
nominees = council_fixtures.nominees
session = council_fixtures.session
voting = council_fixtures.voting
_private_media = council_fixtures._private_media


def _home(client, user) -> str:
    return login(client, user).get(reverse("web:home")).content.decode()


def test_member_sees_the_session_to_prepare_with_its_papers(client, session, council_member):
    page = _home(client, council_member)
    assert "Phiên họp Hội đồng" in page
    assert f'{reverse("web:council_agenda", args=[session.pk])}">7 trường hợp' in page
    assert "Đang mở bỏ phiếu" not in page


def test_ballot_open_now_until_the_member_has_voted(client, voting, board, council_member, focal_a):
    ballot = reverse("web:council_ballot", args=[voting.pk])
    assert ballot in _home(client, council_member)
    cast(voting, board.members[1], {})
    page = _home(client, council_member)
    assert ballot not in page and "bạn đã bỏ phiếu" in page
    # someone outside the council sees no session
    assert "Phiên họp Hội đồng" not in _home(client, focal_a)
