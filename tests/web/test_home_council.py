"""A council member's home: the session to prepare (the papers) and the ballot open now."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.council import cast

pytestmark = pytest.mark.usefixtures("private_media")


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
