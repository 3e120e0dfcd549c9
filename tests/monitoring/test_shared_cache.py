"""The dashboard figures live in the one shared cache (the database table, or Redis when
REDIS_URL is set), so two server processes see the same cached figure, and an audited change
made anywhere invalidates it for both."""

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.test import Client

from tests.conftest import login, process_env
from thidua.campaigns.models import Registration
from thidua.org import services as org_services

pytestmark = pytest.mark.django_db(transaction=True)

PLANS = re.compile(r'id="stat-plans"><b>(\d+)</b>')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    """Two `thidua runserver` processes on the test database and the test's cache."""
    # DEBUG: static files without a collectstatic run.
    env = process_env(tmp_path, DEBUG="true", THIDUA_DASHBOARD_CACHE_SECONDS="300")
    servers = []
    for _ in range(2):
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "thidua", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append((proc, f"http://127.0.0.1:{port}"))
    for proc, base in servers:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                assert proc.poll() is None, "the server process stopped"
                time.sleep(0.1)
    yield [base for _, base in servers]
    for proc, _ in servers:
        proc.terminate()
        proc.wait(10)


def _plans_sent(base: str, path: str, session: str) -> int:
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(PLANS.search(response.read().decode()).group(1))


def test_two_processes_share_the_cached_figure_and_its_invalidation(
    monitored, secretariat, world, two_servers, settings
):
    a, b = two_servers
    client = login(Client(), secretariat)
    client.get("/")  # a session row both servers can read
    session = client.cookies["sessionid"].value
    path = f"/phong-trao/{monitored.pk}/bang-dieu-khien/"

    assert _plans_sent(a, path, session) == 2  # A computes the figure and caches it
    # Changed behind the services' back (no audit row, so no invalidation): a process with a
    # cache of its own would count 1; B reads the figure A cached.
    Registration.objects.filter(unit=world.commune_b).delete()
    assert _plans_sent(b, path, session) == 2

    # A change through a service (an audit row) invalidates the figure for both processes.
    org_services.unit_update(actor=secretariat, unit=world.commune_b, name="Xã Ca Thành mới")
    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 0
    fresh = client.get(path).content.decode()
    expected = int(PLANS.search(fresh).group(1))
    assert expected == 1
    assert _plans_sent(b, path, session) == expected
    assert _plans_sent(a, path, session) == expected
