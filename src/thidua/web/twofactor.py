"""Two-factor login in the web: the second step after the password, enrolment (QR code,
recovery codes shown once), the administrators' list with reset, and the middleware that lets
an account that owes the second step reach nothing else.

Whose login needs the second step: every account that has enrolled, and, where the deployment
sets THIDUA_2FA_REQUIRED, every account of a role that decides (org.selectors
.two_factor_required), which must enrol at its next login. The answer is kept in the session
(core.logins.TWO_FACTOR_STATE, set at each login by `on_logged_in`), so a request of an
account without the second step costs no query for it.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from thidua.awards.selectors import signing_credential_of
from thidua.core import twofactor
from thidua.core.logins import TWO_FACTOR_STATE, client_ip
from thidua.documents.certificate import qr_svg
from thidua.org import selectors as org_selectors
from thidua.org import services as org_services
from thidua.web.decorators import permission

ON, OFF = "on", "off"
PENDING_SECRET = "thidua_2fa_secret"  # the secret being enrolled, until the first code works
VERIFY, ENROL = "verify", "enrol"


def _required(user) -> bool:
    """Where the deployment requires it: the deciding roles (org), and whoever signs decisions
    with a personal digital signature (awards: a declared signing credential)."""
    if org_selectors.two_factor_required(user):
        return True
    return settings.THIDUA_2FA_REQUIRED and signing_credential_of(user) is not None


def _state_for(user) -> str:
    has_device = twofactor.device_for(user) is not None
    return ON if has_device or _required(user) else OFF


def on_logged_in(sender, request, user, **kwargs):
    """At each login (the password step), whether this session owes the second step: decided
    once here, so that later requests of an account without it cost no query."""
    if request is not None and hasattr(request, "session"):
        request.session[TWO_FACTOR_STATE] = _state_for(user)


def pending_step(request) -> str:
    """What the signed-in user still owes before the back office: "verify" (type a code),
    "enrol" (set the app up first: the role requires it) or "" (nothing)."""
    user = request.user
    if not user.is_authenticated or request.session.get(TWO_FACTOR_STATE) == OFF:
        return ""
    if user.is_verified():
        return ""
    if twofactor.device_for(user) is not None:
        request.session[TWO_FACTOR_STATE] = ON
        request.two_factor_pending = True
        return VERIFY
    if _required(user):
        request.session[TWO_FACTOR_STATE] = ON
        request.two_factor_pending = True
        return ENROL
    request.session[TWO_FACTOR_STATE] = OFF
    return ""


def _step_url(step: str, next_url: str = "") -> str:
    url = reverse("web:two_factor_verify" if step == VERIFY else "web:two_factor_setup")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """A signed-in account that owes the second step is sent to it from every page (an API
    call with a session gets 401; the API itself takes only tokens). Only the second step's
    own pages, signing out and static files stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: set[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open is None:
            self._open = {
                reverse("web:two_factor_verify"),
                reverse("web:two_factor_setup"),
                reverse("logout"),
            }
        return path in self._open or path.startswith("/" + settings.STATIC_URL.lstrip("/"))

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._is_open(request.path_info):
            step = pending_step(request)
            if step:
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"detail": "Chưa xác thực hai bước."}, status=401)
                next_url = request.get_full_path() if request.method == "GET" else ""
                return HttpResponseRedirect(_step_url(step, next_url))
        return self.get_response(request)


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("web:home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        help_text="6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục (dạng xxxx-xxxx-xxxx).",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": "Vui lòng nhập mã xác thực."},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Mã 6 chữ số trong ứng dụng",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Vui lòng nhập mã 6 chữ số đang hiện trong ứng dụng."},
    )


