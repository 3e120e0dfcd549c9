"""End to end in Debian's Chromium: a council member logs in and the home shows the session
to prepare and the ballot open now, which one click opens; a commune's focal officer sees no
council work. Both homes are kept as screenshots at desktop and phone width."""

import pytest
from django.db import connections

from tests.browser.test_campaign_flow import _log_in, page  # noqa: F401
from tests.browser.test_homes import PHONE, _as, _home_at_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]


def test_council_member_sees_the_open_ballot_and_a_focal_officer_does_not(
    page, live_server, voting, board, focal_a
):
    url = live_server.url
    main = _as(page, url, "hoidong")
    assert "Phiên họp Hội đồng" in main
    assert "Đang mở bỏ phiếu" in main and "7 trường hợp cần nghiên cứu" in main
    widths = {"hoidong": _home_at_both_widths(page, "council-member")}
    page.click("#phien-hop a.btn:has-text('Bỏ phiếu')")
    page.wait_for_url(f"**/hoi-dong/{voting.pk}/bo-phieu/")
    assert page.inner_text("h1") == "Phiếu bầu kín"

    main = _as(page, url, "daumoi.a")
    assert "Phiên họp Hội đồng" not in main and "Đang mở bỏ phiếu" not in main
    widths["daumoi.a"] = _home_at_both_widths(page, "focal-a-council-time")
    assert {k: v for k, v in widths.items() if v > PHONE["width"]} == {}
    connections.close_all()
