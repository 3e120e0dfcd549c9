"""Two workers running the reminder rules at the same moment send each reminder once, on
SQLite and on PostgreSQL: the delivery row is inserted first under a unique constraint and
the loser of the race sends nothing."""

import threading

import pytest
from django.db import connection

from tests.conftest import _persona
from tests.monitoring.conftest import vn
from thidua.core.models import Notification
from thidua.monitoring import services
from thidua.monitoring.models import ReminderDelivery
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(n: int, call) -> tuple[list, list]:
    """`call()` in n threads, each on its own database connection: (results, errors)."""
    results, errors = [], []

    def worker():
        try:
            results.append(call())
        except Exception as exc:  # surfaced by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_workers_at_once_send_each_reminder_once(
    monitored, secretariat, commune_c, monkeypatch
):
    focal_c = _persona("daumoi.c", Role.FOCAL_POINT, commune_c)
    services.reminder_rule_add(
        actor=secretariat, campaign=monitored, target="self_assessment", days=3
    )
    services.reminder_rule_add(actor=secretariat, campaign=monitored, target="returned", days=1)
    # Both workers compute what is due before either writes: the race is on the insert.
    barrier = threading.Barrier(2)
    real_due = services._due

    def due_then_wait(rule, now):
        out = real_due(rule, now)
        barrier.wait(timeout=10)
        return out

    monkeypatch.setattr(services, "_due", due_then_wait)
    results, errors = _at_once(2, lambda: services.reminders_run(now=vn(2024, 1, 23)))

    assert errors == []
    assert sorted(results) == [0, 2] or sorted(results) == [1, 1]
    assert sum(results) == 2
    assert sorted(ReminderDelivery.objects.values_list("rule__target", "unit__code")) == [
        ("returned", "X01738"),
        ("self_assessment", "X01750"),
    ]
    assert Notification.objects.filter(user=focal_c).count() == 1


def test_ten_requests_for_the_same_report_at_once_make_one_job(monitored, secretariat, settings):
    from thidua.monitoring.models import Job

    settings.THIDUA_TASKS_SYNC = False  # queued only: the race is on the creation
    barrier = threading.Barrier(10)

    def request():
        barrier.wait(timeout=10)
        return services.job_create(actor=secretariat, kind="units_export", campaign=monitored)

    jobs, errors = _at_once(10, request)

    assert errors == []
    assert Job.objects.count() == 1
    assert {j.pk for j in jobs} == {Job.objects.get().pk}
