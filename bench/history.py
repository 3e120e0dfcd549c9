"""The nation's size: load the world of `world.national_world` (COPY on PostgreSQL), then time
a person's and a unit's page with ten years of award history behind them, and the people list.

    DATABASE_URL=postgres://…/NEW_DB .venv/bin/python bench/history.py [--people 200000]

Each page is requested in-process (Django's test client, a superuser: the widest scope) for
N random people and units; p50 and p95 of the wall time, and the CPU time of this process and
of the PostgreSQL backend over the whole series. Baseline in the same run: `/healthz`.
Writes bench/results/history_<vendor>.{json,md}.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from load import backend_cpu

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))


def series(client, connection, paths: list[str]) -> dict:
    client.get(paths[0])  # warm
    times = []
    db0, cpu0 = backend_cpu(connection), time.process_time()
    for path in paths:
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return {
        "requests": len(paths),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "cpu_ms_per_request": round((time.process_time() - cpu0) * 1000 / len(paths), 1),
        "db_cpu_ms_per_request": round((backend_cpu(connection) - db0) * 1000 / len(paths), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="the world already loaded")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thidua-bench-history-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("THIDUA_VAR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Static files without a collectstatic run (their URLs only; nothing is served here).
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from world import national_world

    from thidua.org.models import Person

    call_command("migrate", verbosity=0)
    if args.reuse:  # the world a previous run loaded into this database
        from thidua.org.models import Unit
        from thidua.records.models import AwardRecord

        world = {"provinces": Unit.objects.filter(depth=1).count(),
                 "communes": Unit.objects.filter(depth=2).count(), "people": args.people,
                 "years": args.years, "history_rows": AwardRecord.objects.count(),
                 "load_s": "(earlier run)", "units": list(Unit.objects.filter(depth=2))}  # fmt: skip
    else:
        world = national_world(people=args.people, years=args.years)
    print(f"loaded: {world['history_rows']:,} history rows, {args.people:,} people "
          f"in {world['load_s']} s", flush=True)  # fmt: skip
    admin = get_user_model().objects.filter(username="bench").first() or (
        get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
    )
    client = Client()
    client.force_login(admin)
    rng = random.Random(3)
    people = list(Person.objects.values_list("pk", flat=True))
    units = [u.pk for u in world["units"]]
    pages = {
        "/healthz (trivial)": ["/healthz"] * args.requests,
        "person page, 10 years of history": [
            f"/ca-nhan/{rng.choice(people)}/" for _ in range(args.requests)
        ],
        "unit page": [f"/don-vi/{rng.choice(units)}/" for _ in range(args.requests)],
        "people list, first page": ["/ca-nhan/"] * (args.requests // 4),
    }
    results = {name: series(client, connection, paths) for name, paths in pages.items()}
    vendor = connection.vendor
    out = {"vendor": vendor, "load_average": os.getloadavg(),
           **{k: v for k, v in world.items() if k not in ("nation", "units")},
           "pages": results}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"history_{vendor}.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    lines = [
        f"# The nation's size ({vendor})",
        "",
        f"{world['provinces']} provinces, {world['communes']:,} communes, {args.people:,} people, "
        f"{world['history_rows']:,} history rows over {args.years} years, loaded in "
        f"{world['load_s']} s. Load average after the run: {os.getloadavg()[0]:.1f} (2 cores).",
        "",
        "| page (in-process) | p50 ms | p95 ms | CPU ms/request | DB CPU ms/request |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['cpu_ms_per_request']} | "
        f"{r['db_cpu_ms_per_request']} |"
        for name, r in results.items()
    ]
    (RESULTS / f"history_{vendor}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
