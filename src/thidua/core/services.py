"""Writes of the core app: the audit log and API tokens."""

import dataclasses
import datetime as dt
import decimal
import json
import secrets
import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from thidua.core.counts import unread_changed
from thidua.core.models import (
    AUDIT_GENESIS,
    ApiToken,
    AuditLog,
    Holiday,
    HolidayKind,
    IdempotencyKey,
    TokenScope,
    audit_hash,
    hash_token,
)
from thidua.core.tasks import enqueue, enqueue_at
from thidua.core.text import nfc

# pg_advisory_xact_lock's key for the audit chain ("audit" in ASCII): one writer at a time
# appends, so two transactions never chain to the same previous row.
AUDIT_CHAIN_LOCK = 0x6175646974


def _jsonable(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, object]:
    """The named fields of an object as JSON-ready values (foreign keys by id)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(obj, attname))
    return out


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    unit_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditLog:
    """Write one audit row, chained to the last one. Call it inside the service's transaction.

    Appending takes the chain's lock until the transaction ends: an advisory lock on
    PostgreSQL; on SQLite every transaction already holds the database's write lock from its
    start (transaction_mode IMMEDIATE). The row read as "last" is therefore the last committed
    one and no other writer can chain to it.
    """
    user = actor if actor is not None and actor.is_authenticated else None
    row = AuditLog(
        actor=user,
        actor_name=user.get_username() if user else "hệ thống",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        unit_id=unit_id,
        # as the database will give them back, so the hash verifies later
        before=json.loads(json.dumps(before)) if before is not None else None,
        after=json.loads(json.dumps(after)) if after is not None else None,
        note=note,
    )
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        last = AuditLog.objects.order_by("-id").values_list("row_hash", flat=True).first()
        row.prev_hash = last or AUDIT_GENESIS
        row.row_hash = audit_hash(row.prev_hash, row.hashed_values())
        row.save(force_insert=True)
    return row


@dataclasses.dataclass(frozen=True)
class AuditChainReport:
    rows: int
    broken: AuditLog | None = None
    reason: str = ""
    head: str = ""


def audit_verify() -> AuditChainReport:
    """Walk the chain in id order; the first row whose link or content does not match."""
    prev = AUDIT_GENESIS
    count = 0
    for row in AuditLog.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != prev:
            return AuditChainReport(
                rows=count,
                broken=row,
                reason="không nối với dòng trước (một dòng đã bị xóa, chèn hoặc sửa)",
            )
        if audit_hash(prev, row.hashed_values()) != row.row_hash:
            return AuditChainReport(rows=count, broken=row, reason="nội dung đã bị sửa sau khi ghi")
        prev = row.row_hash
        count += 1
    return AuditChainReport(rows=count, head=prev if count else "")


@transaction.atomic
def api_token_create(
    *, user: AbstractBaseUser, name: str = "", scope: str = TokenScope.READ, actor=None
) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored. `scope` "write" lets
    it also change data, within its user's roles."""
    scope = TokenScope(scope)
    raw = "td_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:8], digest=hash_token(raw), scope=scope
    )
    audit_record(
        actor=actor,
        action="core.api_token.create",
        obj=token,
        after={"user": user.pk, "scope": str(scope)},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="core.api_token.revoke", obj=token)


# Idempotency keys (REST API) ----------------------------------------------------------------
# Not audited: a key only remembers an answer; the write it guards writes its own audit row.

IDEMPOTENCY_TTL = dt.timedelta(hours=24)


def idempotency_claim(
    *, user: AbstractBaseUser, key: str, fingerprint: str, method: str, path: str
) -> tuple[IdempotencyKey, bool]:
    """The row for (user, key), locked until the caller's transaction ends; created (True)
    when new or expired. Call inside a transaction: a second request with the same key waits
    here until the first one commits, then sees its answer."""
    now = timezone.now()
    IdempotencyKey.objects.filter(user=user, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(
                user=user,
                key=key,
                fingerprint=fingerprint,
                method=method,
                path=path[:500],
                expires_at=now + IDEMPOTENCY_TTL,
            )
        return row, True
    except IntegrityError:
        return IdempotencyKey.objects.select_for_update().get(user=user, key=key), False


def idempotency_store(*, row: IdempotencyKey, status: int, content_type: str, body: str) -> None:
    row.status = status
    row.content_type = content_type[:100]
    row.body = body
    row.save(update_fields=["status", "content_type", "body"])


def idempotency_release(*, row: IdempotencyKey) -> None:
    """Forget a key whose request failed, so the client may retry with it."""
    IdempotencyKey.objects.filter(pk=row.pk).delete()


def idempotency_purge() -> int:
    """Delete expired keys; returns how many."""
    return IdempotencyKey.objects.filter(expires_at__lte=timezone.now()).delete()[0]


# Callables (kind, users) -> users that narrow who is e-mailed: the monitoring app adds each
# user's e-mail choices here (core must not import it). In-app notifications are not filtered.
EMAIL_RECIPIENT_FILTERS: list = []


def notify(
    *, users, title: str, body: str = "", url: str = "", email: bool = True, kind: str = ""
) -> int:
    """Create one in-app notification per user and, after the transaction commits, e-mail
    those with an address who have not turned e-mail off for this `kind` (see
    thidua.monitoring.enums.NotificationKind; "" counts as "other"). Returns the number of
    users notified."""
    from django.conf import settings

    from thidua.core.models import Notification, OutgoingEmail

    users = list(users)
    Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url) for u in users]
    )
    unread_changed([u.pk for u in users])
    if email:
        recipients = [u for u in users if u.email]
        for keep in EMAIL_RECIPIENT_FILTERS:
            recipients = keep(kind, recipients) if recipients else recipients
        text = f"{body}\n\n{settings.THIDUA_BASE_URL}{url}" if url else body
        emails = OutgoingEmail.objects.bulk_create(
            [
                OutgoingEmail(
                    subject=title[:255],
                    body=text,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=u.email,
                )
                for u in recipients
            ]
        )
        if emails:
            enqueue("thidua.core.services.emails_send", [e.pk for e in emails])
    return len(users)


