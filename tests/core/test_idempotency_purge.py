"""Expired Idempotency-Key answers go away on the task queue's hourly schedule: the schedule row
exists after migrating, and the function it names deletes expired keys and keeps live ones."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from django_q.models import Schedule

from thidua.core.models import IdempotencyKey

pytestmark = pytest.mark.django_db


def _run(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(import_module(module), name)()


def test_the_hourly_schedule_purges_expired_keys(secretariat):
    # The migration's own function (a transactional test elsewhere may have flushed the row
    # it wrote when the test database was built); it is idempotent.
    import_module("thidua.core.migrations.0011_idempotency_purge_schedule").add(apps, None)
    schedule = Schedule.objects.get(func="thidua.core.services.idempotency_purge")
    assert (schedule.schedule_type, schedule.repeats) == (Schedule.HOURLY, -1)
    now = timezone.now()
    for key, expires in (
        ("cu", now - dt.timedelta(minutes=1)),
        ("moi", now + dt.timedelta(hours=3)),
    ):
        IdempotencyKey.objects.create(
            user=secretariat, key=key, fingerprint="x", method="POST", path="/api/v1/units",
            expires_at=expires,
        )  # fmt: skip
    assert _run(schedule.func) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["moi"]
