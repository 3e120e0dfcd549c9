"""Clearing the shared Redis cache removes this site's keys only: another site, server or test
run using the same Redis (with its own KEY_PREFIX) keeps its entries, which Django's
RedisCache.clear() (FLUSHDB) would have wiped."""

import shutil
import socket
import subprocess
import time

import pytest

from thidua.core.cache import RedisCache


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own on a free port (make test installs redis-server)."""
    port = _free_port()
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port),
         "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "redis-server"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def test_clear_removes_this_sites_keys_and_spares_the_others(redis_url):
    ours = RedisCache(redis_url, {"KEY_PREFIX": "thidua"})
    other_site = RedisCache(redis_url, {"KEY_PREFIX": "thidua-khac"})
    starry = RedisCache(redis_url, {"KEY_PREFIX": "thidua*"})  # a glob character, taken literally
    ours.set_many({f"k{i}": i for i in range(2500)})  # more than one delete batch
    ours.set("k0", "phiên bản 2", version=2)
    other_site.set("k0", "giữ lại")
    starry.set("k0", "cũng giữ lại")

    starry.clear()
    assert ours.get("k1") == 1 and other_site.get("k0") == "giữ lại"
    assert starry.get("k0") is None

    ours.clear()
    assert ours.get_many([f"k{i}" for i in range(2500)]) == {}
    assert ours.get("k0", version=2) is None
    assert other_site.get("k0") == "giữ lại"
