import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from thidua.org.enums import Gender, Role, StaffCategory, SuccessionKind, UnitKind

tax_code_validator = RegexValidator(
    r"^[0-9]{10}(-[0-9]{3})?$",
    "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của đơn vị phụ thuộc.",
)

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
    # Organisations outside the state tree (UnitKind.outside_state): what an award needs.
    tax_code = models.CharField(
        "mã số thuế", max_length=14, blank=True, db_default="", validators=[tax_code_validator]
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True, db_default="")
    representative = models.CharField("người đại diện", max_length=150, blank=True, db_default="")
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
        errors = {}
        if self.kind in UnitKind.outside_state():
            if not self.address.strip():
                errors["address"] = "Nhập địa chỉ của tổ chức ngoài khu vực nhà nước."
            if not self.representative.strip():
                errors["representative"] = "Nhập người đại diện theo pháp luật của tổ chức."
        if self.kind in {UnitKind.ENTERPRISE, UnitKind.COOPERATIVE} and not self.tax_code:
            errors["tax_code"] = "Doanh nghiệp, hợp tác xã phải có mã số thuế."
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class UnitName(models.Model):
    """A name a unit bore before a rename (its current name is `Unit.name`), so a report of
    2024 prints the name the unit had in 2024 (`selectors.unit_name_on`)."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField("tên cũ", max_length=255)
    valid_from = models.DateField("dùng từ", null=True, blank=True)
    valid_to = models.DateField("dùng đến")

    class Meta:
        verbose_name = "tên cũ của đơn vị"
        verbose_name_plural = "tên cũ của đơn vị"
        ordering = ["unit", "valid_to"]

    def __str__(self) -> str:
        return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"


class UnitSuccession(models.Model):
    """A unit that ceased (its `valid_to` is the day before `effective_on`) and a unit that
    took over from it: several predecessors of one successor are a merger, several successors
    of one predecessor a split. The ceased unit keeps its rows (nominations, awards, scores),
    so the figures of past years still add up under the names of the time."""

    predecessor = models.ForeignKey(
        Unit, verbose_name="đơn vị cũ", on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        Unit, verbose_name="đơn vị kế thừa", on_delete=models.PROTECT, related_name="predecessions"
    )
    kind = models.CharField("hình thức", max_length=16, choices=SuccessionKind.choices)
    effective_on = models.DateField("có hiệu lực từ")

    class Meta:
        verbose_name = "sắp xếp đơn vị"
        verbose_name_plural = "sắp xếp đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_unit_succession"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display().lower()})"


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
    # No index of its own: the (unit, sort_key) index below serves every lookup by unit, and
    # each index costs every imported row (org.importers).
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,
    )
    category = models.CharField("đối tượng", max_length=32, choices=StaffCategory.choices)
    birth_year = models.PositiveSmallIntegerField(
        "năm sinh",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    nationality = models.CharField(
        "quốc tịch", max_length=80, default="Việt Nam", db_default="Việt Nam"
    )
    # Priority groups the Law favours (Luật Thi đua, khen thưởng 2022, Điều 5): read by the
    # coverage figures (records.selectors.priority_coverage). Women are read from `gender`,
    # ethnic minorities from `ethnicity` (recorded and other than Kinh).
    direct_worker = models.BooleanField(
        "trực tiếp sản xuất, lao động, công tác, chiến đấu", default=False, db_default=False
    )
    remote_area = models.BooleanField(
        "công tác ở vùng sâu, vùng xa, biên giới, hải đảo, vùng đặc biệt khó khăn",
        default=False,
        db_default=False,
    )
    service_start = models.DateField(
        "bắt đầu công tác",
        null=True,
        blank=True,
        help_text="Dùng khi chưa nhập quá trình công tác; thời gian công tác tính từ ngày này.",
    )
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


class ServicePeriod(models.Model):
    """One period of a person's service (quá trình công tác): length of service for awards
    theo niên hạn / quá trình cống hiến is computed from these rows (org.service_time)."""

    person = models.ForeignKey(
        Person, verbose_name="cá nhân", on_delete=models.CASCADE, related_name="service_periods"
    )
    organisation = models.CharField("cơ quan, đơn vị", max_length=300)
    position = models.CharField("chức vụ, công việc", max_length=150, blank=True)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField(
        "đến ngày", null=True, blank=True, help_text="Để trống nếu đang công tác."
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        ordering = ["person", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="service_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.started_on:%d/%m/%Y})"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError(
                {"ended_on": "Ngày kết thúc không được trước ngày bắt đầu "
                 f"({self.started_on:%d/%m/%Y})."}
            )  # fmt: skip


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
