"""One recovery code typed in two sessions at the same moment logs in once: real concurrent
connections, one per thread, on SQLite and PostgreSQL (the device row is locked for the
check, so the second attempt sees the code used). In a file of its own: a transactional test
empties the database when it ends, and pytest-django runs such files after the others."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from tests.factories import UserFactory
from thidua.core import twofactor
from thidua.core.models import AuditLog, RecoveryCode

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_recovery_code_typed_twice_at_once_works_once():
    user = UserFactory(username="canbo.song")
    secret = twofactor.new_secret()
    _device, codes = twofactor.totp_enrol(
        user=user, secret_hex=secret, code=twofactor.current_code(secret)
    )
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            for _ in range(500):
                try:
                    results.append(twofactor.two_factor_verify(user=user, code=codes[0]).ok)
                    return
                except OperationalError as exc:  # SQLite: busy beyond busy_timeout
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == [False, True]
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    assert AuditLog.objects.filter(action="core.2fa.success").count() == 1
    assert AuditLog.objects.filter(action="core.2fa.failure").count() == 1
