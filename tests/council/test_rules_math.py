"""Table tests of the pass rule and of ranking under a quota (pure functions, no database)."""

import math
from fractions import Fraction as F

import pytest

from thidua.council.rules_math import (
    ALL_MEMBERS,
    PRESENT,
    VALID_BALLOTS,
    Entry,
    Rule,
    TieBreaker,
    ballot_passes,
    rank,
    rule_text,
    share_of,
)

TWO_THIRDS = Rule(ALL_MEMBERS, F(2, 3))
NINETY = Rule(ALL_MEMBERS, F(9, 10), quorum=F(0), written_votes=True)

# members → least votes for "at least 2/3" and "at least 90 %" of all members
EXPECTED = {
    5: (4, 5), 6: (4, 6), 7: (5, 7), 8: (6, 8), 9: (6, 9), 10: (7, 9), 11: (8, 10),
    12: (8, 11), 13: (9, 12), 14: (10, 13), 15: (10, 14),
}  # fmt: skip


@pytest.mark.parametrize("members", range(5, 16))
def test_two_thirds_and_ninety_percent_of_all_members_at_each_council_size(members):
    two_thirds, ninety = EXPECTED[members]

    assert share_of(F(2, 3), members, strict=False) == two_thirds
    assert share_of(F(9, 10), members, strict=False) == ninety
    # the classic error: rounding 2/3 × n to the nearest whole number or truncating it
    assert ballot_passes(two_thirds, members, members, members, TWO_THIRDS).passed
    assert not ballot_passes(two_thirds - 1, members, members, members, TWO_THIRDS).passed
    assert ballot_passes(ninety, members, members, members, NINETY).passed
    assert not ballot_passes(ninety - 1, members, members, members, NINETY).passed


def test_two_thirds_of_nine_is_six_and_of_ten_is_seven_not_six():
    assert ballot_passes(6, 9, 9, 9, TWO_THIRDS).needed == 6
    v = ballot_passes(6, 10, 10, 10, TWO_THIRDS)
    assert (v.passed, v.needed) == (False, 7)
    assert math.floor(2 / 3 * 10) == 6  # what float truncation would wrongly accept


@pytest.mark.parametrize(
    ("denominator", "strict", "votes", "present", "total", "valid", "needed", "passed"),
    [
        # every denominator, same votes: 5 agreeing of 9 members, 7 present, 6 valid ballots
        (ALL_MEMBERS, False, 5, 7, 9, 6, 5, True),   # ≥ 1/2 of 9 → 5 (4.5 up)
        (PRESENT, False, 5, 7, 9, 6, 4, True),       # ≥ 1/2 of 7 → 4
        (VALID_BALLOTS, False, 3, 7, 9, 6, 3, True),  # ≥ 1/2 of 6 → 3
        # "more than half": exactly half is not enough
        (VALID_BALLOTS, True, 3, 7, 9, 6, 4, False),
        (ALL_MEMBERS, True, 5, 9, 10, 9, 6, False),
        (ALL_MEMBERS, True, 6, 9, 10, 9, 6, True),
        (PRESENT, True, 4, 8, 9, 8, 5, False),
        (ALL_MEMBERS, False, 5, 10, 10, 10, 5, True),
    ],
)  # fmt: skip
def test_half_under_every_denominator_strict_or_not(
    denominator, strict, votes, present, total, valid, needed, passed
):
    verdict = ballot_passes(votes, present, total, valid, Rule(denominator, F(1, 2), strict))

    assert (verdict.needed, verdict.passed, verdict.quorum_met) == (needed, passed, True)


@pytest.mark.parametrize(
    ("present", "total", "quorum", "met"),
    [(5, 9, F(2, 3), False), (6, 9, F(2, 3), True), (6, 10, F(2, 3), False),
     (7, 10, F(2, 3), True), (4, 9, F(1, 2), False), (5, 9, F(1, 2), True),
     (0, 0, F(0), False)],
)  # fmt: skip
def test_quorum_failures_count_no_vote(present, total, quorum, met):
    rule = Rule(PRESENT, F(1, 2), quorum=quorum)

    verdict = ballot_passes(present, present, total, present, rule)

    assert verdict.quorum_met is met
    assert verdict.passed is met
    if not met:
        assert verdict.needed is None
        assert verdict.reason.startswith("Không đủ số thành viên tham gia")


def test_no_valid_ballot_does_not_pass_and_says_why():
    verdict = ballot_passes(0, 7, 9, 0, Rule(VALID_BALLOTS, F(1, 2)))

    assert (verdict.passed, verdict.needed, verdict.reason) == (
        False,
        None,
        "Không có phiếu hợp lệ.",
    )


def test_reason_cites_the_numbers_in_vietnamese():
    verdict = ballot_passes(6, 8, 9, 8, TWO_THIRDS)

    assert verdict.reason == (
        "Đạt: 6/9 phiếu đồng ý, cần 6 (từ 2/3 tổng số thành viên Hội đồng trở lên)."
    )
    assert rule_text(NINETY) == "từ 90% tổng số thành viên Hội đồng trở lên"
    assert rule_text(Rule(VALID_BALLOTS, F(1, 2), strict=True)) == "trên 1/2 số phiếu hợp lệ"


