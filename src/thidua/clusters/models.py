"""Emulation clusters and blocks (cụm, khối thi đua): units grouped to emulate each other; each
year a member heads the cluster in turn, the members sign a covenant (giao ước thi đua) at the
start of the year and are scored on the cluster's criteria at its end, and the best-ranked are
suggested for the Cờ thi đua."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from thidua.clusters.enums import ClusterKind
from thidua.core.storage import private_storage


class Cluster(models.Model):
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=16, choices=ClusterKind.choices)
    organiser = models.ForeignKey(
        "org.Unit",
        verbose_name="cơ quan tổ chức",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Cơ quan có Hội đồng thi đua, khen thưởng lập và theo dõi cụm, khối.",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["cluster", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="one_membership_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} – {self.unit_id}"


class ClusterYear(models.Model):
    """One year of a cluster: who heads it (cụm trưởng, khối trưởng) and its covenant."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("năm")
    head = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị trưởng cụm, khối",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    covenant_signed_on = models.DateField("ngày ký giao ước", null=True, blank=True)
    covenant = models.FileField(
        "văn bản giao ước thi đua", storage=private_storage, upload_to="clusters/", blank=True
    )
    covenant_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["cluster", "-year"]
        constraints = [models.UniqueConstraint(fields=["cluster", "year"], name="one_cluster_year")]

    def __str__(self) -> str:
        return f"{self.cluster} {self.year}"


class ClusterCriterion(models.Model):
    """A criterion of the year's scoring, with its maximum points (from the covenant)."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("tiêu chí", max_length=300)
    max_points = models.DecimalField(
        "điểm tối đa", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["cluster_year", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ClusterScore(models.Model):
    criterion = models.ForeignKey(ClusterCriterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(
        "điểm", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="one_score_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id} – {self.unit_id}: {self.points}"
