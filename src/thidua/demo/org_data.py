"""The seed's world: Cao Bằng → Huyện Nguyên Bình in 2023, its agencies and 17 communes.

Unit names and GSO codes are real (shared/docs/domain.md §6); people are generated.
"""

import datetime as dt

from thidua.org.enums import Role, UnitKind

DISTRICT_END = dt.date(2025, 6, 30)  # the district level ends with the 2025 reform

PROVINCE = ("CB", "Tỉnh Cao Bằng", UnitKind.PROVINCE, "04")
DISTRICT = ("NB", "Huyện Nguyên Bình", UnitKind.DISTRICT, "045")

# (code, name, kind) directly under the district
DISTRICT_BODIES = [
    ("NB-UBND", "Ủy ban nhân dân huyện Nguyên Bình", UnitKind.PEOPLES_COMMITTEE),
    ("NB-VP", "Văn phòng HĐND và UBND huyện", UnitKind.AGENCY),
    ("NB-NV", "Phòng Nội vụ", UnitKind.AGENCY),
    ("NB-TP", "Phòng Tư pháp", UnitKind.AGENCY),
    ("NB-TCKH", "Phòng Tài chính – Kế hoạch", UnitKind.AGENCY),
    ("NB-TNMT", "Phòng Tài nguyên và Môi trường", UnitKind.AGENCY),
    ("NB-LDTBXH", "Phòng Lao động – Thương binh và Xã hội", UnitKind.AGENCY),
    ("NB-VHTT", "Phòng Văn hóa và Thông tin", UnitKind.AGENCY),
    ("NB-GDDT", "Phòng Giáo dục và Đào tạo", UnitKind.AGENCY),
    ("NB-YT", "Phòng Y tế", UnitKind.AGENCY),
    ("NB-TTR", "Thanh tra huyện", UnitKind.AGENCY),
    ("NB-KTHT", "Phòng Kinh tế và Hạ tầng", UnitKind.AGENCY),
    ("NB-NNPTNT", "Phòng Nông nghiệp và Phát triển nông thôn", UnitKind.AGENCY),
    ("NB-DT", "Phòng Dân tộc", UnitKind.AGENCY),
    ("NB-TTVHTT", "Trung tâm Văn hóa và Truyền thông huyện", UnitKind.PUBLIC_SERVICE),
    ("NB-MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", UnitKind.MASS_ORGANISATION),
    ("NB-LDLD", "Liên đoàn Lao động huyện", UnitKind.MASS_ORGANISATION),
    ("NB-HDTDKT", "Hội đồng Thi đua – Khen thưởng huyện", UnitKind.COUNCIL),
]

# (GSO code, name, kind)
COMMUNES = [
    ("01726", "Thị trấn Nguyên Bình", UnitKind.TOWNSHIP),
    ("01729", "Thị trấn Tĩnh Túc", UnitKind.TOWNSHIP),
    ("01732", "Xã Yên Lạc", UnitKind.COMMUNE),
    ("01735", "Xã Triệu Nguyên", UnitKind.COMMUNE),
    ("01738", "Xã Ca Thành", UnitKind.COMMUNE),
    ("01744", "Xã Vũ Nông", UnitKind.COMMUNE),
    ("01747", "Xã Minh Tâm", UnitKind.COMMUNE),
    ("01750", "Xã Thể Dục", UnitKind.COMMUNE),
    ("01756", "Xã Mai Long", UnitKind.COMMUNE),
    ("01762", "Xã Vũ Minh", UnitKind.COMMUNE),
    ("01765", "Xã Hoa Thám", UnitKind.COMMUNE),
    ("01768", "Xã Phan Thanh", UnitKind.COMMUNE),
    ("01771", "Xã Quang Thành", UnitKind.COMMUNE),
    ("01774", "Xã Tam Kim", UnitKind.COMMUNE),
    ("01777", "Xã Thành Công", UnitKind.COMMUNE),
    ("01780", "Xã Thịnh Vượng", UnitKind.COMMUNE),
    ("01783", "Xã Hưng Đạo", UnitKind.COMMUNE),
]

DEMO_PASSWORD = "thidua2023"
# Two-factor login is on for these demo accounts, with this secret (base32, as an authenticator
# app takes it): `thidua accounts` prints it and the code of the moment. Public, like the
# password: a demo, never a deployment.
DEMO_TOTP_SECRET = "Y7WO7JFTTUDKG5Y3466YNX2UZ7R2FURY"
DEMO_TWO_FACTOR = ["quantri"]