@login_required
def two_factor_verify(request):
    """The second login step."""
    step = pending_step(request)
    next_url = _next(request)
    if not step:
        return redirect(next_url)
    if step == ENROL:
        return redirect(_step_url(ENROL, next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        result = twofactor.two_factor_verify(
            user=user,
            code=form.cleaned_data["code"],
            ip=client_ip(request),
            unit_id=org_selectors.user_unit_id(user),
        )
        if result.ok:
            otp_login(request, result.device)
            request.session[TWO_FACTOR_STATE] = ON
            if result.by_recovery_code:
                messages.warning(
                    request,
                    f"Bạn vừa dùng một mã khôi phục (mỗi mã chỉ dùng được một lần); còn "
                    f"{result.recovery_left} mã. Khi còn ít, hãy tạo mã mới tại «Xác thực "
                    "hai bước».",
                )
            return redirect(next_url)
        if result.wait_seconds:
            form.add_error(
                "code",
                f"Nhập sai nhiều lần liên tiếp. Vui lòng chờ {result.wait_seconds} giây rồi "
                "thử lại.",
            )
        else:
            form.add_error("code", "Mã không đúng, đã hết hạn hoặc đã được dùng. Vui lòng thử lại.")
    return render(request, "web/two_factor_verify.html", {"form": form, "next": next_url})


def _codes_page(request, codes: list[str], next_url: str):
    response = render(request, "web/two_factor_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_setup(request):
    """Enrol (a QR code to scan, then the first code), or, once enrolled, the state and new
    recovery codes. An account that owes the second step may only enrol here."""
    user = request.user
    next_url = _next(request)
    device = twofactor.device_for(user)
    if device is not None:
        if not user.is_verified():
            return redirect(_step_url(VERIFY, next_url))
        if request.method == "POST":
            codes = twofactor.recovery_codes_renew(
                user=user, unit_id=org_selectors.user_unit_id(user)
            )
            return _codes_page(request, codes, reverse("web:two_factor_setup"))
        return render(
            request,
            "web/two_factor_status.html",
            {"device": device, "codes_left": twofactor.recovery_codes_left(user)},
        )
    secret = request.session.get(PENDING_SECRET)
    if not secret:
        secret = request.session[PENDING_SECRET] = twofactor.new_secret()
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.totp_enrol(
                user=user,
                secret_hex=secret,
                code=form.cleaned_data["code"],
                unit_id=org_selectors.user_unit_id(user),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("code", message)
        else:
            request.session.pop(PENDING_SECRET, None)
            otp_login(request, device)
            request.session[TWO_FACTOR_STATE] = ON
            messages.success(request, "Đã bật xác thực hai bước cho tài khoản của bạn.")
            return _codes_page(request, codes, next_url)
    return render(
        request,
        "web/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr": qr_svg(twofactor.config_url(user, secret), scale=5, border=4),
            "secret": twofactor.secret_base32(secret),
            "required": _required(user),
        },
    )


@permission("org.reset_two_factor")
def two_factor_accounts(request):
    return render(
        request,
        "web/two_factor_accounts.html",
        {"rows": org_selectors.two_factor_accounts(), "required": settings.THIDUA_2FA_REQUIRED},
    )


@require_POST
@permission("org.reset_two_factor")
def two_factor_reset(request, pk: int):
    account = org_selectors.account_get(pk)
    done = twofactor.two_factor_reset(
        actor=request.user, user=account, unit_id=org_selectors.user_unit_id(account)
    )
    if done:
        messages.success(
            request,
            f"Đã tắt xác thực hai bước của tài khoản «{account.username}». Nếu vai trò bắt "
            "buộc, người dùng sẽ phải cài đặt lại ở lần đăng nhập tới.",
        )
    else:
        messages.info(request, f"Tài khoản «{account.username}» chưa bật xác thực hai bước.")
    return redirect("web:two_factor_accounts")


# Passwords: every change through org.services.account_password_set (with its audit row) --------


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        org_services.account_password_set(
            actor=self.request.user,
            account=form.user,
            password=form.cleaned_data["new_password1"],
            how="tự đổi mật khẩu",
        )
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        org_services.account_password_set(
            actor=form.user,
            account=form.user,
            password=form.cleaned_data["new_password1"],
            how="đặt lại mật khẩu qua liên kết gửi thư điện tử",
        )
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())
