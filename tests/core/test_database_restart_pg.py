"""The database restarted under load (issue 18, item 7), on PostgreSQL: a real gunicorn on the
test database, officers creating people (each creation writes the person and its chained
audit row in one transaction) and reading the API, while every server connection to the
database is terminated again and again (pg_terminate_backend: what a restart does to them).

Requests caught by it fail cleanly — 503 with Retry-After, never a 500 or a dropped
connection; nothing is half-written — every person has its audit row and every audit row
its person, and the chain verifies; and once the database is back, every request works again.

Collected only when the tests run on PostgreSQL (tests/conftest.py: `collect_ignore`): on
SQLite there is no server-side connection to terminate; tests/core/test_database_down.py
covers the 503 there."""

import threading
import time
import urllib.parse
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import process_env
from tests.core.serve import fetch, gunicorn
from tests.factories import UserFactory
from thidua.core.models import AuditLog
from thidua.core.services import api_token_create, audit_verify
from thidua.org.enums import Role
from thidua.org.models import Person
from thidua.org.services import role_grant

pytestmark = pytest.mark.django_db(transaction=True)

PREFIX = "Tải Thử"
CSRF = "c" * 32


def _terminate_server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _officer(world):
    user = UserFactory(username="noivu.tai")
    role_grant(actor=None, user=user, role=Role.SECRETARIAT, unit=world.district)
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    _token, raw = api_token_create(user=user, name="tải", actor=None)
    return session, raw


def test_requests_fail_cleanly_while_the_database_restarts_and_then_recover(world, tmp_path):
    session, token = _officer(world)
    cookie = f"sessionid={session}; csrftoken={CSRF}"
    env = process_env(tmp_path, DB_CONN_MAX_AGE="60")  # persistent connections, as deployed
    seen: Counter = Counter()
    problems: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    created_ok = Counter()

    def create(base, n):
        form = {
            "csrfmiddlewaretoken": CSRF, "code": f"TAI-{n}", "full_name": f"{PREFIX} {n}",
            "gender": "male", "position": "Công chức", "unit": str(world.commune_a.pk),
            "category": "cong_chuc", "birth_year": "1980", "ethnicity": "Kinh",
        }  # fmt: skip
        return fetch(
            f"{base}/ca-nhan/them/",
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "Cookie": cookie, "Referer": f"{base}/ca-nhan/them/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )  # fmt: skip

    def read(base):
        return fetch(f"{base}/api/v1/people", headers={"Authorization": f"Bearer {token}"})

    def load(base, worker):
        n = 0
        while not stop.is_set():
            n += 1
            kind = "create" if n % 2 else "read"
            try:
                if kind == "create":
                    status, body, headers = create(base, f"{worker}-{n}")
                else:
                    status, body, headers = read(base)
            except OSError as exc:  # the server dropped the connection: not clean
                with lock:
                    seen["dropped"] += 1
                    problems.append(f"{kind}: {exc!r}")
                continue
            with lock:
                seen[(kind, status)] += 1
                if kind == "create" and status == 302:
                    created_ok["n"] += 1
                if status == 503:
                    if headers.get("Retry-After") != "10" or "chưa được lưu" not in body:
                        problems.append(f"{kind}: 503 without Retry-After or the page")
                elif status not in (200, 302):
                    problems.append(f"{kind}: {status} {body[:300]}")

    log = tmp_path / "gunicorn.log"
    with gunicorn({**env, "LOG_LEVEL": "ERROR"}, workers=2, threads=4, log=log) as base:
        status, _body, headers = create(base, "dau")
        assert status == 302, log.read_text()[-3000:]
        workers = [threading.Thread(target=load, args=(base, w)) for w in range(6)]
        for t in workers:
            t.start()
        try:
            time.sleep(1.0)
            terminated = 0
            for _ in range(30):  # three seconds of "restarts"
                terminated += _terminate_server_connections()
                time.sleep(0.1)
            stop_at = time.monotonic() + 1.0
            while time.monotonic() < stop_at:
                time.sleep(0.1)
        finally:
            stop.set()
            for t in workers:
                t.join(60)
        during = dict(seen)

        # Recovered: every request works again once the database is back.
        for i in range(10):
            status, body, _ = create(base, f"sau-{i}")
            assert status == 302, f"after the restart, a creation answered {status}: {body[:300]}"
            status, body, _ = read(base)
            assert status == 200, f"after the restart, a read answered {status}: {body[:300]}"

    assert not problems, f"{len(problems)} unclean answers: {problems[:10]} (seen {during})"
    assert terminated > 0
    failed = sum(v for k, v in during.items() if k != "dropped" and k[1] == 503)
    assert failed > 0, f"no request was caught by the restarts: {during}"
    assert sum(v for k, v in during.items() if k[1] in (200, 302)) > 0

    # Nothing half-written: each person created has its audit row, each row its person.
    connection.close()  # this test's own connection was spared, but start clean
    people = {
        str(pk)
        for pk in Person.objects.filter(full_name__startswith=PREFIX).values_list("pk", flat=True)
    }
    rows = list(
        AuditLog.objects.filter(action="org.person.create", object_id__in=people).values_list(
            "object_id", flat=True
        )
    )
    orphans = AuditLog.objects.filter(action="org.person.create").exclude(object_id__in=people)
    assert sorted(rows) == sorted(people), "a person without its audit row, or two rows"
    assert not orphans.filter(object_repr__startswith=PREFIX).exists(), (
        "an audit row without its person"
    )
    # every creation answered 302 is stored; a creation cut off answered 503 is not half-stored
    assert created_ok["n"] + 1 + 10 <= len(people)
    assert audit_verify().broken is None
