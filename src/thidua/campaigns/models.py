"""A movement (phong trào thi đua) holds every part of its plan as data.

The plan document is generated from these rows; nothing in it is free-floating text that the
system cannot read back (criteria, quotas, deadlines, participants are rows).
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thidua.campaigns.enums import (
    AwardKind,
    CampaignState,
    CriterionKind,
    DataPeriod,
    DossierScope,
    FormKind,
    LatePolicy,
    PhaseKind,
    SubjectType,
)
from thidua.core.storage import private_storage
from thidua.org.models import Unit


def _lines_default() -> list:
    return []


class Campaign(models.Model):
    parent = models.ForeignKey(
        "self",
        verbose_name="phong trào cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_campaigns",
    )
    issuer = models.ForeignKey(
        Unit, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="campaigns"
    )
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=CampaignState.choices,
        default=CampaignState.DRAFT,
        db_index=True,
    )
    year = models.PositiveSmallIntegerField("năm")
    award_kind = models.CharField(
        "loại hình khen thưởng",
        max_length=16,
        choices=AwardKind.choices,
        default=AwardKind.THEO_DOT,
        help_text="Thường xuyên: đợt xét danh hiệu thi đua của năm (đăng ký đầu năm, bình xét "
        "cuối năm). Hồ sơ và các bước của mỗi loại hình theo quy định đang áp dụng.",
    )
    title = models.CharField("tên phong trào (trích yếu)", max_length=500)
    # Header of the plan document
    issuer_superior = models.CharField("cơ quan chủ quản (dòng trên)", max_length=200, blank=True)
    issuer_display = models.CharField(
        "tên cơ quan ban hành trên văn bản",
        max_length=300,
        help_text="Mỗi dòng một dòng in hoa, ví dụ: ỦY BAN NHÂN DÂN / HUYỆN NGUYÊN BÌNH",
    )
    doc_number = models.CharField("số", max_length=20, blank=True)
    doc_symbol = models.CharField("ký hiệu", max_length=40, default="KH-UBND")
    place = models.CharField("địa danh", max_length=100)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    parent_plan_ref = models.TextField("căn cứ, kế hoạch cấp trên", blank=True)
    preamble = models.TextField("phần mở đầu", blank=True)
    purpose = models.TextField("mục đích", blank=True, help_text="Mỗi dòng một ý")
    requirements = models.TextField("yêu cầu", blank=True, help_text="Mỗi dòng một ý")
    participants_text = models.TextField(
        "đối tượng thi đua", blank=True, help_text="Mỗi dòng một ý"
    )
    participant_categories = models.JSONField(
        "đối tượng cá nhân",
        default=list,
        blank=True,
        help_text="Các loại cán bộ, công chức, viên chức, người lao động được tham gia",
    )
    period_start = models.DateField("thi đua từ ngày")
    period_end = models.DateField("thi đua đến ngày")
    period_text = models.TextField("tổ chức thi đua (thời gian)", blank=True)
    awards_text = models.TextField(
        "hình thức và số lượng khen thưởng",
        blank=True,
        help_text="Mỗi dòng một ý; để trống để lập từ các hình thức khen thưởng và số lượng",
    )
    awards_note = models.TextField("ghi chú về khen thưởng tại đơn vị", blank=True)
    nomination_note = models.TextField("thời gian đề nghị xét khen thưởng", blank=True)
    reward_basis = models.TextField("mức khen thưởng (căn cứ)", blank=True)
    funding_source = models.TextField("nguồn kinh phí", blank=True)
    fund_unit = models.ForeignKey(
        Unit,
        verbose_name="quỹ thi đua, khen thưởng của",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closing_text = models.TextField("đoạn kết", blank=True)
    recipients = models.JSONField("nơi nhận", default=_lines_default, blank=True)
    signing_authority = models.CharField(
        "thẩm quyền ký", max_length=100, blank=True, default="TM. ỦY BAN NHÂN DÂN"
    )
    signer_title = models.CharField("chức danh người ký", max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    late_policy = models.CharField(
        "kế hoạch nộp sau hạn",
        max_length=16,
        choices=LatePolicy.choices,
        default=LatePolicy.ACCEPT_FLAGGED,
    )
    reminder_days = models.PositiveSmallIntegerField(
        "nhắc trước hạn (ngày)",
        default=3,
        help_text="Tự động nhắc các đơn vị chưa nộp trước hạn chừng ấy ngày; 0 là không nhắc.",
    )
    published_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    plan_pdf = models.FileField(storage=private_storage, upload_to="plans/", blank=True)
    plan_docx = models.FileField(storage=private_storage, upload_to="plans/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="campaign_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """ "Kế hoạch số 12/KH-UBND" or, before a number is given, "Kế hoạch …/KH-UBND"."""
        return f"{self.doc_number or '…'}/{self.doc_symbol}"

    def phase(self, kind: str) -> "CampaignPhase | None":
        return next((p for p in self.phases.all() if p.kind == kind), None)

    def planned_decision_date(self) -> dt.date:
        """The last day of the decision phase (its deadline is exclusive), else of the council
        phase, else the end of the period: the law in force then prices the awards."""
        for kind in (PhaseKind.DECISION, PhaseKind.COUNCIL):
            phase = self.phase(kind)
            if phase is not None:
                return timezone.localdate(phase.ends_at - dt.timedelta(microseconds=1))
        return self.period_end


class CampaignParticipant(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="campaign_participations",
    )

    class Meta:
        verbose_name = "đơn vị tham gia"
        verbose_name_plural = "đơn vị tham gia"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="unique_participant")
        ]

    def __str__(self) -> str:
        return str(self.unit)


class CampaignPhase(models.Model):
    """A phase with an aware start and an exclusive end: "trước ngày 10/01/2023" ends at
    00:00 on 10/01/2023, Asia/Ho_Chi_Minh."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("giai đoạn", max_length=16, choices=PhaseKind.choices)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("hạn (trước thời điểm)")
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "giai đoạn"
        verbose_name_plural = "giai đoạn"
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="unique_phase_kind"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="phase_order"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_open(self, now: dt.datetime) -> bool:
        return self.starts_at <= now < self.ends_at


