"""The state-level forms a level proposes upward and the President confers (huân chương, danh
hiệu vinh dự Nhà nước) join the catalogue, as the keys of the duty to disclose them before the
council (participation.DisclosureRequirement). One row each for the whole family (its kinds
and classes are not told apart yet); history imported from higher levels still names the exact
award in its text. No coefficient rows: the reward of a state award is the conferring level's
(chưa xác nhận). Going back keeps the rows (the release before knew the codes as text)."""

import datetime as dt

from django.db import migrations

LAW_2022 = "Luật Thi đua, khen thưởng 2022 (Luật 06/2022/QH15), hiệu lực 01/01/2024"
START = dt.date(2024, 1, 1)

# code, name, individual, collective
TITLES = [
    ("HUAN_CHUONG", "Huân chương (các loại, các hạng)", True, True),
    ("DANH_HIEU_VINH_DU", "Danh hiệu vinh dự Nhà nước", True, True),
]


def seed(apps, schema_editor):
    Title = apps.get_model("records", "Title")
    Title.objects.bulk_create(
        [
            Title(code=code, name=name, kind="commendation", level="nha_nuoc",
                  for_individual=i, for_collective=c, annual=False, valid_from=START,
                  basis=LAW_2022, confirmed=True, position=100 + n)
            for n, (code, name, i, c) in enumerate(TITLES)
        ],  # fmt: skip
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("records", "0004_annulled_records")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
