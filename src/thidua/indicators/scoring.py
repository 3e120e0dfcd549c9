"""Pure arithmetic of indices: roll-up, percentage, rating band, rank, year-over-year change.
No ORM here: plain values in, plain values out, tested by tables and hypothesis."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from thidua.indicators.enums import Change

ZERO = Decimal("0")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class NodeSpec:
    id: int
    parent_id: int | None
    max_score: Decimal


@dataclass(frozen=True)
class LeafValue:
    score: Decimal | None  # None: not scored yet (counts as 0 while the maximum still applies)
    not_applicable: bool = False


@dataclass(frozen=True)
class Total:
    points: Decimal
    maximum: Decimal  # the node's full maximum (sum of its leaves)
    applicable_max: Decimal  # the maximum without "not applicable" leaves

    @property
    def percent(self) -> Decimal | None:
        return percent(self.points, self.applicable_max)


class Tree:
    """A framework's tree, ordered once (children before their parent) so that rolling up
    many assessments' scores over the same tree is one flat pass each, with no recursion.
    Nodes may be given in any order; a parent is found by id, and a node whose parent is not
    in the tree is a root."""

    def __init__(self, nodes: Sequence[NodeSpec]):
        children: dict[int | None, list[NodeSpec]] = {}
        for n in nodes:
            children.setdefault(n.parent_id, []).append(n)
        ids = {n.id for n in nodes}
        self.roots = [n.id for n in nodes if n.parent_id is None or n.parent_id not in ids]
        #: (id, maximum, the children's ids or None for a leaf), children first
        self.order: list[tuple[int, Decimal, tuple[int, ...] | None]] = []
        for root in [n for n in nodes if n.id in self.roots]:
            stack: list[tuple[NodeSpec, bool]] = [(root, False)]
            while stack:
                node, expanded = stack.pop()
                kids = children.get(node.id, [])
                if expanded or not kids:
                    self.order.append((node.id, node.max_score,
                                       tuple(k.id for k in kids) if kids else None))  # fmt: skip
                    continue
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids))

    def roll_up(self, values: Mapping[int, LeafValue]) -> dict[int, Total]:
        """Totals of every node: a leaf counts its score (capped at its maximum, never below
        0); a "not applicable" leaf counts neither points nor maximum; inner nodes add their
        children."""
        totals: dict[int, Total] = {}
        for node_id, max_score, kids in self.order:
            if kids is None:
                value = values.get(node_id)
                if value is not None and value.not_applicable:
                    totals[node_id] = Total(ZERO, max_score, ZERO)
                else:
                    score = value.score if value is not None else None
                    score = min(max(score or ZERO, ZERO), max_score)
                    totals[node_id] = Total(score, max_score, max_score)
                continue
            points = maximum = applicable = ZERO
            for kid in kids:
                part = totals[kid]
                points += part.points
                maximum += part.maximum
                applicable += part.applicable_max
            totals[node_id] = Total(points, maximum, applicable)
        return totals

    def grand_total(self, totals: Mapping[int, Total]) -> Total:
        roots = [totals[i] for i in self.roots]
        return Total(
            sum((t.points for t in roots), ZERO),
            sum((t.maximum for t in roots), ZERO),
            sum((t.applicable_max for t in roots), ZERO),
        )


def roll_up(nodes: Sequence[NodeSpec], values: Mapping[int, LeafValue]) -> dict[int, Total]:
    """Totals of every node of `nodes` (see `Tree.roll_up`); for many assessments over one
    tree, build the `Tree` once."""
    return Tree(nodes).roll_up(values)


def grand_total(nodes: Sequence[NodeSpec], totals: Mapping[int, Total]) -> Total:
    return Tree(nodes).grand_total(totals)


def percent(points: Decimal, applicable_max: Decimal) -> Decimal | None:
    """Points as a percentage of the applicable maximum, to 2 places (half up); None when
    nothing applies."""
    if applicable_max <= 0:
        return None
    return (Decimal(points) * 100 / Decimal(applicable_max)).quantize(CENT, ROUND_HALF_UP)


def band_for(value: Decimal | None, bands: Iterable[tuple[Decimal, str]]) -> str:
    """The label of the band with the highest minimum the value reaches (a minimum is
    inclusive: exactly 90.00 % is "≥ 90 %"); "" when none."""
    if value is None:
        return ""
    best: tuple[Decimal, str] | None = None
    for minimum, label in bands:
        if value >= minimum and (best is None or minimum > best[0]):
            best = (minimum, label)
    return best[1] if best else ""


def rank(values: Mapping[object, Decimal | None]) -> dict[object, int | None]:
    """Competition ranking, highest first: equal values share a rank and the next rank skips
    (1, 2, 2, 4). Keys without a value get None."""
    ordered = sorted((v for v in values.values() if v is not None), reverse=True)
    first_at: dict[Decimal, int] = {}
    for i, v in enumerate(ordered):
        first_at.setdefault(v, i + 1)
    return {k: (first_at[v] if v is not None else None) for k, v in values.items()}


@dataclass(frozen=True)
class Movement:
    change: str  # Change value
    delta: Decimal | None

    @property
    def label(self) -> str:
        return Change(self.change).label

    @property
    def improved(self) -> bool:
        return self.change == Change.UP


def movement(previous: Decimal | None, current: Decimal | None) -> Movement:
    """Year-over-year: without both years there is no data, never an improvement."""
    if previous is None or current is None:
        return Movement(Change.NO_DATA, None)
    delta = current - previous
    if delta > 0:
        return Movement(Change.UP, delta)
    if delta < 0:
        return Movement(Change.DOWN, delta)
    return Movement(Change.SAME, delta)
