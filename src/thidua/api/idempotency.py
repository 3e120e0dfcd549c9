"""`Idempotency-Key` on POST: a client that retries after a lost answer must not write twice.

The first POST with a key runs inside one transaction that holds the key's row; a 2xx answer
is stored with it (for `IDEMPOTENCY_TTL`, core.services). The same key with the same request
(method, path, query and body) then gets the stored answer again, marked `Idempotent-Replayed:
true`, and nothing runs; the same key with another request is refused with 422. A request
that fails (4xx, 5xx) leaves no key behind, so the client may fix it and retry with the same
key. A second request arriving while the first still runs waits for it (the row is locked).
Keys belong to a user: two users never see each other's answers.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from thidua.core.models import ApiToken, hash_token
from thidua.core.services import idempotency_claim, idempotency_release, idempotency_store

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEY_REUSED = (
    "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác (khác đường dẫn hoặc nội "
    "dung). Mỗi yêu cầu mới cần một khóa mới; gửi lại đúng yêu cầu cũ thì giữ khóa cũ."
)
KEY_TOO_LONG = f"Khóa Idempotency-Key không được dài quá {MAX_KEY_LENGTH} ký tự."
KEY_BLANK = "Khóa Idempotency-Key không được để trống."


def _refusal(message: str) -> JsonResponse:
    body = {"detail": [{"loc": ["header", HEADER], "msg": message, "type": "idempotency"}]}
    return JsonResponse(body, status=422, json_dumps_params={"ensure_ascii": False})


def _fingerprint(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path with query, and the body. A multipart
    body is read field by field (its boundary is random per send), files by their content."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for f in files:
                digest.update(f"{name}:{f.name}:{f.size}:".encode())
                for chunk in f.chunks():
                    digest.update(chunk)
                f.seek(0)
    else:
        digest.update(request.content_type.encode() + b"\n" + request.body)
    return digest.hexdigest()


def _user_of(request: HttpRequest):
    """The token's user, or None (the operation then answers 401/403 itself)."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(raw.strip()), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token is not None and token.may_write else None


def _replay(row) -> HttpResponse:
    response = HttpResponse(row.body, status=row.status, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view-mode decorator of every operation (installed on the API)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return run(request, *args, **kwargs)
        key = key.strip()
        if not key:
            return _refusal(KEY_BLANK)
        if len(key) > MAX_KEY_LENGTH:
            return _refusal(KEY_TOO_LONG)
        user = _user_of(request)
        if user is None:
            return run(request, *args, **kwargs)
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            row, created = idempotency_claim(
                user=user,
                key=key,
                fingerprint=fingerprint,
                method=request.method,
                path=request.get_full_path(),
            )
            if not created:
                if row.fingerprint != fingerprint:
                    return _refusal(KEY_REUSED)
                if row.status is not None:
                    return _replay(row)
            response = run(request, *args, **kwargs)
            if 200 <= response.status_code < 300 and not response.streaming:
                idempotency_store(
                    row=row,
                    status=response.status_code,
                    content_type=response.get("Content-Type", ""),
                    body=response.content.decode(response.charset or "utf-8"),
                )
            else:
                idempotency_release(row=row)
        return response

    return wrapper
