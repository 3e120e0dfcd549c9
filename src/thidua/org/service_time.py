"""Length of service (thời gian công tác) as a pure function over plain dates: tested by
tables. Overlapping periods count once; an open period runs to the day asked."""

import datetime as dt
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceLength:
    days: int
    years: int  # whole years
    months: int  # whole months beyond the years

    @property
    def label(self) -> str:
        if self.months:
            return f"{self.years} năm {self.months} tháng"
        return f"{self.years} năm"


def _whole(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Whole years and months from start to end (end exclusive)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    months = max(months, 0)
    return divmod(months, 12)


def service_length(periods: list[tuple[dt.date, dt.date | None]], *, on: dt.date) -> ServiceLength:
    """Service up to and including `on`: the periods merged where they overlap or touch, each
    counted from its first day to its last (inclusive). Years and months are counted on the
    merged days laid end to end from the first day."""
    spans = sorted((s, min(e or on, on)) for s, e in periods if s <= on)
    merged: list[list[dt.date]] = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    days = sum((e - s).days + 1 for s, e in merged)
    if not merged:
        return ServiceLength(0, 0, 0)
    first = merged[0][0]
    years, months = _whole(first, first + dt.timedelta(days=days))
    return ServiceLength(days, years, months)


def person_service_length(
    periods: list[tuple[dt.date, dt.date | None]], service_start: dt.date | None, *, on: dt.date
) -> ServiceLength:
    """The periods when recorded, else from `service_start` to `on`."""
    if periods:
        return service_length(periods, on=on)
    if service_start is not None:
        return service_length([(service_start, None)], on=on)
    return ServiceLength(0, 0, 0)


#: A service period as the criterion reads it: (from, to or None, organisation, position).
Period = tuple[dt.date, dt.date | None, str, str]


def _fold(text: str) -> str:
    """Lower case, NFC: "UBND Xã" matches "ubnd xã"."""
    return unicodedata.normalize("NFC", text or "").casefold()


def counted_periods(periods: list[Period], only: str = "") -> list[tuple[dt.date, dt.date | None]]:
    """The (from, to) of the periods whose organisation or position contains `only` (any of
    several texts separated by ";"), all of them when `only` is blank."""
    needles = [_fold(n).strip() for n in (only or "").split(";") if n.strip()]
    return [
        (start, end)
        for start, end, organisation, position in periods
        if not needles or any(n in _fold(organisation) or n in _fold(position) for n in needles)
    ]


def years_reached(length: ServiceLength, years: float) -> bool:
    """`years` whole years of service (đủ N năm): 24 years 11 months is not 25."""
    return length.years + length.months / 12 >= years


def overlapping(
    start: dt.date, end: dt.date | None, others: list[tuple[int, dt.date, dt.date | None]]
) -> list[int]:
    """The ids of `others` (id, from, to) sharing at least one day with [start, end]; an open
    end runs on for ever. Overlaps are allowed (two posts at once) but worth a warning."""
    far = dt.date.max
    return [pk for pk, s, e in others if s <= (end or far) and start <= (e or far)]
