from django.db import models


class CouncilRole(models.TextChoices):
    CHAIR = "chair", "Chủ tịch Hội đồng"
    VICE_CHAIR = "vice_chair", "Phó Chủ tịch Hội đồng"
    MEMBER = "member", "Ủy viên"
    SECRETARY = "secretary", "Thư ký Hội đồng"

    @classmethod
    def voting(cls) -> set[str]:
        """Roles that vote. The secretary records the session and does not vote."""
        return {cls.CHAIR, cls.VICE_CHAIR, cls.MEMBER}


class BallotType(models.TextChoices):
    SECRET = "secret", "Bỏ phiếu kín (điện tử)"
    OPEN = "open", "Biểu quyết công khai (điện tử, ghi tên)"
    PAPER = "paper", "Bỏ phiếu kín bằng phiếu giấy (Thư ký nhập kết quả kiểm phiếu)"

    @classmethod
    def electronic(cls) -> set[str]:
        return {cls.SECRET, cls.OPEN}


class Denominator(models.TextChoices):
    ALL_MEMBERS = "all_members", "Tổng số thành viên Hội đồng"
    PRESENT = "present", "Số thành viên tham gia biểu quyết"
    VALID_BALLOTS = "valid_ballots", "Số phiếu hợp lệ"


class SessionState(models.TextChoices):
    DRAFT = "draft", "Chuẩn bị"
    VOTING = "voting", "Đang bỏ phiếu"
    CLOSED = "closed", "Đã kết thúc bỏ phiếu"
    STAGED = "staged", "Đã chuyển kết quả chờ quyết định"

    @classmethod
    def with_results(cls) -> set[str]:
        return {cls.CLOSED, cls.STAGED}


# The only allowed moves, each made by one service in council.services.
TRANSITIONS: dict[tuple[str, str], str] = {
    (SessionState.DRAFT, SessionState.VOTING): "session_open_voting",
    (SessionState.VOTING, SessionState.CLOSED): "session_close_voting",
    (SessionState.CLOSED, SessionState.STAGED): "session_stage_outcomes",
}


class Choice(models.TextChoices):
    AGREE = "agree", "Đồng ý"
    DISAGREE = "disagree", "Không đồng ý"


class TieBreakKind(models.TextChoices):
    PAR_INDEX = "par_index", "Chỉ số cải cách hành chính (PAR INDEX) cao hơn"
    SUBMITTED_AT = "submitted_at", "Hồ sơ nộp sớm hơn"


class RelationKind(models.TextChoices):
    """Family relations a council member declares (quan hệ gia đình)."""

    SPOUSE = "spouse", "Vợ, chồng"
    PARENT = "parent", "Cha, mẹ (đẻ, nuôi; của vợ hoặc chồng)"
    CHILD = "child", "Con (đẻ, nuôi, dâu, rể)"
    SIBLING = "sibling", "Anh, chị, em ruột"
    OTHER = "other", "Quan hệ khác có thể ảnh hưởng đến việc xét"


class RecusalReason(models.TextChoices):
    """Why a member does not vote on a nominee (council/conflicts.py)."""

    SELF = "self", "là người được đề nghị"
    OWN_UNIT = "own_unit", "cùng đơn vị với tập thể, cá nhân được đề nghị"
    RELATIVE = "relative", "có quan hệ gia đình với người được đề nghị"
