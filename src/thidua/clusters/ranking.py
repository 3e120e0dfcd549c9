"""Year-end ranking among a cluster's members: a pure function, no ORM (table tests in
tests/clusters/test_ranking.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Ranked:
    unit_id: int
    total: Decimal
    rank: int
    tied: bool


def capped_total(points: Mapping[int, Decimal], max_points: Mapping[int, Decimal]) -> Decimal:
    """A member's total over the criteria: each criterion's points (criterion id → points),
    never more than its maximum."""
    return sum(
        (min(Decimal(p), Decimal(max_points[c])) for c, p in points.items() if c in max_points),
        Decimal(0),
    )


def rank(totals: Mapping[int, Decimal]) -> list[Ranked]:
    """Standard competition ranking ("1, 1, 3"): the highest total first; equal totals share
    a rank and are marked tied, and the next rank skips as many places; members with equal
    totals are listed by unit id so the order is stable."""
    ordered = sorted(totals.items(), key=lambda item: (-Decimal(item[1]), item[0]))
    counts: dict[Decimal, int] = {}
    for _, total in ordered:
        counts[Decimal(total)] = counts.get(Decimal(total), 0) + 1
    out: list[Ranked] = []
    for position, (unit_id, total) in enumerate(ordered, start=1):
        total = Decimal(total)
        shared = out[-1].rank if out and out[-1].total == total else position
        out.append(Ranked(unit_id, total, shared, counts[total] > 1))
    return out


def leaders(ranked: list[Ranked]) -> list[Ranked]:
    """The top-ranked member(s): every member sharing rank 1 (none when nobody scored)."""
    return [r for r in ranked if r.rank == 1 and r.total > 0]


def next_in_turn(member_ids: list[int], previous: int | None) -> int | None:
    """The head for a new year: the member after last year's head, in the members' order
    (the first member when there was none, or when last year's head has left)."""
    if not member_ids:
        return None
    if previous not in member_ids:
        return member_ids[0]
    return member_ids[(member_ids.index(previous) + 1) % len(member_ids)]
