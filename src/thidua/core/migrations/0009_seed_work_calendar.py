"""The public calendar of 2023–2026 and the first statutory durations, as rows an office edits
(/lich-nghi/). Fixed holidays follow the Labour Code 2019, Điều 112; the Tết periods, the
swapped days and the make-up Saturdays come from each year's notice of the Ministry of Home
Affairs / the Prime Minister and are seeded as NOT yet confirmed (`confirmed=False`): an office
checks them against the notice and ticks them."""

import datetime as dt

from django.db import migrations

D = dt.date
LAW = "Bộ luật Lao động 2019, Điều 112"
NOTICE = "Thông báo nghỉ lễ, Tết hằng năm (cần đối chiếu)"

OFF = [
    # 2023
    (D(2023, 1, 2), "Nghỉ bù Tết Dương lịch", NOTICE),
    *[(D(2023, 1, d), "Tết Nguyên đán Quý Mão", NOTICE) for d in (20, 23, 24, 25, 26)],
    (D(2023, 5, 1), "Ngày Quốc tế Lao động", LAW),
    (D(2023, 5, 2), "Nghỉ bù Giỗ Tổ Hùng Vương, Ngày Chiến thắng", NOTICE),
    (D(2023, 5, 3), "Nghỉ bù Giỗ Tổ Hùng Vương, Ngày Chiến thắng", NOTICE),
    (D(2023, 9, 1), "Quốc khánh (ngày liền kề)", NOTICE),
    (D(2023, 9, 4), "Nghỉ bù Quốc khánh", NOTICE),
    # 2024
    (D(2024, 1, 1), "Tết Dương lịch", LAW),
    *[(D(2024, 2, d), "Tết Nguyên đán Giáp Thìn", NOTICE) for d in (8, 9, 12, 13, 14)],
    (D(2024, 4, 18), "Giỗ Tổ Hùng Vương", LAW),
    (D(2024, 4, 29), "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)", NOTICE),
    (D(2024, 4, 30), "Ngày Chiến thắng", LAW),
    (D(2024, 5, 1), "Ngày Quốc tế Lao động", LAW),
    (D(2024, 9, 2), "Quốc khánh", LAW),
    (D(2024, 9, 3), "Quốc khánh (ngày liền kề)", NOTICE),
    # 2025
    (D(2025, 1, 1), "Tết Dương lịch", LAW),
    *[(D(2025, 1, d), "Tết Nguyên đán Ất Tỵ", NOTICE) for d in (27, 28, 29, 30, 31)],
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương", LAW),
    (D(2025, 4, 30), "Ngày Chiến thắng", LAW),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động", LAW),
    (D(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)", NOTICE),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)", NOTICE),
    (D(2025, 9, 2), "Quốc khánh", LAW),
    # 2026
    (D(2026, 1, 1), "Tết Dương lịch", LAW),
    *[(D(2026, 2, d), "Tết Nguyên đán Bính Ngọ", NOTICE) for d in (16, 17, 18, 19, 20)],
    (D(2026, 4, 27), "Giỗ Tổ Hùng Vương", LAW),
    (D(2026, 4, 30), "Ngày Chiến thắng", LAW),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động", LAW),
    (D(2026, 9, 2), "Quốc khánh", LAW),
    (D(2026, 9, 3), "Quốc khánh (ngày liền kề)", NOTICE),
    # 2027: the fixed days only, until the year's notice
    (D(2027, 1, 1), "Tết Dương lịch", LAW),
    (D(2027, 4, 30), "Ngày Chiến thắng", LAW),
    (D(2027, 9, 2), "Quốc khánh", LAW),
]
MAKE_UP = [
    (D(2024, 5, 4), "Làm bù cho ngày 29/04/2024", NOTICE),
    (D(2025, 4, 26), "Làm bù cho ngày 02/05/2025", NOTICE),
]
DURATIONS = [
    ("cong-khai-truoc-hoi-dong", "Công khai danh sách trước khi Hội đồng họp", 10,
     "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2", D(2023, 12, 31), True),
    ("cong-khai-truoc-hoi-dong", "Công khai danh sách trước khi Hội đồng họp", 10,
     "Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3", D(2025, 7, 1), True),
    ("tham-dinh-ho-so", "Thẩm định hồ sơ đề nghị khen thưởng", 20,
     "Nghị định 98/2023/NĐ-CP (thời hạn thẩm định; cần đối chiếu)", D(2023, 12, 31), False),
]  # fmt: skip


def seed(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    StatutoryDuration = apps.get_model("core", "StatutoryDuration")
    Holiday.objects.bulk_create(
        [Holiday(day=d, kind="off", name=n, basis=b, confirmed=b == LAW) for d, n, b in OFF]
        + [Holiday(day=d, kind="make_up", name=n, basis=b) for d, n, b in MAKE_UP],
        ignore_conflicts=True,
    )
    StatutoryDuration.objects.bulk_create(
        [
            StatutoryDuration(code=c, name=n, working_days=w, legal_basis=b, valid_from=f,
                              confirmed=ok)
            for c, n, w, b, f, ok in DURATIONS
        ],  # fmt: skip
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0008_work_calendar")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
