"""Distribution and Delivery move here from communication. Their tables
(communication_distribution, communication_delivery) stay where they are: this migration only
tells Django's state about the models, and renames their content types so admin log entries and
permissions follow them. communication.0002 removes them from communication's state."""

import django.core.files.storage
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("distribution", "delivery"):
        if not ContentType.objects.filter(app_label="distribution", model=model).exists():
            ContentType.objects.filter(app_label="communication", model=model).update(
                app_label="distribution"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("distribution", "delivery"):
        if not ContentType.objects.filter(app_label="communication", model=model).exists():
            ContentType.objects.filter(app_label="distribution", model=model).update(
                app_label="communication"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaigns", "0001_initial"),
        ("communication", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Distribution",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("plan", "Kế hoạch"), ("decision", "Quyết định"), ("minutes", "Biên bản"), ("other", "Văn bản khác")], max_length=16, verbose_name="loại văn bản")),
                        ("title", models.CharField(max_length=500, verbose_name="trích yếu")),
                        ("reference", models.CharField(blank=True, max_length=100, verbose_name="số, ký hiệu")),
                        ("file", models.FileField(blank=True, storage=django.core.files.storage.FileSystemStorage(), upload_to="distributions/")),
                        ("file_name", models.CharField(blank=True, max_length=255, verbose_name="tên tệp")),
                        ("url", models.CharField(blank=True, max_length=500, verbose_name="đường dẫn trong hệ thống")),
                        ("source", models.CharField(blank=True, db_index=True, help_text="what was sent, e.g. awards.decision:12 (no double send)", max_length=100)),
                        ("sent_at", models.DateTimeField(verbose_name="gửi lúc")),
                        ("campaign", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="campaigns.campaign")),
                        ("sender_unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.unit", verbose_name="đơn vị gửi")),
                        ("sent_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người gửi")),
                    ],
                    options={
                        "db_table": "communication_distribution",
                        "verbose_name": "văn bản gửi đi",
                        "verbose_name_plural": "văn bản gửi đi",
                        "ordering": ["-sent_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Delivery",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("opened_at", models.DateTimeField(blank=True, null=True, verbose_name="mở lúc")),
                        ("opened_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người mở")),
                        ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.unit", verbose_name="đơn vị nhận")),
                        ("distribution", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="deliveries", to="distribution.distribution")),
                    ],
                    options={
                        "db_table": "communication_delivery",
                        "verbose_name": "văn bản đến",
                        "verbose_name_plural": "văn bản đến",
                        "ordering": ["distribution", "unit__path"],
                        "indexes": [models.Index(fields=["unit", "distribution"], name="communicati_unit_id_7cf1d3_idx")],
                        "constraints": [models.UniqueConstraint(fields=("distribution", "unit"), name="one_delivery_per_unit")],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
