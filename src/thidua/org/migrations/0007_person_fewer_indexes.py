"""People lose three indexes that no query uses, each of which cost every row an import writes
(measured at 100,000 people on PostgreSQL: COPY 1.6 → 1.1 CPU-s, a full update 3.6 → 2.7):

- the single-column index on `unit`: the (unit, sort_key) index serves every lookup by unit;
- PostgreSQL's `varchar_pattern_ops` copies of the `code` and `sort_key` indexes, which Django
  adds for LIKE 'prefix%' lookups: people are searched with `search_key` (contains) and
  `code__icontains` (UPPER … LIKE '%…%'), which no btree serves. Django's state has no notion of
  them, so they are dropped by name (a later change of those columns' type would recreate them).
"""

import django.db.models.deletion
from django.db import migrations, models

_LIKE = {
    "org_person_code_e08075b0_like": "code",
    "org_person_sort_key_c3c8722c_like": "sort_key",
}


def drop_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _LIKE:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_like_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in _LIKE.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "org_person" ("{column}" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0006_service_period_note"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="org.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.RunPython(drop_like_indexes, create_like_indexes, elidable=False),
    ]
