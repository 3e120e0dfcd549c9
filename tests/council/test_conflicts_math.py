"""Table tests of conflicts of interest (pure functions, no database): who is recused on whom,
and the quorum and pass threshold once recused members are left out."""

from fractions import Fraction as F

import pytest

from thidua.council.conflicts import (
    OWN_UNIT,
    RELATIVE,
    SELF,
    Conflict,
    MemberFacts,
    NomineeFacts,
    conflict_of,
    conflicts,
)
from thidua.council.rules_math import (
    ALL_MEMBERS,
    PRESENT,
    VALID_BALLOTS,
    Basis,
    Rule,
    ballot_passes,
    basis_excluding,
)

MEMBER = MemberFacts(key=1, person_id=10, unit_id=100, relatives={20: "Vợ, chồng"})


@pytest.mark.parametrize(
    ("nominee", "expected"),
    [
        (NomineeFacts(7, unit_id=100, person_id=10), Conflict(7, 1, SELF)),
        (NomineeFacts(7, unit_id=300, person_id=20), Conflict(7, 1, RELATIVE, "Vợ, chồng")),
        (NomineeFacts(7, unit_id=100, person_id=20), Conflict(7, 1, RELATIVE, "Vợ, chồng")),
        (NomineeFacts(7, unit_id=100), Conflict(7, 1, OWN_UNIT)),  # the member's unit itself
        (NomineeFacts(7, unit_id=100, person_id=30), Conflict(7, 1, OWN_UNIT)),  # a colleague
        (NomineeFacts(7, unit_id=200), None),  # another unit (even a subordinate one)
        (NomineeFacts(7, unit_id=200, person_id=30), None),
    ],
)
def test_who_a_member_is_recused_on(nominee, expected):
    assert conflict_of(MEMBER, nominee) == expected


def test_a_member_without_records_is_recused_on_nobody():
    bare = MemberFacts(key=2)
    assert conflict_of(bare, NomineeFacts(7, unit_id=100, person_id=10)) is None
    assert conflicts([bare], [NomineeFacts(7, unit_id=100)]) == []


def test_conflicts_pair_every_member_with_every_nominee_in_order():
    other = MemberFacts(key=2, unit_id=200)
    nominees = [NomineeFacts(5, unit_id=200), NomineeFacts(6, unit_id=100, person_id=10)]
    assert conflicts([MEMBER, other], nominees) == [
        Conflict(5, 2, OWN_UNIT),
        Conflict(6, 1, SELF),
    ]


TWO_THIRDS = Rule(ALL_MEMBERS, F(2, 3), quorum=F(2, 3))
HALF_PRESENT = Rule(PRESENT, F(1, 2), strict=True, quorum=F(1, 2))
HALF_VALID = Rule(VALID_BALLOTS, F(1, 2), strict=True, quorum=F(1, 2))


@pytest.mark.parametrize(
    ("rule", "total", "present", "recused", "recused_present", "expected"),
    [
        # 2/3 of all members: 9 → 6 votes, quorum 6
        (TWO_THIRDS, 9, 8, 0, 0, Basis(9, 8, 6, 6, 0)),
        (TWO_THIRDS, 9, 8, 1, 1, Basis(8, 7, 6, 6, 1)),  # 2/3 × 8 = 5.33 → 6
        (TWO_THIRDS, 9, 8, 2, 2, Basis(7, 6, 5, 5, 2)),  # 2/3 × 7 = 4.67 → 5
        (TWO_THIRDS, 9, 8, 2, 1, Basis(7, 7, 5, 5, 2)),  # one recused was absent anyway
        (TWO_THIRDS, 10, 10, 1, 1, Basis(9, 9, 6, 6, 1)),  # 10 → 7; 9 → 6
        (TWO_THIRDS, 3, 3, 3, 3, Basis(0, 0, 0, None, 3)),  # nobody left to vote
        # more than half of those taking part
        (HALF_PRESENT, 9, 8, 0, 0, Basis(9, 8, 5, 5, 0)),
        (HALF_PRESENT, 9, 8, 2, 2, Basis(7, 6, 4, 4, 2)),
        (HALF_PRESENT, 9, 7, 1, 0, Basis(8, 7, 4, 4, 1)),
        # valid ballots: the votes needed are known only once counted
        (HALF_VALID, 9, 8, 1, 1, Basis(8, 7, 4, None, 1)),
    ],
)
def test_recused_members_leave_the_quorum_and_the_threshold(
    rule, total, present, recused, recused_present, expected
):
    assert (
        basis_excluding(
            rule,
            members_total=total,
            members_present=present,
            recused_total=recused,
            recused_present=recused_present,
        )
        == expected
    )


def test_a_recusal_turns_a_failing_vote_into_a_passing_one_and_back():
    # 9 members, 8 present, 5 agree: 5/9 < 2/3 fails; with 2 recused 5 of 7 ≥ 2/3 passes.
    assert not ballot_passes(5, 8, 9, 8, TWO_THIRDS).passed
    basis = basis_excluding(
        TWO_THIRDS, members_total=9, members_present=8, recused_total=2, recused_present=2
    )
    verdict = ballot_passes(5, basis.members_present, basis.members_total, 6, TWO_THIRDS)
    assert verdict.passed and verdict.needed == basis.votes_needed == 5
    # the quorum: 4 taking part of 7 is below 2/3 (5 needed)
    few = basis_excluding(
        TWO_THIRDS, members_total=9, members_present=6, recused_total=2, recused_present=2
    )
    assert (few.members_present, few.quorum_needed) == (4, 5)
    assert not ballot_passes(4, few.members_present, few.members_total, 4, TWO_THIRDS).quorum_met


@pytest.mark.parametrize(
    ("total", "present", "recused", "recused_present"),
    [(9, 10, 0, 0), (9, 8, 10, 0), (9, 8, 2, 3), (9, 2, 5, 3), (9, 8, -1, 0), (9, 8, True, 0)],
)
def test_impossible_counts_are_refused(total, present, recused, recused_present):
    with pytest.raises(ValueError):
        basis_excluding(
            TWO_THIRDS,
            members_total=total,
            members_present=present,
            recused_total=recused,
            recused_present=recused_present,
        )
