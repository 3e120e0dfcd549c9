"""The titles and forms of commendation with the dates the law knew them, and the caps on
titles (shared/docs/domain.md §1 and §7; docs/titles.md says which values are unconfirmed).
Administrators edit them afterwards (audited)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

D = dt.date
LAW_2003 = "Luật Thi đua, Khen thưởng 2003 (hiệu lực 01/07/2004); Luật 06/2022/QH15 từ 01/01/2024"
START = D(2004, 7, 1)

# code, name, kind, level, individual, collective, household, annual, valid_to, confirmed, note
TITLES = [
    ("LAO_DONG_TIEN_TIEN", "Lao động tiên tiến", "emulation", "co_so", 1, 0, 0, 1, None, 1, ""),
    ("CSTD_CO_SO", "Chiến sĩ thi đua cơ sở", "emulation", "co_so", 1, 0, 0, 1, None, 1, ""),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh", "emulation", "tinh", 1, 0, 0, 1, None,
     1, ""),
    ("CSTD_TOAN_QUOC", "Chiến sĩ thi đua toàn quốc", "emulation", "nha_nuoc", 1, 0, 0, 1, None,
     1, ""),
    ("TAP_THE_LDTT", "Tập thể lao động tiên tiến", "emulation", "co_so", 0, 1, 0, 1, None, 1, ""),
    ("TAP_THE_LDXS", "Tập thể lao động xuất sắc", "emulation", "tinh", 0, 1, 0, 1, None, 0,
     "cấp quyết định (bộ, ngành, tỉnh) chưa đối chiếu văn bản"),
    ("CO_THI_DUA_TINH", "Cờ thi đua cấp bộ, ngành, tỉnh", "emulation", "tinh", 0, 1, 0, 1, None,
     1, ""),
    ("CO_THI_DUA_CHINH_PHU", "Cờ thi đua của Chính phủ", "emulation", "nha_nuoc", 0, 1, 0, 1,
     None, 1, ""),
    ("GIAY_KHEN_CHU_TICH_HUYEN", "Giấy khen của Chủ tịch UBND cấp huyện", "commendation",
     "huyen", 1, 1, 1, 0, D(2025, 6, 30), 1,
     "Không còn cấp huyện từ 01/07/2025 (chính quyền địa phương hai cấp)."),
    ("GIAY_KHEN_THU_TRUONG", "Giấy khen của thủ trưởng cơ quan, cấp sở", "commendation", "co_so",
     1, 1, 0, 0, None, 1, ""),
    ("GIAY_KHEN_CHU_TICH_XA", "Giấy khen của Chủ tịch UBND cấp xã", "commendation", "xa",
     1, 1, 1, 0, None, 1, ""),
    ("BANG_KHEN_TINH", "Bằng khen cấp bộ, ngành, tỉnh", "commendation", "tinh", 1, 1, 1, 0, None,
     1, ""),
    ("BANG_KHEN_THU_TUONG", "Bằng khen của Thủ tướng Chính phủ", "commendation", "nha_nuoc",
     1, 1, 1, 0, None, 1, ""),
]

# title, basis, percent, from, to, source, confirmed, note
NOT_CHECKED = "chưa xác nhận: tạm giữ tỷ lệ của Nghị định 91/2017/NĐ-CP"
CAPS = [
    ("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN", "15", D(2017, 10, 1), D(2023, 12, 31),
     "Nghị định 91/2017/NĐ-CP", True, ""),
    ("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN", "15", D(2024, 1, 1), D(2025, 6, 30),
     "Nghị định 98/2023/NĐ-CP", False, NOT_CHECKED),
    ("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN", "15", D(2025, 7, 1), None,
     "Nghị định 152/2025/NĐ-CP", False, NOT_CHECKED),
]


def seed(apps, schema_editor):
    Title = apps.get_model("records", "Title")
    TitleCap = apps.get_model("records", "TitleCap")
    Title.objects.bulk_create([
        Title(code=code, name=name, kind=kind, level=level, for_individual=bool(i),
              for_collective=bool(c), for_household=bool(h), annual=bool(a), valid_from=START,
              valid_to=end, basis=LAW_2003, confirmed=bool(ok), note=note, position=n)
        for n, (code, name, kind, level, i, c, h, a, end, ok, note) in enumerate(TITLES)
    ])
    TitleCap.objects.bulk_create([
        TitleCap(title_code=t, basis_code=b, percent=Decimal(p), valid_from=start, valid_to=end,
                 source=source, confirmed=ok, note=note)
        for t, b, p, start, end, source, ok, note in CAPS
    ])


def unseed(apps, schema_editor):
    apps.get_model("records", "TitleCap").objects.all().delete()
    apps.get_model("records", "Title").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
