"""What people and units have achieved over the years: award history (quá trình khen thưởng),
the catalogue of titles and forms with their validity, the caps on titles, and initiatives.

Titles and caps are law as dated rows (seeded by migration 0002, edited by an administrator),
never constants. History rows come from two sources: our own decisions (one row per award,
written when the decision is issued) and earlier or higher-level decisions imported from Excel.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from thidua.campaigns.enums import SubjectType
from thidua.records.enums import AwardLevel, InitiativeScope, RecordSource, TitleKind


def _user_fk(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Title(models.Model):
    """A danh hiệu thi đua or a hình thức khen thưởng as the law knew it between two dates.

    `code` is the key other tables use (the same values as awards.enums.FormKind where the
    law sets money for it); a title renamed or abolished ends with `valid_to` and, when it
    continues in another shape, starts again with a new row."""

    code = models.CharField("mã", max_length=32)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=16, choices=TitleKind.choices)
    level = models.CharField("cấp", max_length=16, choices=AwardLevel.choices)
    for_individual = models.BooleanField("tặng cá nhân", default=False)
    for_collective = models.BooleanField("tặng tập thể", default=False)
    for_household = models.BooleanField("tặng hộ gia đình", default=False)
    annual = models.BooleanField(
        "xét hằng năm", default=False, help_text="Mỗi năm một đối tượng chỉ nhận một lần."
    )
    valid_from = models.DateField("có từ ngày")
    valid_to = models.DateField("đến hết ngày", null=True, blank=True)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh hiệu, hình thức khen thưởng"
        ordering = ["position", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="one_title_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="title_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu."})

    def takes(self, subject_type: str) -> bool:
        return {
            SubjectType.INDIVIDUAL: self.for_individual,
            SubjectType.COLLECTIVE: self.for_collective,
            SubjectType.HOUSEHOLD: self.for_household,
        }.get(subject_type, False)


class TitleCap(models.Model):
    """At most `percent` % of those who reached `basis_code` in the unit may receive
    `title_code` (Chiến sĩ thi đua cơ sở ≤ 15 % of the Lao động tiên tiến under 91/2017)."""

    title_code = models.CharField("danh hiệu bị giới hạn", max_length=32)
    basis_code = models.CharField("tính trên số đạt danh hiệu", max_length=32)
    percent = models.DecimalField(
        "tỷ lệ tối đa (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    source = models.CharField("văn bản quy định", max_length=200)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "giới hạn tỷ lệ danh hiệu"
        verbose_name_plural = "giới hạn tỷ lệ danh hiệu"
        ordering = ["title_code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["title_code", "valid_from"], name="one_cap_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="cap_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_code} ≤ {self.percent}% {self.basis_code} ({self.source})"


class AwardRecord(models.Model):
    """One award in a person's or a unit's history (quá trình khen thưởng), as decided."""

    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    person = models.ForeignKey(
        "org.Person",
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="award_records",
        help_text="Tập thể được khen, hoặc đơn vị của cá nhân khi được khen.",
    )
    year = models.PositiveSmallIntegerField(
        "năm thành tích", validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    title = models.ForeignKey(
        Title,
        verbose_name="danh hiệu, hình thức",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    title_code = models.CharField("mã danh hiệu, hình thức", max_length=32, blank=True)
    form_name = models.CharField("danh hiệu, hình thức khen thưởng", max_length=300)
    level = models.CharField("cấp", max_length=16, choices=AwardLevel.choices, blank=True)
    issuer = models.CharField("cơ quan, người quyết định", max_length=300)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    amount = models.PositiveIntegerField("tiền thưởng (đồng)", null=True, blank=True)
    achievement = models.CharField("thành tích", max_length=500, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="phong trào",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    award = models.OneToOneField(
        "awards.Award",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="record",
    )
    source = models.CharField("nguồn", max_length=16, choices=RecordSource.choices)
    annulled_on = models.DateField("ngày hủy bỏ khen thưởng", null=True, blank=True)
    annulment_reference = models.CharField("quyết định hủy bỏ", max_length=200, blank=True)
    created_by = _user_fk("người ghi")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quá trình khen thưởng"
        verbose_name_plural = "quá trình khen thưởng"
        ordering = ["-year", "-decision_date", "-id"]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_type="collective", person__isnull=True)
                | ~Q(subject_type="collective"),
                name="collective_record_has_no_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_name} ({self.year}) – {self.decision_number}"

    @property
    def revoked(self) -> bool:
        """Annulled (hủy bỏ), or our award whose certificate was revoked (read with
        select_related)."""
        if self.annulled_on is not None:
            return True
        certificate = getattr(self.award, "certificate", None) if self.award_id else None
        return certificate is not None and certificate.state == "revoked"


class Initiative(models.Model):
    """A sáng kiến: who made it, where, which year, and who recognised it at which scope."""

    name = models.CharField("tên sáng kiến", max_length=500)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="initiatives"
    )
    authors = models.ManyToManyField(
        "org.Person", verbose_name="tác giả", related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    recognised_by = models.CharField("hội đồng, người công nhận", max_length=300)
    scope = models.CharField("phạm vi ảnh hưởng", max_length=16, choices=InitiativeScope.choices)
    decision_number = models.CharField("số văn bản công nhận", max_length=60, blank=True)
    decision_date = models.DateField("ngày công nhận", null=True, blank=True)
    summary = models.TextField("tóm tắt", blank=True)
    created_by = _user_fk("người ghi")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"
        ordering = ["-year", "name", "id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return self.name
