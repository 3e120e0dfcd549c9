from django.db import models


class DisclosureBasis(models.TextChoices):
    LAW = "law", "Theo quy định của pháp luật (khen thưởng cấp Nhà nước)"
    OFFICE = "office", "Theo quyết định của cơ quan"


class CommentState(models.TextChoices):
    NEW = "new", "Chờ kiểm duyệt"
    PUBLISHED = "published", "Đã công khai"
    HIDDEN = "hidden", "Không công khai"


# The moderation moves, each made by one service in participation.services.
COMMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (CommentState.NEW, CommentState.PUBLISHED): "comment_publish",
    (CommentState.HIDDEN, CommentState.PUBLISHED): "comment_publish",
    (CommentState.NEW, CommentState.HIDDEN): "comment_hide",
    (CommentState.PUBLISHED, CommentState.HIDDEN): "comment_hide",
}


class ProposerKind(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    ENTERPRISE = "enterprise", "Doanh nghiệp, tổ chức"


class DeedKind(models.TextChoices):
    GOOD_DEED = "good_deed", "Việc làm tốt, nghĩa cử cao đẹp"
    RESCUE = "rescue", "Cứu người, cứu tài sản"
    ACHIEVEMENT = "achievement", "Thành tích xuất sắc khác"


class CitizenState(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận, đang xem xét"
    ANSWERED = "answered", "Đã trả lời"
    CONVERTED = "converted", "Đã chuyển thành đề nghị khen thưởng"

    @classmethod
    def open(cls) -> set[str]:
        return {cls.RECEIVED}


CITIZEN_TRANSITIONS: dict[tuple[str, str], str] = {
    (CitizenState.RECEIVED, CitizenState.ANSWERED): "citizen_proposal_answer",
    (CitizenState.RECEIVED, CitizenState.CONVERTED): "citizen_proposal_convert",
}
