"""End to end in Debian's Chromium: an administrator with two-factor login types the password,
is held at the second step wherever they go, is refused a wrong code, passes with the right
one; a council member turns it on from the QR page (no CSP violation) and gets the codes."""

import re

import pytest

from tests.browser.test_login_and_search import page  # noqa: F401
from thidua.core import twofactor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, base, username):
    page.goto(f"{base}/dang-nhap/?next=/ca-nhan/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("main button[type=submit]")


def test_the_second_step_holds_an_administrator_until_the_right_code(
    page, live_server, world, admin_user
):
    secret = twofactor.new_secret()
    device, _ = twofactor.totp_enrol(
        user=admin_user, secret_hex=secret, code=twofactor.current_code(secret)
    )
    device.last_t = -1
    device.save()
    base = live_server.url
    _password(page, base, "quantri")
    page.wait_for_url("**/dang-nhap/xac-thuc/?next=*")
    assert "Xác thực hai bước" in page.inner_text("h1")
    assert page.locator("nav").count() == 0  # no menu before the second step
    page.goto(f"{base}/nhat-ky/")
    page.wait_for_url("**/dang-nhap/xac-thuc/?next=*")
    code = twofactor.current_code(secret)
    page.fill("#id_code", f"{(int(code) + 500_000) % 1_000_000:06d}")
    page.click("main button[type=submit]")
    assert "Mã không đúng" in page.inner_text("main")
    page.wait_for_timeout(1100)  # the wait after one wrong code
    page.fill("#id_code", twofactor.current_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url("**/nhat-ky/")
    assert "Nhật ký" in page.inner_text("h1")


def test_a_council_member_turns_it_on_from_the_qr_page(page, live_server, world, council_member):
    base = live_server.url
    _password(page, base, "hoidong")
    page.wait_for_url("**/ca-nhan/")
    page.click("text=Xác thực hai bước")
    page.wait_for_url("**/tai-khoan/xac-thuc-hai-buoc/")
    assert page.locator(".qr-2fa svg").count() == 1
    shown = page.inner_text("code")
    secret = twofactor.secret_from_base32(shown)
    page.fill("#id_code", twofactor.current_code(secret))
    page.click("main button[type=submit]")
    codes = re.findall(r"[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}", page.inner_text("main"))
    assert len(codes) == 10
    assert "chỉ hiện một lần" in page.inner_text("main")
