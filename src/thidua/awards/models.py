"""Commendation: the law's money as dated data, decisions, awards, certificates and the fund.

Rule sets, coefficients and base salaries are rows with validity dates, seeded by a migration
and edited by an administrator (every change goes through awards.services and is audited).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thidua.awards.enums import FormKind, RoundingMode
from thidua.campaigns.enums import SubjectType


class RuleSet(models.Model):
    """A decree that sets reward money (Nghị định 91/2017/NĐ-CP …) and when it applies.
    The one in force on the decision date is used."""

    code = models.CharField("số hiệu", max_length=40, unique=True, help_text="Ví dụ: 98/2023/NĐ-CP")
    name = models.CharField("tên", max_length=200, help_text="Ví dụ: Nghị định 98/2023/NĐ-CP")
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    rounding_mode = models.CharField(
        "cách làm tròn", max_length=8, choices=RoundingMode.choices, default=RoundingMode.UP
    )
    rounding_step = models.PositiveIntegerField(
        "làm tròn đến hàng (đồng)", default=10_000, validators=[MinValueValidator(1)]
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "văn bản quy định mức thưởng"
        verbose_name_plural = "văn bản quy định mức thưởng"
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ruleset_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết áp dụng phải sau ngày bắt đầu áp dụng."})
        if self.valid_from:
            others = RuleSet.objects.exclude(pk=self.pk).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
            )
            if self.valid_to:
                others = others.filter(valid_from__lte=self.valid_to)
            clash = others.first()
            if clash is not None:
                raise ValidationError({"valid_from": f"Thời gian áp dụng trùng với {clash.name}."})


class Coefficient(models.Model):
    """coefficient × base salary; or, with `of_individual`, × the individual's amount for the
    same form (a household under 152/2025 receives 1.5 × the individual amount)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="coefficients")
    form_kind = models.CharField("hình thức", max_length=32, choices=FormKind.choices)
    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    coefficient = models.DecimalField(
        "hệ số", max_digits=6, decimal_places=3, validators=[MinValueValidator(0)]
    )
    of_individual = models.BooleanField("nhân với mức của cá nhân", default=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "hệ số tiền thưởng"
        verbose_name_plural = "hệ số tiền thưởng"
        ordering = ["rule_set", "form_kind", "subject_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "form_kind", "subject_type"],
                name="one_coefficient_per_form_and_subject",
            ),
        ]

    def __str__(self) -> str:
        kind, subject = self.get_form_kind_display(), self.get_subject_type_display()
        return f"{kind} – {subject}: {self.coefficient}"


class BaseSalary(models.Model):
    """Mức lương cơ sở, đ/month, from a date until the next row."""

    valid_from = models.DateField(
        "áp dụng từ ngày",
        unique=True,
        error_messages={"unique": "Đã có mức lương cơ sở từ ngày này."},
    )
    amount = models.PositiveIntegerField(
        "mức lương cơ sở (đồng/tháng)", validators=[MinValueValidator(1)]
    )
    decree = models.CharField("văn bản quy định", max_length=100, help_text="Ví dụ: 24/2023/NĐ-CP")

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} đ từ {self.valid_from:%d/%m/%Y}".replace(",", ".")


class AwardFormRule(models.Model):
    """Which legal form a campaign's award form is, so the money can be found. Without a row
    the kind is guessed from the form's name (awards.selectors.form_kind_of)."""

    award_form = models.OneToOneField(
        "campaigns.AwardForm", on_delete=models.CASCADE, related_name="money_rule"
    )
    form_kind = models.CharField("hình thức theo quy định", max_length=32, choices=FormKind.choices)

    class Meta:
        verbose_name = "hình thức khen thưởng theo quy định"
        verbose_name_plural = "hình thức khen thưởng theo quy định"

    def __str__(self) -> str:
        return f"{self.award_form.name} → {self.get_form_kind_display()}"


def _user_fk(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
