"""The secretariat's campaign dashboard under concurrent requests, against a trivial view.

Builds (with bench/eligibility.py's builder) a province with UNITS commune-level participant
units (3,321 as after 2025) and NOMINEES nominees with their facts (registrations, CCHC tasks,
PAR INDEX results, proposals), adds rating bands, a council session and an issued decision,
logs a secretariat in, then:
  - counts the dashboard's queries in-process, and times one request alone;
  - serves the app with gunicorn (2 workers, as `make run`) and drives N concurrent clients
    from separate processes (bench/http_people_list.py's helpers) at /healthz (the ceiling of
    this server on this machine) and at /phong-trao/<pk>/bang-dieu-khien/.

Writes bench/results/dashboard_<vendor>.{json,md}. Run through `make bench` or directly:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench_dashboard \\
        .venv/bin/python bench/dashboard.py --units 3321 --nominees 100000
With DATABASE_URL unset a fresh SQLite file in a temporary folder is used. A PostgreSQL
database should be a fresh one: the builder inserts without looking at what is there.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from load import measure, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def build(units: int, nominees: int):
    """The eligibility benchmark's world plus what only the dashboard reads."""
    from django.contrib.auth.models import User
    from django.utils import timezone
    from eligibility import build as build_campaign

    from thidua.awards.models import Award, Decision, Fund
    from thidua.council.models import AgendaItem, Council, CouncilSession
    from thidua.indicators.models import Framework, RatingBand
    from thidua.nominations.models import Nominee
    from thidua.org.enums import Role
    from thidua.org.models import RoleAssignment

    individuals = max(0, nominees - units)
    campaign, total = build_campaign(units, individuals)
    province = campaign.issuer
    for fw in Framework.objects.filter(year=campaign.year):
        RatingBand.objects.bulk_create(
            [
                RatingBand(framework=fw, label=label, min_percent=Decimal(m))
                for label, m in [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 0)]
            ]
        )
    from thidua.indicators.models import Assessment

    for band, low, high in [
        ("Xuất sắc", 90, 101),
        ("Tốt", 80, 90),
        ("Khá", 70, 80),
        ("Trung bình", 0, 70),
    ]:
        Assessment.objects.filter(
            framework__year=campaign.year, percent__gte=low, percent__lt=high
        ).update(band=band)
    now = timezone.now()
    from thidua.campaigns.models import CampaignPhase

    CampaignPhase.objects.create(
        campaign=campaign,
        kind="nomination",
        starts_at=now - dt.timedelta(days=20),
        ends_at=now + dt.timedelta(days=10),
    )
    council = Council.objects.create(
        issuer=province, name="Hội đồng TĐKT tỉnh", valid_from=dt.date(2025, 1, 1)
    )
    session = CouncilSession.objects.create(
        council=council,
        campaign=campaign,
        held_on=dt.date(2026, 2, 1),
        place="Hội trường",
        state="staged",
    )
    collectives = list(
        Nominee.objects.filter(proposal__campaign=campaign, subject_type="collective").order_by(
            "id"
        )[:40]
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                session=session,
                nominee=n,
                award_form=n.award_form,
                passed=i < 30,
                within_quota=i < 5,
                position=i,
            )
            for i, n in enumerate(collectives)
        ]
    )
    Nominee.objects.filter(pk__in=[n.pk for n in collectives[:5]]).update(
        council_outcome="proposed", state="awarded"
    )
    decision = Decision.objects.create(
        campaign=campaign,
        issuer=province,
        fund_unit=province,
        state="issued",
        year=2026,
        number=1,
        decided_on=dt.date(2026, 2, 10),
        place="Thử",
        issuer_display="ỦY BAN",
        issuer_title="CHỦ TỊCH",
        summary="Tặng Giấy khen",
        legal_bases="Luật",
        executors="Sở Nội vụ",
        total=5 * 1_080_000,
    )
    Award.objects.bulk_create(
        [
            Award(
                decision=decision,
                nominee=n,
                award_form=n.award_form,
                subject_type="collective",
                unit=n.unit,
                name=n.unit.name,
                amount=1_080_000,
            )
            for n in collectives[:5]
        ]
    )
    Fund.objects.create(unit=province, year=2026, budget=50_000_000, spent=5_400_000)
    user = User.objects.create_user("noivu", email="noivu@example.vn", password="x")
    RoleAssignment.objects.create(user=user, role=Role.SECRETARIAT, unit=province)
    return campaign, total, user


