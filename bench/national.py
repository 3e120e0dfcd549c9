"""The nation's campaign machinery: a year-end title round for every person of the national
world (`world.national_world`), judged, decided and published, then the reads the public and
the statistics hit at that size.

    DATABASE_URL=postgres://…/NEW_DB REDIS_URL=redis://…/N .venv/bin/python bench/national.py
    (`--reuse` on the same database skips the loads; `--people 20000` for a small world)

Built with COPY on PostgreSQL (core.bulk), ANALYZE after each bulk load:
  - the round of `YEAR` (thường xuyên): every commune a participant with its proposal, every
    person registered for «Lao động tiên tiến» and nominated (200,000 individual nominees),
    every commune nominated «Tập thể lao động tiên tiến»; criteria: attested (both), «Lao động
    tiên tiến» the two years before (read from the award history) and no discipline;
  - once judged, one issued decision per province awarding its eligible nominees, with the
    award history rows a decision writes (what the results page, open data and statistics read).
Timed, CPU and wall over the same window (Python process and its PostgreSQL backend):
  - the round judged and stored (`eligibility_evaluate`), first run and unchanged re-run,
    against a hand-written SQL baseline reading the same facts;
  - the statistics report of one province for the year (figures + XLSX), and of the nation;
  - over HTTP (gunicorn, 2 workers, 20 clients in 2 processes on the same 2 cores): the trivial
    view, the public results list and one province's decision page, the open-data page, the
    year's CSV and JSON, the people list and the round's dashboard.
Writes bench/results/national_<vendor>.{json,md}.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from load import measure, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))
YEAR = 2025


def title_round(world: dict, *, year: int = YEAR):
    """The round's campaign with its participants, registrations, proposals, nominees and
    answers, in bulk. Returns the campaign."""
    from django.utils import timezone
    from world import copy_rows

    from thidua.campaigns.enums import CriterionKind
    from thidua.campaigns.models import (
        AwardForm,
        Campaign,
        CampaignParticipant,
        CampaignPhase,
        Criterion,
        TitleRegistration,
    )
    from thidua.nominations.models import Answer, Nominee, Proposal
    from thidua.org.models import Person

    now = timezone.now()
    nation, units = world["nation"], world["units"]
    campaign = Campaign.objects.create(
        issuer=nation, year=year, award_kind="thuong_xuyen", state="running",
        title=f"Xét công nhận danh hiệu thi đua năm {year}", issuer_display="ỦY BAN NHÂN DÂN",
        place="Thử", period_start=dt.date(year, 1, 5), period_end=dt.date(year, 12, 30),
    )  # fmt: skip
    CampaignPhase.objects.create(campaign=campaign, kind="registration",
                                 starts_at=now - dt.timedelta(days=330),
                                 ends_at=now - dt.timedelta(days=300))  # fmt: skip
    forms = {
        code: AwardForm.objects.create(campaign=campaign, name=name, legal_kind=code,
                                       subject_type=subject, position=i)
        for i, (name, code, subject) in enumerate([
            ("Lao động tiên tiến", "LAO_DONG_TIEN_TIEN", "individual"),
            ("Chiến sĩ thi đua cơ sở", "CSTD_CO_SO", "individual"),
            ("Tập thể lao động tiên tiến", "TAP_THE_LDTT", "collective"),
        ])
    }  # fmt: skip
    criteria = [
        Criterion.objects.create(campaign=campaign, subject_type=s, text=t, kind=k, params=p,
                                 position=i)
        for i, (s, t, k, p) in enumerate([
            ("individual", "Hoàn thành tốt nhiệm vụ được giao.", CriterionKind.ATTESTED, {}),
            ("individual", "Lao động tiên tiến 2 năm liền trước.", CriterionKind.CONSECUTIVE_TITLE,
             {"title": "LAO_DONG_TIEN_TIEN", "years": 2, "up_to": "previous"}),
            ("individual", "Không bị kỷ luật.", CriterionKind.NO_DISCIPLINE, {}),
            ("collective", "Hoàn thành tốt nhiệm vụ, kế hoạch.", CriterionKind.ATTESTED, {}),
        ])
    ]  # fmt: skip
    copy_rows(CampaignParticipant, ({"unit_id": u.pk} for u in units), campaign_id=campaign.pk)
    people = list(Person.objects.filter(code__startswith="N").values_list("pk", "unit_id"))
    ldtt = forms["LAO_DONG_TIEN_TIEN"]
    copy_rows(TitleRegistration,
              ({"unit_id": unit, "subject_unit_id": unit, "person_id": pk} for pk, unit in people),
              campaign_id=campaign.pk, award_form_id=ldtt.pk, registered_at=now)  # fmt: skip
    copy_rows(Proposal, ({"unit_id": u.pk} for u in units), campaign_id=campaign.pk,
              state="accepted", submitted_at=now, version=1)  # fmt: skip
    proposal_of = dict(Proposal.objects.filter(campaign=campaign).values_list("unit_id", "pk"))
    copy_rows(Nominee, (
        {"proposal_id": proposal_of[u.pk], "award_form_id": forms["TAP_THE_LDTT"].pk,
         "subject_type": "collective", "unit_id": u.pk} for u in units
    ), state="accepted", submitted_at=now)  # fmt: skip
    copy_rows(Nominee, (
        {"proposal_id": proposal_of[unit], "award_form_id": ldtt.pk, "subject_type": "individual",
         "unit_id": unit, "person_id": pk} for pk, unit in people
    ), state="accepted", submitted_at=now)  # fmt: skip
    attested = {c.subject_type: c for c in criteria if c.kind == CriterionKind.ATTESTED}
    rng = random.Random(5)
    # Lists first: the COPY holds the connection, no query can run beside it.
    nominees = list(
        Nominee.objects.filter(proposal__campaign=campaign).values_list("pk", "subject_type")
    )
    copy_rows(Answer, (
        {"nominee_id": pk, "criterion_id": attested[subject].pk,
         "attested": rng.random() < 0.97, "evidence": "evidence/x.pdf"}
        for pk, subject in nominees
    ))  # fmt: skip
    analyze()
    return campaign


def publish(campaign) -> int:
    """One issued decision per province awarding its eligible nominees, with the award
    history rows an issued decision writes. Returns the awards written."""
    from django.utils import timezone
    from world import copy_rows

    from thidua.awards.models import Award, Decision
    from thidua.nominations.models import Nominee
    from thidua.org.models import Unit
    from thidua.records.models import AwardRecord, Title

    now = timezone.now()
    decided = dt.date(campaign.year + 1, 1, 15)
    provinces = list(Unit.objects.filter(parent=campaign.issuer).order_by("code"))
    decisions = {
        p.pk: Decision.objects.create(
            campaign=campaign, issuer=p, fund_unit=p, state="issued", year=campaign.year,
            number=i + 1, decided_on=decided, place="Thử", issuer_display=f"UBND {p.name}",
            summary="Về việc công nhận danh hiệu thi đua", legal_bases="Luật Thi đua, Khen thưởng",
            executors="Các đơn vị", signer_name="Người Ký Thử", issued_at=now,
        )
        for i, p in enumerate(provinces)
    }  # fmt: skip
    eligible = (
        Nominee.objects.filter(proposal__campaign=campaign, eligible=True)
        .order_by("unit__parent_id", "unit_id", "id")
        .values_list("pk", "award_form_id", "award_form__legal_kind", "award_form__name",
                     "subject_type", "unit_id", "unit__parent_id", "unit__name", "person_id",
                     "person__full_name")
    )  # fmt: skip
    rows = []
    for i, (pk, form, kind, _form, subject, unit, province, unit_name, person, name) in (
        enumerate(eligible.iterator(chunk_size=20_000))
    ):  # fmt: skip
        rows.append({"decision_id": decisions[province].pk, "nominee_id": pk,
                     "award_form_id": form, "subject_type": subject, "unit_id": unit,
                     "person_id": person, "name": name or unit_name,
                     "detail": unit_name if person else "", "position": i, "form_kind": kind,
                     "amount": 702_000 if person else 1_872_000})  # fmt: skip
    written = copy_rows(Award, rows)
    titles = {t.code: t for t in Title.objects.all()}
    number = {d.pk: f"{d.number}/{d.symbol}" for d in decisions.values()}
    issuer = {d.pk: d.issuer_display for d in decisions.values()}
    awards = list(Award.objects.filter(decision__campaign=campaign).values_list(
        "pk", "decision_id", "subject_type", "person_id", "unit_id", "form_kind", "amount",
        "award_form__name",
    ))  # fmt: skip
    copy_rows(AwardRecord, (
        {"subject_type": subject, "person_id": person, "unit_id": unit, "year": campaign.year,
         "title_id": titles[kind].pk if kind in titles else None, "title_code": kind,
         "form_name": form_name, "level": "co_so", "issuer": issuer[decision],
         "decision_number": number[decision], "decision_date": decided, "amount": amount,
         "campaign_id": campaign.pk, "award_id": pk, "source": "decision"}
        for pk, decision, subject, person, unit, kind, amount, form_name
        in awards
    ))  # fmt: skip
    analyze()
    return written


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


BASELINE_SQL = """
SELECT n.id, min(CASE WHEN a.attested THEN 1 ELSE 0 END), count(DISTINCT r.year), count(d.id)
FROM nominations_nominee n
JOIN nominations_proposal p ON p.id = n.proposal_id
LEFT JOIN nominations_answer a ON a.nominee_id = n.id
LEFT JOIN records_awardrecord r ON r.person_id = n.person_id AND r.year IN (%s, %s)
     AND r.title_code = 'LAO_DONG_TIEN_TIEN'
