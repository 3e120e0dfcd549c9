"""Load for the HTTP benchmarks: gunicorn serving the app, and `wrk` (a C client, Debian's
package; `make bench` installs it) driving N concurrent connections at one path.

The clients run on the same two cores as gunicorn and PostgreSQL, so they must cost little:
the earlier client (Python threads in two processes, a new `http.client` connection per
request) spent more CPU than the pages it measured, and the req/s ratios said more about the
client than about the app. wrk's event loop costs a few microseconds a request. Each answer is
still checked (status, and a text the body must hold) by a small Lua hook, and the latency
percentiles come from wrk's own histogram (microsecond resolution).
"""

import contextlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Per thread: count answers with the wrong status or without the expected text; the main
# state sums the threads in `done` and prints one JSON line the caller parses.
_SCRIPT = r"""
local want = tonumber(os.getenv("WRK_STATUS") or "200")
local expect = os.getenv("WRK_EXPECT") or ""
local threads = {}
bad = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= want or (expect ~= "" and not string.find(body, expect, 1, true)) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "bytes": %d, "wrong": %d, ' ..
    '"socket_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, wrong,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def backend_cpu(connection) -> float:
    """CPU seconds so far of this connection's PostgreSQL backend (a process on this machine,
    read from /proc); 0 on SQLite, whose SQL runs in the benchmark's own process."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("Thiếu wrk: chạy `make bench` (cài gói wrk) hoặc `apt-get install wrk`.")
    return path


def measure(
    port, path, cookie, seconds, clients, expect, processes=2, headers=None, status=200
) -> dict:
    """`clients` concurrent connections for `seconds` at `path` (`cookie`: a session key, ""
    for an anonymous visitor). An answer counts as an error unless it has `status` and holds
    `expect`. `processes` is the number of client threads."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_SCRIPT)
    args = [wrk_path(), "-t", str(max(1, min(processes, clients))), "-c", str(clients),
            "-d", f"{max(1, round(seconds))}s", "--timeout", "30s", "-s", script.name]  # fmt: skip
    for name, value in ({"Cookie": f"sessionid={cookie}"} if cookie else {}).items() | (
        headers or {}
    ).items():
        args += ["-H", f"{name}: {value}"]
    env = os.environ | {"WRK_STATUS": str(status), "WRK_EXPECT": expect}
    try:
        run = subprocess.run(
            [*args, f"http://127.0.0.1:{port}{path}"], env=env, capture_output=True,
            text=True, check=True,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next(x for x in run.stdout.splitlines() if x.startswith("WRK "))
    w = json.loads(line[4:])
    return {
        "path": path,
        "requests": w["requests"],
        "errors": w["wrong"] + w["socket_errors"],
        "rps": round(w["requests"] / (w["duration_us"] / 1e6), 1),
        "p50_ms": round(w["p50_us"] / 1000, 1),
        "p95_ms": round(w["p95_us"] / 1000, 1),
        "p99_ms": round(w["p99_us"] / 1000, 1),
        "client": "wrk",
    }


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serve(port: int, *, workers: int = 2, env: dict | None = None):
    """gunicorn serving the app on `port` until the block ends; yields the master's process."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "thidua.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning",
         "--timeout", "120"],
        env=env or os.environ.copy(), cwd=str(ROOT),
    )  # fmt: skip
    try:
        for _ in range(300):
            if _answers(port):
                break
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        yield server
    finally:
        server.terminate()
        server.wait(10)