class Assignment(models.Model):
    """Tổ chức thực hiện: which unit does what (Phòng Nội vụ monitors, …)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField("nhiệm vụ")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phân công thực hiện"
        verbose_name_plural = "phân công thực hiện"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Criterion(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    subject_type = models.CharField("áp dụng cho", max_length=16, choices=SubjectType.choices)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("nội dung tiêu chí")
    kind = models.CharField("cách đánh giá", max_length=32, choices=CriterionKind.choices)
    params = models.JSONField("tham số", default=dict, blank=True)
    data_period = models.CharField(
        "kỳ số liệu",
        max_length=24,
        choices=DataPeriod.choices,
        default=DataPeriod.CAMPAIGN_YEAR,
    )
    data_years = models.PositiveSmallIntegerField(
        "N (số năm)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["subject_type", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class AwardForm(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="award_forms")
    name = models.CharField("hình thức khen thưởng", max_length=200)
    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    legal_kind = models.CharField(
        "hình thức theo quy định",
        max_length=32,
        choices=FormKind.choices,
        blank=True,
        help_text="Chọn trong các hình thức của văn bản quy định mức thưởng; quyết định mức "
        "thưởng và quy tắc xét chọn của Hội đồng.",
    )
    quota = models.PositiveIntegerField(
        "số lượng tối đa", null=True, blank=True, help_text="Để trống nếu không giới hạn"
    )
    rule_set = models.CharField(
        "mức thưởng theo", max_length=100, blank=True, help_text="Ví dụ: Nghị định 91/2017/NĐ-CP"
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "hình thức khen thưởng"
        verbose_name_plural = "hình thức khen thưởng"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_subject_type_display().lower()})"


class DossierItem(models.Model):
    """One document of the dossier an award form requires."""

    award_form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="checklist")
    name = models.CharField("thành phần hồ sơ", max_length=200)
    scope = models.CharField("số bản", max_length=16, choices=DossierScope.choices)
    required = models.BooleanField("bắt buộc", default=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A participant unit's registration (đăng ký thi đua) and its own emulation plan."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    commitments = models.TextField("nội dung đăng ký, chỉ tiêu phấn đấu")
    registered_at = models.DateTimeField("đăng ký lúc")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_file = models.FileField(
        "kế hoạch của đơn vị", storage=private_storage, upload_to="unit-plans/", blank=True
    )
    plan_name = models.CharField("tên tệp", max_length=255, blank=True)
    plan_size = models.PositiveIntegerField(default=0)
    plan_sha256 = models.CharField(max_length=64, blank=True)
    plan_uploaded_at = models.DateTimeField("nộp kế hoạch lúc", null=True, blank=True)
    plan_late = models.BooleanField("nộp muộn", default=False)

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="unique_registration")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.campaign}"


class Reminder(models.Model):
    """A reminder sent to a unit; an automatic one is sent at most once per campaign and unit."""

    AUTO, MANUAL = "auto", "manual"
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=[(AUTO, "Tự động"), (MANUAL, "Gửi tay")])
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=Q(kind="auto"),
                name="one_auto_reminder_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit_id} – {self.campaign_id}"


class AwardKindRule(models.Model):
    """A kind of commendation (loại hình khen thưởng) as the rules in force between two dates
    treat it: whether units register at the start (the annual round) and which statutory
    clock (a core.StatutoryDuration code) the secretariat's appraisal runs on. Its dossier
    checklist is `items`, which the award-form screen pre-fills. Seeded by migration."""

    award_kind = models.CharField("loại hình", max_length=16, choices=AwardKind.choices)
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    needs_registration = models.BooleanField("đăng ký thi đua đầu năm", default=False)
    clock_code = models.SlugField(
        "thời hạn thẩm định (mã thời hạn)",
        max_length=40,
        help_text="Mã của một dòng «thời hạn theo quy định», ví dụ tham-dinh-ho-so.",
    )
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "quy định theo loại hình khen thưởng"
        verbose_name_plural = "quy định theo loại hình khen thưởng"
        ordering = ["award_kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_kind", "valid_from"], name="one_kind_rule_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="kind_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_award_kind_display()} (từ {self.valid_from:%d/%m/%Y})"

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class AwardKindItem(models.Model):
    """One document of the dossier a kind of commendation requires."""

    rule = models.ForeignKey(AwardKindRule, on_delete=models.CASCADE, related_name="items")
    name = models.CharField("thành phần hồ sơ", max_length=200)
    scope = models.CharField("số bản", max_length=16, choices=DossierScope.choices)
    required = models.BooleanField("bắt buộc", default=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ theo loại hình"
        verbose_name_plural = "thành phần hồ sơ theo loại hình"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class TitleRegistration(models.Model):
    """Đăng ký danh hiệu thi đua at the start of the year (the annual round): a participant
    unit lists who registers for which title, and the title the unit (or one of its
    divisions) registers for itself. Year-end nominations are checked against it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="title_registrations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị đăng ký", on_delete=models.PROTECT, related_name="+"
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name="danh hiệu đăng ký",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name="tập thể",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Tập thể đăng ký, hoặc đơn vị của cá nhân.",
    )
    person = models.ForeignKey(
        "org.Person",
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    registered_at = models.DateTimeField("đăng ký lúc")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "đăng ký danh hiệu thi đua"
        verbose_name_plural = "đăng ký danh hiệu thi đua"
        ordering = ["unit_id", "award_form__position", "person__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "award_form", "person"],
                condition=Q(person__isnull=False),
                name="one_title_registration_per_person",
            ),
            models.UniqueConstraint(
                fields=["campaign", "award_form", "subject_unit"],
                condition=Q(person__isnull=True),
                name="one_title_registration_per_collective",
            ),
        ]

    def __str__(self) -> str:
        who = self.person.full_name if self.person_id else self.subject_unit.name
        return f"{who}: {self.award_form.name}"
