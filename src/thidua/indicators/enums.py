from django.db import models

from thidua.org import subject_kinds


class FrameworkKind(models.TextChoices):
    """The index a framework measures. The values are the codes criteria refer to
    (campaigns.criteria: COMPONENTS_IMPROVED frameworks=["PAR_INDEX", "DDCI"])."""

    PAR_INDEX = "PAR_INDEX", "Chỉ số cải cách hành chính (PAR INDEX)"
    DDCI = "DDCI", "Chỉ số năng lực cạnh tranh cấp huyện, sở, ngành (DDCI)"
    SIPAS = "SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"
    PAPI = "PAPI", "Chỉ số hiệu quả quản trị và hành chính công (PAPI)"
    OWN = "OWN", "Bộ chỉ số riêng của cơ quan, địa phương"

    @classmethod
    def short(cls, value: str) -> str:
        return {"PAR_INDEX": "PAR INDEX", "OWN": "Chỉ số riêng"}.get(value, value)


# Who a framework scores: the organisation's registry of subject kinds (one place to add one).
SubjectKind = subject_kinds.SubjectKind


class FrameworkState(models.TextChoices):
    DRAFT = "draft", "Đang soạn bộ chỉ số"
    OPEN = "open", "Đang chấm điểm"
    PUBLISHED = "published", "Đã công bố kết quả"

    @classmethod
    def editable(cls) -> set[str]:
        return {cls.DRAFT}


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "Đang tự chấm"
    SUBMITTED = "submitted", "Đã gửi thẩm định"
    RETURNED = "returned", "Trả lại để giải trình"
    APPRAISED = "appraised", "Đã thẩm định"
    PUBLISHED = "published", "Đã công bố"

    @classmethod
    def unit_editable(cls) -> set[str]:
        """States in which the unit may change its self-assessment."""
        return {cls.DRAFT, cls.RETURNED}

    @classmethod
    def appraisable(cls) -> set[str]:
        return {cls.SUBMITTED}

    @classmethod
    def with_result(cls) -> set[str]:
        return {cls.PUBLISHED}


# The only allowed moves, each made by one service in indicators.services.
ASSESSMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (AssessmentState.DRAFT, AssessmentState.SUBMITTED): "assessment_submit",
    (AssessmentState.RETURNED, AssessmentState.SUBMITTED): "assessment_submit",
    (AssessmentState.SUBMITTED, AssessmentState.RETURNED): "assessment_return",
    (AssessmentState.SUBMITTED, AssessmentState.APPRAISED): "assessment_appraise",
    (AssessmentState.APPRAISED, AssessmentState.PUBLISHED): "framework_publish",
}


class ResultSource(models.TextChoices):
    WORKFLOW = "workflow", "Tự chấm, thẩm định trên hệ thống"
    IMPORT = "import", "Nhập kết quả đã công bố"


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", "Đã giao"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    REPORTED = "reported", "Đơn vị báo cáo hoàn thành"
    COMPLETED = "completed", "Đã xác nhận hoàn thành"

    @classmethod
    def open(cls) -> set[str]:
        return {cls.ASSIGNED, cls.IN_PROGRESS, cls.REPORTED}


TASK_TRANSITIONS: dict[tuple[str, str], str] = {
    (TaskState.ASSIGNED, TaskState.IN_PROGRESS): "task_report",
    (TaskState.IN_PROGRESS, TaskState.IN_PROGRESS): "task_report",
    (TaskState.ASSIGNED, TaskState.REPORTED): "task_report",
    (TaskState.IN_PROGRESS, TaskState.REPORTED): "task_report",
    (TaskState.REPORTED, TaskState.COMPLETED): "task_confirm",
    (TaskState.REPORTED, TaskState.IN_PROGRESS): "task_reject",
}


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật (Nghị định 112/2020/NĐ-CP), lightest first."""

    KHIEN_TRACH = "khien_trach", "Khiển trách"
    CANH_CAO = "canh_cao", "Cảnh cáo"
    HA_BAC_LUONG = "ha_bac_luong", "Hạ bậc lương"
    GIANG_CHUC = "giang_chuc", "Giáng chức"
    CACH_CHUC = "cach_chuc", "Cách chức"
    BAI_NHIEM = "bai_nhiem", "Bãi nhiệm"
    BUOC_THOI_VIEC = "buoc_thoi_viec", "Buộc thôi việc"


class Change(models.TextChoices):
    """Year-over-year movement of a score."""

    UP = "up", "Tăng"
    SAME = "same", "Giữ nguyên"
    DOWN = "down", "Giảm"
    NO_DATA = "no_data", "Chưa có dữ liệu"
