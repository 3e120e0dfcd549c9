"""Distribution: an issued document (a plan, a decision, minutes …) sent to given units'
in-app inboxes, and each unit's receipt (who opened it first, when). The callers (campaigns for
a plan, awards for a decision, the secretariat's own upload) hand over what to send; this app
knows nothing of what a plan or a decision is.

The tables were communication's (communication_distribution, communication_delivery); they
kept their names when the models moved here (migrations.SeparateDatabaseAndState).
"""

from django.conf import settings
from django.db import models

from thidua.core.storage import private_storage
from thidua.distribution.enums import DocumentKind


def _user_fk(verbose: str, related_name: str = "+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Distribution(models.Model):
    """An issued document (a plan, a decision, minutes …) sent to units' inboxes. The file is
    a copy taken when sending: what was sent stays what the recipients read."""

    kind = models.CharField("loại văn bản", max_length=16, choices=DocumentKind.choices)
    title = models.CharField("trích yếu", max_length=500)
    reference = models.CharField("số, ký hiệu", max_length=100, blank=True)
    file = models.FileField(storage=private_storage, upload_to="distributions/", blank=True)
    file_name = models.CharField("tên tệp", max_length=255, blank=True)
    url = models.CharField("đường dẫn trong hệ thống", max_length=500, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender_unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị gửi", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text="what was sent, e.g. awards.decision:12 (no double send)",
    )
    external_sender = models.CharField(
        "cơ quan gửi (ngoài hệ thống)", max_length=255, blank=True,
        help_text="a document received from another system (edXML): who sent it",
    )  # fmt: skip
    sent_by = _user_fk("người gửi")
    sent_at = models.DateTimeField("gửi lúc")

    class Meta:
        db_table = "communication_distribution"  # moved from communication; the table stayed
        verbose_name = "văn bản gửi đi"
        verbose_name_plural = "văn bản gửi đi"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        ref = f" số {self.reference}" if self.reference else ""
        return f"{self.get_kind_display()}{ref}: {self.title}"

    @property
    def sender_name(self) -> str:
        return self.external_sender or self.sender_unit.name


class Delivery(models.Model):
    """One recipient unit of a distribution, and who of it opened the document first."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="deliveries"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị nhận", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("mở lúc", null=True, blank=True)
    opened_by = _user_fk("người mở")

    class Meta:
        db_table = "communication_delivery"  # moved from communication; the table stayed
        verbose_name = "văn bản đến"
        verbose_name_plural = "văn bản đến"
        ordering = ["distribution", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "unit"], name="one_delivery_per_unit"),
        ]
        indexes = [
            models.Index(fields=["unit", "distribution"], name="communicati_unit_id_7cf1d3_idx")
        ]

    def __str__(self) -> str:
        return f"{self.distribution} → {self.unit_id}"
