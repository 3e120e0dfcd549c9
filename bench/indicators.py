"""Indicators: publishing a framework's results and the bulk readers the criteria engine uses.

Builds a PAR INDEX framework with the demo tree (33 leaves) for UNITS communes, fills appraised
scores in bulk, assigns DDCI-like components of the previous year's framework, tasks and
ratings, then times:
  - framework_publish (totals, band, transition and audit row per unit; NodeResult rows);
  - selectors.score_table (the secretariat's table of every unit);
  - the bulk readers over every unit: task_completion_by_unit, component_changes_by_unit,
    index_percent_by_unit, indicator_values_by_unit (a component code), ratings_by_person,
    discipline_by_person — with their query counts.

Writes bench/results/indicators_<vendor>.{json,md}. Small by default; the big size by flag:
    .venv/bin/python bench/indicators.py --units 3321
With DATABASE_URL unset a fresh SQLite file in a temporary folder is used.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from load import backend_cpu
from world import province_with_communes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))


def build(units: int):
    import random
    from decimal import Decimal

    from django.core.management import call_command

    from thidua.campaigns.enums import AnnualRating
    from thidua.demo import indicators as demo
    from thidua.demo import indicators_data as d
    from thidua.indicators import services
    from thidua.indicators.models import ComponentAssignment, Score, StaffRating, Task
    from thidua.org.models import Person

    call_command("migrate", verbosity=0)
    province, communes = province_with_communes(units)
    people = Person.objects.bulk_create(
        [
            Person(
                code=f"P{i:06d}",
                full_name=f"Nguyễn Văn Thử {i}",
                gender="male",
                unit=u,
                category="cong_chuc",
                sort_key=f"thu {i}",
                search_key=f"nguyen van thu {i}",
            )
            for i, u in enumerate(communes)
        ],
        batch_size=5000,
    )
    frameworks = []
    for year in (2022, 2023):
        fw = demo._framework(
            province,
            "PAR_INDEX",
            "commune",
            year,
            f"PAR INDEX xã {year}",
            demo._rows(d.PAR_FIELDS, "commune"),
            d.BANDS,
            "Bench.",
        )
        services.framework_open(
            actor=None, framework=fw, units=communes, self_deadline=demo._aware(year + 1, 1, 12)
        )
        fw.refresh_from_db()
        frameworks.append(fw)
    rng = random.Random(1)
    for fw in frameworks:
        leaves = [n for n in fw.nodes.all() if n.is_leaf]
        Score.objects.bulk_create(
            [
                Score(
                    assessment=a,
                    node=n,
                    self_score=n.max_score,
                    appraised_score=(n.max_score * Decimal(rng.randint(60, 100)) / 100).quantize(
                        Decimal("0.25")
                    ),
                )
                for a in fw.assessments.all()
                for n in leaves
            ],
            batch_size=5000,
        )
        fw.assessments.update(state="appraised")
        # every commune answers for field 3 of its own index (a component with a previous year)
        field = fw.nodes.get(code="3")
        ComponentAssignment.objects.bulk_create(
            [
                ComponentAssignment(node=field, subject_id=a.unit_id, unit_id=a.unit_id)
                for a in fw.assessments.all()
            ],
            batch_size=5000,
        )
    Task.objects.bulk_create(
        [
            Task(
                year=2023,
                issuer=province,
                unit=u,
                title=f"Nhiệm vụ {j}",
                deadline=dt.date(2023, 6, 30),
                state="completed" if j else "reported",
            )
            for u in communes
            for j in range(3)
        ],
        batch_size=5000,
    )
    StaffRating.objects.bulk_create(
        [StaffRating(person=p, year=2023, rating=AnnualRating.GOOD) for p in people],
        batch_size=5000,
    )
    return frameworks, [u.pk for u in communes], [p.pk for p in people]


def timed(label, fn, results, *, queries=True):
    """Wall, this process's CPU and the database backend's CPU over the same window."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        db0 = backend_cpu(connection)
        start, cpu0 = time.perf_counter(), time.process_time()
        value = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
        db_cpu = backend_cpu(connection) - db0
    results.append({"step": label, "seconds": round(seconds, 4), "cpu_s": round(cpu, 3),
                    "db_cpu_s": round(db_cpu, 3), "queries": len(ctx)})  # fmt: skip
    print(f"{label:<48} {seconds:8.3f} s wall {cpu:7.3f} s CPU {db_cpu:7.3f} s DB CPU "
          f"{len(ctx):6d} queries", flush=True)  # fmt: skip
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thidua-bench-indicators-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("THIDUA_VAR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.db import connection

    from thidua.indicators import selectors, services

    start = time.perf_counter()
    frameworks, unit_ids, person_ids = build(args.units)
    print(f"built {args.units} units in {time.perf_counter() - start:.1f} s", flush=True)

    class Reader:  # the score table's reader: an administrator reaches everything
        is_authenticated = is_active = is_superuser = True
        _thidua_scope = None

        def has_perm(self, perm, obj=None):
            return True

    results: list[dict] = []
    if os.environ.get("BENCH_PROFILE"):  # where the time of one publication goes
        import cProfile
        import pstats

        from django.db import transaction

        profile = cProfile.Profile()
        with transaction.atomic():
            profile.runcall(services.framework_publish, actor=None, framework=frameworks[0])
            transaction.set_rollback(True)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        from collections import Counter

        from django.test.utils import CaptureQueriesContext

        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            services.framework_publish(actor=None, framework=frameworks[0])
            transaction.set_rollback(True)
        shapes = Counter(q["sql"][:90] for q in ctx.captured_queries)
        for sql, n in shapes.most_common(12):
            print(f"{n:6d}  {sql}")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")  # fresh statistics after the bulk load
    for fw in frameworks:  # the queued task's work, as the worker runs it
        timed(
            f"framework_publish_task ({fw.year}, {args.units} units)",
            lambda fw=fw: services.framework_publish_task(fw.pk, None, "", None),
            results,
        )
        fw.refresh_from_db()
        assert fw.state == "published", fw.publish_error
    timed(
        "score_table (every unit)",
        lambda: selectors.score_table(frameworks[1], user=Reader()),
        results,
    )
    year = 2023
    timed(
        "task_completion_by_unit",
        lambda: selectors.task_completion_by_unit(unit_ids=unit_ids, year=year),
        results,
    )
    timed(
        "component_changes_by_unit",
        lambda: selectors.component_changes_by_unit(unit_ids=unit_ids, year=year),
        results,
    )
    timed(
        "index_percent_by_unit",
        lambda: selectors.index_percent_by_unit(unit_ids=unit_ids, year=year),
        results,
    )
    timed(
        "indicator_values_by_unit (component 3.2)",
        lambda: selectors.indicator_values_by_unit(unit_ids=unit_ids, year=year, code="3.2"),
        results,
    )
    timed(
        "ratings_by_person",
        lambda: selectors.ratings_by_person(person_ids=person_ids, year=year),
        results,
    )
    timed(
        "discipline_by_person",
        lambda: selectors.discipline_by_person(
            person_ids=person_ids, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)
        ),
        results,
    )

    vendor = connection.vendor
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "units": args.units,
        "leaves": 33,
        "vendor": vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    (RESULTS / f"indicators_{vendor}.json").write_text(
        json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=2)
    )
    lines = [
        f"# Indicators, {args.units} units × 33 leaves ({vendor})",
        "",
        f"Load average after the run: {os.getloadavg()[0]:.1f} (2 cores).",
        "",
        "| Step | wall s | CPU s (Python) | CPU s (database) | Queries |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['step']} | {r['seconds']:.3f} | {r['cpu_s']:.3f} | {r['db_cpu_s']:.3f} "
        f"| {r['queries']} |"
        for r in results
    ]
    (RESULTS / f"indicators_{vendor}.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
