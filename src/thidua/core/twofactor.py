"""Two-factor login: after the password, a six-digit code from an authenticator app (TOTP, one
django-otp device per user) or one of ten single-use recovery codes.

Only the TOTP secret is kept as it is (the code is computed from it); recovery codes are kept
as hashes and shown once, when made. Wrong codes slow the next attempt down (django-otp's
throttling: 1, 2, 4, 8… seconds). Every enrolment, success, failure and reset is in the audit
log. Who must use it is a question of roles: `org.selectors.two_factor_required`.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import math
import secrets
import time
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from thidua.core.models import RecoveryCode
from thidua.core.services import audit_record

DIGITS = 6
STEP = 30
DEVICE_NAME = "Ứng dụng xác thực"
# Recovery codes: 12 characters of base32 (60 bits), shown as xxxx-xxxx-xxxx.
RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
RECOVERY_LENGTH = 12


def new_secret() -> str:
    """A fresh TOTP secret (20 random bytes, hex, as django-otp stores it)."""
    return random_hex(20)


def secret_base32(secret_hex: str) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    text = base64.b32encode(binascii.unhexlify(secret_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def secret_from_base32(text: str) -> str:
    raw = "".join(text.split()).upper()
    return binascii.hexlify(base64.b32decode(raw + "=" * (-len(raw) % 8))).decode()


def config_url(user, secret_hex: str) -> str:
    """The otpauth:// address the QR code carries (issuer, account name, secret)."""
    return TOTPDevice(user=user, key=secret_hex, step=STEP, digits=DIGITS).config_url


def current_code(secret_hex: str) -> str:
    """The code an authenticator app shows now for this secret (the demo prints it)."""
    totp = TOTP(binascii.unhexlify(secret_hex), STEP, 0, DIGITS, 0)
    totp.time = time.time()
    return f"{totp.token():0{DIGITS}d}"


def normalize_code(raw: str) -> str:
    """What the user typed, without spaces or dashes, lower case (full-width digits too)."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def _new_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(settings.THIDUA_RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return codes


# Reads ---------------------------------------------------------------------------------------


def device_for(user) -> TOTPDevice | None:
    """The user's confirmed authenticator device, if they have enrolled."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# Writes --------------------------------------------------------------------------------------


@transaction.atomic
def totp_enrol(
    *, user, secret_hex: str, code: str, unit_id: int | None = None
) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor login on for `user` once they typed a code their app made from
    `secret_hex` (so the app is known to work). Returns the device and the recovery codes,
    which are shown once and never again."""
    if TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).exists():
        raise ValidationError("Tài khoản này đã bật xác thực hai bước.")
    try:
        key = binascii.unhexlify(secret_hex)
    except (binascii.Error, ValueError):
        raise ValidationError("Khóa bí mật không hợp lệ; vui lòng tải lại trang.") from None
    typed = normalize_code(code)
    totp = TOTP(key, STEP, 0, DIGITS, 0)
    totp.time = time.time()
    if not (typed.isdigit() and len(typed) == DIGITS and totp.verify(int(typed), tolerance=1)):
        raise ValidationError(
            {"code": "Mã không đúng. Nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."}
        )
    TOTPDevice.objects.filter(user=user).delete()  # unconfirmed leftovers, if any
    device = TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, key=secret_hex, step=STEP, digits=DIGITS, confirmed=True,
        last_t=totp.t(),  # the code just typed cannot be used again to log in
    )  # fmt: skip
    codes = _new_codes(user)
    audit_record(
        actor=user,
        action="core.2fa.enrol",
        obj=user,
        unit_id=unit_id,
        note=f"ứng dụng xác thực, {len(codes)} mã khôi phục",
    )
    return device, codes


@transaction.atomic
def totp_enrol_demo(*, user, secret_hex: str, unit_id: int | None = None) -> TOTPDevice:
    """The demo's accounts with two-factor login on, with the demo's published secret (so a
    person trying the demo can log in: `thidua accounts` prints it). Never for a real account:
    the secret is not the user's own."""
    existing = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if existing is not None:
        return existing
    device = TOTPDevice.objects.create(
        user=user, name=f"{DEVICE_NAME} (dữ liệu mẫu)", key=secret_hex, step=STEP,
        digits=DIGITS, confirmed=True,
    )  # fmt: skip
    audit_record(
        actor=None, action="core.2fa.enrol", obj=user, unit_id=unit_id,
        note="tài khoản mẫu, khóa bí mật công khai của dữ liệu mẫu",
    )  # fmt: skip
    return device


