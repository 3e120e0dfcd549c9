from django.db import models


class FormKind(models.TextChoices):
    """What the law sets money for: the coefficient rows of a rule set key on it. A campaign's
    award form is tied to one kind (awards.AwardFormRule, or guessed from its name)."""

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


class RoundingMode(models.TextChoices):
    UP = "up", "Làm tròn lên"
    NEAREST = "nearest", "Làm tròn đến mức gần nhất"
    NONE = "none", "Không làm tròn"


class DecisionState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"

    @classmethod
    def editable(cls) -> set[str]:
        return {cls.DRAFT}


class CertificateState(models.TextChoices):
    VALID = "valid", "Còn hiệu lực"
    REVOKED = "revoked", "Đã thu hồi"


class CounterKind(models.TextChoices):
    DECISION = "decision", "Sổ đăng ký quyết định"
    GOLDEN_BOOK = "golden_book", "Sổ vàng"


class BatchState(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    RUNNING = "running", "Đang in"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Bị lỗi"

    @classmethod
    def finished(cls) -> set[str]:
        return {cls.DONE, cls.FAILED}
