"""The index arithmetic as pure functions: roll-up with "not applicable" leaves, band edges,
competition ranks, year-over-year movement."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.indicators.enums import Change
from thidua.indicators.scoring import (
    LeafValue,
    NodeSpec,
    band_for,
    grand_total,
    movement,
    percent,
    rank,
    roll_up,
)

D = Decimal
BANDS = [(D("90"), "Xuất sắc"), (D("80"), "Tốt"), (D("70"), "Khá"), (D("0"), "Trung bình")]

# 1 ─ 1.1 (4), 1.2 (6);  2 ─ 2.1 (10)
TREE = [
    NodeSpec(1, None, D("10")),
    NodeSpec(11, 1, D("4")),
    NodeSpec(12, 1, D("6")),
    NodeSpec(2, None, D("10")),
    NodeSpec(21, 2, D("10")),
]


def test_roll_up_adds_leaves_up_the_tree():
    totals = roll_up(TREE, {11: LeafValue(D("3")), 12: LeafValue(D("5.5")), 21: LeafValue(D("9"))})
    assert (totals[1].points, totals[1].applicable_max) == (D("8.5"), D("10"))
    assert (totals[2].points, totals[2].applicable_max) == (D("9"), D("10"))
    total = grand_total(TREE, totals)
    assert (total.points, total.maximum, total.applicable_max) == (D("17.5"), D("20"), D("20"))
    assert total.percent == D("87.50")


def test_not_applicable_leaf_leaves_the_maximum():
    totals = roll_up(
        TREE,
        {11: LeafValue(None, not_applicable=True), 12: LeafValue(D("6")), 21: LeafValue(D("8"))},
    )
    total = grand_total(TREE, totals)
    assert (total.points, total.maximum, total.applicable_max) == (D("14"), D("20"), D("16"))
    assert total.percent == D("87.50")
    assert totals[1].percent == D("100.00")


def test_unscored_leaf_counts_zero_but_keeps_its_maximum():
    total = grand_total(TREE, roll_up(TREE, {21: LeafValue(D("10"))}))
    assert (total.points, total.applicable_max, total.percent) == (D("10"), D("20"), D("50.00"))


def test_everything_not_applicable_has_no_percent():
    na = LeafValue(None, not_applicable=True)
    total = grand_total(TREE, roll_up(TREE, {11: na, 12: na, 21: na}))
    assert (total.points, total.applicable_max, total.percent) == (D("0"), D("0"), None)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (D("100.00"), "Xuất sắc"),
        (D("90.00"), "Xuất sắc"),
        (D("89.99"), "Tốt"),
        (D("80.00"), "Tốt"),
        (D("79.99"), "Khá"),
        (D("70.00"), "Khá"),
        (D("69.99"), "Trung bình"),
        (D("0.00"), "Trung bình"),
        (None, ""),
    ],
)
def test_band_edges_are_inclusive_minimums(value, band):
    assert band_for(value, BANDS) == band


def test_band_without_a_floor_band_is_blank_below_the_lowest():
    assert band_for(D("50"), [(D("90"), "Xuất sắc"), (D("80"), "Tốt")]) == ""


def test_percent_rounds_half_up_to_two_places():
    # 89.995 % must not become a "Xuất sắc" by an unlucky float: Decimal half-up → 90.00 …
    assert percent(D("17.999"), D("20")) == D("90.00")
    # … and 2/3 is 66.67, not 66.66
    assert percent(D("2"), D("3")) == D("66.67")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"a": D("95"), "b": D("90"), "c": D("90"), "d": D("80")},
            {"a": 1, "b": 2, "c": 2, "d": 4},
        ),
        ({"a": D("90"), "b": D("90")}, {"a": 1, "b": 1}),
        ({"a": D("70"), "b": None, "c": D("75")}, {"a": 2, "b": None, "c": 1}),
        ({}, {}),
    ],
)
def test_rank_ties_share_and_the_next_rank_skips(values, expected):
    assert rank(values) == expected


@pytest.mark.parametrize(
    ("previous", "current", "change", "delta"),
    [
        (D("7.5"), D("8.0"), Change.UP, D("0.5")),
        (D("8.0"), D("8.0"), Change.SAME, D("0")),
        (D("8.0"), D("7.0"), Change.DOWN, D("-1.0")),
        (None, D("9.0"), Change.NO_DATA, None),
        (D("9.0"), None, Change.NO_DATA, None),
        (None, None, Change.NO_DATA, None),
    ],
)
def test_movement_without_last_year_is_no_data_never_an_improvement(
    previous, current, change, delta
):
    m = movement(previous, current)
    assert (m.change, m.delta) == (change, delta)
    assert m.improved is (change == Change.UP)
    if previous is None:
        assert m.label == "Chưa có dữ liệu"


# Random trees ----------------------------------------------------------------------------------

scores = st.decimals(min_value=-5, max_value=30, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def trees(draw):
    """A random forest of up to 3 levels, with a value (or N/A, or nothing) for each leaf."""
    nodes: list[NodeSpec] = []
    values: dict[int, LeafValue] = {}
    next_id = iter(range(1, 10_000))

    def grow(parent, depth):
        n_children = draw(st.integers(0 if depth else 1, 4 if depth < 2 else 0))
        node_id = next(next_id)
        maximum = draw(st.decimals(min_value=D("0.5"), max_value=20, places=2))
        nodes.append(NodeSpec(node_id, parent, maximum))
        if depth == 2 or n_children == 0:
            kind = draw(st.sampled_from(["score", "na", "none"]))
            if kind == "score":
                values[node_id] = LeafValue(draw(scores))
            elif kind == "na":
                values[node_id] = LeafValue(None, not_applicable=True)
            return
        for _ in range(n_children):
            grow(node_id, depth + 1)

    for _ in range(draw(st.integers(1, 4))):
        grow(None, 0)
    return nodes, values


def _leaves(nodes):
    parents = {n.parent_id for n in nodes}
    return [n for n in nodes if n.id not in parents]


@settings(max_examples=300, deadline=None)
@given(trees())
def test_roll_up_of_random_trees_stays_within_the_applicable_maximum(tree):
    nodes, values = tree
    totals = roll_up(nodes, values)
    total = grand_total(nodes, totals)
    leaves = _leaves(nodes)
    applicable = [n for n in leaves if not values.get(n.id, LeafValue(None)).not_applicable]
    # the maximum is the applicable leaves' maxima; "not applicable" leaves leave it
    assert total.applicable_max == sum((n.max_score for n in applicable), D("0"))
    assert total.maximum == sum((n.max_score for n in leaves), D("0"))
    # the total never exceeds the maximum and is never negative
    assert D("0") <= total.points <= total.applicable_max <= total.maximum
    for node_total in totals.values():
        assert D("0") <= node_total.points <= node_total.applicable_max
    # % is the total over the applicable maximum
    if total.applicable_max > 0:
        assert total.percent == (total.points * 100 / total.applicable_max).quantize(
            D("0.01"), ROUND_HALF_UP
        )
        assert D("0") <= total.percent <= D("100")
    else:
        assert total.percent is None


@settings(max_examples=200, deadline=None)
@given(trees(), st.randoms(use_true_random=False))
def test_roll_up_is_the_same_in_any_node_order_and_parents_add_their_children(tree, rnd):
    """Publishing orders the tree once (children first) and rolls up thousands of units over
    it: the order the nodes come in must not matter, and every inner node is its children's
    sum."""
    nodes, values = tree
    shuffled = list(nodes)
    rnd.shuffle(shuffled)
    totals = roll_up(nodes, values)
    assert roll_up(shuffled, values) == totals
    assert grand_total(shuffled, totals) == grand_total(nodes, totals)
    for node in nodes:
        kids = [totals[n.id] for n in nodes if n.parent_id == node.id]
        if kids:
            assert totals[node.id].points == sum((k.points for k in kids), D("0"))
            assert totals[node.id].maximum == sum((k.maximum for k in kids), D("0"))
            assert totals[node.id].applicable_max == sum((k.applicable_max for k in kids), D("0"))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 50), st.decimals(0, 100, places=2), max_size=30))
def test_rank_is_one_plus_the_number_strictly_better(values):
    ranks = rank(values)
    for key, value in values.items():
        assert ranks[key] == 1 + sum(1 for v in values.values() if v > value)
