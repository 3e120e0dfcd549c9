"""End to end in Debian's Chromium: on the demo, the district secretariat opens Thống kê from
the menu, chooses 2023, reads the filled form and downloads it as Excel; the figures are those
of the page; then it renames a column of the cadre-database export and downloads the CSV."""

import io

import pytest
from django.core.management import call_command

from tests.browser import test_campaign_flow as flow
from tests.browser.test_login_and_search import ARTIFACTS
from thidua.demo.org_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = flow.page


@pytest.fixture
def decided_demo(transactional_db):
    """The demo, built before the browser starts: signing the demo's decision runs pyHanko's
    own event loop, which cannot start inside Playwright's."""
    call_command("demo", "--stage", "decided", stdout=io.StringIO())


def test_secretariat_downloads_the_2023_statistics(decided_demo, page, live_server):
    from python_calamine import CalamineWorkbook

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", "noivu")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    page.click("nav >> text=Thống kê")
    page.wait_for_url("**/thong-ke/**")
    page.select_option("#nam", "2023")
    page.click("#statistics-filter button[type=submit]")
    page.wait_for_url("**nam=2023**")
    total = page.inner_text("#statistics-table tbody tr:nth-child(2) td:nth-child(3)")
    assert int(total) > 0
    page.screenshot(path=str(ARTIFACTS / "statistics.png"), full_page=True)
    with page.expect_download() as info:
        page.click("#download-xlsx")
    sheet = CalamineWorkbook.from_path(info.value.path()).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    awards = next(r for r in rows if r[1] == "Khen thưởng")
    assert int(awards[2]) == int(total)

    page.click("nav >> text=Xuất CSDL cán bộ")
    page.wait_for_url("**/xuat-csdl-can-bo/")
    page.fill("input[name=target_1]", "HO_VA_TEN")
    page.click("#mapping-form button[type=submit]")
    page.wait_for_selector("text=Đã lưu ánh xạ trường xuất dữ liệu.")
    with page.expect_download() as info:
        page.click("#cadre-units li:first-child >> text=CSV")
    with open(info.value.path(), encoding="utf-8-sig") as f:
        header = f.readline().strip()
    assert header.split(",")[:3] == ["MaCanBo", "HO_VA_TEN", "NamSinh"]
