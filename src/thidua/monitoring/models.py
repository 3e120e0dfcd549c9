"""Monitoring (Phòng Nội vụ theo dõi, đôn đốc): reminder rules and what they sent, who wants
which notifications by e-mail, and background jobs with their progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from thidua.core.storage import private_storage
from thidua.monitoring.enums import (
    ExportSource,
    JobKind,
    JobState,
    NotificationKind,
    ReminderTarget,
    StatLevel,
    StatMeasure,
    StatPeriod,
    StatSource,
)


class ReminderRule(models.Model):
    """ "Nhắc các đơn vị chưa … `days` ngày trước hạn" (or, for returned dossiers, `days` days
    after the return). Each rule reaches a unit at most once per deadline (see the log)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="reminder_rules"
    )
    target = models.CharField("nhắc việc", max_length=16, choices=ReminderTarget.choices)
    days = models.PositiveSmallIntegerField(
        "số ngày", help_text="Trước hạn (hoặc sau khi hồ sơ bị trả lại) chừng ấy ngày."
    )
    active = models.BooleanField("đang dùng", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "quy tắc nhắc hạn"
        verbose_name_plural = "quy tắc nhắc hạn"
        ordering = ["campaign_id", "target", "-days", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target", "days"], name="one_reminder_rule_per_offset"
            ),
        ]

    def __str__(self) -> str:
        when = "sau khi trả lại" if self.target == ReminderTarget.RETURNED else "trước hạn"
        return f"{self.get_target_display()}: {self.days} ngày {when}"


class ReminderDelivery(models.Model):
    """One reminder a rule sent to one unit, for one occurrence (the deadline it counted from,
    or the dossier version that was returned). The unique constraint is what keeps it to once
    when two workers run at the same moment."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="deliveries")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    occurrence = models.CharField(max_length=64)
    due_at = models.DateTimeField("hạn", null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", default=timezone.now, db_index=True)
    title = models.CharField("tiêu đề", max_length=255)
    # [{"user": id, "name": "…", "email": "…"}] as they were when sent.
    recipients = models.JSONField("người nhận", default=list)

    class Meta:
        verbose_name = "lần nhắc"
        verbose_name_plural = "lần nhắc"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "unit", "occurrence"], name="one_delivery_per_rule_unit_occurrence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.unit_id}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification; no row means "yes, by e-mail too"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField("loại thông báo", max_length=16, choices=NotificationKind.choices)
    email = models.BooleanField("gửi thư điện tử", default=True)

    class Meta:
        verbose_name = "lựa chọn nhận thông báo"
        verbose_name_plural = "lựa chọn nhận thông báo"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {'có' if self.email else 'không'}"


class Job(models.Model):
    """Work too long for a request, run by the task queue (`thidua qcluster`); its progress
    lives on the row so the page that shows it survives a reload."""

    kind = models.CharField("loại việc", max_length=32, choices=JobKind.choices)
    state = models.CharField(
        "trạng thái", max_length=16, choices=JobState.choices, default=JobState.PENDING,
        db_index=True,
    )  # fmt: skip
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    message = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(storage=private_storage, upload_to="jobs/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file2 = models.FileField(storage=private_storage, upload_to="jobs/", blank=True)
    file2_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One unfinished report of a kind per person and campaign, even when ten requests
            # arrive at once (imports have no campaign, and NULLs never clash: not limited).
            models.UniqueConstraint(
                fields=["created_by", "kind", "campaign"],
                condition=models.Q(state__in=["pending", "running"]),
                name="one_unfinished_job_per_report",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


# Statutory statistics (Thông tư 18/2025/TT-BNV): each form, its rows and columns, as data ----


class StatForm(models.Model):
    """A statistical form (biểu mẫu) of the Home Affairs sector on emulation and commendation,
    for one reporting level and period, as the law knew it between two dates. Its rows and
    columns are rows of StatRow / StatColumn (seeded by migration 0009); a new circular ends
    the old rows with `valid_to` and starts new ones."""

    code = models.CharField("ký hiệu biểu", max_length=40)
    name = models.CharField("tên biểu", max_length=300)
    level = models.CharField("cấp báo cáo", max_length=16, choices=StatLevel.choices)
    period = models.CharField("kỳ báo cáo", max_length=8, choices=StatPeriod.choices)
    basis = models.CharField("ban hành kèm theo", max_length=300)
    unit_note = models.CharField("đơn vị tính", max_length=200, blank=True)
    receiver = models.CharField("đơn vị nhận báo cáo", max_length=200, blank=True)
    deadline_note = models.CharField("ngày nhận báo cáo", max_length=200, blank=True)
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "biểu mẫu thống kê"
        verbose_name_plural = "biểu mẫu thống kê"
        ordering = ["level", "position", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "level", "valid_from"], name="one_stat_form_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def in_force(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class StatColumn(models.Model):
    """A column of a form: its code (the "1, 2, 3" row under the headers), its header and the
    group header above it (merged across the columns that share it), and what it counts."""

    form = models.ForeignKey(StatForm, on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveSmallIntegerField("thứ tự")
    code = models.CharField("mã cột", max_length=8)
    group = models.CharField("nhóm cột", max_length=200, blank=True)
    label = models.CharField("tên cột", max_length=200)
    measure = models.CharField("số liệu", max_length=16, choices=StatMeasure.choices)

    class Meta:
        verbose_name = "cột biểu thống kê"
        verbose_name_plural = "cột biểu thống kê"
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="one_stat_column_per_place")
        ]

    def __str__(self) -> str:
        return self.label


class StatRow(models.Model):
    """A row of a form: its number ("I", "1", "1.1"), its label, what it counts, and — for
    awards — the title codes it sums (records.Title / campaigns.FormKind codes; empty: every
    award)."""

    form = models.ForeignKey(StatForm, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField("thứ tự")
    ordinal = models.CharField("số thứ tự", max_length=8, blank=True)
    label = models.CharField("chỉ tiêu", max_length=300)
    source = models.CharField("nguồn số liệu", max_length=16, choices=StatSource.choices)
    codes = models.JSONField("mã danh hiệu, hình thức", default=list, blank=True)
    bold = models.BooleanField("in đậm", default=False)

    class Meta:
        verbose_name = "dòng biểu thống kê"
        verbose_name_plural = "dòng biểu thống kê"
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="one_stat_row_per_place")
        ]

    def __str__(self) -> str:
        return self.label


# Export to the national cadre and civil-servant database: a configurable field mapping -------


class ExportMapping(models.Model):
    """One field of the file the national cadre and civil-servant database takes: which of our
    fields fills which target column (CSV) or element (XML), in which order, dates in which
    format. The ministry's list changes: the secretariat edits these rows, never the code."""

    position = models.PositiveSmallIntegerField("thứ tự")
    source = models.CharField("trường dữ liệu", max_length=32, choices=ExportSource.choices)
    target = models.CharField(
        "tên cột / thẻ XML",
        max_length=64,
        help_text="Tên cột trong tệp CSV, cũng là tên thẻ trong tệp XML.",
    )
    date_format = models.CharField(
        "định dạng ngày",
        max_length=32,
        blank=True,
        help_text="Chỉ cho trường ngày, ví dụ dd/mm/yyyy hoặc yyyy-mm-dd.",
    )
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "ánh xạ trường xuất CSDL cán bộ"
        verbose_name_plural = "ánh xạ trường xuất CSDL cán bộ"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["target"], name="one_export_mapping_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} → {self.target}"
