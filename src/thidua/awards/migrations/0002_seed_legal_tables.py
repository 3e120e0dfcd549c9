"""The legal figures of shared/docs/domain.md §1: three rule sets with their validity, the
coefficients per form and subject type, and the base-salary table. Administrators edit them
afterwards (audited); figures marked unconfirmed there carry a note."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

D = dt.date
I, C, H = "individual", "collective", "household"

RULE_SETS = [
    ("91/2017/NĐ-CP", "Nghị định 91/2017/NĐ-CP", D(2017, 10, 1), D(2023, 12, 31), ""),
    ("98/2023/NĐ-CP", "Nghị định 98/2023/NĐ-CP", D(2024, 1, 1), D(2025, 6, 30),
     "Cùng Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực từ 01/01/2024)."),
    ("152/2025/NĐ-CP", "Nghị định 152/2025/NĐ-CP", D(2025, 7, 1), None,
     "Sau khi sắp xếp chính quyền địa phương hai cấp (không còn cấp huyện)."),
]

INFERRED = "suy ra, chưa xác nhận"
UNCONFIRMED = "chưa xác nhận; tạm theo Nghị định 91/2017/NĐ-CP"
# (rule set, form kind, subject, coefficient, note)
COEFFICIENTS = [
    *[("91/2017/NĐ-CP", kind, subject, value, "") for kind, subject, value in [
        ("GIAY_KHEN_CHU_TICH_HUYEN", I, "0.3"), ("GIAY_KHEN_CHU_TICH_HUYEN", C, "0.6"),
        ("GIAY_KHEN_THU_TRUONG", I, "0.3"), ("GIAY_KHEN_THU_TRUONG", C, "0.6"),
        ("GIAY_KHEN_CHU_TICH_XA", I, "0.15"), ("GIAY_KHEN_CHU_TICH_XA", C, "0.3"),
        ("LAO_DONG_TIEN_TIEN", I, "0.3"), ("CSTD_CO_SO", I, "1.0"),
        ("TAP_THE_LDTT", C, "0.8"), ("TAP_THE_LDXS", C, "1.5"),
        ("BANG_KHEN_TINH", I, "1.0"), ("BANG_KHEN_TINH", C, "2.0"),
        ("BANG_KHEN_THU_TUONG", I, "3.5"), ("BANG_KHEN_THU_TUONG", C, "7.0"),
        ("CSTD_TINH", I, "3.0"),
    ]],
    ("98/2023/NĐ-CP", "GIAY_KHEN_CHU_TICH_HUYEN", I, "0.3", INFERRED),
    ("98/2023/NĐ-CP", "GIAY_KHEN_CHU_TICH_HUYEN", C, "0.6", INFERRED),
    ("98/2023/NĐ-CP", "GIAY_KHEN_THU_TRUONG", I, "0.3", INFERRED),
    ("98/2023/NĐ-CP", "GIAY_KHEN_THU_TRUONG", C, "0.6", INFERRED),
    ("98/2023/NĐ-CP", "GIAY_KHEN_CHU_TICH_XA", I, "0.15", ""),
    ("98/2023/NĐ-CP", "GIAY_KHEN_CHU_TICH_XA", C, "0.3",
     "chưa rõ: tập thể gấp 2 lần cá nhân (điểm e)"),
    ("98/2023/NĐ-CP", "LAO_DONG_TIEN_TIEN", I, "0.3", ""),
    ("98/2023/NĐ-CP", "CSTD_CO_SO", I, "1.0", ""),
    ("98/2023/NĐ-CP", "TAP_THE_LDTT", C, "0.8", ""),
    ("98/2023/NĐ-CP", "TAP_THE_LDXS", C, "1.5", ""),
    ("98/2023/NĐ-CP", "BANG_KHEN_TINH", I, "1.0", UNCONFIRMED),
    ("98/2023/NĐ-CP", "BANG_KHEN_TINH", C, "2.0", UNCONFIRMED),
    ("98/2023/NĐ-CP", "BANG_KHEN_THU_TUONG", I, "3.5", UNCONFIRMED),
    ("98/2023/NĐ-CP", "BANG_KHEN_THU_TUONG", C, "7.0", UNCONFIRMED),
    ("98/2023/NĐ-CP", "CSTD_TINH", I, "3.0", ""),
    *[("152/2025/NĐ-CP", kind, subject, value, "") for kind, subject, value in [
        ("GIAY_KHEN_THU_TRUONG", I, "0.3"), ("GIAY_KHEN_THU_TRUONG", C, "0.6"),
        ("GIAY_KHEN_CHU_TICH_XA", I, "0.3"), ("GIAY_KHEN_CHU_TICH_XA", C, "0.6"),
        ("LAO_DONG_TIEN_TIEN", I, "0.3"), ("CSTD_CO_SO", I, "1.0"),
        ("TAP_THE_LDTT", C, "0.8"), ("TAP_THE_LDXS", C, "1.5"),
        ("BANG_KHEN_TINH", I, "1.5"), ("BANG_KHEN_TINH", C, "3.0"),
        ("BANG_KHEN_THU_TUONG", I, "3.5"), ("BANG_KHEN_THU_TUONG", C, "7.0"),
        ("CSTD_TINH", I, "3.0"),
    ]],
]
# Under 152/2025 a household receives 1.5 × the individual amount of the same form.
HOUSEHOLD_152 = ["GIAY_KHEN_THU_TRUONG", "GIAY_KHEN_CHU_TICH_XA", "BANG_KHEN_TINH",
                 "BANG_KHEN_THU_TUONG"]

BASE_SALARIES = [
    (D(2016, 5, 1), 1_210_000, "47/2016/NĐ-CP"),
    (D(2017, 7, 1), 1_300_000, "47/2017/NĐ-CP"),
    (D(2018, 7, 1), 1_390_000, "72/2018/NĐ-CP"),
    (D(2019, 7, 1), 1_490_000, "38/2019/NĐ-CP"),
    (D(2023, 7, 1), 1_800_000, "24/2023/NĐ-CP"),
    (D(2024, 7, 1), 2_340_000, "73/2024/NĐ-CP"),
    (D(2026, 7, 1), 2_530_000, "161/2026/NĐ-CP"),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    Coefficient = apps.get_model("awards", "Coefficient")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    sets = {}
    for code, name, start, end, note in RULE_SETS:
        sets[code] = RuleSet.objects.create(code=code, name=name, valid_from=start, valid_to=end,
                                            note=note)
    rows = [Coefficient(rule_set=sets[rs], form_kind=kind, subject_type=subject,
                        coefficient=Decimal(value), note=note)
            for rs, kind, subject, value, note in COEFFICIENTS]
    rows += [Coefficient(rule_set=sets["152/2025/NĐ-CP"], form_kind=kind, subject_type=H,
                         coefficient=Decimal("1.5"), of_individual=True)
             for kind in HOUSEHOLD_152]
    Coefficient.objects.bulk_create(rows)
    BaseSalary.objects.bulk_create([BaseSalary(valid_from=start, amount=amount, decree=decree)
                                    for start, amount, decree in BASE_SALARIES])


def unseed(apps, schema_editor):
    apps.get_model("awards", "RuleSet").objects.all().delete()
    apps.get_model("awards", "BaseSalary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
