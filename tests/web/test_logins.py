"""Logins: repeated failures lock the account and the address for a while (django-axes) with
a Vietnamese message giving the wait; every login, failure and lockout is in the audit log;
passwords are hashed with Argon2 and older hashes still work; idle sessions end."""

import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import Client as Client_
from django.utils import timezone

from tests.conftest import _persona, login
from tests.factories import UserFactory
from thidua.core.middleware import LAST_SEEN
from thidua.core.models import AuditLog
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _rows(action):
    return AuditLog.objects.filter(action=action).count()


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, settings):
    user = UserFactory(username="canbo.xa")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "canbo.xa", "sai")
        assert response.status_code == 200 and not _logged_in(client)
    response = _login(client, "canbo.xa", "sai")
    assert response.status_code == 429
    response = _login(client, "canbo.xa", PASSWORD)
    assert response.status_code == 429 and not _logged_in(client)
    text = response.content.decode()
    assert "Đăng nhập sai quá 5 lần" in text and "thử lại sau 15 phút" in text
    assert _rows("core.login.failure") == 5
    assert _rows("core.login.lockout") == 1  # refusals while locked add no rows
    assert not AuditLog.objects.filter(action="core.login.success", actor=user).exists()
    note = AuditLog.objects.get(action="core.login.lockout").note
    assert "canbo.xa" in note and "10.0.0.1" in note and PASSWORD not in note


def test_the_same_account_from_other_addresses_stays_locked(client, settings):
    UserFactory(username="canbo.xa")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "canbo.xa", "sai", ip=f"10.0.1.{i}")
    assert _login(client, "canbo.xa", PASSWORD, ip="10.0.2.1").status_code == 429
    assert not _logged_in(client)


def test_one_address_trying_many_accounts_is_locked(client, settings):
    UserFactory(username="nan.nhan")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"ten{i}", "sai", ip="10.9.9.9")
    assert _login(client, "nan.nhan", PASSWORD, ip="10.9.9.9").status_code == 429
    assert _login(client, "nan.nhan", PASSWORD, ip="10.9.9.8").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, settings):
    UserFactory(username="canbo.xa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "canbo.xa", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert _login(client, "canbo.xa", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_a_login_is_audited_and_resets_the_failures(client):
    user = UserFactory(username="canbo.xa")
    _login(client, "canbo.xa", "sai")
    assert _login(client, "canbo.xa", PASSWORD).status_code == 302
    row = AuditLog.objects.get(action="core.login.success")
    assert row.actor == user and "10.0.0.1" in row.note
    assert not AccessAttempt.objects.filter(username="canbo.xa").exists()


def test_production_hashes_new_passwords_with_argon2():
    """The test settings use a fast hasher: read what production uses in a fresh process."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PASSWORD_HASHERS[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "thidua.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_an_existing_pbkdf2_password_logs_in_and_is_rehashed_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = UserFactory(username="cu")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert _login(client, "cu", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_a_session_ends_after_the_idle_time(client, settings):
    UserFactory(username="canbo.xa")
    _login(client, "canbo.xa", PASSWORD)
    assert client.get("/thong-bao/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.THIDUA_SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get("/thong-bao/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert not _logged_in(client)


def test_a_session_in_use_stays_open(client, settings):
    UserFactory(username="canbo.xa")
    _login(client, "canbo.xa", PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.THIDUA_SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get("/thong-bao/").status_code == 200
    assert _logged_in(client)
    assert client.session[LAST_SEEN] >= int(time.time()) - 5  # refreshed


def test_behind_the_proxy_the_address_is_the_one_nginx_added(client, settings):
    """Behind nginx every connection comes from 127.0.0.1: the lockout by address must use the
    visitor's address, and an X-Forwarded-For the visitor wrote cannot choose it."""
    settings.THIDUA_PROXY_COUNT = 1
    UserFactory(username="nan.nhan")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/dang-nhap/",
            {"username": f"ten{i}", "password": "sai"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.7",
        )
    assert AuditLog.objects.filter(note__contains="203.0.113.7").count() == 6
    other = client.post(
        "/dang-nhap/",
        {"username": "nan.nhan", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302  # another visitor behind the same proxy is not locked


# Unlocking ------------------------------------------------------------------------------------


def _lock(client, username, settings, ip="10.0.0.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "sai", ip=ip)


def test_the_secretariat_unlocks_an_account_of_its_units(client, settings, secretariat, focal_a):
    visitor = Client_()
    _lock(visitor, focal_a.username, settings)
    assert _login(visitor, focal_a.username, PASSWORD).status_code == 429
    login(client, secretariat)
    page = client.get("/tai-khoan-bi-khoa/")
    assert page.status_code == 200 and focal_a.username in page.content.decode()
    attempt = AccessAttempt.objects.get(username=focal_a.username)
    response = client.post(f"/tai-khoan-bi-khoa/{attempt.pk}/mo-khoa/", follow=True)
    assert f"Đã mở khóa tài khoản «{focal_a.username}»" in response.content.decode()
    row = AuditLog.objects.get(action="core.login.unlock")
    assert row.actor == secretariat and focal_a.username in row.note
    assert _login(visitor, focal_a.username, PASSWORD).status_code == 302


def test_an_account_outside_the_secretariat_s_units_is_not_listed_nor_unlockable(
    client, settings, world, secretariat
):
    other = _persona("tinh.tdkt", Role.SECRETARIAT, world.province)  # above the district
    _lock(client, other.username, settings)
    login(client, secretariat)
    assert other.username not in client.get("/tai-khoan-bi-khoa/").content.decode()
    attempt = AccessAttempt.objects.get(username=other.username)
    assert client.post(f"/tai-khoan-bi-khoa/{attempt.pk}/mo-khoa/").status_code == 404
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not AuditLog.objects.filter(action="core.login.unlock").exists()


def test_a_focal_officer_may_not_see_or_unlock(client, settings, focal_a, focal_b):
    _lock(Client_(), focal_b.username, settings)
    login(client, focal_a)
    assert client.get("/tai-khoan-bi-khoa/").status_code == 403
    attempt = AccessAttempt.objects.get(username=focal_b.username)
    assert client.post(f"/tai-khoan-bi-khoa/{attempt.pk}/mo-khoa/").status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_an_administrator_unlocks_an_address(client, settings, admin_user):
    _lock(Client_(), "khong-co", settings, ip="10.7.7.7")
    login(client, admin_user)
    assert "10.7.7.7" in client.get("/tai-khoan-bi-khoa/").content.decode()
    attempt = AccessAttempt.objects.get(ip_address="10.7.7.7")
    assert client.post(f"/tai-khoan-bi-khoa/{attempt.pk}/mo-khoa/").status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
