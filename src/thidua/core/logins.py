"""Logins: lockout after repeated failures (django-axes), and an audit row for every login,
failed login and lockout. Passwords are never written anywhere; the name typed is."""

import datetime as dt
import math
import time
from collections.abc import Callable

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Max, Q
from django.utils import timezone

from thidua.core.counts import kept_for_user, user_kind
from thidua.core.middleware import LAST_SEEN
from thidua.core.services import audit_record

# The session's two-factor state, set at each login by web.twofactor.
TWO_FACTOR_STATE = "thidua_2fa"


def _no_unit(_):
    return None


# Which unit an account works for is org's knowledge (its roles): org registers these at start
# (org.apps), so each login row carries the unit and the unit's managers see it in /nhat-ky/.
_unit_of_user: Callable[[object], int | None] = _no_unit
_unit_of_name: Callable[[str], int | None] = _no_unit


def register_unit_lookup(
    *, of_user: Callable[[object], int | None], of_name: Callable[[str], int | None]
) -> None:
    global _unit_of_user, _unit_of_name
    _unit_of_user, _unit_of_name = of_user, of_name


def _account(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def client_ip(request) -> str:
    """The visitor's address. Behind THIDUA_PROXY_COUNT proxies (the documented nginx: 1) it is
    the entry that many places from the right of X-Forwarded-For (entries further left are
    whatever the visitor sent); otherwise the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.THIDUA_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    return forwarded[-hops] if len(forwarded) >= hops else remote


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, marking a request it refused because the account or address is already
    locked: such an attempt is not a new failure and gets no audit row of its own."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            if request is not None:
                request.thidua_refused_while_locked = True
            raise


# The signed-in account every request reads, kept per user and day under the data version:
# every change to an account (its flags, groups and permissions, its password) goes through
# org.services or admin with an audit row, which replaces the version when it commits.
ACCOUNT_KIND = user_kind("account")
ACCOUNT_SECONDS = 300


class KeptAccountBackend(ModelBackend):
    """Django's ModelBackend whose `get_user` (each request's account, read by
    AuthenticationMiddleware) comes from the shared cache when Redis holds it
    (core/counts.py). Django still checks the session's hash against the kept account's
    password hash, so a password changed elsewhere ends the other sessions at their next
    request, and an inactive account is never kept."""

    def get_user(self, user_id):
        def read():
            return ModelBackend.get_user(self, user_id)

        return kept_for_user(ACCOUNT_KIND, user_id, read, ACCOUNT_SECONDS)


def lockout_remaining(*, username: str, ip_address: str | None) -> dt.timedelta:
    """How long the account or address stays locked (zero when it is not)."""
    cool_off = get_cool_off() or dt.timedelta(0)
    who = Q(username=username) if username else Q(pk__in=[])
    if ip_address:
        who |= Q(ip_address=ip_address)
    last = (
        AccessAttempt.objects.filter(who, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        .aggregate(last=Max("attempt_time"))
        .get("last")
    )
    if last is None:
        return dt.timedelta(0)
    return max(last + cool_off - timezone.now(), dt.timedelta(0))


def lockout_message(remaining: dt.timedelta) -> str:
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    until = timezone.localtime(timezone.now() + remaining).strftime("%H:%M")
    return (
        f"Đăng nhập sai quá {settings.AXES_FAILURE_LIMIT} lần: tài khoản hoặc địa chỉ này tạm "
        f"bị khóa. Vui lòng thử lại sau {minutes} phút (sau {until}), hoặc đề nghị thường "
        "trực thi đua mở khóa."
    )


def _ip(request) -> str:
    return (getattr(request, "axes_ip_address", None) or client_ip(request) or "")[:64]


def _typed_name(credentials) -> str:
    return str((credentials or {}).get("username") or "")[:150]


def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
    audit_record(
        actor=user,
        action="core.login.success",
        obj=user,
        unit_id=_unit_of_user(user),
        note=f"địa chỉ {_ip(request)}" if request is not None else "",
    )


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "thidua_refused_while_locked", False):
        return
    name = _typed_name(credentials)
    audit_record(
        actor=None,
        action="core.login.failure",
        obj=_account(name),
        unit_id=_unit_of_name(name),
        note=f"tên đăng nhập «{name}», địa chỉ {_ip(request)}",
    )


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    if request is None or getattr(request, "thidua_refused_while_locked", False):
        return
    name = str(username or "")[:150]
    audit_record(
        actor=None,
        action="core.login.lockout",
        obj=_account(name),
        unit_id=_unit_of_name(name),
        note=f"tên đăng nhập «{name}», địa chỉ {ip_address or ''}",
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="thidua.audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="thidua.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="thidua.audit.locked_out")
