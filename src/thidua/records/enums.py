from django.db import models


class AwardLevel(models.TextChoices):
    """The level of the body that confers a title or a form (cấp khen thưởng)."""

    CO_SO = "co_so", "Cấp cơ sở"
    XA = "xa", "Cấp xã"
    HUYEN = "huyen", "Cấp huyện"
    TINH = "tinh", "Cấp bộ, ngành, tỉnh"
    NHA_NUOC = "nha_nuoc", "Cấp Nhà nước"


class TitleKind(models.TextChoices):
    EMULATION = "emulation", "Danh hiệu thi đua"
    COMMENDATION = "commendation", "Hình thức khen thưởng"


class RecordSource(models.TextChoices):
    DECISION = "decision", "Quyết định trong hệ thống"
    IMPORT = "import", "Nhập từ tệp Excel"


class InitiativeScope(models.TextChoices):
    CO_SO = "co_so", "Cấp cơ sở"
    TINH = "tinh", "Cấp tỉnh"
