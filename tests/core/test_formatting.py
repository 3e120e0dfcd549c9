import datetime as dt
import zoneinfo

import pytest

from thidua.core.formatting import date_long, date_short, deadline, money


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (dt.date(2023, 2, 28), "ngày 28 tháng 02 năm 2023"),
        (dt.date(2023, 3, 9), "ngày 09 tháng 3 năm 2023"),
        (dt.date(2022, 12, 27), "ngày 27 tháng 12 năm 2022"),
    ],
)
def test_long_date_follows_decree_30(day, text):
    assert date_long(day) == text


def test_aware_datetime_is_shown_in_vietnam_time():
    # 31/12/2023 18:00 UTC is already 01/01/2024 in Asia/Ho_Chi_Minh
    moment = dt.datetime(2023, 12, 31, 18, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert date_long(moment) == "ngày 01 tháng 01 năm 2024"
    assert date_short(moment) == "01/01/2024"


@pytest.mark.parametrize(
    ("amount", "text"),
    [(1080000, "1.080.000 đồng"), (540000, "540.000 đồng"), (0, "0 đồng"), (999, "999 đồng")],
)
def test_money_uses_dots_between_thousands(amount, text):
    assert money(amount) == text


def test_midnight_deadline_reads_as_before_that_day():
    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    assert deadline(dt.datetime(2023, 1, 10, 0, 0, tzinfo=tz)) == "trước ngày 10/01/2023"
    assert deadline(dt.datetime(2023, 1, 10, 17, 0, tzinfo=tz)) == "trước 17:00 ngày 10/01/2023"
    # 17:00 UTC on 09/01 is midnight in Vietnam
    assert deadline(dt.datetime(2023, 1, 9, 17, 0, tzinfo=dt.UTC)) == "trước ngày 10/01/2023"
