"""The one task queue for background work: django-q2 with its ORM broker, so the queue lives
in the project's own database (SQLite for `make run`, PostgreSQL in production) and needs no
other server. `thidua qcluster` runs the workers; periodic work is django-q2 `Schedule` rows.

A task is delivered again when its worker died before acknowledging it (after
`Q_CLUSTER["retry"]` seconds), so every task here must be safe to run twice: it claims its row
with a conditional update and skips what is already done. Callers pass the dotted path of a
function taking plain ids, never model instances.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

# django_q is imported inside the functions below, not at the top: its modules read settings
# and load models when imported, and this module is imported while apps are still loading.


def _sync() -> bool:
    """Run tasks in the caller's process at once (tests; THIDUA_TASKS_SYNC=1)."""
    return bool(getattr(settings, "THIDUA_TASKS_SYNC", False))


def enqueue(func: str, *args, **kwargs) -> None:
    """Queue `func(*args, **kwargs)` once the caller's transaction commits (a task never sees
    rows that were rolled back); in sync mode run it now."""
    from django_q.tasks import async_task

    if _sync():
        async_task(func, *args, sync=True, **kwargs)
        return
    transaction.on_commit(lambda: async_task(func, *args, **kwargs))


def enqueue_at(func: str, *args, at: dt.datetime, name: str = "", **kwargs) -> None:
    """Run `func(*args, **kwargs)` once, not before `at` (a retry after a failure)."""
    from django_q.models import Schedule
    from django_q.tasks import schedule

    if _sync():
        return  # tests call the retry themselves when they want it
    transaction.on_commit(
        lambda: schedule(
            func, *args, name=name or None, schedule_type=Schedule.ONCE, next_run=at, **kwargs
        )
    )
