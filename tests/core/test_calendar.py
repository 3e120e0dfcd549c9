"""Working-day clocks by table, on the 2024 calendar (Tết Giáp Thìn 08–14/02/2024; 27/04–01/05
with Monday 29/04 off and Saturday 04/05 worked)."""

import datetime as dt

import pytest

from thidua.core.calendar import WorkCalendar, add_working_days, clock, working_days_between

D = dt.date
TET_2024 = {D(2024, 2, d) for d in range(8, 15)}
CAL = WorkCalendar(
    days_off=frozenset(TET_2024 | {D(2024, 1, 1), D(2024, 4, 18), D(2024, 4, 29), D(2024, 4, 30),
                                   D(2024, 5, 1)}),
    make_up_days=frozenset({D(2024, 5, 4)}),
)  # fmt: skip


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2024, 3, 4), 0, D(2024, 3, 4)),  # no time: the same day
        (D(2024, 3, 4), 1, D(2024, 3, 5)),  # Monday + 1 → Tuesday
        (D(2024, 3, 8), 1, D(2024, 3, 11)),  # Friday + 1 → Monday
        (D(2024, 3, 9), 1, D(2024, 3, 11)),  # received on a Saturday
        (D(2024, 2, 6), 3, D(2024, 2, 16)),  # crossing Tết: Wed 7, (Tết 8–14), Thu 15, Fri 16
        (D(2024, 2, 1), 10, D(2024, 2, 22)),  # 10 working days across Tết
        (D(2024, 4, 26), 1, D(2024, 5, 2)),  # Friday before 27/04–01/05
        (D(2024, 5, 3), 1, D(2024, 5, 4)),  # the make-up Saturday counts
        (D(2023, 12, 29), 1, D(2024, 1, 2)),  # New Year's Day off
        (D(2024, 4, 17), 1, D(2024, 4, 19)),  # Giỗ Tổ Hùng Vương
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days, CAL) == due


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2024, 3, 4), D(2024, 3, 4), 0),
        (D(2024, 3, 4), D(2024, 3, 8), 4),
        (D(2024, 3, 8), D(2024, 3, 4), -4),
        (D(2024, 2, 7), D(2024, 2, 15), 1),  # the whole of Tết is one working day away
        (D(2024, 4, 26), D(2024, 5, 6), 4),  # 2, 3, Sat 4 (worked), 6
    ],
)
def test_working_days_between(start, end, count):
    assert working_days_between(start, end, CAL) == count


def test_adding_then_counting_back_agrees_over_a_whole_year():
    start = D(2024, 1, 2)
    for days in range(0, 260, 7):
        assert working_days_between(start, add_working_days(start, days, CAL), CAL) == days


def test_a_clock_says_how_many_days_are_left_or_overdue():
    running = clock(D(2024, 2, 1), 10, D(2024, 2, 7), CAL)
    assert (running.due, running.days_left, running.overdue) == (D(2024, 2, 22), 6, False)
    late = clock(D(2024, 2, 1), 10, D(2024, 2, 26), CAL)
    assert (late.days_left, late.overdue) == (-2, True)


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2024, 1, 2), -1, CAL)