@pytest.mark.parametrize(
    ("args", "message"),
    [((10, 9, 9, 9), "votes"), ((3, 10, 9, 9), "members_present"),
     ((3, 5, 9, 6), "valid_ballots"), ((-1, 5, 9, 5), "votes")],
)  # fmt: skip
def test_impossible_counts_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        ballot_passes(*args, TWO_THIRDS)


def test_rule_refuses_a_threshold_above_one():
    with pytest.raises(ValueError, match="threshold"):
        Rule(ALL_MEMBERS, F(3, 2))


# Ranking --------------------------------------------------------------------------------------

PAR = {"A": 91.5, "B": 88.0, "C": 88.0, "D": 95.0, "E": None}
SUBMITTED = {"A": 3, "B": 1, "C": 2, "D": 4, "E": 5}
PAR_THEN_TIME = [
    TieBreaker.from_mapping("par_index", "Chỉ số CCHC", PAR),
    TieBreaker.from_mapping("submitted_at", "Thời điểm nộp", SUBMITTED, descending=False),
]


def _table(ranking):
    return [(r.key, r.votes, r.rank, r.within_quota) for r in ranking.rows]


def test_ties_inside_the_quota_share_a_rank_and_all_are_within():
    ranking = rank([Entry("A", 8), Entry("B", 8), Entry("C", 7)], quota=5)

    assert _table(ranking) == [("A", 8, 1, True), ("B", 8, 1, True), ("C", 7, 3, True)]
    assert ranking.tie is None


def test_tie_across_the_cut_is_reported_not_broken():
    entries = [Entry("A", 9), Entry("B", 8), Entry("C", 7), Entry("D", 7), Entry("E", 6)]

    ranking = rank(entries, quota=3)

    assert _table(ranking) == [
        ("A", 9, 1, True),
        ("B", 8, 2, True),
        ("C", 7, 3, None),
        ("D", 7, 3, None),
        ("E", 6, 5, False),
    ]
    assert (ranking.tie.keys, ranking.tie.seats, ranking.tie.rank) == (("C", "D"), 1, 3)
    assert ranking.within == ["A", "B"]


def test_all_tied_with_fewer_seats_is_one_tie_for_every_seat():
    ranking = rank([Entry(k, 6) for k in "ABCD"], quota=2)

    assert [r.within_quota for r in ranking.rows] == [None] * 4
    assert (ranking.tie.keys, ranking.tie.seats) == (("A", "B", "C", "D"), 2)


def test_fewer_passing_than_the_quota_all_within_no_tie():
    ranking = rank([Entry("A", 6), Entry("B", 6)], quota=5)

    assert _table(ranking) == [("A", 6, 1, True), ("B", 6, 1, True)]
    assert ranking.tie is None


def test_exactly_filling_the_quota_is_no_tie():
    ranking = rank([Entry("A", 7), Entry("B", 6), Entry("C", 6)], quota=3)

    assert ranking.tie is None and ranking.within == ["A", "B", "C"]


def test_no_quota_means_all_within():
    ranking = rank([Entry("A", 1), Entry("B", 9)], quota=None)

    assert _table(ranking) == [("B", 9, 1, True), ("A", 1, 2, True)]


def test_zero_quota_puts_everyone_outside():
    assert [r.within_quota for r in rank([Entry("A", 9)], quota=0).rows] == [False]


def test_par_index_breaks_the_tie_at_the_cut_then_submission_time():
    entries = [Entry("A", 7), Entry("B", 7), Entry("C", 7), Entry("D", 9)]

    ranking = rank(entries, quota=2, tie_breakers=PAR_THEN_TIME)

    # D by votes; A by the PAR index (91.5 > 88.0); B before C by earlier submission
    assert _table(ranking) == [
        ("D", 9, 1, True),
        ("A", 7, 2, True),
        ("B", 7, 3, False),
        ("C", 7, 4, False),
    ]
    assert [r.decided_by for r in ranking.rows] == ["", "par_index", "submitted_at", "submitted_at"]
    assert ranking.tie is None


def test_a_missing_value_does_not_decide_a_place():
    # E has no PAR index: the PAR index cannot separate A and E, submission time does
    ranking = rank([Entry("A", 7), Entry("E", 7)], quota=1, tie_breakers=PAR_THEN_TIME[:1])

    assert ranking.tie.keys == ("A", "E")
    ranking = rank([Entry("A", 7), Entry("E", 7)], quota=1, tie_breakers=PAR_THEN_TIME)
    assert ranking.within == ["A"] and ranking.tie is None


def test_chairs_recorded_decision_resolves_the_tie_and_says_so():
    entries = [Entry("C", 7), Entry("D", 7), Entry("A", 9)]
    assert rank(entries, quota=2).tie.keys == ("C", "D")

    ranking = rank(entries, quota=2, tie_breakers=[TieBreaker.decision(["D", "C"])])

    assert _table(ranking) == [("A", 9, 1, True), ("D", 7, 2, True), ("C", 7, 3, False)]
    assert ranking.row("D").decided_by == "decision"
    assert ranking.tie is None


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        rank([Entry("A", 1), Entry("A", 2)], quota=1)
