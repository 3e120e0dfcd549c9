"""Storing eligibility: one row per nominee (models.VerdictSet) holding its verdicts, written
only when the engine's result for that nominee changed: an unchanged re-run writes no row at
all (on PostgreSQL each UPDATE writes a new row version, changed or not)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.nominations.test_evaluators import nominees, verdict_on  # noqa: F401
from thidua.campaigns.enums import CriterionKind
from thidua.indicators.models import DisciplineRecord, StaffRating
from thidua.nominations import selectors, services
from thidua.nominations.enums import Outcome
from thidua.nominations.models import Nominee, VerdictSet
from thidua.nominations.verdicts import (
    Verdict,
    decode,
    digest,
    encode,
    engine_entries,
    engine_text,
)

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 12, 4, 8, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "verdicts",
    [
        [],
        [Verdict(7, 1, Outcome.MET, "Đạt «Lao động tiên tiến» các năm 2023–2024.")],
        [
            Verdict(7, 1, Outcome.NOT_MET, 'Bị kỷ luật: "Khiển trách" theo Quyết định 3/QĐ.'),
            Verdict(7, 2, Outcome.NEEDS_REVIEW, "Chưa có dữ liệu\nnăm 2024.", Outcome.MET,
                    "Quyết định đã bị hủy.", 5, AT),
            Verdict(7, 3, Outcome.NEEDS_REVIEW, "", Outcome.NOT_MET, "Hệ thống ghi nhận.",
                    None, AT),
        ],
    ],
)  # fmt: skip
def test_verdicts_go_through_storage_unchanged(verdicts, nominees):  # noqa: F811
    stored = encode(verdicts)
    assert decode(7, stored) == verdicts
    # and through the database's JSON, both ways, as the store writes it
    row = VerdictSet.objects.create(
        nominee=nominees[0], verdicts=stored, digest=digest(engine_text([]))
    )
    row.refresh_from_db()
    assert decode(7, row.verdicts) == verdicts


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ([(1, "met", "Đạt.")], [(1, "met", "Đạt.")], True),
        ([(1, "met", "Đạt.")], [(1, "met", "Đạt")], False),  # a new wording is a new result
        ([(1, "met", "Đạt.")], [(1, "not_met", "Đạt.")], False),
        ([(1, "met", "Đạt.")], [(2, "met", "Đạt.")], False),
        ([(1, "met", "a"), (2, "met", "b")], [(2, "met", "b"), (1, "met", "a")], False),
        ([(1, "met", "a,b")], [(1, "met", "a"), (2, "met", "b")], False),
    ],
)
def test_the_digest_tells_results_apart_and_is_stable(a, b, same):
    assert (digest(engine_text(a)) == digest(engine_text(b))) is same
    assert digest(engine_text(a)) == digest(engine_text([tuple(e) for e in a]))
    assert -(2**63) <= digest(engine_text(a)) < 2**63  # fits a BigIntegerField


def _state(campaign):
    return (
        sorted(VerdictSet.objects.values_list("nominee_id", "verdicts", "digest", "overridden")),
        dict(Nominee.objects.values_list("pk", "evaluated_at")),
    )


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY"))
    ]


def test_one_row_per_nominee_holds_its_verdicts_in_the_criteria_order(campaign, nominees):
    collective, individual = nominees
    services.eligibility_evaluate(campaign=campaign)

    rows = {r.nominee_id: r for r in VerdictSet.objects.all()}
    assert set(rows) == {collective.pk, individual.pk}
    for nominee in nominees:
        criteria = list(
            campaign.criteria.filter(subject_type=nominee.subject_type).order_by("position", "id")
        )
        stored = decode(nominee.pk, rows[nominee.pk].verdicts)
        assert [v.criterion_id for v in stored] == [c.pk for c in criteria]
        assert rows[nominee.pk].digest == digest(engine_text(engine_entries(stored)))
        read = selectors.verdicts_by_nominee([nominee.pk])[nominee.pk]
        assert [(v.criterion, v.outcome, v.explanation) for v in read] == [
            (c, s.outcome, s.explanation) for c, s in zip(criteria, stored, strict=True)
        ]


def test_an_unchanged_rerun_writes_nothing_and_a_change_only_its_nominee(
    campaign,
    nominees,
    world,  # noqa: F811
):
    collective, individual = nominees
    StaffRating.objects.create(person=world.person_a, year=2023, rating="excellent")
    first_at = timezone.now() - dt.timedelta(hours=1)
    assert services.eligibility_evaluate(campaign=campaign, now=first_at) == 2
    before = _state(campaign)
    assert set(before[1].values()) == {first_at}

    with CaptureQueriesContext(connection) as ctx:
        assert services.eligibility_evaluate(campaign=campaign) == 0
    assert _writes(ctx.captured_queries) == []  # not a row written, not even the same
    assert _state(campaign) == before

    DisciplineRecord.objects.create(
        person=world.person_a,
        form="khien_trach",
        decision_number="3/QĐ-UBND",
        decided_on=dt.date(2023, 6, 1),
        effective_from=dt.date(2023, 6, 1),
    )
    later = timezone.now()
    assert services.eligibility_evaluate(campaign=campaign, now=later) == 1
    individual.refresh_from_db()
    collective.refresh_from_db()
    assert (individual.eligible, individual.evaluated_at) == (False, later)
    assert collective.evaluated_at == first_at  # its eligibility did not change
    after = dict((r[0], r[1:]) for r in _state(campaign)[0])
    assert after[collective.pk] == dict((r[0], r[1:]) for r in before[0])[collective.pk]
    assert verdict_on(individual, CriterionKind.NO_DISCIPLINE).outcome == Outcome.NOT_MET


def test_a_nominee_back_in_draft_loses_its_row(campaign, nominees):
    collective, individual = nominees
    services.eligibility_evaluate(campaign=campaign)
    Nominee.objects.filter(pk=individual.pk).update(state="draft")

    services.eligibility_evaluate(campaign=campaign)

    assert list(VerdictSet.objects.values_list("nominee_id", flat=True)) == [collective.pk]


def test_a_kept_override_decides_the_eligibility_and_queries_do_not_grow(
    campaign,
    nominees,
    world,  # noqa: F811
    secretariat,
    django_assert_max_num_queries,
):
    collective, individual = nominees
    services.eligibility_evaluate(campaign=campaign)
    individual.refresh_from_db()
    assert individual.eligible is None  # no staff rating for the year: needs a person
    review = next(
        v for v in selectors.verdicts_of(individual).values() if v.outcome == Outcome.NEEDS_REVIEW
    )
    services.verdict_override(
        actor=secretariat, verdict=review, outcome=Outcome.NOT_MET, reason="Chưa được đánh giá."
    )
    # The engine's result is unchanged, so its override stays, still decides, and the row
    # holding it is not written again.
    with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(12):
        services.eligibility_evaluate(campaign=campaign)
    assert _writes(ctx.captured_queries) == []
    individual.refresh_from_db()
    assert individual.eligible is False
    kept = selectors.verdicts_of(individual)[review.criterion_id]
    assert (kept.override, kept.override_reason, kept.overridden_by) == (
        Outcome.NOT_MET,
        "Chưa được đánh giá.",
        secretariat,
    )
    assert VerdictSet.objects.get(nominee=individual).overridden is True


def test_an_override_of_a_criterion_not_judged_is_refused(campaign, nominees, secretariat):
    from django.core.exceptions import ValidationError

    collective, individual = nominees
    missing = Verdict(individual.pk, 999_999, Outcome.MET, "")
    with pytest.raises(ValidationError, match="Tiêu chí chưa được đánh giá"):
        services.verdict_override(
            actor=secretariat, verdict=missing, outcome=Outcome.MET, reason="Thử."
        )
