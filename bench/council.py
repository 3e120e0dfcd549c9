"""Council session: casting secret ballots, closing (tally from stored votes, reshuffle, pass
rules, ranking under the quota), the minutes PDF, and the pure ranking function alone.

Builds MEMBERS council members and NOMINEES accepted, eligible collective nominees (one unit
each), one session with all of them on the agenda and all members present, then times:
  - each member's ballot (ballot_cast: one receipt, one anonymous ballot, NOMINEES votes);
  - session_close_voting (reshuffle of every ballot, tally, pass rule, rank under quota 5);
  - the Biên bản họp Hội đồng PDF (Typst) of that session;
  - rules_math.rank over RANK_ENTRIES entries with two tie-breakers (pure Python).

Writes bench/results/council_<vendor>.{json,md}. Small by default; the big sizes by flag:
    .venv/bin/python bench/council.py --members 15 --nominees 3321 --rank-entries 100000
With DATABASE_URL unset a fresh SQLite file in a temporary folder is used.
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
from pathlib import Path

from world import province_with_communes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "src"))


def build(members: int, nominees: int):
    from fractions import Fraction

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from thidua.campaigns.models import AwardForm, Campaign
    from thidua.council import services
    from thidua.council.enums import BallotType, CouncilRole, Denominator
    from thidua.nominations.models import Nominee, Proposal

    call_command("migrate", verbosity=0)
    province, units = province_with_communes(nominees)
    campaign = Campaign.objects.create(
        issuer=province,
        year=2025,
        title="Thi đua cải cách hành chính năm 2025",
        state="evaluating",
        issuer_display="ỦY BAN NHÂN DÂN\nTỈNH THỬ",
        place="Thử",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    form = AwardForm.objects.create(
        campaign=campaign,
        name="Giấy khen",
        subject_type="collective",
        legal_kind="GIAY_KHEN_THU_TRUONG",
        quota=5,
    )
    services.pass_rule_set(
        actor=None,
        form_kind=form.legal_kind,
        subject_type=form.subject_type,
        ballot_type=BallotType.SECRET,
        denominator=Denominator.ALL_MEMBERS,
        threshold=Fraction(2, 3),
        quorum=Fraction(2, 3),
        tie_breakers=["par_index", "submitted_at"],
    )
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(campaign=campaign, unit=u, state="accepted", submitted_at=now, version=1)
            for u in units
        ]
    )
    Nominee.objects.bulk_create(
        [
            Nominee(
                proposal=p,
                award_form=form,
                subject_type="collective",
                unit=p.unit,
                state="accepted",
                eligible=True,
                submitted_at=now - dt.timedelta(minutes=i % 7),
            )
            for i, p in enumerate(proposals)
        ],
        batch_size=2000,
    )
    council = services.council_create(
        actor=None, issuer=province, name="Hội đồng Thử", valid_from=dt.date(2025, 1, 1)
    )
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"tv{i}") for i in range(members)])
    roles = [CouncilRole.CHAIR] + [CouncilRole.MEMBER] * (members - 1)
    people = [
        services.member_add(
            actor=None, council=council, user=u, full_name=f"Thành viên {i}", role=r, position=i
        )
        for i, (u, r) in enumerate(zip(users, roles, strict=True))
    ]
    session = services.session_create(
        actor=None,
        council=council,
        campaign=campaign,
        held_on=dt.date(2026, 1, 20),
        place="Hội trường",
    )
    services.agenda_set(
        actor=None,
        session=session,
        nominees=list(Nominee.objects.filter(proposal__campaign=campaign)),
    )
    services.attendance_set(actor=None, session=session, present=people)
    services.session_open_voting(actor=None, session=session)
    return session, people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--nominees", type=int, default=200)
    parser.add_argument("--rank-entries", type=int, default=10_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="thidua-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.council import minutes as council_minutes
    from thidua.council import services
    from thidua.council.enums import Choice
    from thidua.council.rules_math import Entry, TieBreaker, rank

    session, people = build(args.members, args.nominees)
    items = list(session.items.values_list("pk", flat=True))
    rng = random.Random(7)
    cast_times, cast_queries = [], 0
    for member in people:
        choices = {pk: Choice.AGREE if rng.random() < 0.8 else Choice.DISAGREE for pk in items}
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            services.ballot_cast(actor=member.user, session=session, choices=choices)
            cast_times.append(time.perf_counter() - t0)
        cast_queries = max(cast_queries, len(ctx.captured_queries))
    par = {
        n: rng.choice([None, 80.0, 85.5, 90.25])
        for n in session.items.values_list("nominee_id", flat=True)
    }
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        services.session_close_voting(actor=None, session=session, par_index=par)
        close_s = time.perf_counter() - t0
    close_queries = len(ctx.captured_queries)
    session.refresh_from_db()
    t0 = time.perf_counter()
    council_minutes.render(session, council_minutes.MINUTES, "pdf")  # first: Typst start-up
    first_pdf_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pdf = council_minutes.render(session, council_minutes.MINUTES, "pdf")
    pdf_s = time.perf_counter() - t0

    entries = [Entry(i, rng.randint(0, 15)) for i in range(args.rank_entries)]
    breakers = [
        TieBreaker.from_mapping(
            "par", "PAR", {i: rng.randint(60, 100) for i in range(args.rank_entries)}
        ),
        TieBreaker.from_mapping(
            "t", "time", {i: i % 97 for i in range(args.rank_entries)}, descending=False
        ),
    ]
    t0 = time.perf_counter()
    rank(entries, 5, breakers)
    rank_s = time.perf_counter() - t0

    vendor = connection.vendor
    result = {
        "vendor": vendor,
        "python": platform.python_version(),
        "members": args.members,
        "nominees": args.nominees,
        "cast_ms_median": round(sorted(cast_times)[len(cast_times) // 2] * 1000, 1),
        "cast_ms_max": round(max(cast_times) * 1000, 1),
        "cast_queries": cast_queries,
        "close_s": round(close_s, 3),
        "close_queries": close_queries,
        "minutes_pdf_first_s": round(first_pdf_s, 3),
        "minutes_pdf_s": round(pdf_s, 3),
        "minutes_pdf_kib": len(pdf) // 1024,
        "rank_entries": args.rank_entries,
        "rank_ms": round(rank_s * 1000, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"council_{vendor}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"# Council session ({vendor})", "", "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in result.items()]
    (RESULTS / f"council_{vendor}.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
