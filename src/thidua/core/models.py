import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

# The fields an audit row's hash covers, in this order. The row's id is left out: rows are
# chained in id order, so a deleted, inserted or reordered row breaks the chain anyway.
AUDIT_HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "unit_id",
    "before",
    "after",
    "note",
)
AUDIT_GENESIS = "0" * 64


class AuditLogImmutable(Exception):
    """An audit row is written once and never changed or deleted."""


def _canonical(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def audit_hash(prev_hash: str, values: dict) -> str:
    """The hash of one audit row: its fields (canonical JSON) chained to the previous row's."""
    body = json.dumps(
        [prev_hash, [_canonical(values[name]) for name in AUDIT_HASHED_FIELDS]],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("Nhật ký thao tác không được sửa.")

    def delete(self):
        raise AuditLogImmutable("Nhật ký thao tác không được xóa.")

    def bulk_update(self, *args, **kwargs):
        raise AuditLogImmutable("Nhật ký thao tác không được sửa.")

    def bulk_create(self, *args, **kwargs):
        raise AuditLogImmutable("Nhật ký thao tác chỉ được ghi qua core.services.audit_record.")


class AuditLog(models.Model):
    """Who changed what, when: one row per change made through a service.

    Rows form a hash chain (each carries the hash of the one before it), written only by
    `core.services.audit_record`; `thidua audit verify` checks it.
    """

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("tên người thực hiện", max_length=150, blank=True)
    action = models.CharField("thao tác", max_length=64, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=64, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    # The unit the change concerns: lets a scoped reader see only its own units' history.
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    prev_hash = models.CharField("mã băm dòng trước", max_length=64, editable=False)
    row_hash = models.CharField("mã băm", max_length=64, editable=False)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self.row_hash:
            raise AuditLogImmutable("Nhật ký thao tác chỉ được ghi qua core.services.audit_record.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("Nhật ký thao tác không được xóa.")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def hashed_values(self) -> dict:
        return {name: getattr(self, name) for name in AUDIT_HASHED_FIELDS}


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    """What a token may do with its user's roles: read only, or also write (POST, PUT, PATCH,
    DELETE). A token never holds more than its user: the scope only narrows."""

    READ = "read", "Chỉ đọc"
    WRITE = "write", "Đọc và ghi"


class ApiToken(models.Model):
    """A bearer token for the REST API; it carries its user's permissions. Only a hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("tên", max_length=100, blank=True)
    prefix = models.CharField("tiền tố", max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    scope = models.CharField(
        "phạm vi", max_length=5, choices=TokenScope.choices, default=TokenScope.READ
    )

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key` header, kept until
    `expires_at`: the same key with the same request gets this answer again (no second
    write); the same key with another request is refused. A row without `status` is a
    request still running (its transaction holds the row)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField("khóa", max_length=255)
    fingerprint = models.CharField("dấu vân yêu cầu", max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField("đường dẫn", max_length=500)
    status = models.PositiveSmallIntegerField("mã trả lời", null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField("nội dung trả lời", blank=True)
    created_at = models.DateTimeField("lúc", default=timezone.now)
    expires_at = models.DateTimeField("hết hạn lúc", db_index=True)

    class Meta:
        verbose_name = "khóa chống gửi lặp"
        verbose_name_plural = "khóa chống gửi lặp"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"


class Notification(models.Model):
    """An in-app notification; the same text may also go out by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("liên kết", max_length=500, blank=True)
    created_at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CacheEntry(models.Model):
    """The shared cache's table when no Redis is configured (Django's DatabaseCache reads and
    writes it with its own SQL). A model, so migrations create it everywhere — tests and
    `make run` included — and a flush of the database empties it."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "thidua_cache"
        verbose_name = "mục bộ nhớ đệm"
        verbose_name_plural = "bộ nhớ đệm"

    def __str__(self) -> str:
        return self.cache_key


class ThrottleCounter(models.Model):
    """How many attempts one visitor (an address hash) made in one scope during one fixed
    window (core/ratelimit.py). Counted by a single `INSERT … ON CONFLICT DO UPDATE SET
    count = count + 1 RETURNING count`, so concurrent requests never lose a hit, whatever the
    cache; a row outlives its window by a little and is then deleted."""

    scope = models.CharField("phạm vi", max_length=40)
    who = models.CharField("mã người gửi", max_length=64)
    bucket = models.BigIntegerField("cửa sổ thời gian")
    count = models.PositiveIntegerField("số lần", default=0)
    expires_at = models.DateTimeField("hết hạn lúc", db_index=True)

    class Meta:
        verbose_name = "lượt đếm giới hạn gửi"
        verbose_name_plural = "lượt đếm giới hạn gửi"
        constraints = [
            models.UniqueConstraint(fields=["scope", "who", "bucket"], name="one_throttle_count")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.who[:8]} #{self.bucket}: {self.count}"


class OutgoingEmail(models.Model):
    """One e-mail to one address, written in the transaction that decided to send it and sent
    by the task queue after it commits (`services.emails_send`). `claimed_at` is set just
    before the SMTP call, so a second delivery of the task never sends it twice."""

    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    from_email = models.CharField(max_length=254)
    to = models.EmailField("gửi đến")
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("đã gửi lúc", null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "thư điện tử đi"
        verbose_name_plural = "thư điện tử đi"

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class RecoveryCode(models.Model):
    """One of a user's single-use recovery codes for the second login step (when the phone with
    the authenticator app is lost). Only a hash is kept; the codes are shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    used_at = models.DateTimeField("dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã khôi phục"
        verbose_name_plural = "mã khôi phục"
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="unique_recovery_code")
        ]

    def __str__(self) -> str:
        return f"mã khôi phục của {self.user}"


class HolidayKind(models.TextChoices):
    DAY_OFF = "off", "Ngày nghỉ (lễ, Tết, nghỉ bù, hoán đổi)"
    MAKE_UP = "make_up", "Ngày làm bù (thứ Bảy đi làm)"


class Holiday(models.Model):
    """One day of the public calendar that is not what its weekday says: a holiday or a swapped
    day off, or a Saturday worked in exchange (the government's yearly notice)."""

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=16, choices=HolidayKind.choices)
    name = models.CharField("tên", max_length=200)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    confirmed = models.BooleanField(
        "đã đối chiếu văn bản", default=False,
        help_text="Bỏ chọn khi ngày này chưa được đối chiếu với thông báo chính thức.",
    )  # fmt: skip

    class Meta:
        verbose_name = "ngày nghỉ, ngày làm bù"
        verbose_name_plural = "lịch nghỉ lễ, Tết"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.name}"


class StatutoryDuration(models.Model):
    """How many working days the law gives a step of a procedure, from a date (rule data)."""

    code = models.SlugField("mã", max_length=40)
    name = models.CharField("bước thủ tục", max_length=200)
    working_days = models.PositiveSmallIntegerField("số ngày làm việc")
    # The receiving body's level (org.UnitKind's value, as text: core knows no app); blank
    # for every level. A row of the body's own level is preferred to a blank one.
    level = models.CharField(
        "cấp tiếp nhận", max_length=32, blank=True,
        help_text="Loại đơn vị của cơ quan tiếp nhận hồ sơ; để trống: mọi cấp.",
    )  # fmt: skip
    legal_basis = models.CharField("căn cứ", max_length=300)
    valid_from = models.DateField("áp dụng từ")
    valid_to = models.DateField("đến", null=True, blank=True)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)

    class Meta:
        verbose_name = "thời hạn theo quy định"
        verbose_name_plural = "thời hạn theo quy định"
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "level", "valid_from"], name="one_duration_per_level_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.working_days} ngày làm việc"
