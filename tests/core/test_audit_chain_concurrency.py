"""Two writers appending to the audit chain at once never fork it: real concurrent connections
(one per thread), on SQLite and PostgreSQL. In a file of its own: a transactional test empties
the database when it ends, and pytest-django runs such files after the others."""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from thidua.core.models import AuditLog
from thidua.core.services import audit_record, audit_verify


@pytest.mark.django_db(transaction=True)
def test_writers_at_once_never_fork_the_chain():
    """Each writer keeps its transaction open a moment after appending: without the chain's
    lock, the others would read the same last row and chain to it too."""
    writers = 6
    barrier = threading.Barrier(writers)
    errors = []

    def write(i):
        try:
            barrier.wait(timeout=10)
            for _ in range(500):
                try:
                    with transaction.atomic():
                        audit_record(actor=None, action="test.concurrent", after={"i": i})
                        time.sleep(0.05)
                    return
                except OperationalError as exc:  # SQLite: busy beyond busy_timeout
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    rows = list(AuditLog.objects.filter(action="test.concurrent"))
    assert len(rows) == writers
    assert len({r.prev_hash for r in AuditLog.objects.all()}) == AuditLog.objects.count()
    assert audit_verify().broken is None
