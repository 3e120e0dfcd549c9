"""The back office's campaign page (`/phong-trao/<pk>/`) of the nation's title round, timed
in-process: 3,321 participant units and 203,321 nominees (`national.py` loads them).

    DATABASE_URL=postgres://…/DB REDIS_URL=redis://…/N .venv/bin/python bench/campaign_page.py
    (run `bench/national.py --no-http` on the same database first)

Per reader (the superuser, the secretariat over the issuing nation, a commune's focal point,
and the secretariat on a draft copy of the round, where the plan-editing forms show): one
request's queries (CaptureQueriesContext), then `--requests` requests after a warm-up with the
Python process's CPU time (time.process_time), the database backend's (/proc) and the wall
time. Writes bench/results/campaign_page_<vendor>.{json,md}.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from load import backend_cpu

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))
DRAFT_TITLE = "Bản nháp đo trang phong trào (bench/campaign_page.py)"


def timed(client, connection, path: str, *, requests: int, warm: int, must: str) -> dict:
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    count = len(queries)  # before the next request's request_started empties the log
    body = response.content.decode()
    assert must in body, (path, must)
    times = []
    db0, cpu0 = backend_cpu(connection), time.process_time()
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    cpu = (time.process_time() - cpu0) * 1000 / requests
    db = (backend_cpu(connection) - db0) * 1000 / requests
    times.sort()
    return {
        "path": path,
        "queries": count,
        "bytes": len(body.encode()),
        "requests": requests,
        "cpu_ms": round(cpu, 1),
        "db_cpu_ms": round(db, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
    }


def readers(campaign):
    """The superuser, the secretariat over the issuer, a participant commune's focal point."""
    from django.contrib.auth import get_user_model

    from thidua.org.enums import Role
    from thidua.org.services import role_grant

    users = get_user_model().objects

    def persona(username: str, role: str, unit):
        user = users.filter(username=username).first() or users.create_user(username, None, "x")
        role_grant(actor=None, user=user, role=role, unit=unit)  # get or create
        return user

    admin = users.filter(username="bench").first() or users.create_superuser(
        "bench", "bench@example.invalid", "x"
    )
    commune = campaign.participants.select_related("unit").order_by("unit__path").first().unit
    return {
        "superuser": admin,
        "secretariat (nation)": persona("bench.thuongtruc", Role.SECRETARIAT, campaign.issuer),
        f"focal point ({commune.name})": persona("bench.daumoi", Role.FOCAL_POINT, commune),
    }


def draft_copy(campaign, actor):
    """A draft copy of the round (every participant, criteria, forms): the plan's editing
    forms show only on a draft."""
    from thidua.campaigns import services
    from thidua.campaigns.models import Campaign

    draft = Campaign.objects.filter(title=DRAFT_TITLE).first()
    if draft is None:
        draft = services.campaign_clone(actor=actor, campaign=campaign)
        Campaign.objects.filter(pk=draft.pk).update(title=DRAFT_TITLE)
    return draft


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--label", default="", help="a name for this run (e.g. before, after)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thidua-bench-campaign-")
    os.environ.setdefault("THIDUA_VAR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL: the database bench/national.py loaded")
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
    from django.db import connection
    from django.test import Client

    from thidua.campaigns.models import Campaign
    from thidua.nominations.models import Nominee

    campaign = Campaign.objects.filter(award_kind="thuong_xuyen").exclude(title=DRAFT_TITLE)
    campaign = campaign.order_by("id").first()
    if campaign is None:
        sys.exit("no title round: run bench/national.py --no-http on this database first")
    who = readers(campaign)
    draft = draft_copy(campaign, who["superuser"])
    size = {
        "participants": campaign.participants.count(),
        "nominees": Nominee.objects.filter(proposal__campaign=campaign).count(),
    }
    print(f"campaign {campaign.pk}: {size}", flush=True)
    path = f"/phong-trao/{campaign.pk}/"
    pages = {}
    for name, user in who.items():
        client = Client()
        client.force_login(user)
        pages[name] = timed(
            client, connection, path, requests=args.requests, warm=args.warm,
            must=campaign.title[:20],
        )  # fmt: skip
        print(name, pages[name], flush=True)
    client = Client()
    client.force_login(who["secretariat (nation)"])
    name = "secretariat, a draft copy (plan-editing forms shown)"
    pages[name] = timed(
        client, connection, f"/phong-trao/{draft.pk}/", requests=max(args.requests // 5, 5),
        warm=1, must="Lưu đơn vị tham gia",
    )  # fmt: skip
    print(name, pages[name], flush=True)
    vendor = connection.vendor
    out = {
        "vendor": vendor,
        "label": args.label,
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": os.getloadavg(),
        **size,
        "pages": pages,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"campaign_page_{vendor}.json"
    runs = json.loads(target.read_text()) if target.exists() else {}
    runs = runs if isinstance(runs, dict) and "runs" in runs else {"runs": []}
    runs["runs"] = [r for r in runs["runs"] if r.get("label") != args.label] + [out]
    target.write_text(json.dumps(runs, indent=2, ensure_ascii=False))
    (RESULTS / f"campaign_page_{vendor}.md").write_text(report(runs["runs"]))
    print(report(runs["runs"]))
    return 0


def report(runs: list[dict]) -> str:
    lines = [
        "# The back office's campaign page at the nation's size",
        "",
        "`/phong-trao/<pk>/` of the title round, in-process (Django's test Client, one request "
        "at a time after a warm-up); CPU ms per request of the Python process and of its "
        "database backend (/proc). `bench/campaign_page.py`.",
        "",
    ]
    for run in runs:
        lines += [
            f"## {run['label'] or 'run'} ({run['vendor']}, {run['at']}, load "
            f"{run['load_average'][0]:.1f})",
            "",
            f"{run['participants']:,} participant units, {run['nominees']:,} nominees.",
            "",
            "| reader | queries | CPU ms | DB CPU ms | p50 ms | p95 ms | KB | requests |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {name} | {p['queries']} | {p['cpu_ms']} | {p['db_cpu_ms']} | {p['p50_ms']} | "
            f"{p['p95_ms']} | {p['bytes'] // 1024} | {p['requests']} |"
            for name, p in run["pages"].items()
        ]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
