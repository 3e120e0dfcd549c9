"""Year-end ranking of a cluster's members: a pure function, table tests (ties included)."""

from decimal import Decimal as D

import pytest

from thidua.clusters.ranking import capped_total, leaders, next_in_turn, rank


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ({}, []),
        ({7: D("80")}, [(7, 1, False)]),
        ({1: D("70"), 2: D("90"), 3: D("80")}, [(2, 1, False), (3, 2, False), (1, 3, False)]),
        # two share the top: both first, the next is third ("1, 1, 3")
        ({1: D("90"), 2: D("90"), 3: D("80")}, [(1, 1, True), (2, 1, True), (3, 3, False)]),
        # a tie lower down
        (
            {4: D("95"), 5: D("80.5"), 6: D("80.50"), 9: D("10")},
            [(4, 1, False), (5, 2, True), (6, 2, True), (9, 4, False)],
        ),
        # everyone equal, nobody scored
        ({3: D("0"), 1: D("0")}, [(1, 1, True), (3, 1, True)]),
    ],
)
def test_rank(totals, expected):
    assert [(r.unit_id, r.rank, r.tied) for r in rank(totals)] == expected


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ({1: D("90"), 2: D("90"), 3: D("80")}, [1, 2]),
        ({1: D("70"), 2: D("90")}, [2]),
        ({1: D("0"), 2: D("0")}, []),
        ({}, []),
    ],
)
def test_leaders_are_everyone_sharing_first_place(totals, expected):
    assert [r.unit_id for r in leaders(rank(totals))] == expected


@pytest.mark.parametrize(
    ("points", "caps", "expected"),
    [
        ({}, {1: D("10")}, D("0")),
        ({1: D("8"), 2: D("4.5")}, {1: D("10"), 2: D("5")}, D("12.5")),
        # points above a criterion's maximum count as its maximum
        ({1: D("12")}, {1: D("10")}, D("10")),
        # points for a criterion no longer in the year's list are ignored
        ({1: D("3"), 9: D("50")}, {1: D("10")}, D("3")),
    ],
)
def test_capped_total(points, caps, expected):
    assert capped_total(points, caps) == expected


@pytest.mark.parametrize(
    ("members", "previous", "expected"),
    [
        ([], None, None),
        ([4, 5, 6], None, 4),
        ([4, 5, 6], 4, 5),
        ([4, 5, 6], 6, 4),  # the turn comes round again
        ([4, 5, 6], 99, 4),  # last year's head has left the cluster
    ],
)
def test_next_head_in_turn(members, previous, expected):
    assert next_in_turn(members, previous) == expected
