# Audit rows become a hash chain; rows already written are chained in id order.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from thidua.core.models import AUDIT_GENESIS, AUDIT_HASHED_FIELDS, audit_hash


def chain_existing(apps, schema_editor):
    AuditLog = apps.get_model("core", "AuditLog")
    prev = AUDIT_GENESIS
    batch = []
    for row in AuditLog.objects.order_by("id").iterator(chunk_size=2000):
        row.prev_hash = prev
        row.row_hash = audit_hash(prev, {name: getattr(row, name) for name in AUDIT_HASHED_FIELDS})
        prev = row.row_hash
        batch.append(row)
        if len(batch) >= 2000:
            AuditLog.objects.bulk_update(batch, ["prev_hash", "row_hash"])
            batch = []
    if batch:
        AuditLog.objects.bulk_update(batch, ["prev_hash", "row_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_cache_table"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="mã băm dòng trước"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditlog",
            name="row_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="mã băm"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người thực hiện",
            ),
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
