# A nominee's verdicts in one row (models.VerdictSet): 0010 moves the rows of Verdict into it
# and back, 0011 removes Verdict.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("nominations", "0008_proposal_letter_for_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="VerdictSet",
            fields=[
                (
                    "nominee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="verdict_set",
                        serialize=False,
                        to="nominations.nominee",
                    ),
                ),
                ("verdicts", models.JSONField(default=list, verbose_name="kết quả theo tiêu chí")),
                ("digest", models.BigIntegerField()),
                ("overridden", models.BooleanField(default=False)),
            ],
            options={
                "verbose_name": "kết quả kiểm tra tiêu chuẩn",
                "verbose_name_plural": "kết quả kiểm tra tiêu chuẩn",
            },
        ),
    ]
