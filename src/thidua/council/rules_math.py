"""Pass rules and ranking under quotas: pure functions over plain values, no ORM.

Exact arithmetic throughout (fractions.Fraction): "two thirds of 9 members" is 6 votes, of 10
members 7, never 6.67 rounded one way or the other. A tie across the quota's cut is returned as
such and never broken silently: the chair's explicit decision is passed back in as the last
tie-breaker (:meth:`TieBreaker.decision`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

# The names match council.enums (TextChoices); repeated here so this module imports nothing.
ALL_MEMBERS, PRESENT, VALID_BALLOTS = "all_members", "present", "valid_ballots"
DENOMINATORS = (ALL_MEMBERS, PRESENT, VALID_BALLOTS)


@dataclass(frozen=True)
class Rule:
    """A pass rule as plain values.

    threshold: the share of the denominator a nominee needs (2/3, 9/10 …);
    strict: "more than" the share (True) or "at least" it (False);
    quorum: the share of all members who must take part for any vote to count
    (0 for none); taking part = present, plus absent members' written votes where
    `written_votes` allows them.
    """

    denominator: str
    threshold: Fraction
    strict: bool = False
    quorum: Fraction = Fraction(0)
    written_votes: bool = False

    def __post_init__(self) -> None:
        if self.denominator not in DENOMINATORS:
            raise ValueError(f"denominator: {self.denominator!r} is not one of {DENOMINATORS}")
        if not (0 < Fraction(self.threshold) <= 1):
            raise ValueError("threshold: expected a fraction in (0, 1]")
        if not (0 <= Fraction(self.quorum) <= 1):
            raise ValueError("quorum: expected a fraction in [0, 1]")


@dataclass(frozen=True)
class Verdict:
    passed: bool
    votes: int
    needed: int | None  # votes needed to pass; None when the quorum failed or nothing to count
    base: int  # the denominator's value
    quorum_met: bool
    reason: str  # Vietnamese, citing the numbers


def share_of(fraction: Fraction, count: int, *, strict: bool) -> int:
    """The least whole number of votes that meets `fraction` of `count`.

    At least 2/3 of 9 → 6; of 10 → 7 (20/3 = 6.67 → 7). More than 1/2 of 10 → 6.
    """
    exact = Fraction(fraction) * count
    return math.floor(exact) + 1 if strict else math.ceil(exact)


def quorum_needed(rule: Rule, members_total: int) -> int:
    return share_of(rule.quorum, members_total, strict=False)


def _fraction_text(value: Fraction) -> str:
    value = Fraction(value)
    percent = value * 100
    if percent.denominator == 1 and value.denominator in (10, 20, 25, 50, 100, 5, 4):
        return f"{percent.numerator}%"
    return f"{value.numerator}/{value.denominator}"


def rule_text(rule: Rule) -> str:
    """ "từ 2/3 tổng số thành viên Hội đồng trở lên" and the like."""
    base = {
        ALL_MEMBERS: "tổng số thành viên Hội đồng",
        PRESENT: "số thành viên tham gia biểu quyết",
        VALID_BALLOTS: "số phiếu hợp lệ",
    }[rule.denominator]
    share = _fraction_text(rule.threshold)
    return f"trên {share} {base}" if rule.strict else f"từ {share} {base} trở lên"


def ballot_passes(
    votes: int, members_present: int, members_total: int, valid_ballots: int, rule: Rule
) -> Verdict:
    """Does a nominee with `votes` agreeing votes pass?

    members_present: members taking part (present, plus written votes where allowed);
    members_total: all members of the council on the session's date;
    valid_ballots: valid ballots counted for this nominee.
    """
    for name, value in (
        ("votes", votes),
        ("members_present", members_present),
        ("members_total", members_total),
        ("valid_ballots", valid_ballots),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name}: expected a whole number ≥ 0")
    if members_present > members_total:
        raise ValueError("members_present: more than members_total")
    if valid_ballots > members_present:
        raise ValueError("valid_ballots: more than the members taking part")
    if votes > valid_ballots:
        raise ValueError("votes: more than the valid ballots")
    base = {ALL_MEMBERS: members_total, PRESENT: members_present, VALID_BALLOTS: valid_ballots}[
        rule.denominator
    ]
    need_quorum = quorum_needed(rule, members_total)
    if members_total == 0 or members_present < need_quorum:
        return Verdict(
            False,
            votes,
            None,
            base,
            False,
            f"Không đủ số thành viên tham gia: {members_present}/{members_total}, "
            f"cần ít nhất {need_quorum}.",
        )
    if base == 0:
        return Verdict(False, votes, None, base, True, "Không có phiếu hợp lệ.")
    needed = share_of(rule.threshold, base, strict=rule.strict)
    passed = votes >= needed
    word = "Đạt" if passed else "Không đạt"
    return Verdict(
        passed,
        votes,
        needed,
        base,
        True,
        f"{word}: {votes}/{base} phiếu đồng ý, cần {needed} ({rule_text(rule)}).",
    )


# Ranking ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: Hashable
    votes: int
    label: str = ""


@dataclass(frozen=True)
class TieBreaker:
    """Orders entries of equal votes by `value(key)`; higher first unless `descending=False`.

    It separates a group only when every entry of the group has a value (None = unknown):
    a missing PAR index must not decide a place silently.
    """

    name: str
    label: str
    value: Callable[[Hashable], Any]
    descending: bool = True

    @classmethod
    def from_mapping(
        cls, name: str, label: str, values: Mapping[Hashable, Any], descending: bool = True
    ) -> TieBreaker:
        return cls(name, label, values.get, descending)

    @classmethod
    def decision(cls, order: Sequence[Hashable]) -> TieBreaker:
        """The chair's recorded choice: keys in the chosen order, first best."""
        position = {k: i for i, k in enumerate(order)}
        return cls("decision", "Quyết định của Chủ tịch Hội đồng", position.get, descending=False)


