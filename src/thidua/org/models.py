import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from thidua.org.enums import Gender, Role, StaffCategory, UnitKind

code_validator = RegexValidator(
    r"^[A-Za-z0-9._-]+$", "Mã chỉ gồm chữ không dấu, chữ số và các dấu . _ -"
)


class Unit(models.Model):
    """An organisation unit: an administrative area, an authority, an agency, a commune …

    Units form a tree with validity dates, so the 2023 three-tier organisation and the
    post-2025 two-tier one live side by side. `path` ("/1/4/9/") makes a subtree one
    indexed prefix query.
    """

    code = models.CharField(
        "mã đơn vị",
        max_length=32,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": "Mã đơn vị này đã được dùng cho một đơn vị khác."},
    )
    name = models.CharField("tên đơn vị", max_length=255)
    kind = models.CharField("loại", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    gso_code = models.CharField("mã GSO", max_length=10, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    search_key = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class Person(models.Model):
    """A cán bộ, công chức, viên chức, người lao động or non-specialised commune worker."""

    code = models.CharField(
        "mã cán bộ",
        max_length=32,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": "Mã cán bộ này đã được dùng cho một cá nhân khác."},
    )
    full_name = models.CharField("họ và tên", max_length=150)
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="people"
    )
    category = models.CharField("đối tượng", max_length=32, choices=StaffCategory.choices)
    birth_year = models.PositiveSmallIntegerField(
        "năm sinh",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    # Derived, kept by the services: Vietnamese order and accent-insensitive search.
    sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    search_key = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = "cá nhân"
        verbose_name_plural = "cá nhân"
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["unit", "sort_key"])]

    def __str__(self) -> str:
        return self.full_name


class RoleAssignment(models.Model):
    """A role a user holds for a unit and, through it, for the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="role_assignments"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
