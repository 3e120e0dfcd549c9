"""Eligibility of a whole campaign: every criterion kind judged for every nominee.

Builds a province with COLLECTIVES commune-level units (3,321 as after 2025), INDIVIDUALS
individual nominees spread over them, and the facts each criterion kind reads (CCHC tasks,
assigned PAR INDEX components in two years, published index %, registrations, staff ratings,
discipline, attestations), then times:
  - the engine alone (`evaluate_nominees`: every verdict computed, nothing written);
  - `eligibility_evaluate` (verdicts stored, each nominee's eligibility set) on a first run
    (all verdicts inserted) and a second run (nothing changed).
Counts the queries and reads peak memory (tracemalloc) of the engine run.

Writes bench/results/eligibility_<vendor>.{json,md}. Run through `make bench` or directly:
    .venv/bin/python bench/eligibility.py --collectives 3321 --individuals 100000
With DATABASE_URL unset a fresh SQLite file in a temporary folder is used; with a
postgres:// DATABASE_URL that database is used (its tables are emptied first by migrate
on a fresh database name you give it).
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from world import province_with_communes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))


def build(collectives: int, individuals: int):
    from django.core.management import call_command
    from django.utils import timezone

    from thidua.campaigns.enums import CriterionKind, SubjectType
    from thidua.campaigns.models import (
        AwardForm,
        Campaign,
        CampaignParticipant,
        CampaignPhase,
        Criterion,
        Registration,
    )
    from thidua.indicators.models import (
        Assessment,
        ComponentAssignment,
        DisciplineRecord,
        Framework,
        Node,
        NodeResult,
        StaffRating,
        Task,
    )
    from thidua.nominations.models import Answer, Nominee, Proposal
    from thidua.org.models import Person

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    province, units = province_with_communes(collectives)
    campaign = Campaign.objects.create(
        issuer=province,
        year=2025,
        title="Thi đua cải cách hành chính năm 2025",
        state="running",
        issuer_display="ỦY BAN NHÂN DÂN",
        place="Thử",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    now = timezone.now()
    CampaignPhase.objects.create(
        campaign=campaign,
        kind="registration",
        starts_at=now - dt.timedelta(days=300),
        ends_at=now - dt.timedelta(days=290),
    )
    CampaignParticipant.objects.bulk_create(
        [CampaignParticipant(campaign=campaign, unit=u) for u in units], batch_size=5000
    )
    kinds = {
        SubjectType.COLLECTIVE: [
            (CriterionKind.ATTESTED, {}),
            (CriterionKind.TASKS_COMPLETED, {"min_percent": 100}),
            (CriterionKind.COMPONENTS_IMPROVED, {"frameworks": ["PAR_INDEX", "DDCI"]}),
            (CriterionKind.REGISTERED_ON_TIME, {}),
            (CriterionKind.INDICATOR_THRESHOLD, {"indicator": "PAR_INDEX", "min_value": 80.0}),
        ],
        SubjectType.INDIVIDUAL: [
            (CriterionKind.RATING_AT_LEAST, {"rating": "good"}),
            (CriterionKind.NO_DISCIPLINE, {}),
            (CriterionKind.ATTESTED, {}),
        ],
    }
    criteria = {}
    for subject, rows in kinds.items():
        criteria[subject] = [
            Criterion.objects.create(
                campaign=campaign, subject_type=subject, text=str(k), kind=k, params=p, position=i
            )
            for i, (k, p) in enumerate(rows)
        ]
    forms = {
        s: AwardForm.objects.create(campaign=campaign, name="Giấy khen", subject_type=s)
        for s in kinds
    }
    proposals = Proposal.objects.bulk_create(
        [Proposal(campaign=campaign, unit=u, state="accepted") for u in units], batch_size=5000
    )
    people = Person.objects.bulk_create(
        [
            Person(
                code=f"B{i:07d}",
                full_name=f"Nguyễn Văn {i}",
                unit=units[i % collectives],
                category="cong_chuc",
                sort_key=f"{i:07d}",
                search_key=f"nguyen van {i}",
            )
            for i in range(individuals)
        ],
        batch_size=5000,
    )
    nominees = [
        Nominee(
            proposal=p,
            award_form=forms["collective"],
            subject_type="collective",
            unit=p.unit,
            state="accepted",
        )
        for p in proposals
    ]
    nominees += [
        Nominee(
            proposal=proposals[i % collectives],
            award_form=forms["individual"],
            subject_type="individual",
            unit=person.unit,
            person=person,
            state="accepted",
        )
        for i, person in enumerate(people)
    ]
    nominees = Nominee.objects.bulk_create(nominees, batch_size=5000)
    # Facts.
    Task.objects.bulk_create(
        [
            Task(
                year=2025,
                issuer=province,
                unit=u,
                title=f"Nhiệm vụ {k}",
                deadline=dt.date(2025, 11, 30),
                state="completed" if rng.random() < 0.93 else "in_progress",
            )
            for u in units
            for k in range(4)
        ],
        batch_size=5000,
    )
    Registration.objects.bulk_create(
        [
            Registration(
                campaign=campaign,
                unit=u,
                commitments="…",
                registered_at=now,
                plan_uploaded_at=now - dt.timedelta(days=295 - rng.randint(0, 9)),
            )
            for u in units[: collectives * 9 // 10]
        ],
        batch_size=5000,
    )
    for year in (2024, 2025):
        fw = Framework.objects.create(
            kind="PAR_INDEX",
            subject_kind="commune",
            year=year,
            issuer=province,
            name=f"PAR {year}",
            state="published",
        )
        nodes = [
            Node.objects.create(
                framework=fw, code=str(c), name=f"Lĩnh vực {c}", max_score=Decimal(20), position=c
            )
            for c in range(1, 8)
        ]
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    framework=fw,
                    unit=u,
                    state="published",
                    percent=Decimal(rng.randint(6500, 9800)) / 100,
                )
                for u in units
            ],
            batch_size=5000,
        )
        NodeResult.objects.bulk_create(
            [
                NodeResult(
                    assessment=a,
                    node=n,
                    points=Decimal(rng.randint(1000, 2000)) / 100,
                    applicable_max=Decimal(20),
                )
                for a in assessments
                for n in nodes
            ],
            batch_size=5000,
        )
        if year == 2025:
            ComponentAssignment.objects.bulk_create(
                [ComponentAssignment(node=n, subject=u, unit=u) for u in units for n in nodes[:2]],
                batch_size=5000,
            )
    StaffRating.objects.bulk_create(
        [
            StaffRating(
                person=p, year=2025, rating=rng.choice(["excellent", "good", "good", "completed"])
            )
            for p in people
            if rng.random() < 0.97
        ],
        batch_size=5000,
    )
    DisciplineRecord.objects.bulk_create(
        [
            DisciplineRecord(
                person=p,
                form="khien_trach",
                decision_number=f"{i}/QĐ",
                decided_on=dt.date(2025, 3, 1),
                effective_from=dt.date(2025, 3, 1),
                effective_to=dt.date(2026, 2, 28),
            )
            for i, p in enumerate(people)
            if i % 97 == 0
        ],
        batch_size=5000,
    )
    attested = {s: [c for c in cs if c.kind == "attested"][0] for s, cs in criteria.items()}
    Answer.objects.bulk_create(
        [
            Answer(
                nominee=n,
                criterion=attested[n.subject_type],
                attested=True,
                evidence="evidence/x.pdf" if rng.random() < 0.8 else "",
            )
            for n in nominees
        ],
        batch_size=5000,
    )
    return campaign, len(nominees)


class Window:
    """Wall time and CPU time over one window: this process's, and (PostgreSQL on this
    machine) the server backend's, read from /proc before and after."""

    def __init__(self, connection):
        self.connection = connection
        self.backend = None
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SELECT pg_backend_pid()")
                self.backend = c.fetchone()[0]

    def _backend_cpu(self) -> float:
        if self.backend is None:
            return 0.0
        try:
            fields = Path(f"/proc/{self.backend}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self.w0, self.c0, self.b0 = time.perf_counter(), time.process_time(), self._backend_cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.w0
        self.cpu = time.process_time() - self.c0
        self.db_cpu = self._backend_cpu() - self.b0
        return False

    def row(self) -> dict:
        return {"wall_s": round(self.wall, 2), "cpu_s": round(self.cpu, 2),
                "db_cpu_s": round(self.db_cpu, 2)}  # fmt: skip


BASELINE_SQL = """
SELECT n.id,
       bool_and(coalesce(a.attested, false)),
       max(r.rating),
       count(d.id)
FROM nominations_nominee n
JOIN nominations_proposal p ON p.id = n.proposal_id
LEFT JOIN nominations_answer a ON a.nominee_id = n.id
LEFT JOIN indicators_staffrating r ON r.person_id = n.person_id AND r.year = %s
LEFT JOIN indicators_disciplinerecord d ON d.person_id = n.person_id
WHERE p.campaign_id = %s AND n.state <> 'draft'
GROUP BY n.id
"""


def baseline(connection, campaign) -> int:
    """The hand-written floor: one SQL query reading, for every nominee, the facts of three of
    the eight criteria (attestation, rating, discipline), rows fetched into Python."""
    with connection.cursor() as c:
        c.execute(BASELINE_SQL, [campaign.year, campaign.pk])
        return len(c.fetchall())


def reset(campaign) -> None:
    """Back to a campaign never judged (outside any timed window)."""
    from thidua.nominations.models import Nominee, VerdictSet

    VerdictSet.objects.filter(nominee__proposal__campaign=campaign).delete()
    Nominee.objects.filter(proposal__campaign=campaign).update(eligible=None, evaluated_at=None)
    analyze()


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would get there
    later; production runs it too)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collectives", type=int, default=3321)
    parser.add_argument("--individuals", type=int, default=100_000)
    parser.add_argument(
        "--reuse", action="store_true",
        help="keep the campaign already in the database (a second run on the same DATABASE_URL)",
    )  # fmt: skip
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thidua-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.campaigns.models import Campaign
    from thidua.nominations.engine import evaluate_nominees
    from thidua.nominations.models import Nominee, VerdictSet
    from thidua.nominations.services import eligibility_evaluate

    t0 = time.perf_counter()
    campaign = Campaign.objects.order_by("pk").first() if args.reuse else None
    if campaign is None:
        campaign, total = build(args.collectives, args.individuals)
    total = Nominee.objects.filter(proposal__campaign=campaign).count()
    reset(campaign)
    setup_s = time.perf_counter() - t0
    window = Window(connection)

    with window:
        baseline(connection, campaign)
    base = window.row()
    with CaptureQueriesContext(connection) as ctx, window:
        verdicts = evaluate_nominees(campaign)
    engine = window.row()
    tracemalloc.start()  # a second run for memory: tracing slows it down
    evaluate_nominees(campaign)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for q in ctx.captured_queries:
            print(q["sql"][:160])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    engine_queries = len(ctx.captured_queries)

    with window:
        eligibility_evaluate(campaign=campaign)
    first = window.row()
    analyze()  # as autovacuum would after 300,000 new rows
    with CaptureQueriesContext(connection) as ctx2, window:
        eligibility_evaluate(campaign=campaign)
    again = window.row()

    from collections import Counter

    eligible = Counter(Nominee.objects.values_list("eligible", flat=True))
    stored_rows = VerdictSet.objects.count()
    vendor = connection.vendor
    result = {
        "database": vendor,
        "collectives": args.collectives,
        "individuals": args.individuals,
        "nominees": total,
        "verdicts": sum(len(entries) for entries in verdicts.values()),
        "verdict_rows": stored_rows,
        "setup_s": round(setup_s, 1),
        "baseline_sql": base,
        "engine": engine,
        "engine_queries": engine_queries,
        "engine_peak_mb": round(peak / 1048576, 1),
        "evaluate_and_store_first": first,
        "evaluate_and_store_again": again,
        "evaluate_and_store_again_queries": len(ctx2.captured_queries),
        "eligible": {str(k): v for k, v in eligible.items()},
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"eligibility_{vendor}.json").write_text(json.dumps(result, indent=2))

    def line(name, r, queries=""):
        ratio = r["wall_s"] / base["wall_s"] if base["wall_s"] else 0
        return (f"| {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['db_cpu_s']:.2f} | "
                f"{ratio:.1f}× | {queries} |\n")  # fmt: skip

    md = (
        f"# Eligibility of a whole campaign ({vendor})\n\n"
        f"{total:,} nominees, {result['verdicts']:,} verdicts (8 criteria of 7 kinds) "
        f"stored in {stored_rows:,} rows (one per nominee). "
        f"Load average after the run: {os.getloadavg()[0]:.1f} (2 cores).\n\n"
        "| step | wall s | CPU s (Python) | CPU s (database) | × baseline | queries |\n"
        "|---|---:|---:|---:|---:|---:|\n"
        + line("baseline: one hand-written SQL query (3 criteria' facts)", base, 1)
        + line("engine only (all verdicts computed)", engine, engine_queries)
        + line("evaluate and store, first run", first)
        + line("evaluate and store, nothing changed", again, len(ctx2.captured_queries))
        + f"\nEngine peak memory (tracemalloc): {peak / 1048576:.1f} MB. "
        f"Eligible: {dict(eligible)}.\n"
    )
    (RESULTS / f"eligibility_{vendor}.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
