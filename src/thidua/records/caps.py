"""Caps on titles as a pure function over plain values (no ORM): tested by tables.

A cap says: at most `percent` % of those of the unit who reached the basis title may receive
the capped title (Chiến sĩ thi đua cơ sở ≤ 15 % of the Lao động tiên tiến, Nghị định
91/2017/NĐ-CP). The cap in force on the day asked (the proposal's or the decision's date)
applies; the limit is rounded down (15 % of 10 is 1, not 2), with exact fractions.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from thidua.core.formatting import date_short


@dataclass(frozen=True)
class CapData:
    title_code: str
    basis_code: str
    percent: Decimal
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    confirmed: bool = True

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class CapCheck:
    ok: bool
    limit: int | None  # None: no cap in force for this title on that day
    explanation: str


def _pct(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def cap_on(title_code: str, day: dt.date, caps: list[CapData]) -> CapData | None:
    found = [c for c in caps if c.title_code == title_code and c.in_force(day)]
    return max(found, key=lambda c: c.valid_from) if found else None


def cap_limit(percent: Decimal, basis: int) -> int:
    """⌊basis × percent / 100⌋ computed exactly."""
    return int(Fraction(percent) * basis / 100)


def cap_check(
    *,
    title_code: str,
    count: int,
    basis_count: int,
    day: dt.date,
    caps: list[CapData],
    title_label: str = "",
    basis_label: str = "",
) -> CapCheck:
    """Whether `count` people may receive `title_code` when `basis_count` reached the basis
    title, on `day`; the explanation quotes the numbers and the decree."""
    cap = cap_on(title_code, day, caps)
    what = title_label or title_code
    if cap is None:
        return CapCheck(True, None, f"Không có giới hạn tỷ lệ cho «{what}» vào {date_short(day)}.")
    limit = cap_limit(cap.percent, basis_count)
    basis = basis_label or cap.basis_code
    unconfirmed = "" if cap.confirmed else " (tỷ lệ chưa được xác nhận)"
    rule = (
        f"tối đa {_pct(cap.percent)}% của {basis_count} cá nhân đạt «{basis}» là {limit} "
        f"({cap.source}{unconfirmed})"
    )
    if count <= limit:
        return CapCheck(True, limit, f"{count} «{what}»: trong giới hạn, {rule}.")
    return CapCheck(False, limit, f"{count} «{what}» vượt giới hạn: {rule}.")
