"""The people list under concurrent requests, against a trivial view on the same server.

Serves the app with gunicorn (2 workers, as `make run`), logs a secretariat session in, and
drives N concurrent connections from `wrk` (bench/load.py) at:
  - /healthz               the trivial "ok" view (the ceiling of this server on this machine)
  - /ca-nhan/              the people list, page 1, with PEOPLE rows behind it
  - /ca-nhan/?q=nguyen van the same list searched without diacritics

Writes bench/results/http_people_list.{json,md}. Run through `make bench` or directly:
    .venv/bin/python bench/http_people_list.py --people 20000 --seconds 10 --clients 20
With DATABASE_URL unset a fresh SQLite file in a temporary folder is used.
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from load import measure, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def setup_database(people: int) -> str:
    """Migrate, build the demo world plus `people` generated people; return a session key."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from thidua.demo.org import build_accounts, build_units, generate_name
    from thidua.org.enums import StaffCategory
    from thidua.org.models import Person
    from thidua.org.services import person_derive

    call_command("migrate", verbosity=0)
    units = build_units()
    build_accounts(units)
    have = Person.objects.count()
    rng = random.Random(7)
    targets = [u for u in units.values() if u.depth >= 2]
    batch = []
    for i in range(have, people):
        gender = rng.choice(["male", "female"])
        p = Person(
            code=f"B{i:07d}",
            full_name=generate_name(rng, gender),
            gender=gender,
            unit=rng.choice(targets),
            category=rng.choice(StaffCategory.values),
            position="Chuyên viên",
            birth_year=rng.randint(1965, 2000),
        )
        person_derive(p)
        batch.append(p)
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    user = User.objects.get(username="noivu")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="thidua-bench-")
        os.environ["THIDUA_VAR"] = tmp
        os.environ["STATIC_ROOT"] = str(ROOT / "var" / "static")
    cookie = setup_database(args.people)
    from django.db import connection

    vendor = connection.vendor
    connection.close()

    targets = [
        ("trivial", "/healthz", "ok"),
        ("people_list", "/ca-nhan/", "cá nhân"),
        ("people_search", "/ca-nhan/?q=nguyen+van", "cá nhân"),
    ]
    results = {}
    with serve(args.port, workers=args.workers):
        for name, path, expect in targets:
            measure(args.port, path, cookie, 1.0, args.clients, expect)  # warm-up
            results[name] = measure(args.port, path, cookie, args.seconds, args.clients, expect)
            print(name, results[name], flush=True)

    trivial = results["trivial"]["rps"]
    report = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "database": vendor,
            "gunicorn_workers": args.workers,
            "clients": args.clients,
            "client": "wrk, 2 threads",
        },
        "people_rows": args.people,
        "seconds": args.seconds,
        "results": results,
        "ratio_people_list": round(results["people_list"]["rps"] / trivial, 3),
        "ratio_people_search": round(results["people_search"]["rps"] / trivial, 3),
        "at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"http_people_list_{vendor}.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# People list under load ({vendor}, {args.people:,} people, {args.clients} clients, "
        f"{args.workers} gunicorn workers, {os.cpu_count()} cores shared with the clients)",
        "",
        "| target | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to trivial |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results.values():
        lines.append(
            f"| {r['path']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
            f"| {r['errors']} | {r['rps'] / trivial:.1%} |"
        )
    (RESULTS / f"http_people_list_{vendor}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    failed = any(r["errors"] for r in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
