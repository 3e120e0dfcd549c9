from django.db import models


class StepRole(models.TextChoices):
    """Who acts at a step of an office's internal approval chain (configured per office)."""

    OFFICER = "officer", "Chuyên viên thụ lý"
    DIVISION_HEAD = "division_head", "Lãnh đạo phòng"
    OFFICE_HEAD = "office_head", "Lãnh đạo cơ quan"


class AssignmentState(models.TextChoices):
    IN_PROGRESS = "in_progress", "Đang xử lý"
    APPROVED = "approved", "Đã duyệt xong"


class ActionKind(models.TextChoices):
    ASSIGN = "assign", "Phân công"
    APPROVE = "approve", "Đồng ý, chuyển bước sau"
    RETURN = "return", "Trả lại"
