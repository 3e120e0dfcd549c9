"""The short clock of a sudden feat (khen thưởng đột xuất, thủ tục đơn giản): rule data read
by campaigns.AwardKindRule.clock_code. The number of working days is *unconfirmed*."""

import datetime as dt

from django.db import migrations

DURATIONS = [
    ("tham-dinh-dot-xuat", "Thẩm định hồ sơ khen thưởng đột xuất (thủ tục đơn giản)", 10,
     "Luật Thi đua, khen thưởng 2022, Điều 85 (thủ tục đơn giản); số ngày chưa xác nhận",
     dt.date(2024, 1, 1), False),
]  # fmt: skip


def seed(apps, schema_editor):
    StatutoryDuration = apps.get_model("core", "StatutoryDuration")
    StatutoryDuration.objects.bulk_create(
        [
            StatutoryDuration(code=c, name=n, working_days=w, legal_basis=b, valid_from=f,
                              confirmed=ok)
            for c, n, w, b, f, ok in DURATIONS
        ],  # fmt: skip
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0011_idempotency_purge_schedule")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