@dataclass(frozen=True)
class Ranked:
    key: Hashable
    votes: int
    rank: int  # competition rank: equal entries share it ("1, 2, 2, 4")
    within_quota: bool | None  # None: in a tie across the cut, undecided
    decided_by: str = ""  # the tie-breaker that set this entry apart from an equal one


@dataclass(frozen=True)
class TieAtCut:
    keys: tuple[Hashable, ...]
    seats: int  # how many of them fit in the quota
    rank: int


@dataclass(frozen=True)
class Ranking:
    rows: tuple[Ranked, ...]
    tie: TieAtCut | None = None
    quota: int | None = None

    @property
    def within(self) -> list[Hashable]:
        return [r.key for r in self.rows if r.within_quota]

    @cached_property
    def _by_key(self) -> dict[Hashable, Ranked]:
        return {r.key: r for r in self.rows}

    def row(self, key: Hashable) -> Ranked:
        return self._by_key[key]


def _sortable(key: Hashable) -> tuple:
    """A stable display order inside a group of equals (it decides nothing)."""
    return (0, key, "") if isinstance(key, int) else (1, 0, str(key))


def _split(entries: list[Entry], breakers: Sequence[TieBreaker]) -> list[tuple[list[Entry], str]]:
    """Split equal-vote entries into ordered groups of still-equal ones."""
    if len(entries) == 1 or not breakers:
        return [(entries, "")]
    breaker, rest = breakers[0], breakers[1:]
    values = {e.key: breaker.value(e.key) for e in entries}
    if any(v is None for v in values.values()):
        return _split(entries, rest)
    parts: dict[Any, list[Entry]] = {}
    for e in entries:
        parts.setdefault(values[e.key], []).append(e)
    distinct = sorted(parts, reverse=breaker.descending)
    out = []
    for v in distinct:
        for sub, by in _split(parts[v], rest):
            out.append((sub, by or (breaker.name if len(distinct) > 1 else "")))
    return out


def rank(
    entries: Iterable[Entry], quota: int | None, tie_breakers: Sequence[TieBreaker] = ()
) -> Ranking:
    """Order passing entries by votes, then by the tie-breakers in order; cut at `quota`.

    Entries still equal after every tie-breaker share a rank. If such a group straddles the
    cut, none of its entries is marked within or outside the quota: the tie is returned for a
    decision. `quota=None` means no limit.
    """
    entries = list(entries)
    if len({e.key for e in entries}) != len(entries):
        raise ValueError("entries: duplicate keys")
    if quota is not None and quota < 0:
        raise ValueError("quota: expected a whole number ≥ 0")
    by_votes: dict[int, list[Entry]] = {}
    for e in entries:
        by_votes.setdefault(e.votes, []).append(e)
    groups: list[tuple[list[Entry], str]] = []
    for votes in sorted(by_votes, reverse=True):
        same = sorted(by_votes[votes], key=lambda e: _sortable(e.key))
        split = _split(same, tie_breakers)
        groups += split
    rows: list[Ranked] = []
    tie = None
    position = 0
    for group, by in groups:
        start, end = position, position + len(group)
        if quota is None or end <= quota:
            within: bool | None = True
        elif start >= quota:
            within = False
        else:
            within = None
            tie = TieAtCut(tuple(e.key for e in group), quota - start, start + 1)
        for e in group:
            rows.append(Ranked(e.key, e.votes, start + 1, within, by))
        position = end
    return Ranking(tuple(rows), tie, quota)


