"""A request that cannot reach the database answers 503 with Retry-After and a Vietnamese page
saying nothing was saved — never the generic 500 — whether the failure comes in a view or in
a middleware (the session). Runs on every database: the server is pointed at a PostgreSQL
address where nothing listens."""

import pytest

from tests.conftest import process_env
from tests.core.serve import fetch, free_port, gunicorn

pytestmark = pytest.mark.django_db


def test_a_server_whose_database_is_down_answers_503_not_500(tmp_path):
    down = f"postgres://thidua@127.0.0.1:{free_port()}/thidua"
    with gunicorn(process_env(tmp_path, DATABASE_URL=down)) as base:
        # a visitor's page (the portal reads the database in the view)
        status, body, headers = fetch(f"{base}/")
        assert status == 503, body[:500]
        assert headers["Retry-After"] == "10"
        assert "Hệ thống tạm thời gián đoạn" in body and "chưa được lưu" in body
        # a signed-in officer's page (the session is read in a middleware, before any view)
        status, body, headers = fetch(
            f"{base}/ca-nhan/", headers={"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
        )
        assert status == 503 and "Retry-After" in headers, body[:500]
        # what does not need the database still answers
        assert fetch(f"{base}/healthz")[0] == 200
