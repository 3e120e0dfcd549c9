"""Conflicts of interest (xung đột lợi ích): which council member does not vote on which
nominee. Pure functions over plain values, no ORM.

A member is recused on a nominee who is the member themselves, on a person the member declared
as a relative, and on a nominee of the member's own unit (the collective itself, or an
individual working there). The council's services store the result as `Recusal` rows when
voting opens; the threshold math that excludes recused members is
`council.rules_math.basis_excluding`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The values of council.enums.RecusalReason; repeated so this module imports nothing.
SELF, RELATIVE, OWN_UNIT = "self", "relative", "own_unit"


@dataclass(frozen=True)
class MemberFacts:
    key: int
    person_id: int | None = None  # the member in the staff records
    unit_id: int | None = None  # where the member works
    relatives: Mapping[int, str] = field(default_factory=dict)  # person id → relation's label


@dataclass(frozen=True)
class NomineeFacts:
    key: int
    unit_id: int  # the collective, or the individual's unit
    person_id: int | None = None  # None for a collective


@dataclass(frozen=True)
class Conflict:
    nominee: int
    member: int
    reason: str
    detail: str = ""


def conflict_of(member: MemberFacts, nominee: NomineeFacts) -> Conflict | None:
    """The first reason the member must not vote on the nominee: themselves, a declared
    relative, their own unit; None when there is none."""
    if nominee.person_id is not None and nominee.person_id == member.person_id:
        return Conflict(nominee.key, member.key, SELF)
    if nominee.person_id is not None and nominee.person_id in member.relatives:
        return Conflict(nominee.key, member.key, RELATIVE, member.relatives[nominee.person_id])
    if member.unit_id is not None and nominee.unit_id == member.unit_id:
        return Conflict(nominee.key, member.key, OWN_UNIT)
    return None


def conflicts(members: Iterable[MemberFacts], nominees: Iterable[NomineeFacts]) -> list[Conflict]:
    """Every (nominee, member) pair in conflict, nominees in the given order."""
    members = list(members)
    return [c for n in nominees for m in members if (c := conflict_of(m, n)) is not None]
