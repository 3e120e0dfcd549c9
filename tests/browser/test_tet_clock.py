# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium: a dossier received on the Friday before Tết Bính Ngọ shows
its appraisal due date counted in working days — the five Tết days held as rows of the public
calendar (/lich-nghi/) do not count — on the campaign's list and on its page; when the office
adds a day off on the calendar screen, the due date moves by one working day."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_council_flow import _context, _log_in, browser  # noqa: F401
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from thidua.nominations import services as nominations
from thidua.nominations.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dossier_clock_crosses_tet_and_follows_the_calendar(
    browser, live_server, filled_a, focal_a, secretariat, campaign
):
    nominations.proposal_submit(actor=focal_a, proposal=filled_a)
    received = dt.datetime(2026, 2, 6, 9, 30, tzinfo=timezone.get_current_timezone())
    Proposal.objects.filter(pk=filled_a.pk).update(submitted_at=received)
    url = live_server.url
    page = _context(browser).new_page()
    _log_in(page, url, "noivu")

    # The calendar holds Tết Bính Ngọ as five days off (16–20/02/2026).
    page.goto(f"{url}/lich-nghi/?nam=2026")
    calendar = page.inner_text("main")
    for day in ("16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026"):
        assert day in calendar
    assert "Tết Nguyên đán Bính Ngọ" in calendar

    # 20 working days from Fri 06/02: 09–13/02, (Tết), 23–27/02, 02–06/03, 09–13/03.
    page.goto(f"{url}/phong-trao/{campaign.pk}/ung-vien/")
    row = page.locator(f"#proposal-clocks tr[data-proposal='{filled_a.pk}']")
    assert "06/02/2026" in row.inner_text()
    assert "hạn 13/03/2026" in row.inner_text()
    assert "quá hạn" in row.inner_text()  # today is after 13/03/2026
    row.locator("a").click()
    clock = page.locator("#appraisal-clock").inner_text()
    assert "hạn 13/03/2026" in clock and "kể từ ngày nhận 06/02/2026" in clock

    # The office adds a day off inside the window: the due date moves to Mon 16/03/2026.
    page.goto(f"{url}/lich-nghi/?nam=2026")
    page.fill("#id_day", "2026-03-10")
    page.select_option("#id_kind", "off")
    page.fill("#id_name", "Nghỉ bù (thử)")
    with page.expect_navigation():
        page.click("button:has-text('Lưu')")
    assert "10/03/2026" in page.inner_text("main")
    page.goto(f"{url}/de-nghi/{filled_a.pk}/")
    assert "hạn 16/03/2026" in page.locator("#appraisal-clock").inner_text()
