"""End to end in Debian's Chromium: the secretariat opens a campaign's dashboard, reads a
chart's numbers, reminds the unit that has not sent its plan, sees whom the reminder reached,
filters the units table and exports it; the focal point of another unit sees only its own."""

import io

import pytest

from tests.browser import test_campaign_flow as flow
from tests.browser.test_login_and_search import ARTIFACTS
from tests.conftest import _persona
from tests.monitoring import conftest as fixtures
from thidua.campaigns.models import Reminder
from thidua.org.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = flow.page
_log_in, _log_out = flow._log_in, flow._log_out
_private_media = fixtures._private_media
_no_dashboard_cache = fixtures._no_dashboard_cache
campaign = fixtures.campaign
commune_c = fixtures.commune_c
monitored = fixtures.monitored


def test_secretariat_reminds_the_missing_unit_and_exports_the_list(
    page,
    live_server,
    monitored,
    secretariat,
    focal_b,
    commune_c,
):
    from python_calamine import CalamineWorkbook

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _persona("daumoi.c", Role.FOCAL_POINT, commune_c)
    url = live_server.url
    _log_in(page, url, "noivu")
    page.click("nav >> text=Theo dõi")
    page.wait_for_url("**/theo-doi/")
    page.click(f"main >> text={monitored.title}")
    page.wait_for_url("**/bang-dieu-khien/")
    assert page.locator("svg.chart").count() >= 7
    assert "1/5" in page.inner_text("#quotas")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    # The numbers behind the registrations chart, one click away.
    details = page.locator("#registrations details")
    assert not details.locator("table").is_visible()
    details.locator("summary").click()
    assert "Chưa nộp" in details.locator("table").inner_text()
    page.locator("#registrations").screenshot(path=str(ARTIFACTS / "dashboard-registrations.png"))

    page.click("#remind-missing")
    page.wait_for_selector("text=Đã gửi nhắc nhở đến 1 đơn vị chưa nộp kế hoạch.")
    assert list(Reminder.objects.values_list("unit__code", flat=True)) == ["X01750"]
    page.click("text=Quy tắc nhắc hạn, nhắc đã gửi")
    page.wait_for_url("**/nhac-han/")
    sent = page.inner_text("#sent-table")
    assert "Xã Thể Dục" in sent and "daumoi.c@example.vn" in sent and "gửi tay: noivu" in sent
    page.screenshot(path=str(ARTIFACTS / "dashboard-reminders-sent.png"), full_page=True)

    page.go_back()
    page.wait_for_url("**/bang-dieu-khien/")
    page.select_option("#show", "owing")
    page.click("form.filters button:has-text('Lọc')")
    page.wait_for_url("**show=owing**")
    shown = page.locator("#unit-table tbody tr").all_inner_texts()
    assert [line.split("\t")[1] for line in shown] == ["Xã Ca Thành", "Xã Thể Dục"]
    page.screenshot(path=str(ARTIFACTS / "dashboard-owing.png"), full_page=True)
    with page.expect_download() as info:
        page.click("#export-units")
    with open(info.value.path(), "rb") as f:
        data = f.read()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[1:]] == ["Xã Ca Thành", "Xã Thể Dục"]
    _log_out(page, url)

    _log_in(page, url, "daumoi.b")
    page.goto(f"{url}/phong-trao/{monitored.pk}/bang-dieu-khien/")
    main = page.inner_text("main")
    assert "Bổ sung hồ sơ đề nghị khen thưởng bị trả lại" in main
    assert "Xã Yên Lạc" not in main and "Xã Thể Dục" not in main
    page.screenshot(path=str(ARTIFACTS / "dashboard-unit.png"), full_page=True)
