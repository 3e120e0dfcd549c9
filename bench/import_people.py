"""Benchmark: importing people from .xlsx against merely parsing the same file.

    python bench/import_people.py [--rows 100000] [--profile]

Target (docs/design.md): the full import (validated and stored) runs at ≥ 50 % of the rate
of parsing the file with python-calamine alone.

The benchmark uses its own database: a fresh SQLite file in a temporary directory when
DATABASE_URL is unset, else a throw-away database created next to the one DATABASE_URL names
(and dropped at the end). Writes bench/results/import_people_<database>.{json,md}; exits
non-zero if the import reports an error.
"""

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _setup_django() -> tempfile.TemporaryDirectory | None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory(prefix="thidua-bench-")
        os.environ["THIDUA_VAR"] = tmp.name
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    return tmp


def _own_postgres_database() -> str | None:
    """On PostgreSQL, work in a new database (never in the one DATABASE_URL names)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return None
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"thidua_bench_{os.getpid()}"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True)


def _machine() -> dict:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if connection.vendor == "sqlite":
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version} (file, WAL)"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
    from importlib.metadata import version

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "database": db,
        "python_calamine": version("python-calamine"),
        "django": version("django"),
    }


def _parse(data: bytes) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))


def _clear_people() -> None:
    from django.db import connection, transaction

    from thidua.org.models import Person

    # The import's audit rows stay: the audit log is append-only (core.models.AuditLog).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Person._meta.db_table)}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE org_person")


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE org_person")


def _total(cpu: dict) -> float:
    return cpu["cpu_s"] + cpu["db_cpu_s"]


def _ratio(parse_cpu: dict, cpu: dict) -> float:
    """Rate of the import / rate of the bare parse, by CPU time (this process + its backend)."""
    return round(_total(parse_cpu) / _total(cpu), 3)


def _upload_check(data: bytes) -> str:
    """What the upload view does once (`check_spreadsheet_upload`): the hostile-file scan,
    whose verdict the job carries as the digest of the bytes checked."""
    from thidua.core.uploads import check_spreadsheet

    check_spreadsheet(data)
    return hashlib.sha256(data).hexdigest()


def _import(actor, data: bytes, checked_sha256: str | None = None):
    """The worker's import of an upload the view has checked (as `monitoring.jobs` runs it)."""
    from thidua.org.importers import people_import

    result = people_import(actor=actor, data=data, checked_sha256=checked_sha256)
    if not result.ok:
        for error in result.errors[:20]:
            print(error.message, file=sys.stderr)
        raise SystemExit(f"the import reported {len(result.errors)} error(s)")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one import")
    args = parser.parse_args()

    tmp = _setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from gen_people_xlsx import people_xlsx

    from thidua.demo.org import build_units
    from thidua.org.enums import Role
    from thidua.org.services import role_grant

    vendor = connection.vendor
    test_db = _own_postgres_database()
    try:
        if test_db is None:
            call_command("migrate", verbosity=0)
        units = build_units()
        actor = get_user_model().objects.create_user(username="bench-secretariat")
        role_grant(actor=None, user=actor, role=Role.SECRETARIAT, unit=units["NB"])
        targets = [u for code, u in units.items() if code not in ("CB", "NB")]

        started = time.perf_counter()
        data = people_xlsx(targets, args.rows)
        generated = time.perf_counter() - started
        print(f"file: {args.rows} rows, {len(data) / 1e6:.1f} MB, generated in {generated:.1f} s")

        parse_times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            parsed = _parse(data)
            parse_times.append(time.perf_counter() - started)
        assert parsed == args.rows + 1, parsed
        parse_best = min(parse_times)
        print("parse: " + ", ".join(f"{t:.2f} s" for t in parse_times))

        from eligibility import Window  # CPU of this process and of its database backend

        load_before = os.getloadavg()
        window = Window(connection)
        parse_cpus = []
        for _ in range(args.runs):
            with window:
                _parse(data)
            parse_cpus.append(window.row())
        parse_cpu = min(parse_cpus, key=lambda r: r["cpu_s"])
        with window:  # once per upload, in the upload request: outside the import's window
            checked = _upload_check(data)
        check_cpu = window.row()
        changed_checked = _upload_check(changed := people_xlsx(targets, args.rows, seed=2024))
        import_times, import_cpu = [], []
        for _ in range(args.runs):
            _clear_people()
            started = time.perf_counter()
            with window:
                result = _import(actor, data, checked)
            import_times.append(time.perf_counter() - started)
            import_cpu.append(window.row())
            assert (result.created, result.updated) == (args.rows, 0), result
        import_best = min(import_times)
        print("import (new people): " + ", ".join(f"{t:.2f} s" for t in import_times))

        # The same codes with other names, units, positions …: (nearly) every row an update.
        _analyze()  # after the bulk load, as autovacuum would (outside the timed window)
        started = time.perf_counter()
        with window:
            result = _import(actor, changed, changed_checked)
        update_time = time.perf_counter() - started
        update_cpu = window.row()
        assert result.created == 0 and result.updated > 0.9 * args.rows, result
        updated_rows = result.updated
        print(f"import (updates): {update_time:.2f} s for {updated_rows} changed people")
        _analyze()
        with window:  # the same file again: nothing changes, nothing is written
            result = _import(actor, changed, changed_checked)
        unchanged_cpu = window.row()
        assert (result.created, result.updated) == (0, 0), result
        print(f"import (unchanged): {unchanged_cpu}")
        load_after = os.getloadavg()

        _clear_people()
        tracemalloc.start()
        _import(actor, data, checked)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        if args.profile:
            _clear_people()
            profiler = cProfile.Profile()
            profiler.runcall(_import, actor, data, checked)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

        figures = {
            "rows": args.rows,
            "file_bytes": len(data),
            "parse_seconds_best": round(parse_best, 3),
            "parse_rows_per_second": round(args.rows / parse_best),
            "import_seconds_best": round(import_best, 3),
            "import_rows_per_second": round(args.rows / import_best),
            "import_runs_seconds": [round(t, 3) for t in import_times],
            "parse_runs_seconds": [round(t, 3) for t in parse_times],
            "parse_cpu": parse_cpu,
            "upload_check_cpu": check_cpu,
            "import_cpu_best": min(import_cpu, key=_total),
            "update_cpu": update_cpu,
            "unchanged_cpu": unchanged_cpu,
            "parse_cpu_runs": parse_cpus,
            "ratio_cpu_new": _ratio(parse_cpu, min(import_cpu, key=_total)),
            "ratio_cpu_updates": _ratio(parse_cpu, update_cpu),
            "ratio_cpu_unchanged": _ratio(parse_cpu, unchanged_cpu),
            "load_average": load_after,
            "load_average_before": load_before,
            "update_rows_changed": updated_rows,
            "update_seconds": round(update_time, 3),
            "update_rows_per_second": round(args.rows / update_time),
            "ratio_import_to_parse": round(parse_best / import_best, 3),
            "target_ratio": 0.5,
            "tracemalloc_peak_mb": round(peak / 1e6, 1),
            "ru_maxrss_mb": round(maxrss_kb / 1024, 1),
            "machine": _machine(),
        }
    finally:
        if test_db is not None:
            connection.creation.destroy_test_db(test_db, verbosity=0)
        if tmp is not None:
            tmp.cleanup()

    RESULTS.mkdir(exist_ok=True)
    name = f"import_people_{vendor}"  # one file per database: both are recorded
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(_markdown(figures))
    print(json.dumps(figures, indent=2))
    return 0


