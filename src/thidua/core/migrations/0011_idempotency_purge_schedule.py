"""Expired Idempotency-Key answers are deleted once an hour by the task queue (a django-q2
`Schedule` row), not only when the same user sends another key: a client that stops writing
would otherwise leave its stored answers behind for ever."""

from django.db import migrations

NAME = "Xóa khóa chống gửi lặp đã hết hạn (API)"


def add(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={
            "func": "thidua.core.services.idempotency_purge",
            "schedule_type": "H",
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_statutory_duration_level"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add, remove)]
