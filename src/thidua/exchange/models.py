"""Document exchange with other systems (edXML, QCVN 102:2016/BTTTT): the partners this
instance sends to and receives from, the packages sent, and the packages received, accepted or
refused (the quarantine list the secretariat reads)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

from thidua.core.storage import private_storage
from thidua.exchange.enums import IncomingState, OutgoingState, RefusalKind


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Partner(models.Model):
    """Another organisation's system: its electronic identifier (mã định danh, the OrganId of
    edXML), where its receiving endpoint is and the token it gave us to send there, and the
    digest of the token it presents when it sends to us (the token itself is shown once)."""

    organ_id = models.CharField("mã định danh cơ quan", max_length=64, unique=True)
    name = models.CharField("tên cơ quan", max_length=255)
    send_url = models.URLField("địa chỉ nhận gói tin của đối tác", max_length=500, blank=True)
    send_token = models.CharField("mã truy cập do đối tác cấp", max_length=255, blank=True)
    receive_token_digest = models.CharField(max_length=64, blank=True, editable=False)
    active = models.BooleanField("đang liên thông", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cơ quan liên thông"
        verbose_name_plural = "cơ quan liên thông"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organ_id})"


class OutgoingPackage(models.Model):
    """One document sent to one partner as an edXML package, through the task queue."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="outgoing")
    source = models.CharField(max_length=100, help_text="what was sent, e.g. awards.decision:12")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị gửi", on_delete=models.PROTECT, related_name="+"
    )
    document_id = models.CharField("mã định danh văn bản", max_length=255)
    reference = models.CharField("số, ký hiệu", max_length=100)
    subject = models.CharField("trích yếu", max_length=500)
    package = models.FileField(storage=private_storage, upload_to="exchange/out/")
    sha256 = models.CharField(max_length=64)
    state = models.CharField(
        max_length=16, choices=OutgoingState.choices, default=OutgoingState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField("lỗi", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "gói tin gửi đi"
        verbose_name_plural = "gói tin gửi đi"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "source"], name="one_package_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.reference} → {self.partner.organ_id}"


class IncomingPackage(models.Model):
    """One package received: accepted (the incoming document is in the recipient unit's inbox)
    or refused with its reason and kept, unopened, in the quarantine list."""

    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="incoming"
    )
    sender_organ_id = models.CharField("mã cơ quan gửi", max_length=64, blank=True)
    sender_name = models.CharField("cơ quan gửi", max_length=255, blank=True)
    recipient = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị nhận", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    document_id = models.CharField("mã định danh văn bản", max_length=255, blank=True)
    reference = models.CharField("số, ký hiệu", max_length=100, blank=True)
    subject = models.CharField("trích yếu", max_length=500, blank=True)
    package = models.FileField(storage=private_storage, upload_to="exchange/in/")
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=IncomingState.choices)
    refusal = models.CharField(
        "lý do từ chối", max_length=16, choices=RefusalKind.choices, blank=True
    )
    reason = models.TextField("chi tiết", blank=True)
    distribution = models.ForeignKey(
        "distribution.Distribution", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    proposal = models.ForeignKey(
        "nominations.Proposal", verbose_name="hồ sơ đề nghị đã tạo", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "gói tin nhận"
        verbose_name_plural = "gói tin nhận"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["partner", "document_id"], name="exchange_in_doc_idx")]

    def __str__(self) -> str:
        return f"{self.sender_organ_id}: {self.reference or self.sha256[:12]}"
