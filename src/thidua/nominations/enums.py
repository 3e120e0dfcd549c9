from django.db import models


class ProposalState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại để bổ sung"
    ACCEPTED = "accepted", "Đã tiếp nhận"

    @classmethod
    def editable(cls) -> set[str]:
        """States in which the unit may change its dossier."""
        return {cls.DRAFT, cls.RETURNED}


# The only allowed moves of a proposal, each made by one service in nominations.services.
PROPOSAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (ProposalState.DRAFT, ProposalState.SUBMITTED): "proposal_submit",
    (ProposalState.RETURNED, ProposalState.SUBMITTED): "proposal_submit",
    (ProposalState.SUBMITTED, ProposalState.RETURNED): "proposal_return",
    (ProposalState.SUBMITTED, ProposalState.ACCEPTED): "proposal_accept",
}


class NomineeState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại để bổ sung"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    REJECTED = "rejected", "Không tiếp nhận"
    AWARDED = "awarded", "Đã được khen thưởng"


class CouncilOutcome(models.TextChoices):
    NONE = "", "Chưa xét"
    PROPOSED = "proposed", "Hội đồng đề nghị khen thưởng"
    NOT_PROPOSED = "not_proposed", "Hội đồng không đề nghị"


class Outcome(models.TextChoices):
    MET = "met", "Đạt"
    NOT_MET = "not_met", "Không đạt"
    NEEDS_REVIEW = "needs_review", "Cần xem xét"


class DocumentKind(models.TextChoices):
    UPLOADED = "uploaded", "Tải lên"
    GENERATED = "generated", "Tạo từ dữ liệu"


class TrailAction(models.TextChoices):
    """The steps of a dossier's trail (nhật ký chuyển hồ sơ), across levels."""

    SUBMIT = "submit", "Gửi hồ sơ"
    FORWARD = "forward", "Gửi lên cấp trên"
    RESEND = "resend", "Bổ sung và gửi lại"
    RETURN = "return", "Trả lại để bổ sung"
    ACCEPT = "accept", "Tiếp nhận hồ sơ"
    DECIDE = "decide", "Quyết định khen thưởng"


#: The states of a nominee another level may receive: checked (accepted) or awarded here.
FORWARDABLE_NOMINEE_STATES = frozenset({NomineeState.ACCEPTED, NomineeState.AWARDED})
