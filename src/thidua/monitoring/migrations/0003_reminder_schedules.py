"""The periodic work, as the task queue's own schedules (django-q2 `Schedule` rows) instead of
a loop of ours: both kinds of reminders every 5 minutes. Each is safe to run often and from
several workers (a unique delivery row keeps every reminder to once)."""

from django.db import migrations

SCHEDULES = [
    (
        "Nhắc hạn đăng ký thi đua và gửi kế hoạch",
        "thidua.campaigns.services.reminders_send_due",
    ),
    (
        "Nhắc hạn theo quy tắc (kế hoạch, tự chấm, hồ sơ, hồ sơ bị trả lại)",
        "thidua.monitoring.services.reminders_run",
    ),
]


def add(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func in SCHEDULES:
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": "I", "minutes": 5, "repeats": -1},
        )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        name__in=[name for name, _ in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_job_attempts"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add, remove)]
