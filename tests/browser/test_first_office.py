"""A new office from nothing, without /admin/ or the shell (issue 15, item 1): the first
administrator comes from `thidua createadmin`, signs in, invites the secretariat by e-mail; the
secretariat opens the link, chooses a password, signs in, and finds its role on the accounts
screen."""

import io
import re
import sys

import pytest
from django.core import mail
from django.core.management import call_command

from tests.browser.test_login_and_search import page  # noqa: F401  (the Chromium fixture)
from thidua.org.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_first_administrator_invites_the_secretariat(page, live_server, monkeypatch):  # noqa: F811
    monkeypatch.setattr(sys, "stdin", io.StringIO("Non-nuoc-Cao-Bang-2027\n"))
    call_command(
        "createadmin", "--username", "quantri", "--email", "quantri@caobang.gov.vn",
        "--full-name", "Nông Văn Minh", "--unit-code", "T04", "--unit-name", "Tỉnh Cao Bằng",
        "--password-stdin", stdout=io.StringIO(),
    )  # fmt: skip
    province = Unit.objects.get(code="T04")
    base = live_server.url

    _sign_in(page, base, "quantri", "Non-nuoc-Cao-Bang-2027")
    page.click("nav >> text=Tài khoản")
    page.click("text=Mời người dùng mới")
    page.fill("#id_full_name", "Hoàng Thị Thu Hà")
    page.fill("#id_email", "thuha@caobang.gov.vn")
    page.fill("#id_username", "thuha")
    page.select_option("#id_role", "secretariat")
    page.select_option("#id_unit", str(province.pk))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/tai-khoan/\d+/$"))
    main = page.inner_text("main")
    assert "Chưa đặt mật khẩu" in main and "Thường trực thi đua" in main

    [invitation] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+)", invitation.body).group(1)
    page.context.clear_cookies()  # the invited person, on another computer
    page.goto(f"{base}{link}")
    page.fill("#id_new_password1", "Thac-Ban-Gioc-2027")
    page.fill("#id_new_password2", "Thac-Ban-Gioc-2027")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dat-lai-mat-khau/xong/")

    _sign_in(page, base, "thuha", "Thac-Ban-Gioc-2027")
    page.click("nav >> text=Tài khoản")
    rows = page.inner_text("table")
    assert "thuha" in rows and "Thường trực thi đua – Tỉnh Cao Bằng" in rows
    assert "Quản trị hệ thống – Tỉnh Cao Bằng" in rows  # sees the administrator, cannot change it
    page.click("text=quantri")
    assert "chỉ quản trị viên thay đổi được" in page.inner_text("main")
