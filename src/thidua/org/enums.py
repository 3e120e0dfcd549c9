from django.db import models


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố trực thuộc trung ương"
    DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã"
    WARD = "ward", "Phường"
    TOWNSHIP = "township", "Thị trấn"
    PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
    AGENCY = "agency", "Cơ quan chuyên môn"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp công lập"
    MASS_ORGANISATION = "mass_organisation", "Mặt trận, đoàn thể"
    COUNCIL = "council", "Hội đồng"
    DEPARTMENT = "department", "Sở, ban, ngành"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    COOPERATIVE = "cooperative", "Hợp tác xã"
    NON_STATE = "non_state", "Tổ chức ngoài khu vực nhà nước"
    FOREIGN_ORGANISATION = "foreign_organisation", "Tổ chức nước ngoài"
    OTHER = "other", "Khác"

    @classmethod
    def outside_state(cls) -> set[str]:
        """Organisations outside the state tree: what they need is a tax code (enterprises,
        cooperatives), an address and a representative (Unit.tax_code, address,
        representative)."""
        return {cls.ENTERPRISE, cls.COOPERATIVE, cls.NON_STATE, cls.FOREIGN_ORGANISATION}

    @classmethod
    def commune_level(cls) -> set[str]:
        return {cls.COMMUNE, cls.WARD, cls.TOWNSHIP}

    @classmethod
    def administrative(cls) -> set[str]:
        return {cls.PROVINCE, cls.DISTRICT, *cls.commune_level()}


class SuccessionKind(models.TextChoices):
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"
    OTHER = "other", "Khác"


class StaffCategory(models.TextChoices):
    CAN_BO = "can_bo", "Cán bộ"
    CONG_CHUC = "cong_chuc", "Công chức"
    VIEN_CHUC = "vien_chuc", "Viên chức"
    NGUOI_LAO_DONG = "nguoi_lao_dong", "Người lao động"
    KHONG_CHUYEN_TRACH = "khong_chuyen_trach", "Người hoạt động không chuyên trách"
    CONG_DAN = "cong_dan", "Công dân"
    NGUOI_NUOC_NGOAI = "nguoi_nuoc_ngoai", "Người nước ngoài"


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "Thường trực thi đua"
    FOCAL_POINT = "focal_point", "Cán bộ đầu mối"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng"
    COUNCIL_CHAIR = "council_chair", "Chủ tịch Hội đồng"
    EDITOR = "editor", "Biên tập viên"
    OBSERVER = "observer", "Quan sát viên"
    ADMIN = "admin", "Quản trị hệ thống"
    UNIT_HEAD = "unit_head", "Thủ trưởng đơn vị"

    @classmethod
    def managing(cls) -> set[str]:
        """Roles that may change units and people anywhere in their scope."""
        return {cls.SECRETARIAT, cls.ADMIN}

    @classmethod
    def deciding(cls) -> set[str]:
        """Roles whose actions decide (the secretariat, who issues decisions and signs them
        off, the council, administrators): two-factor login is required of them where the
        deployment turns it on (THIDUA_2FA_REQUIRED)."""
        return {cls.SECRETARIAT, cls.COUNCIL_MEMBER, cls.COUNCIL_CHAIR, cls.ADMIN}
