"""End to end in Debian's Chromium: three council members vote by secret ballot on phone-sized
screens while the secretary's console counts them live; the secretary closes voting and the
results table and the minutes PDF appear."""

import io
import os
import re
import shutil
import unicodedata

import pytest
from django.db import connections
from pypdf import PdfReader

from tests.browser.test_login_and_search import ARTIFACTS, CHROMIUM
from tests.fixtures.council import cast
from thidua.council.models import BallotReceipt, SecretBallot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(live_server):
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is required for browser tests: apt-get install -y chromium")
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
        yield browser
        browser.close()


def _context(browser, **extra):
    return browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **extra)


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_members_vote_on_phones_secretary_closes_and_sees_results_and_minutes(
    browser, live_server, voting, board, nominees
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    for member in board.members[:5]:  # five present members voted already
        cast(voting, member, {})

    console_ctx = _context(browser)
    console = console_ctx.new_page()
    _log_in(console, url, board.secretary.user.username)
    console.goto(f"{url}/hoi-dong/{voting.pk}/")
    assert console.inner_text("#voted-count") == "5"
    assert console.inner_text("#waiting-count") == "3"

    for k, member in enumerate(board.members[5:8]):
        ctx = _context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
        phone = ctx.new_page()
        _log_in(phone, url, member.user.username)
        phone.goto(f"{url}/hoi-dong/{voting.pk}/bo-phieu/")
        assert phone.inner_text("h1") == "Phiếu bầu kín"
        # fits the phone: no sideways scrolling
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        boxes = phone.locator("fieldset.nominee")
        assert boxes.count() == 7
        for i in range(7):
            choice = "Không đồng ý" if (i + k) % 3 == 0 else "Đồng ý"
            boxes.nth(i).locator("label", has_text=re.compile(f"^\\s*{choice}\\s*$")).tap()
        if k == 0:
            phone.screenshot(path=str(ARTIFACTS / "council-ballot-phone.png"), full_page=True)
        phone.locator("#ballot-form button[type=submit]").tap()
        phone.wait_for_selector("#ballot-done")
        assert "Phiếu của bạn đã được ghi nhận. Cảm ơn bạn." in phone.inner_text("main")
        ctx.close()

    # the console's count moves by itself (htmx polling), without a reload
    # a function, not an expression: Playwright evaluates an expression with eval(), which
    # the page's Content-Security-Policy refuses
    console.wait_for_function(
        "() => document.querySelector('#voted-count').textContent === '8'", timeout=10_000
    )
    assert console.inner_text("#waiting-count") == "0"
    assert BallotReceipt.objects.filter(session=voting).count() == 8
    assert SecretBallot.objects.filter(session=voting).count() == 8

    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#close-voting")
    console.wait_for_selector("text=Đã kết thúc bỏ phiếu; kết quả đã được tính.")
    assert console.inner_text("#session-state") == "Đã kết thúc bỏ phiếu"
    rows = console.locator("#ket-qua tr[data-nominee]")
    assert rows.count() == 7
    console.screenshot(path=str(ARTIFACTS / "council-console-results.png"), full_page=True)

    href = console.get_attribute("#minutes a:has-text('Biên bản họp Hội đồng (PDF)')", "href")
    response = console_ctx.request.get(f"{url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = unicodedata.normalize(
        "NFC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    )
    assert "BIÊN BẢN" in text and "Có mặt 08/09 thành viên Hội đồng" in " ".join(text.split())
    (ARTIFACTS / "council-minutes-browser.pdf").write_bytes(pdf)
    console_ctx.close()
    # ORM calls made while Playwright runs get their own connection (asgiref's Local follows
    # the context Playwright switches to); close it so PostgreSQL can drop the test database.
    connections.close_all()
