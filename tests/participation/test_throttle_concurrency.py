"""The public forms' throttle is exact under concurrency: twelve requests from one address at
the same instant, on real connections (one per thread), let exactly the limit through, on
SQLite and PostgreSQL alike, with or without Redis (the count is one upsert in the database,
core.ratelimit). In a file of its own: a transactional test empties the database when it ends,
and pytest-django runs such files after the others."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from thidua.core import ratelimit
from thidua.core.models import ThrottleCounter
from thidua.participation import services

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 12


@pytest.mark.parametrize("scope,setting", [
    ("comment", "THIDUA_PUBLIC_COMMENTS_PER_WINDOW"),
    ("proposal", "THIDUA_PUBLIC_PROPOSALS_PER_WINDOW"),
])  # fmt: skip
def test_concurrent_attempts_from_one_address_pass_exactly_the_limit(settings, scope, setting):
    setattr(settings, setting, 4)
    settings.THIDUA_PUBLIC_WINDOW_SECONDS = 3600
    now = 1_800_000_000.0  # one window for every thread, whatever the real clock does
    barrier = threading.Barrier(THREADS)
    answers: list[str] = []

    def attempt():
        try:
            barrier.wait(timeout=20)
            for _ in range(500):
                try:
                    services.public_throttle(scope=scope, address="198.51.100.77", now=now)
                    answers.append("ok")
                    return
                except ValidationError as exc:
                    assert exc.code == "throttled"
                    answers.append("throttled")
                    return
                except OperationalError as exc:  # SQLite: busy beyond busy_timeout
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(answers) == ["ok"] * 4 + ["throttled"] * (THREADS - 4)
    (row,) = ThrottleCounter.objects.filter(scope=f"public-{scope}")
    assert row.count == THREADS


def test_a_new_window_starts_from_zero_and_forgets_the_ended_ones():
    who = ratelimit.address_hash("203.0.113.5")
    first = [
        ratelimit.hit("public-comment", who, limit=2, window=60, now=600.0 + i) for i in range(3)
    ]
    assert [v.allowed for v in first] == [True, True, False]
    assert first[2].count == 3 and first[2].retry_after == 59
    later = ratelimit.hit("public-comment", who, limit=2, window=60, now=700.0)
    assert later.allowed and later.count == 1
    # The ended window's row is gone; only the current one is kept.
    assert list(ThrottleCounter.objects.values_list("bucket", "count")) == [(11, 1)]
