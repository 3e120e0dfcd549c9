"""End to end in Debian's Chromium: a secretariat officer logs in and finds a person by typing
the name without diacritics, as people do on a phone keyboard."""

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.factories import make_person

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("THIDUA_TEST_ARTIFACTS", "var/test-artifacts"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is required for browser tests: apt-get install -y chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
    # before it starts are fine, and the live server runs in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        yield context.new_page()
        browser.close()


def test_secretariat_logs_in_and_finds_a_person_typed_without_diacritics(
    page, live_server, world, secretariat
):
    for i in range(5):
        make_person(world.commune_b, f"Lục Văn Khác {i}")
    # The site's address is the public portal; its menu leads the officer to the login page.
    page.goto(f"{live_server.url}/")
    page.click("nav.menu >> text=Đăng nhập")
    page.wait_for_url("**/dang-nhap/")
    page.fill("#id_username", "noivu")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Thường trực thi đua" in page.inner_text("main")

    page.click("nav >> text=Cá nhân")
    page.wait_for_url("**/ca-nhan/")
    assert page.locator("#results tbody tr").count() == 7
    page.fill("#q", "nguyen van huong")  # htmx searches as the user types
    # a function: an expression would go through eval(), which the CSP refuses
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    row = page.locator("#results tbody tr").first
    assert "Nguyễn Văn Hưởng" in row.inner_text()
    # the search is in the address, so it survives a reload and can be shared
    assert parse_qs(urlparse(page.url).query)["q"] == ["nguyen van huong"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "people-search.png"), full_page=True)

    row.locator("a").click()
    page.wait_for_url("**/ca-nhan/*/")
    assert page.inner_text("h1") == "Nguyễn Văn Hưởng"
    assert "Xã Yên Lạc" in page.inner_text("main")