LEFT JOIN indicators_disciplinerecord d ON d.person_id = n.person_id
WHERE p.campaign_id = %s AND n.state <> 'draft'
GROUP BY n.id
"""


def judge(campaign) -> dict:
    """The round judged: engine alone, then stored (first run, unchanged re-run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from eligibility import Window

    from thidua.nominations.engine import evaluate_nominees
    from thidua.nominations.models import Nominee, VerdictSet
    from thidua.nominations.services import eligibility_evaluate

    VerdictSet.objects.filter(nominee__proposal__campaign=campaign).delete()
    Nominee.objects.filter(proposal__campaign=campaign).update(eligible=None, evaluated_at=None)
    analyze()
    window = Window(connection)
    out = {}
    with window, connection.cursor() as c:
        c.execute(BASELINE_SQL, [campaign.year - 2, campaign.year - 1, campaign.pk])
        c.fetchall()
    out["baseline_sql"] = window.row()
    with CaptureQueriesContext(connection) as ctx, window:
        verdicts = evaluate_nominees(campaign)
    out["engine"] = {**window.row(), "queries": len(ctx.captured_queries)}
    with window:
        eligibility_evaluate(campaign=campaign)
    out["first_store"] = window.row()
    analyze()
    with CaptureQueriesContext(connection) as ctx, window:
        eligibility_evaluate(campaign=campaign)
    out["unchanged_rerun"] = {**window.row(), "queries": len(ctx.captured_queries)}
    out["verdicts"] = sum(len(entries) for entries in verdicts.values())
    out["verdict_rows"] = VerdictSet.objects.filter(nominee__proposal__campaign=campaign).count()
    out["nominees"] = Nominee.objects.filter(proposal__campaign=campaign).count()
    out["eligible"] = Nominee.objects.filter(proposal__campaign=campaign, eligible=True).count()
    return out


def statistics_reports(campaign) -> dict:
    from django.db import connection
    from eligibility import Window

    from thidua.monitoring import statistics
    from thidua.org.models import Unit

    window = Window(connection)
    out = {}
    province = Unit.objects.filter(parent=campaign.issuer).order_by("code").first()
    for name, unit in (("province", province), ("nation", campaign.issuer)):
        with window:
            report = statistics.report_for(unit=unit, year=campaign.year)
            data = statistics.report_xlsx(report)
        total = sum(c.value or 0 for line in report.lines[:1] for c in line.cells[:1])
        out[name] = {**window.row(), "xlsx_bytes": len(data), "first_cell": total}
    return out


def session_cookie() -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.filter(username="bench").first() or (
        get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def http(targets, *, cookie: str, seconds: float, clients: int, port: int) -> dict:
    """Each target under `clients` concurrent clients against gunicorn (2 workers), with the
    server's CPU time (its processes, read from /proc) over the same window."""
    out = {}
    with serve(port) as server:
        for name, path, expect, signed_in, headers, *status in targets:
            who = cookie if signed_in else ""
            status = status[0] if status else 200  # 304: a conditional GET answered
            # Warm-up: each worker's first page of the round builds the kept parts (~1 s at
            # the nation's size); 3 s keeps those builds out of the measured window.
            measure(port, path, who, 3.0, clients, expect, headers=headers, status=status)
            load0, cpu0, db0 = os.getloadavg()[0], _tree_cpu(server.pid), _db_cpu()
            out[name] = measure(port, path, who, seconds, clients, expect, headers=headers,
                                status=status)  # fmt: skip
            out[name]["server_cpu_s"] = _spent(cpu0, _tree_cpu(server.pid))
            out[name]["db_cpu_s"] = _spent(db0, _db_cpu())
            out[name]["load_average"] = round((load0 + os.getloadavg()[0]) / 2, 1)
            print(name, out[name], flush=True)
    return out


def _processes():
    """(pid, parent pid, command line, CPU seconds) of every process, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        cpu = (int(fields[11]) + int(fields[12])) / tick
        yield int(entry.name), int(fields[1]), cmdline, cpu


def _db_cpu() -> dict[int, float]:
    """pid → CPU seconds of the PostgreSQL backends serving this database (same machine):
    their command line names the database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    name = connection.settings_dict["NAME"].encode()
    return {
        p: cpu
        for p, _parent, cmd, cpu in _processes()
        if cmd.startswith(b"postgres: ") and name in cmd
    }


def _tree_cpu(pid: int) -> dict[int, float]:
    """pid → CPU seconds of a process and its children (gunicorn's workers)."""
    return {p: cpu for p, parent, _cmd, cpu in _processes() if pid in (p, parent)}


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings, per process: one that started in between counts from
    zero; one that ended in between is lost (its last seconds are not seen)."""
    return round(sum(cpu - before.get(p, 0.0) for p, cpu in after.items()), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument("--reuse", action="store_true", help="the world and round already loaded")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--http-only", action="store_true", help="with --reuse: only the HTTP part")
    parser.add_argument(
        "--round-only", action="store_true",
        help="with --reuse: only the title round judged; the other figures of the previous run",
    )  # fmt: skip
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thidua-bench-national-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("THIDUA_VAR", tmp)
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "static"))  # make bench collects
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from world import national_world

    from thidua.campaigns.models import Campaign

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    campaign = Campaign.objects.filter(award_kind="thuong_xuyen").first() if args.reuse else None
    if campaign is None:
        world = national_world(people=args.people)
        print(f"world: {world['history_rows']:,} history rows in {world['load_s']} s", flush=True)
        campaign = title_round(world)
    loaded_s = round(time.perf_counter() - started, 1)
    print(f"round loaded in {loaded_s} s", flush=True)
    previous = RESULTS / f"national_{connection.vendor}.json"
    before = json.loads(previous.read_text()) if previous.exists() else {}
    if args.http_only:  # the round's figures of the previous run
        judged, stats = before["round"], before["statistics"]
    else:
        judged = judge(campaign)
    print("judged", judged, flush=True)
    from thidua.awards.models import Award

    if not Award.objects.filter(decision__campaign=campaign).exists():
        publish(campaign)
    awards = Award.objects.filter(decision__campaign=campaign).count()
    if args.round_only:  # the statistics and HTTP figures of the previous run
        stats = before["statistics"]
    elif not args.http_only:
        stats = statistics_reports(campaign)
    print("statistics", stats, flush=True)
    results = before.get("http", {}) if args.round_only else {}
    if not (args.no_http or args.round_only):
        cookie = session_cookie()
        year = campaign.year
        gzip = {"Accept-Encoding": "gzip"}
        # (name, path, text the answer must hold, signed in?, extra headers)
        targets = [
            ("trivial /healthz", "/healthz", "ok", False, None),
            ("public results list", "/ket-qua/", "Kết quả", False, None),
            ("public result of the round", f"/ket-qua/{campaign.pk}/", "Lao động tiên tiến",
             False, None),
            ("open data page", "/du-lieu-mo/", "Dữ liệu mở", False, None),
            ("results list, conditional GET (304)", "/ket-qua/", "", False,
             {"If-None-Match": "*"}, 304),
            (f"open data {year} CSV", f"/du-lieu-mo/{year}/khen-thuong.csv", "so_quyet_dinh",
             False, None),
            (f"open data {year} CSV, gzip", f"/du-lieu-mo/{year}/khen-thuong.csv", "", False,
             gzip),
            (f"open data {year} JSON", f"/du-lieu-mo/{year}/khen-thuong.json", "ban_ghi", False,
             None),
            (f"open data {year} CSV, conditional GET (304)", f"/du-lieu-mo/{year}/khen-thuong.csv",
             "", False, {"If-None-Match": "*"}, 304),
            ("people list (superuser)", "/ca-nhan/", "cá nhân", True, None),
            ("round dashboard", f"/phong-trao/{campaign.pk}/bang-dieu-khien/",
             campaign.title[:20], True, None),
        ]  # fmt: skip
        connection.close()
        results = http(targets, cookie=cookie, seconds=args.seconds, clients=args.clients,
                       port=args.port)  # fmt: skip
    vendor = connection.vendor
    out = {"vendor": vendor, "load_average": os.getloadavg(), "people": args.people,
           "loaded_s": loaded_s, "round": judged, "awards": awards, "statistics": stats,
           "http": results, "at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    previous.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    (RESULTS / f"national_{vendor}.md").write_text(report(out))
    print(report(out))
    return 0


def report(out: dict) -> str:
    r = out["round"]

    def cpu(x):
        return f"{x['wall_s']:.2f} | {x['cpu_s']:.2f} | {x['db_cpu_s']:.2f}"

    lines = [
        f"# The nation's title round ({out['vendor']}, {out['at']})",
        "",
        f"{r['nominees']:,} nominees ({out['people']:,} people + the communes), "
        f"{r['verdicts']:,} verdicts (stored in {r.get('verdict_rows', r['verdicts']):,} rows), "
        f"{r['eligible']:,} eligible; {out['awards']:,} awards in "
        f"one issued decision per province. Load average after the run: "
        f"{out['load_average'][0]:.1f} (2 shared cores).",
        "",
        "| step | wall s | CPU s (Python) | CPU s (database) |",
        "|---|---:|---:|---:|",
        f"| baseline: one hand-written SQL query (the round's facts) | {cpu(r['baseline_sql'])} |",
        f"| engine only ({r['engine']['queries']} queries) | {cpu(r['engine'])} |",
        f"| round judged and stored, first run | {cpu(r['first_store'])} |",
        f"| round judged, nothing changed ({r['unchanged_rerun']['queries']} queries) | "
        f"{cpu(r['unchanged_rerun'])} |",
        f"| statistics report, one province-year (figures + XLSX) | "
        f"{cpu(out['statistics']['province'])} |",
        f"| statistics report, the nation's year | {cpu(out['statistics']['nation'])} |",
    ]
    if out["http"]:
        trivial = next(iter(out["http"].values()))["rps"]
        lines += [
            "",
            "| over HTTP, 20 clients | req/s | p50 ms | p95 ms | errors | CPU ms/request "
            "(gunicorn + PostgreSQL) | load | ratio to trivial |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {name} `{h['path']}` | {h['rps']} | {h['p50_ms']} | {h['p95_ms']} | "
            f"{h['errors']} | {1000 * h['server_cpu_s'] / h['requests']:.1f} + "
            f"{1000 * h.get('db_cpu_s', 0) / h['requests']:.1f} | {h['load_average']} | "
            f"{h['rps'] / trivial:.1%} |"
            for name, h in out["http"].items()
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
