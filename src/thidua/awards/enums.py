from django.db import models

# The legal award forms live with the award forms of a campaign (a lower layer); re-exported.
from thidua.campaigns.enums import FormKind  # noqa: F401


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


class ReissueKind(models.TextChoices):
    """Why a certificate is printed again under a new golden-book number."""

    LOST = "lost", "Cấp lại (bị mất)"
    DAMAGED = "damaged", "Cấp đổi (bị hư hỏng)"


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


class BasisDocument(models.TextChoices):
    PLAN = "plan", "Kế hoạch phát động thi đua"
    DECISION = "decision", "Quyết định khen thưởng"