def session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def in_process(path: str, user) -> dict:
    """Queries and time of one request alone (the median of five, after a warm-up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(path)
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    times.sort()
    return {
        "queries": len(ctx.captured_queries),
        "ms": round(times[2] * 1000, 1),
        "bytes": len(response.content),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=3321)
    parser.add_argument("--nominees", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="thidua-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["THIDUA_VAR"] = tmp
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "static"))
    import django

    django.setup()
    from django.db import connection

    t0 = time.perf_counter()
    campaign, total, user = build(args.units, args.nominees)
    setup_s = time.perf_counter() - t0
    path = f"/phong-trao/{campaign.pk}/bang-dieu-khien/"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    from django.test.utils import override_settings

    with override_settings(THIDUA_DASHBOARD_CACHE_SECONDS=0):
        alone = in_process(path, user)
    print("one request in-process, figures computed:", alone, flush=True)
    cookie = session_for(user)
    vendor = connection.vendor
    connection.close()

    results = {}
    # The app as deployed (figures shared for 30 s by readers with the same reach), then with
    # the figure cache off: every request computes every figure.
    for label, settings_module, targets in [
        ("default", "thidua.settings", [("trivial", "/healthz", "ok"),
                                        ("dashboard", path, "Bảng điều khiển")]),
        ("nocache", "dashboard_nocache_settings", [("dashboard_nocache", path,
                                                    "Bảng điều khiển")]),
    ]:  # fmt: skip
        env = os.environ.copy() | {"DJANGO_SETTINGS_MODULE": settings_module,
                                   "PYTHONPATH": str(ROOT / "bench")}  # fmt: skip
        with serve(args.port, workers=args.workers, env=env):
            for name, target, expect in targets:
                measure(args.port, target, cookie, 1.0, args.clients, expect)  # warm-up
                results[name] = measure(args.port, target, cookie, args.seconds,
                                        args.clients, expect)  # fmt: skip
                print(label, name, results[name], flush=True)

    trivial = results["trivial"]["rps"]
    ratio = results["dashboard"]["rps"] / trivial if trivial else 0
    ratio_nocache = results["dashboard_nocache"]["rps"] / trivial if trivial else 0
    report = {
        "database": vendor,
        "units": args.units,
        "nominees": total,
        "setup_s": round(setup_s, 1),
        "one_request": alone,
        "results": results,
        "ratio_dashboard": round(ratio, 4),
        "ratio_dashboard_nocache": round(ratio_nocache, 4),
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"dashboard_{vendor}.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# Campaign dashboard under load ({vendor}, {args.units:,} units, {total:,} nominees, "
        f"{args.clients} clients, {args.workers} gunicorn workers, {os.cpu_count()} cores "
        "shared with the clients)",
        "",
        f"One request alone (in-process, every figure computed): {alone['ms']} ms, "
        f"{alone['queries']} queries, {alone['bytes']:,} bytes.",
        "",
        "`dashboard`: as deployed (figures shared for 30 s by readers with the same reach); "
        "`dashboard_nocache`: a second server with the figure cache off.",
        "",
        "| target | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to trivial |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} `{r['path']}` | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r['p99_ms']} | {r['errors']} | {r['rps'] / trivial:.1%} |"
        )
    (RESULTS / f"dashboard_{vendor}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