# (username, full name, role, unit code, what the account is for)
ACCOUNTS = [
    ("quantri", "Quản trị hệ thống", Role.ADMIN, "NB", "quản trị, Django admin"),
    ("noivu", "Hoàng Thị Thu Hà", Role.SECRETARIAT, "NB", "thường trực thi đua – Phòng Nội vụ"),
    (
        "daumoi.ttnb",
        "Nông Văn Hùng",
        Role.FOCAL_POINT,
        "X01726",
        "cán bộ đầu mối – Thị trấn Nguyên Bình",
    ),
    ("daumoi.yenlac", "Lý Thị Mai", Role.FOCAL_POINT, "X01732", "cán bộ đầu mối – Xã Yên Lạc"),
    ("hoidong", "Đàm Văn Quân", Role.COUNCIL_MEMBER, "NB", "thành viên Hội đồng TĐKT huyện"),
    ("chutich", "Bế Văn Thắng", Role.COUNCIL_CHAIR, "NB", "Chủ tịch Hội đồng TĐKT huyện"),
    ("bientap", "Lương Thị Hoa", Role.EDITOR, "NB", "biên tập – Phòng Văn hóa và Thông tin"),
    ("mattran", "Triệu Văn Sơn", Role.OBSERVER, "NB", "quan sát – Ủy ban MTTQ huyện"),
    # The internal approval chain's second step and the level above (demo stage `levels`).
    ("lanhdao.nv", "Lương Văn Đức", Role.SECRETARIAT, "NB", "lãnh đạo Phòng Nội vụ – duyệt hồ sơ"),
    ("tinh", "Nông Thị Phương", Role.SECRETARIAT, "CB", "Ban Thi đua – Khen thưởng tỉnh"),
]

FAMILY_NAMES = [
    ("Nông", 14), ("Hoàng", 12), ("Lương", 8), ("Đàm", 6), ("Bế", 6), ("Triệu", 6), ("Lý", 6),
    ("Nguyễn", 10), ("Lục", 4), ("Hà", 4), ("Đinh", 3), ("Ma", 3), ("Lưu", 3), ("Vi", 2),
    ("Phùng", 2), ("Trần", 4), ("Lê", 3), ("Phạm", 3), ("Đặng", 3), ("Bàn", 3), ("La", 2),
    ("Dương", 2), ("Chu", 2), ("Mạc", 1), ("Lầu", 1), ("Sầm", 1),
]  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Văn", "Văn", "Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Ngọc", "Xuân", "Trung"],
    "female": ["Thị", "Thị", "Thị", "Thị Thu", "Thị Hồng", "Thị Minh", "Thu", "Ngọc", "Thanh"],
}
GIVEN_NAMES = {
    "male": [
        "Hùng", "Dũng", "Thắng", "Quân", "Sơn", "Hưởng", "Tuấn", "Cường", "Hải", "Long", "Nam",
        "Phong", "Khánh", "Toàn", "Lâm", "Vượng", "Đạt", "Định", "Hiếu", "Trường", "Ánh",
        "Bình", "Chiến", "Dương", "Giang", "Hòa", "Kiên", "Lợi", "Mạnh", "Nghĩa", "Phúc",
    ],
    "female": [
        "Hà", "Mai", "Lan", "Hoa", "Hương", "Hằng", "Thủy", "Nga", "Ngọc", "Yến", "Trang",
        "Huyền", "Liên", "Thảo", "Nhung", "Oanh", "Phượng", "Quyên", "Tuyết", "Vân", "Xuân",
        "Ánh", "Diệp", "Duyên", "Gấm", "Hạnh", "Loan", "Mến",
    ],
}  # fmt: skip
ETHNICITIES = [("Tày", 40), ("Nùng", 20), ("Dao", 15), ("Mông", 10), ("Kinh", 12), ("Sán Chỉ", 3)]

# Who works directly (trực tiếp lao động, công tác, chiến đấu): contract workers and the
# commune's non-specialised workers (militia, associations); communes are remote (vùng đặc biệt
# khó khăn), the two townships are not.
DIRECT_CATEGORIES = {"nguoi_lao_dong", "khong_chuyen_trach"}
COMMUNE_POSITIONS = [
    ("Chủ tịch UBND", "can_bo"), ("Phó Chủ tịch UBND", "can_bo"),
    ("Bí thư Đảng ủy", "can_bo"), ("Chủ tịch Ủy ban MTTQ", "can_bo"),
    ("Công chức Văn phòng – Thống kê", "cong_chuc"), ("Công chức Tư pháp – Hộ tịch", "cong_chuc"),
    ("Công chức Địa chính – Xây dựng", "cong_chuc"), ("Công chức Tài chính – Kế toán", "cong_chuc"),
    ("Công chức Văn hóa – Xã hội", "cong_chuc"), ("Chỉ huy trưởng Ban Chỉ huy Quân sự", "cong_chuc"),
    ("Phó Chỉ huy trưởng Quân sự", "khong_chuyen_trach"), ("Phó Chủ tịch Hội Nông dân", "khong_chuyen_trach"),
    ("Phó Bí thư Đoàn Thanh niên", "khong_chuyen_trach"), ("Văn thư – Lưu trữ", "khong_chuyen_trach"),
    ("Nhân viên bảo vệ", "nguoi_lao_dong"),
]  # fmt: skip
AGENCY_POSITIONS = [
    ("Trưởng phòng", "cong_chuc"), ("Phó Trưởng phòng", "cong_chuc"),
    ("Chuyên viên", "cong_chuc"), ("Chuyên viên", "cong_chuc"), ("Chuyên viên", "cong_chuc"),
    ("Cán sự", "cong_chuc"), ("Nhân viên hợp đồng", "nguoi_lao_dong"),
]  # fmt: skip
SERVICE_POSITIONS = [
    ("Giám đốc", "vien_chuc"), ("Phó Giám đốc", "vien_chuc"), ("Viên chức", "vien_chuc"),
    ("Viên chức", "vien_chuc"), ("Nhân viên hợp đồng", "nguoi_lao_dong"),
]  # fmt: skip
