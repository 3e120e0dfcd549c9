"""A real `gunicorn` serving thidua (production settings: DEBUG off) for the tests that need
the web server in a process of its own, on the test's database or on one that is down."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 4, log: Path | None = None):
    port = free_port()
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    # gunicorn gets its own copy of the log's descriptor: ours is closed once it has started
    with open(log, "ab") if log else contextlib.nullcontext(subprocess.DEVNULL) as err:
        proc = subprocess.Popen(
            [
                str(gunicorn_bin), "thidua.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--threads", str(threads), "--timeout", "60",
            ],
            env={**env, "DEBUG": "false"},
            stdout=subprocess.DEVNULL,
            stderr=err,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                assert proc.poll() is None, "gunicorn stopped"
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout=20):
    """(status, body, headers) of one request; redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace"), dict(exc.headers)