def email_queue(*, to: str, subject: str, body: str) -> None:
    """One e-mail to one address (an invitation, a reset link): written in the caller's
    transaction and sent by the task queue after it commits, like notify()'s."""
    from django.conf import settings

    from thidua.core.models import OutgoingEmail

    email = OutgoingEmail.objects.create(
        subject=subject[:255], body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    enqueue("thidua.core.services.emails_send", [email.pk])


#: An e-mail whose SMTP call failed is tried again after 1, 4 then 16 minutes.
EMAIL_ATTEMPTS = 4
#: A claim older than this belongs to a worker that died before the SMTP call finished.
EMAIL_CLAIM_STALE = dt.timedelta(minutes=10)


def emails_send(ids: list[int]) -> int:
    """The queued e-mails (a task): each is claimed with a conditional update just before its
    SMTP call and marked sent after it, so a second delivery of the task sends none twice.
    A failure is kept on the row and the rest are tried again later, with backoff."""
    from django.core.mail import get_connection, send_mail

    from thidua.core.models import OutgoingEmail

    now = timezone.now()
    sent, failed = 0, []
    smtp = get_connection()
    for pk in ids:
        claimed = (
            OutgoingEmail.objects.filter(pk=pk, sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - EMAIL_CLAIM_STALE))
            .update(claimed_at=timezone.now(), attempts=F("attempts") + 1)
        )
        if not claimed:
            continue
        email = OutgoingEmail.objects.get(pk=pk)
        try:
            send_mail(email.subject, email.body, email.from_email, [email.to],
                      connection=smtp)  # fmt: skip
        except Exception as exc:  # SMTP down, address refused: kept, tried again later
            OutgoingEmail.objects.filter(pk=pk).update(claimed_at=None, error=str(exc)[:2000])
            if email.attempts < EMAIL_ATTEMPTS:
                failed.append(pk)
            continue
        OutgoingEmail.objects.filter(pk=pk).update(sent_at=timezone.now(), error="")
        sent += 1
    if failed:
        wait = 4 ** (min(OutgoingEmail.objects.get(pk=failed[0]).attempts, 3) - 1)
        enqueue_at("thidua.core.services.emails_send", failed,
                   at=timezone.now() + dt.timedelta(minutes=wait))  # fmt: skip
    return sent


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those ids) read; nobody else's are touched."""
    from thidua.core.models import Notification

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    marked = qs.update(read_at=timezone.now())
    unread_changed([user.pk])  # after the update: a count read before it is not kept
    return marked


# Rows set up in Django admin that have no screen of their own (councils, pass rules, reminder
# rules): saved and deleted here, with an audit row of every field before and after.


def _row_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.name != "id"]


@transaction.atomic
def admin_row_save(*, actor, obj: models.Model) -> models.Model:
    fields = _row_fields(obj)
    old = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
    before = snapshot(old, fields) if old is not None else None
    obj.save()
    after = snapshot(obj, fields)
    if after != before:
        audit_record(
            actor=actor,
            action=f"core.admin.{'update' if old is not None else 'create'}",
            obj=obj,
            before=before,
            after=after,
        )
    return obj


@transaction.atomic
def admin_row_delete(*, actor, obj: models.Model) -> None:
    audit_record(
        actor=actor, action="core.admin.delete", obj=obj, before=snapshot(obj, _row_fields(obj))
    )
    obj.delete()


# The public calendar ------------------------------------------------------------------------

HOLIDAY_FIELDS = ["day", "kind", "name", "basis", "confirmed"]


@transaction.atomic
def holiday_set(
    *, actor, day, kind: str, name: str, basis: str = "", confirmed: bool = False
) -> Holiday:
    """Add a day off or a make-up working day, or change the one already on that date."""
    name, basis = nfc(name).strip(), nfc(basis).strip()
    errors = {}
    if not name:
        errors["name"] = "Nhập tên ngày nghỉ hoặc lý do làm bù."
    if kind == HolidayKind.MAKE_UP and day.weekday() < 5:
        errors["kind"] = "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (ngày thường vốn đã làm việc)."
    if kind == HolidayKind.DAY_OFF and day.weekday() >= 5:
        errors["kind"] = "Thứ Bảy, Chủ nhật vốn đã nghỉ: chỉ cần khai báo ngày nghỉ bù."
    if errors:
        raise ValidationError(errors)
    holiday = Holiday.objects.filter(day=day).first()
    before = snapshot(holiday, HOLIDAY_FIELDS) if holiday else None
    holiday = holiday or Holiday(day=day)
    holiday.kind, holiday.name, holiday.basis, holiday.confirmed = kind, name, basis, confirmed
    holiday.save()
    audit_record(
        actor=actor, action="core.holiday.set", obj=holiday, before=before,
        after=snapshot(holiday, HOLIDAY_FIELDS),
    )  # fmt: skip
    return holiday


@transaction.atomic
def holiday_remove(*, actor, holiday: Holiday) -> None:
    before = snapshot(holiday, HOLIDAY_FIELDS)
    audit_record(actor=actor, action="core.holiday.remove", obj=holiday, before=before)
    holiday.delete()