def demo_device(user, secret_hex: str) -> TOTPDevice | None:
    """The account's device if it carries the demo's secret (what `thidua accounts` may print)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True, key=secret_hex).first()


@transaction.atomic
def recovery_codes_renew(*, user, unit_id: int | None = None) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("Tài khoản này chưa bật xác thực hai bước.")
    codes = _new_codes(user)
    audit_record(
        actor=user,
        action="core.2fa.recovery_codes",
        obj=user,
        unit_id=unit_id,
        note=f"{len(codes)} mã khôi phục mới; các mã cũ hết hiệu lực",
    )
    return codes


@dataclasses.dataclass(frozen=True)
class Verified:
    device: TOTPDevice | None  # None: refused
    wait_seconds: int = 0  # refused without checking: too many wrong codes just now
    by_recovery_code: bool = False
    recovery_left: int = 0

    @property
    def ok(self) -> bool:
        return self.device is not None


def two_factor_verify(*, user, code: str, ip: str = "", unit_id: int | None = None) -> Verified:
    """The second login step: a TOTP code or an unused recovery code (used up by this).
    Writes an audit row for a success or a failure; an attempt refused while the user must
    wait after wrong codes is not checked and not logged."""
    where = f", địa chỉ {ip}" if ip else ""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            return Verified(device=None)
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = (data or {}).get("locked_until")
            wait = (until - timezone.now()).total_seconds() if until else 1
            return Verified(device=None, wait_seconds=max(1, math.ceil(wait)))
        typed = normalize_code(code)
        by_recovery = False
        if typed.isdigit() and len(typed) == DIGITS:
            ok = device.verify_token(typed)  # saves the throttle's count either way
        else:
            row = (
                RecoveryCode.objects.select_for_update()
                .filter(user=user, digest=_digest(typed), used_at__isnull=True)
                .first()
            )
            ok = row is not None and bool(typed)
            if ok:
                row.used_at = timezone.now()
                row.save(update_fields=["used_at"])
                device.throttle_reset(commit=False)
                device.set_last_used_timestamp(commit=False)
                device.save()
                by_recovery = True
            else:
                device.throttle_increment(commit=True)
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        if ok:
            how = f"mã khôi phục (còn {left} mã)" if by_recovery else "ứng dụng xác thực"
            audit_record(
                actor=user, action="core.2fa.success", obj=user, unit_id=unit_id,
                note=f"bằng {how}{where}",
            )  # fmt: skip
            return Verified(device=device, by_recovery_code=by_recovery, recovery_left=left)
        audit_record(
            actor=user, action="core.2fa.failure", obj=user, unit_id=unit_id,
            note=f"lần sai liên tiếp thứ {device.throttling_failure_count}{where}",
        )  # fmt: skip
        return Verified(device=None)


@transaction.atomic
def two_factor_reset(*, actor, user, unit_id: int | None = None) -> bool:
    """Turn a user's two-factor login off (lost phone and codes): their device and recovery
    codes are removed; their sessions verified by it are no longer verified. If the role
    requires it, they enrol again at their next login. Returns whether there was anything."""
    devices = TOTPDevice.objects.filter(user=user)
    had = devices.filter(confirmed=True).exists()
    devices.delete()
    RecoveryCode.objects.filter(user=user).delete()
    if had:
        audit_record(
            actor=actor,
            action="core.2fa.reset",
            obj=user,
            unit_id=unit_id,
            note="xóa ứng dụng xác thực và mã khôi phục",
        )
    return had