# Recusal ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """What one nominee's vote is measured against once recused members are left out."""

    members_total: int  # the council's voting members, less the recused
    members_present: int  # those taking part, less the recused among them
    quorum_needed: int  # members who must take part for the vote to count
    votes_needed: int | None  # agreeing votes to pass; None until the valid ballots are known
    recused: int


def basis_excluding(
    rule: Rule,
    *,
    members_total: int,
    members_present: int,
    recused_total: int = 0,
    recused_present: int = 0,
) -> Basis:
    """The quorum and the pass threshold for one nominee, counting neither the members who are
    recused on it (conflicts of interest) among all members nor among those taking part.

    2/3 of all 9 members needs 6 votes; with 2 recused it is 2/3 of 7: 5 votes, and a quorum of
    2/3 needs 5 of the 7 instead of 6 of the 9.
    """
    for name, value in (
        ("members_total", members_total),
        ("members_present", members_present),
        ("recused_total", recused_total),
        ("recused_present", recused_present),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name}: expected a whole number ≥ 0")
    if members_present > members_total:
        raise ValueError("members_present: more than members_total")
    if recused_total > members_total:
        raise ValueError("recused_total: more than members_total")
    if recused_present > min(recused_total, members_present):
        raise ValueError("recused_present: more than the recused or the members taking part")
    total = members_total - recused_total
    present = members_present - recused_present
    votes: int | None = None
    if rule.denominator == ALL_MEMBERS and total:
        votes = share_of(rule.threshold, total, strict=rule.strict)
    elif rule.denominator == PRESENT and present:
        votes = share_of(rule.threshold, present, strict=rule.strict)
    return Basis(total, present, quorum_needed(rule, total), votes, recused_total)


@dataclass(frozen=True)
class RecusedItem:
    """One agenda item as the vote-opening check sees it."""

    name: str  # the nominee, as the refusal names it
    rule: Rule
    recused_total: int  # voting members recused on it
    recused_present: int  # of them, those present


@dataclass(frozen=True)
class Shortfall:
    name: str
    present: int  # members present who may vote on it
    total: int  # voting members who may vote on it
    needed: int


def recusal_shortfalls(
    items: list[RecusedItem], *, members_total: int, members_present: int
) -> list[Shortfall]:
    """The agenda items, in their order, on which the members present who are not recused fall
    below the rule's quorum counted without the recused (`basis_excluding`, as the tally counts
    it), or on which no member at all may vote. An item whose rule takes absent members'
    written votes is refused only when nobody may vote on it (the written votes still to come
    count toward its quorum). The council's own quorum is the meeting's, checked before."""
    out = []
    for item in items:
        basis = basis_excluding(
            item.rule,
            members_total=members_total,
            members_present=members_present,
            recused_total=item.recused_total,
            recused_present=item.recused_present,
        )
        need = max(basis.quorum_needed, 1)
        if basis.members_total == 0 or (
            not item.rule.written_votes and basis.members_present < need
        ):
            out.append(Shortfall(item.name, basis.members_present, basis.members_total, need))
    return out


def recusal_refusal(shortfalls: list[Shortfall]) -> str | None:
    """Why voting may not open, in Vietnamese, naming each nominee below quorum once recused
    members are left out, and what to do; None when there is none."""
    if not shortfalls:
        return None
    named = "; ".join(
        f"{s.name} (còn {s.present}/{s.total} thành viên được biểu quyết có mặt, cần ít nhất "
        f"{s.needed})"
        for s in shortfalls
    )
    return (
        "Không đủ số thành viên dự họp sau khi loại các thành viên không tham gia biểu quyết "
        f"vì xung đột lợi ích, đối với: {named}. Bổ sung thành viên Hội đồng hoặc mời thành "
        "viên dự khuyết (mục Thành viên), điểm danh lại các thành viên vắng mặt, hoặc đưa các "
        "trường hợp này ra khỏi nội dung phiên họp để xét ở phiên sau."
    )
