"""Bearer tokens for the REST API.

A token stands for its user: the request runs as that user, so every permission check is the
one the web applies, and the token never grants more than the user holds.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from thidua.core.models import ApiToken, hash_token

MISSING = "Cần đăng nhập bằng mã truy cập (Authorization: Bearer …)."
INVALID = "Mã truy cập không hợp lệ hoặc đã bị thu hồi."
FORBIDDEN = "Bạn không có quyền dùng chức năng này."
READ_ONLY = (
    "Mã truy cập này chỉ được đọc. Để ghi, hãy tạo mã có quyền ghi: "
    "thidua token create <tên đăng nhập> --scope write."
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Recording every use would turn each read into a write; once a minute is precise enough to
# tell an idle token from a busy one.
LAST_USED_EVERY = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <mã>`; unknown, revoked or inactive-user tokens get a 401; a
    read-only token gets 403 on a write; with `perm`, see `guard`."""

    def __init__(self, perm: str | None = None, load: Callable[..., Any] | None = None) -> None:
        super().__init__()
        self.perm = perm
        self.load = load

    def __call__(self, request: HttpRequest) -> ApiToken:
        scheme, _, raw = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationError(message=MISSING)
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        try:
            row = ApiToken.objects.select_related("user").get(
                digest=hash_token(token), revoked_at__isnull=True, user__is_active=True
            )
        except ApiToken.DoesNotExist:
            raise AuthenticationError(message=INVALID) from None
        _mark_used(row)
        request.user = row.user
        if request.method not in SAFE_METHODS and not row.may_write:
            raise AuthorizationError(message=READ_ONLY)
        if self.perm is not None:
            obj = None
            if self.load is not None:
                match = request.resolver_match
                path = match.kwargs if match else {}
                if any(k.endswith("_id") and not _is_id(v) for k, v in path.items()):
                    raise Http404  # not an id a row can have: as unknown as any other
                obj = self.load(request.user, **path)
            request.api_object = obj
            require_perm(request, self.perm, obj)
        return row


def guard(perm: str, load: Callable[..., Any] | None = None) -> "TokenAuth":
    """The token, then the permission, before the body is read: a write operation declares
    `auth=guard("app.perm", load=...)`. `load(user, **path)` fetches the object the
    permission is judged on through the app's selector (404 when it lies outside the user's
    units, like an unknown id); the object is left on `request.api_object` for the view.
    Checking before the body means a user without the right gets 403/404, never a 422 that
    would tell them which fields exist. (One class, so the OpenAPI schema shows one scheme.)"""
    return TokenAuth(perm=perm, load=load)


MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL and SQLite can hold


def _is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


def _mark_used(token: ApiToken) -> None:
    """Stamp last_used_at, at most once a minute per token (also under concurrent requests)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
    ).update(last_used_at=now)
    token.last_used_at = now


def require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    """The same permission the web view checks; refused → 403."""
    if not request.user.has_perm(perm, obj):
        raise AuthorizationError(message=FORBIDDEN)
