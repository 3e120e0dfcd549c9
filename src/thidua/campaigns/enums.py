from django.db import models


class CampaignState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PUBLISHED = "published", "Đã ban hành"
    RUNNING = "running", "Đang thi đua"
    EVALUATING = "evaluating", "Đang xét khen thưởng"
    DECIDED = "decided", "Đã quyết định khen thưởng"
    CLOSED = "closed", "Đã kết thúc"

    @classmethod
    def visible_to_participants(cls) -> set[str]:
        return {cls.PUBLISHED, cls.RUNNING, cls.EVALUATING, cls.DECIDED, cls.CLOSED}

    @classmethod
    def in_progress(cls) -> set[str]:
        """Published and not yet decided: what "phong trào đang diễn ra" counts."""
        return {cls.PUBLISHED, cls.RUNNING, cls.EVALUATING}

    @classmethod
    def accepting_registrations(cls) -> set[str]:
        return {cls.PUBLISHED, cls.RUNNING}


# The only allowed moves, each made by one service in campaigns.services.
TRANSITIONS: dict[tuple[str, str], str] = {
    (CampaignState.DRAFT, CampaignState.PUBLISHED): "campaign_publish",
    (CampaignState.PUBLISHED, CampaignState.RUNNING): "campaign_start",
    (CampaignState.RUNNING, CampaignState.EVALUATING): "campaign_start_evaluation",
    (CampaignState.EVALUATING, CampaignState.DECIDED): "campaign_mark_decided",
    (CampaignState.DECIDED, CampaignState.CLOSED): "campaign_close",
}


class AwardKind(models.TextChoices):
    """Loại hình khen thưởng (Luật Thi đua, khen thưởng 2022, Điều 7): what a campaign is for.
    Each kind's dossier checklist and workflow shortcuts are dated rows
    (campaigns.AwardKindRule), never code."""

    THUONG_XUYEN = "thuong_xuyen", "Thường xuyên (xét danh hiệu thi đua hằng năm)"
    THEO_DOT = "theo_dot", "Theo đợt, chuyên đề (phong trào thi đua)"
    DOT_XUAT = "dot_xuat", "Đột xuất"
    NIEN_HAN = "nien_han", "Theo niên hạn, quá trình cống hiến"
    DOI_NGOAI = "doi_ngoai", "Đối ngoại"


