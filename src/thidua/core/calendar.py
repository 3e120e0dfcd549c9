"""Working days (ngày làm việc): the clocks the law sets are counted in them. Saturdays and
Sundays are off, public holidays are off, and the government's yearly swaps move a day off to
a weekday and a working day to a Saturday. The days come from dated rows (core.Holiday); the
functions here are pure and take them as a WorkCalendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    days_off: frozenset[dt.date] = field(default_factory=frozenset)  # holidays, swapped days
    make_up_days: frozenset[dt.date] = field(default_factory=frozenset)  # Saturdays worked

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


def add_working_days(start: dt.date, days: int, calendar: WorkCalendar) -> dt.date:
    """The date `days` working days after `start` (the day the clock starts is not counted:
    received on a Friday with 1 working day → the next working day). 0 → `start` itself."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += ONE_DAY
        if calendar.is_working_day(day):
            days -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, calendar: WorkCalendar) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before
    `start`): how many are left until a due date, or how many it is overdue."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += calendar.is_working_day(day)
    return count


@dataclass(frozen=True)
class Clock:
    """Where a statutory clock stands on `today`."""

    started: dt.date
    due: dt.date
    days_left: int  # working days; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)


def clock(started: dt.date, days: int, today: dt.date, calendar: WorkCalendar) -> Clock:
    due = add_working_days(started, days, calendar)
    return Clock(started=started, due=due, days_left=working_days_between(today, due, calendar))
