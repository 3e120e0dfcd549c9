"""Index frameworks (PAR INDEX, DDCI) and their scores, CCHC tasks, staff ratings and
discipline records.

A framework is a tree lĩnh vực → tiêu chí → tiêu chí thành phần for one year and one kind of
subject; only leaves are scored, inner nodes roll up. Rating bands are rows of the framework,
never constants. Published results are also kept per node (NodeResult) so that other apps
(the nominations engine) read totals in bulk with one query.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from thidua.campaigns.enums import AnnualRating
from thidua.core.storage import private_storage
from thidua.indicators.enums import (
    AssessmentState,
    DisciplineForm,
    FrameworkKind,
    FrameworkState,
    ResultSource,
    SubjectKind,
    TaskState,
)
from thidua.org.models import Person, Unit, code_validator

SCORE = {"max_digits": 7, "decimal_places": 2}
ZERO = Decimal("0")


class Framework(models.Model):
    kind = models.CharField("bộ chỉ số", max_length=16, choices=FrameworkKind.choices)
    subject_kind = models.CharField(
        "đối tượng đánh giá", max_length=16, choices=SubjectKind.choices
    )
    year = models.PositiveSmallIntegerField(
        "năm đánh giá", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField("tên bộ chỉ số", max_length=300)
    issuer = models.ForeignKey(
        Unit,
        verbose_name="cơ quan tổ chức đánh giá",
        on_delete=models.PROTECT,
        related_name="indicator_frameworks",
    )
    state = models.CharField(
        "trạng thái", max_length=16, choices=FrameworkState.choices, default=FrameworkState.DRAFT
    )
    basis = models.TextField("căn cứ", blank=True)
    self_deadline = models.DateTimeField("hạn tự chấm (trước thời điểm)", null=True, blank=True)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    source_doc_number = models.CharField("số văn bản công bố", max_length=60, blank=True)
    source_doc_date = models.DateField("ngày văn bản công bố", null=True, blank=True)
    # Publishing runs on the task queue: when it was asked for, and why it failed if it did.
    publish_queued_at = models.DateTimeField("đưa vào công bố lúc", null=True, blank=True)
    publish_error = models.TextField("lỗi khi công bố", blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bộ chỉ số"
        verbose_name_plural = "bộ chỉ số"
        ordering = ["-year", "kind", "subject_kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind", "subject_kind", "year"], name="unique_framework_per_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_short(self) -> str:
        return FrameworkKind.short(self.kind)


class Node(models.Model):
    """A lĩnh vực (depth 0), tiêu chí (1) or tiêu chí thành phần (2, or deeper)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField("mã", max_length=32, validators=[code_validator])
    name = models.CharField("nội dung", max_length=500)
    max_score = models.DecimalField(
        "điểm tối đa", **SCORE, validators=[MinValueValidator(Decimal("0.01"))]
    )
    is_survey = models.BooleanField("thuộc phần điều tra xã hội học", default=False)
    position = models.PositiveIntegerField("thứ tự", default=0)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_leaf = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_node_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class RatingBand(models.Model):
    """ "Xuất sắc from 90.00 %": a result falls in the band with the highest minimum it reaches."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField("xếp loại", max_length=60)
    min_percent = models.DecimalField(
        "từ (% trở lên)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = "mức xếp loại"
        verbose_name_plural = "mức xếp loại"
        ordering = ["framework", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "min_percent"], name="unique_band_min"),
        ]

    def __str__(self) -> str:
        return f"{self.label} (≥ {self.min_percent} %)"


class Assessment(models.Model):
    """One subject unit's scoring in a framework. The totals are kept by the services."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="assessments"
    )
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=AssessmentState.choices,
        default=AssessmentState.DRAFT,
        db_index=True,
    )
    source = models.CharField(
        "nguồn kết quả", max_length=16, choices=ResultSource.choices, default=ResultSource.WORKFLOW
    )
    submitted_at = models.DateTimeField("gửi thẩm định lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    return_note = models.TextField("nội dung đề nghị giải trình", blank=True)
    appraised_at = models.DateTimeField("thẩm định xong lúc", null=True, blank=True)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    self_points = models.DecimalField("điểm tự chấm", **SCORE, null=True, blank=True)
    points = models.DecimalField("điểm thẩm định", **SCORE, null=True, blank=True)
    applicable_max = models.DecimalField(
        "điểm tối đa được đánh giá", **SCORE, null=True, blank=True
    )
    percent = models.DecimalField(
        "tỷ lệ (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    band = models.CharField("xếp loại", max_length=60, blank=True)
    source_doc_number = models.CharField("số văn bản công bố", max_length=60, blank=True)
    source_doc_date = models.DateField("ngày văn bản công bố", null=True, blank=True)

    class Meta:
        verbose_name = "kết quả chấm điểm"
        verbose_name_plural = "kết quả chấm điểm"
        constraints = [
            models.UniqueConstraint(fields=["framework", "unit"], name="unique_assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.framework}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="scores")
    self_score = models.DecimalField(
        "điểm tự chấm", **SCORE, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    not_applicable = models.BooleanField("không áp dụng", default=False)
    explanation = models.TextField("giải trình", blank=True)
    appraised_score = models.DecimalField(
        "điểm thẩm định", **SCORE, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    appraisal_comment = models.TextField("ý kiến thẩm định", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node"], name="unique_score"),
        ]

    def __str__(self) -> str:
        return f"{self.node.code}: {self.self_score} / {self.appraised_score}"


class Evidence(models.Model):
    """A tài liệu kiểm chứng of one leaf, checked by content at upload."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to="evidence/")
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("tải lên lúc")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class NodeResult(models.Model):
    """A published total of one node (any level) for one assessment, written at publication
    or import: the bulk readers' table."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="results")
    points = models.DecimalField(**SCORE)
    applicable_max = models.DecimalField(**SCORE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node"], name="unique_node_result"),
        ]

    def __str__(self) -> str:
        return f"{self.node_id}: {self.points}/{self.applicable_max}"


class ComponentAssignment(models.Model):
    """A component of a subject's index (e.g. the district's DDCI "Tính năng động") assigned to
    the unit responsible for it ("đã được giao cho các cơ quan, đơn vị phụ trách")."""

    node = models.ForeignKey(
        Node, verbose_name="chỉ số thành phần", on_delete=models.CASCADE, related_name="assignments"
    )
    subject = models.ForeignKey(
        Unit, verbose_name="đơn vị được đánh giá", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị phụ trách",
        on_delete=models.PROTECT,
        related_name="component_assignments",
    )

    class Meta:
        verbose_name = "giao chỉ số thành phần"
        verbose_name_plural = "giao chỉ số thành phần"
        constraints = [
            models.UniqueConstraint(
                fields=["node", "subject", "unit"], name="unique_component_assignment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node} → {self.unit}"


class NominationWait(models.Model):
    """A campaign whose nomination phase opens once these frameworks are published
    (plan III.3: "sau khi có kết quả đánh giá, chấm điểm chỉ số CCHC")."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="indicator_wait"
    )
    frameworks = models.ManyToManyField(Framework, related_name="waiting")
    nomination_days = models.PositiveSmallIntegerField(
        "số ngày nhận hồ sơ đề nghị",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    opened_at = models.DateTimeField("đã mở lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phong trào chờ kết quả chỉ số"
        verbose_name_plural = "phong trào chờ kết quả chỉ số"

    def __str__(self) -> str:
        return f"{self.campaign_id} chờ kết quả chỉ số"


# CCHC tasks ------------------------------------------------------------------------------------


class Task(models.Model):
    """A task of the annual CCHC plan assigned to a unit."""

    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    issuer = models.ForeignKey(
        Unit, verbose_name="cơ quan giao", on_delete=models.PROTECT, related_name="issued_tasks"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField("mã nhiệm vụ", max_length=32, blank=True)
    title = models.CharField("nhiệm vụ", max_length=500)
    description = models.TextField("nội dung, yêu cầu", blank=True)
    plan_ref = models.CharField("theo kế hoạch", max_length=200, blank=True)
    deadline = models.DateField("thời hạn hoàn thành")
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=TaskState.choices,
        default=TaskState.ASSIGNED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField("hoàn thành ngày", null=True, blank=True)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nhiệm vụ CCHC"
        verbose_name_plural = "nhiệm vụ CCHC"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def late(self) -> bool:
        return self.completed_on is not None and self.completed_on > self.deadline


class TaskReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    reported_at = models.DateTimeField("báo cáo lúc")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", validators=[MaxValueValidator(100)])
    note = models.TextField("kết quả thực hiện")
    file = models.FileField(storage=private_storage, upload_to="task-evidence/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    reviewer_note = models.TextField("ý kiến của cơ quan giao", blank=True)

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        ordering = ["reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.progress}%"


# Staff -----------------------------------------------------------------------------------------


class StaffRating(models.Model):
    """Xếp loại chất lượng hằng năm of one person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    rating = models.CharField("xếp loại", max_length=16, choices=AnnualRating.choices)
    decision_number = models.CharField("số quyết định, văn bản", max_length=60, blank=True)
    decided_on = models.DateField("ngày", null=True, blank=True)

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="unique_rating_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.get_rating_display()}"


class DisciplineRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="discipline")
    form = models.CharField("hình thức kỷ luật", max_length=16, choices=DisciplineForm.choices)
    decision_number = models.CharField("số quyết định", max_length=60)
    decided_on = models.DateField("ngày quyết định")
    effective_from = models.DateField("có hiệu lực từ")
    effective_to = models.DateField(
        "đến hết ngày", null=True, blank=True, help_text="Để trống nếu không xác định thời hạn"
    )
    reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["-decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="discipline_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_form_display()} ({self.decision_number})"
