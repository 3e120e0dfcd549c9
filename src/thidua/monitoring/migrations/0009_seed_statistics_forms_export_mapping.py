"""The statistical forms of Thông tư 18/2025/TT-BNV (08/10/2025) on emulation and commendation,
one per reporting level, and the default field list of the cadre-database export.

Chưa xác nhận: the circular's form codes, the exact rows and columns, its effective date and
its deadlines could not be read from its text here; the rows below follow the indicators the
sector has reported on (movements launched; titles and forms awarded to collectives,
individuals and households; women and ethnic minorities; reward money). Every form is seeded
with `confirmed=False`; an administrator corrects rows and columns in admin once checked
(docs/statistics.md)."""

import datetime as dt

from django.db import migrations

BASIS = "Thông tư số 18/2025/TT-BNV ngày 08/10/2025 của Bộ trưởng Bộ Nội vụ"
VALID_FROM = dt.date(2025, 10, 8)  # ngày ban hành; ngày hiệu lực chưa xác nhận
NOTE = "Chưa xác nhận: ký hiệu biểu, dòng, cột cần đối chiếu với văn bản."

LEVELS = [
    ("province", "01.N/BNV-TĐKT-T", "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)"),
    ("district", "01.N/BNV-TĐKT-H", "Sở Nội vụ"),
    ("commune", "01.N/BNV-TĐKT-X", "Sở Nội vụ"),
]

TITLES = [
    "CSTD_TOAN_QUOC", "CSTD_TINH", "CSTD_CO_SO", "LAO_DONG_TIEN_TIEN",
    "CO_THI_DUA_CHINH_PHU", "CO_THI_DUA_TINH", "TAP_THE_LDXS", "TAP_THE_LDTT",
]  # fmt: skip
GIAY_KHEN = ["GIAY_KHEN_CHU_TICH_HUYEN", "GIAY_KHEN_THU_TRUONG", "GIAY_KHEN_CHU_TICH_XA"]
FORMS = ["BANG_KHEN_THU_TUONG", "BANG_KHEN_TINH", *GIAY_KHEN]

# (ordinal, label, source, codes, bold)
ROWS = [
    ("I", "Phong trào thi đua được phát động", "campaigns", [], True),
    ("II", "Khen thưởng", "awards", [], True),
    ("1", "Danh hiệu thi đua", "awards", TITLES, True),
    ("1.1", "Chiến sĩ thi đua toàn quốc", "awards", ["CSTD_TOAN_QUOC"], False),
    ("1.2", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh", "awards", ["CSTD_TINH"], False),
    ("1.3", "Chiến sĩ thi đua cơ sở", "awards", ["CSTD_CO_SO"], False),
    ("1.4", "Lao động tiên tiến", "awards", ["LAO_DONG_TIEN_TIEN"], False),
    ("1.5", "Cờ thi đua của Chính phủ", "awards", ["CO_THI_DUA_CHINH_PHU"], False),
    ("1.6", "Cờ thi đua cấp bộ, ngành, tỉnh", "awards", ["CO_THI_DUA_TINH"], False),
    ("1.7", "Tập thể lao động xuất sắc", "awards", ["TAP_THE_LDXS"], False),
    ("1.8", "Tập thể lao động tiên tiến", "awards", ["TAP_THE_LDTT"], False),
    ("2", "Hình thức khen thưởng", "awards", FORMS, True),
    ("2.1", "Bằng khen của Thủ tướng Chính phủ", "awards", ["BANG_KHEN_THU_TUONG"], False),
    ("2.2", "Bằng khen cấp bộ, ngành, tỉnh", "awards", ["BANG_KHEN_TINH"], False),
    ("2.3", "Giấy khen", "awards", GIAY_KHEN, False),
]

# (code, group, label, measure)
COLUMNS = [
    ("1", "", "Tổng số", "total"),
    ("2", "Chia ra", "Tập thể", "collective"),
    ("3", "Chia ra", "Cá nhân", "individual"),
    ("4", "Chia ra", "Hộ gia đình", "household"),
    ("5", "Trong đó cá nhân", "Nữ", "female"),
    ("6", "Trong đó cá nhân", "Người dân tộc thiểu số", "minority"),
    ("7", "", "Tiền thưởng (đồng)", "amount"),
]

# (source, target, date format): the default export, to be checked against the ministry's list.
MAPPING = [
    ("person_code", "MaCanBo", ""),
    ("full_name", "HoVaTen", ""),
    ("birth_year", "NamSinh", ""),
    ("gender", "GioiTinh", ""),
    ("unit_name", "DonViCongTac", ""),
    ("kind", "LoaiKhenThuong", ""),
    ("form_name", "HinhThucKhenThuong", ""),
    ("level", "CapKhenThuong", ""),
    ("year", "NamKhenThuong", ""),
    ("decision_number", "SoQuyetDinh", ""),
    ("decision_date", "NgayQuyetDinh", "dd/mm/yyyy"),
    ("issuer", "CoQuanQuyetDinh", ""),
]


def seed(apps, schema_editor):
    StatForm = apps.get_model("monitoring", "StatForm")
    StatRow = apps.get_model("monitoring", "StatRow")
    StatColumn = apps.get_model("monitoring", "StatColumn")
    ExportMapping = apps.get_model("monitoring", "ExportMapping")
    for position, (level, code, receiver) in enumerate(LEVELS):
        form, created = StatForm.objects.get_or_create(
            code=code,
            level=level,
            valid_from=VALID_FROM,
            defaults={
                "name": "Kết quả công tác thi đua, khen thưởng",
                "period": "year",
                "basis": BASIS,
                "unit_note": "Phong trào; tập thể, cá nhân, hộ gia đình; đồng",
                "receiver": receiver,
                "deadline_note": "Chưa xác nhận",
                "confirmed": False,
                "note": NOTE,
                "position": position,
            },
        )
        if not created:
            continue
        StatRow.objects.bulk_create(
            StatRow(form=form, position=i, ordinal=o, label=label, source=source, codes=codes,
                    bold=bold)
            for i, (o, label, source, codes, bold) in enumerate(ROWS, start=1)
        )  # fmt: skip
        StatColumn.objects.bulk_create(
            StatColumn(form=form, position=i, code=c, group=g, label=label, measure=m)
            for i, (c, g, label, m) in enumerate(COLUMNS, start=1)
        )
    if not ExportMapping.objects.exists():
        ExportMapping.objects.bulk_create(
            ExportMapping(position=i, source=s, target=t, date_format=f)
            for i, (s, t, f) in enumerate(MAPPING, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0008_statistics_forms_export_mapping")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
