"""Two-factor login (issue 18, item 2): after the password, a code from an authenticator app or
a single-use recovery code. An account that owes the second step reaches no page of the back
office; a wrong code is refused (and slows the next try down); a recovery code works once;
administrators can turn it off for a user; everything is in the audit log with the user's unit.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import login
from thidua.core import twofactor
from thidua.core.models import AuditLog, RecoveryCode
from thidua.demo import org_data as demo_data

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
VERIFY = "/dang-nhap/xac-thuc/"
SETUP = "/tai-khoan/xac-thuc-hai-buoc/"


def _password(client, user, ip="10.0.0.7", next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post("/dang-nhap/", data, REMOTE_ADDR=ip)
    assert response.status_code == 302, response.content[:500]
    return response


def _enrolled(user) -> TOTPDevice:
    secret = twofactor.new_secret()
    device, _codes = twofactor.totp_enrol(
        user=user, secret_hex=secret, code=twofactor.current_code(secret)
    )
    # the code just used may not log in again: the next test code is a later time step
    device.last_t = -1
    device.save()
    return device


def _code(device) -> str:
    return twofactor.current_code(device.key)


def _back_office_urls():
    """Every named page of the site but Django admin and the API (which takes only tokens),
    with its arguments filled by any value: the second step is required before a view runs,
    so whether the object exists does not matter."""
    fill = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000"}

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin",) or str(p.pattern).startswith("api/"):
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                route = re.sub(
                    r"<(?:(\w+):)?\w+>", lambda m: fill.get(m.group(1) or "str", "x"), route
                )
                yield p.name, "/" + route

    return sorted(set(walk(get_resolver().url_patterns)))


OPEN = {"two_factor_verify", "two_factor_setup", "logout"}


def test_an_enrolled_administrator_reaches_no_page_before_the_second_step(client, admin_user):
    _enrolled(admin_user)
    _password(client, admin_user)
    urls = [(n, u) for n, u in _back_office_urls() if n not in OPEN]
    assert len(urls) > 150
    leaks = []
    for name, url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            target = response.get("Location", "")
            if response.status_code != 302 or not target.startswith(VERIFY):
                leaks.append(f"{method.upper()} {url} ({name}): {response.status_code} {target}")
    assert not leaks, "\n".join(leaks)
    # the Django admin too
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    # and the page asked for is where the second step leads
    response = client.get("/ca-nhan/")
    assert response["Location"] == f"{VERIFY}?next=%2Fca-nhan%2F"


def test_a_wrong_code_is_refused_and_the_right_one_opens_the_back_office(client, admin_user, world):
    device = _enrolled(admin_user)
    _password(client, admin_user, next_url="/ca-nhan/")
    page = client.get(f"{VERIFY}?next=/ca-nhan/")
    assert page.status_code == 200 and "Xác thực hai bước" in page.content.decode()
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": "/ca-nhan/"})
    assert response.status_code == 200
    assert "Mã không đúng, đã hết hạn hoặc đã được dùng" in response.content.decode()
    assert client.get("/ca-nhan/").status_code == 302
    failure = AuditLog.objects.get(action="core.2fa.failure")
    assert failure.actor == admin_user and failure.unit_id == world.district.pk
    # right after a wrong code, even the right one waits (1 s, then 2, 4 …)
    response = client.post(VERIFY, {"code": _code(device), "next": "/ca-nhan/"})
    assert "Vui lòng chờ" in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    used = _code(device)
    response = client.post(VERIFY, {"code": used, "next": "/ca-nhan/"})
    assert response.status_code == 302 and response["Location"] == "/ca-nhan/"
    assert client.get("/ca-nhan/").status_code == 200
    success = AuditLog.objects.get(action="core.2fa.success")
    assert success.actor == admin_user and success.unit_id == world.district.pk
    assert "ứng dụng xác thực" in success.note
    # the same code cannot be replayed in another session (the very code used: on a slow
    # machine the next 30-second step's code may be reached meanwhile, and is rightly taken)
    other = type(client)()
    _password(other, admin_user)
    response = other.post(VERIFY, {"code": used})
    assert response.status_code == 200 and other.get("/ca-nhan/").status_code == 302


def test_enrolment_shows_a_qr_code_and_recovery_codes_once_and_each_works_once(
    client, council_member, world
):
    login(client, council_member)
    page = client.get(SETUP)
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "Cài đặt xác thực hai bước" in text
    secret = client.session["thidua_2fa_secret"]
    assert twofactor.secret_base32(secret) in text
    # a wrong first code enables nothing
    response = client.post(SETUP, {"code": "000000" if _now(secret) != "000000" else "111111"})
    assert "Mã không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=council_member).exists()
    response = client.post(SETUP, {"code": twofactor.current_code(secret)})
    codes = re.findall(
        r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode()
    )
    assert len(codes) == 10 and response["Cache-Control"] == "no-store"
    assert RecoveryCode.objects.filter(user=council_member).count() == 10
    assert not RecoveryCode.objects.filter(digest__in=codes).exists()  # only hashes are kept
    enrol = AuditLog.objects.get(action="core.2fa.enrol")
    assert enrol.actor == council_member and enrol.unit_id == world.district.pk
    # shown once: the page now shows the state, not the codes
    status = client.get(SETUP).content.decode()
    assert "Đang bật" in status and codes[0] not in status and "Còn <b>10</b>" in status

    client.post("/dang-xuat/")
    _password(client, council_member)
    response = client.post(VERIFY, {"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get("/ca-nhan/").status_code == 200
    assert "còn 9 mã" in AuditLog.objects.get(action="core.2fa.success").note

    client.post("/dang-xuat/")
    _password(client, council_member)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "Mã không đúng, đã hết hạn hoặc đã được dùng" in response.content.decode()
    assert client.get("/ca-nhan/").status_code == 302


def _now(secret):
    return twofactor.current_code(secret)


def test_where_required_a_deciding_role_must_enrol_first_and_others_need_not(
    client, settings, secretariat, focal_a
):
    settings.THIDUA_2FA_REQUIRED = True
    _password(client, secretariat)
    for url in ("/", "/ca-nhan/", "/nhat-ky/", "/phong-trao/", VERIFY):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url
    page = client.get(SETUP).content.decode()
    assert "Vai trò của bạn bắt buộc đăng nhập hai bước" in page
    response = client.post(SETUP, {"code": _now(client.session["thidua_2fa_secret"])})
    assert response.status_code == 200
    assert client.get("/ca-nhan/").status_code == 200

    other = type(client)()
    _password(other, focal_a)
    assert other.get("/ca-nhan/").status_code == 200


def test_an_administrator_turns_a_users_second_step_off_and_it_is_audited(
    client, admin_user, council_member, secretariat, world
):
    _enrolled(admin_user)
    device = _enrolled(council_member)
    member = type(client)()
    login(member, council_member)
    assert member.get("/ca-nhan/").status_code == 200

    url = reverse("web:two_factor_reset", args=[council_member.pk])
    # the secretariat may not
    assert login(type(client)(), secretariat).post(url).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    login(client, admin_user)
    listing = client.get(reverse("web:two_factor_accounts")).content.decode()
    assert "hoidong" in listing and "Đang bật" in listing
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=council_member).exists()
    assert not RecoveryCode.objects.filter(user=council_member).exists()
    row = AuditLog.objects.get(action="core.2fa.reset")
    assert row.actor == admin_user and row.object_id == str(council_member.pk)
    assert row.unit_id == world.district.pk
    # the member's session was verified by the removed device: not any more; the role does
    # not require it here, so the member goes on with the password alone
    assert member.get("/ca-nhan/").status_code == 200


def test_an_unverified_session_is_not_verified_by_another_users_device(client, admin_user):
    other = _enrolled(admin_user)
    from tests.factories import UserFactory

    user = UserFactory(username="canbo")
    _enrolled(user)
    _password(client, user)
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    response = client.get("/ca-nhan/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_logins_failures_and_lockouts_carry_the_accounts_unit(client, settings, focal_a, world):
    _password(client, focal_a)
    assert AuditLog.objects.get(action="core.login.success").unit_id == world.commune_a.pk
    client.post("/dang-xuat/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": focal_a.username, "password": "sai"})
    failures = AuditLog.objects.filter(action="core.login.failure")
    assert failures.count() == settings.AXES_FAILURE_LIMIT
    assert {r.unit_id for r in failures} == {world.commune_a.pk}
    assert AuditLog.objects.get(action="core.login.lockout").unit_id == world.commune_a.pk


def test_a_password_change_on_the_own_page_and_in_admin_is_audited(
    client, admin_user, focal_a, world
):
    login(client, focal_a)
    response = client.post(
        "/mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2024",
            "new_password2": "Mot-mat-khau-moi-2024",
        },
    )
    assert response.status_code == 302
    focal_a.refresh_from_db()
    assert focal_a.check_password("Mot-mat-khau-moi-2024")
    assert client.get("/ca-nhan/").status_code == 200  # still signed in
    own = AuditLog.objects.get(action="org.account.password")
    assert own.actor == focal_a and own.unit_id == world.commune_a.pk
    assert "Mot-mat-khau" not in str(own.note) + str(own.after) + str(own.before)

    login(client, admin_user)
    response = client.post(
        f"/admin/auth/user/{focal_a.pk}/password/",
        {
            "password1": "Mat-khau-quan-tri-dat",
            "password2": "Mat-khau-quan-tri-dat",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    focal_a.refresh_from_db()
    assert focal_a.check_password("Mat-khau-quan-tri-dat")
    row = AuditLog.objects.filter(action="org.account.password").latest("id")
    assert row.actor == admin_user and row.object_id == str(focal_a.pk)
    assert "trang quản trị" in row.note


def test_the_demo_prints_how_to_pass_the_second_step(world):
    from tests.factories import UserFactory

    user = UserFactory(username="quantri")
    secret = twofactor.secret_from_base32(demo_data.DEMO_TOTP_SECRET)
    twofactor.totp_enrol_demo(user=user, secret_hex=secret)
    out = StringIO()
    call_command("accounts", stdout=out)
    text = out.getvalue()
    assert demo_data.DEMO_TOTP_SECRET in text and "(xác thực hai bước)" in text
    code = re.search(r"Mã lúc này: (\d{6})", text).group(1)
    assert code == twofactor.current_code(secret)


def test_where_required_whoever_signs_decisions_must_enrol_too(client, settings, focal_a):
    """A focal point holds no deciding role, but one who declared a personal signing
    credential signs decisions: the second step is required of them as well."""
    from django.utils import timezone

    from thidua.awards.models import SigningCredential

    settings.THIDUA_2FA_REQUIRED = True
    SigningCredential.objects.create(
        user=focal_a, module="/usr/lib/softhsm/libsofthsm2.so", token_label="token",
        key_label="key", certificate_pem="-----BEGIN CERTIFICATE-----", subject="CN=Thử",
        not_after=timezone.now() + timezone.timedelta(days=365),
    )  # fmt: skip
    _password(client, focal_a)
    response = client.get("/ca-nhan/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


@pytest.mark.parametrize("extra", [1, 4])
def test_the_accounts_list_costs_the_same_queries_for_any_number_of_accounts(
    client, admin_user, world, django_assert_num_queries, extra
):
    from tests.factories import UserFactory
    from thidua.org.services import role_grant

    for i in range(extra):
        user = UserFactory(username=f"hoidong{i}")
        role_grant(actor=None, user=user, role="council_member", unit=world.district)
        _enrolled(user)
    login(client, admin_user)
    client.get("/ca-nhan/")  # the session's first request settles its own bookkeeping
    with django_assert_num_queries(5):
        response = client.get(reverse("web:two_factor_accounts"))
    assert response.status_code == 200
    assert response.content.decode().count("Đang bật") == extra