def _markdown(f: dict) -> str:
    m = f["machine"]
    met = min(f["ratio_cpu_new"], f["ratio_cpu_updates"]) >= f["target_ratio"]
    verdict = "met" if met else "NOT met"
    return f"""# Import of people from .xlsx

`python bench/import_people.py --rows {f["rows"]}` — {m["nproc"]} CPU ({m["cpu"]}),
Python {m["python"]}, {m["database"]}, python-calamine {m["python_calamine"]},
Django {m["django"]}.

| | seconds (best of {len(f["parse_runs_seconds"])}) | rows/s |
|---|---:|---:|
| Parse only (calamine, whole sheet) | {f["parse_seconds_best"]} | {f["parse_rows_per_second"]:,} |
| `people_import`, {f["rows"]:,} new people | {f["import_seconds_best"]} | {f["import_rows_per_second"]:,} |
| `people_import`, same codes, other data ({f["update_rows_changed"]:,} updates) | {f["update_seconds"]} | {f["update_rows_per_second"]:,} |

- Target: the import at ≥ 50 % of the parse's rate, new people and updates, by CPU time:
  **{verdict}**. Ratio by wall time (new people): {f["ratio_import_to_parse"]:.0%}; the machine
  is shared, so the CPU figures below are the ones to compare.
- CPU seconds, this process + its database backend, over the same window as the wall time
  (`eligibility.Window`, /proc), and the ratio to the parse's CPU:

  | | Python | database | wall | ratio to parse |
  |---|---:|---:|---:|---:|
  | the upload's hostile-file check, once (in the upload request, not in the import) | {f["upload_check_cpu"]["cpu_s"]} | | {f["upload_check_cpu"]["wall_s"]} | |
  | parse (best of {len(f["parse_cpu_runs"])}) | {f["parse_cpu"]["cpu_s"]} | {f["parse_cpu"]["db_cpu_s"]} | {f["parse_cpu"]["wall_s"]} | 100 % |
  | {f["rows"]:,} new people | {f["import_cpu_best"]["cpu_s"]} | {f["import_cpu_best"]["db_cpu_s"]} | {f["import_cpu_best"]["wall_s"]} | **{f["ratio_cpu_new"]:.0%}** |
  | {f["update_rows_changed"]:,} updates | {f["update_cpu"]["cpu_s"]} | {f["update_cpu"]["db_cpu_s"]} | {f["update_cpu"]["wall_s"]} | **{f["ratio_cpu_updates"]:.0%}** |
  | the same file again (nothing changes) | {f["unchanged_cpu"]["cpu_s"]} | {f["unchanged_cpu"]["db_cpu_s"]} | {f["unchanged_cpu"]["wall_s"]} | {f["ratio_cpu_unchanged"]:.0%} |

  Load average {f["load_average_before"][0]:.1f} before, {f["load_average"][0]:.1f} after, on 2 shared cores.
- Memory: tracemalloc peak {f["tracemalloc_peak_mb"]} MB during one import;
  process ru_maxrss {f["ru_maxrss_mb"]} MB (whole run, file generation included).
- File: {f["file_bytes"] / 1e6:.1f} MB; import runs: {f["import_runs_seconds"]} s.
"""


if __name__ == "__main__":
    raise SystemExit(main())