class SubjectType(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    HOUSEHOLD = "household", "Hộ gia đình"


class PhaseKind(models.TextChoices):
    REGISTRATION = "registration", "Đăng ký thi đua và gửi kế hoạch của đơn vị"
    EMULATION = "emulation", "Tổ chức thi đua"
    NOMINATION = "nomination", "Đề nghị khen thưởng"
    COUNCIL = "council", "Họp Hội đồng Thi đua – Khen thưởng"
    DECISION = "decision", "Quyết định khen thưởng"

    @classmethod
    def sequential(cls) -> list[str]:
        """Phases that follow one another and must not overlap (emulation spans the period)."""
        return [cls.REGISTRATION, cls.NOMINATION, cls.COUNCIL, cls.DECISION]


class LatePolicy(models.TextChoices):
    ACCEPT_FLAGGED = "accept_flagged", "Vẫn nhận, đánh dấu nộp muộn"
    REFUSE = "refuse", "Không nhận sau hạn"


class CriterionKind(models.TextChoices):
    ATTESTED = "attested", "Đơn vị xác nhận, có minh chứng"
    TASKS_COMPLETED = "tasks_completed", "Tỷ lệ hoàn thành nhiệm vụ CCHC đạt tối thiểu"
    COMPONENTS_IMPROVED = (
        "components_improved",
        "Chỉ số thành phần được giao tăng điểm so với năm trước",
    )
    RATING_AT_LEAST = "rating_at_least", "Xếp loại chất lượng hằng năm đạt tối thiểu"
    NO_DISCIPLINE = "no_discipline", "Không bị kỷ luật trong kỳ"
    REGISTERED_ON_TIME = "registered_on_time", "Đăng ký thi đua và gửi kế hoạch đúng hạn"
    INDICATOR_THRESHOLD = "indicator_threshold", "Chỉ số đạt tối thiểu"
    CONSECUTIVE_TITLE = "consecutive_title", "Đạt danh hiệu nhiều năm liên tục"
    AWARDS_IN_YEARS = "awards_in_years", "Số lần được khen trong một số năm"
    INITIATIVE_RECOGNISED = "initiative_recognised", "Có sáng kiến được công nhận"
    SERVICE_YEARS = "service_years", "Đủ số năm công tác (theo niên hạn)"


class DataPeriod(models.TextChoices):
    """Which years' results a criterion is judged on, relative to the campaign's year: a 2027
    campaign may judge on 2025–2026 results (campaigns.criteria.data_years)."""

    CAMPAIGN_YEAR = "campaign_year", "Năm của phong trào"
    PREVIOUS_YEAR = "previous_year", "Năm trước năm của phong trào"
    YEARS_BACK = "years_back", "Năm cách năm của phong trào N năm"
    CONSECUTIVE = "consecutive", "N năm liên tiếp, đến năm của phong trào"
    CONSECUTIVE_BEFORE = "consecutive_before", "N năm liên tiếp, đến năm trước"


class AnnualRating(models.TextChoices):
    """Xếp loại chất lượng cán bộ, công chức, viên chức — best first."""

    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"


class DossierScope(models.TextChoices):
    PER_PROPOSAL = "per_proposal", "Một bản cho mỗi tờ trình của đơn vị"
    PER_NOMINEE = "per_nominee", "Một bản cho mỗi tập thể, cá nhân được đề nghị"


class RegistrationStatus(models.TextChoices):
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Nộp muộn"
    MISSING = "missing", "Chưa nộp"
    PENDING = "pending", "Chưa nộp (còn hạn)"


class FormKind(models.TextChoices):
    """What the law sets money for: the coefficient rows of a rule set key on it. A campaign's
    award form is tied to one kind, chosen when it is created (campaigns.AwardForm.legal_kind)."""

    GIAY_KHEN_CHU_TICH_HUYEN = "GIAY_KHEN_CHU_TICH_HUYEN", "Giấy khen của Chủ tịch UBND cấp huyện"
    GIAY_KHEN_THU_TRUONG = "GIAY_KHEN_THU_TRUONG", "Giấy khen của thủ trưởng cơ quan, cấp sở"
    GIAY_KHEN_CHU_TICH_XA = "GIAY_KHEN_CHU_TICH_XA", "Giấy khen của Chủ tịch UBND cấp xã"
    LAO_DONG_TIEN_TIEN = "LAO_DONG_TIEN_TIEN", "Lao động tiên tiến"
    CSTD_CO_SO = "CSTD_CO_SO", "Chiến sĩ thi đua cơ sở"
    TAP_THE_LDTT = "TAP_THE_LDTT", "Tập thể lao động tiên tiến"
    TAP_THE_LDXS = "TAP_THE_LDXS", "Tập thể lao động xuất sắc"
    BANG_KHEN_TINH = "BANG_KHEN_TINH", "Bằng khen cấp bộ, ngành, tỉnh"
    BANG_KHEN_THU_TUONG = "BANG_KHEN_THU_TUONG", "Bằng khen của Thủ tướng Chính phủ"
    CSTD_TINH = "CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh"
    CSTD_TOAN_QUOC = "CSTD_TOAN_QUOC", "Chiến sĩ thi đua toàn quốc"
    CO_THI_DUA_TINH = "CO_THI_DUA_TINH", "Cờ thi đua cấp bộ, ngành, tỉnh"
    CO_THI_DUA_CHINH_PHU = "CO_THI_DUA_CHINH_PHU", "Cờ thi đua của Chính phủ"
    # State-level forms a level proposes upward (decided by the President): keys of the
    # disclosure duty (participation.DisclosureRequirement); offered to a campaign only once
    # the rule set in force has their coefficient rows.
    HUAN_CHUONG = "HUAN_CHUONG", "Huân chương (các loại, các hạng)"
    DANH_HIEU_VINH_DU = "DANH_HIEU_VINH_DU", "Danh hiệu vinh dự Nhà nước"
