"""Vietnamese formatting of dates and money, as Nghị định 30/2020 and offices write them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def _local(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_long(value: dt.date | dt.datetime) -> str:
    """ "ngày 05 tháng 01 năm 2024": a leading zero for days below 10 and months 1 and 2."""
    day = _local(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_short(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    day = _local(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def datetime_short(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H:%M} {date_short(local)}"


def group_thousands(value: int | Decimal) -> str:
    number = int(value)
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def money(value: int | Decimal) -> str:
    """1080000 → "1.080.000 đồng"."""
    return f"{group_thousands(value)} đồng"


def deadline(value: dt.datetime) -> str:
    """An exclusive deadline as people say it: 00:00 on 10/01 is "trước ngày 10/01/2023"."""
    local = timezone.localtime(value)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return f"trước ngày {date_short(local)}"
    return f"trước {local:%H:%M} ngày {date_short(local)}"


def number(value: int | float | Decimal, places: int = 2) -> str:
    """15.5 → "15,50"; thousands grouped with dots as Vietnamese writes them."""
    quantised = (
        Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
        if places
        else Decimal(int(round(value)))
    )
    sign = "-" if quantised < 0 else ""
    whole, _, frac = f"{abs(quantised):f}".partition(".")
    return sign + group_thousands(int(whole)) + (f",{frac}" if frac else "")
