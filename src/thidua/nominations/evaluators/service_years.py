"""The person has served at least N years (đủ N năm công tác, khen thưởng theo niên hạn) by
the end of the criterion's data period, read from the service history (org.ServicePeriod,
overlapping periods counted once; org.service_time). `only` keeps the periods at a unit or in
a position containing one of its texts. Without any recorded period the person's
`service_start` is read when nothing is filtered; with neither, a person must look."""

import datetime as dt

from thidua.nominations.enums import Outcome
from thidua.org.service_time import counted_periods, person_service_length, years_reached


def judge(
    periods: list, service_start: dt.date | None, *, years: float, only: str, on: dt.date
) -> tuple[str, str]:
    """(outcome, explanation) for one person's periods on `on`: a pure function."""
    need = f"{years:g} năm"
    where = f" tại «{only}»" if only else ""
    if not periods and (only or service_start is None):
        return (
            Outcome.NEEDS_REVIEW,
            "Chưa có quá trình công tác được ghi nhận"
            + (f" (cần {need}{where})." if only else "."),
        )
    length = person_service_length(counted_periods(periods, only), service_start, on=on)
    ok = years_reached(length, years)
    return (
        Outcome.MET if ok else Outcome.NOT_MET,
        f"Thời gian công tác{where} đến ngày {on:%d/%m/%Y}: {length.label} (yêu cầu đủ {need}).",
    )


def evaluate(criterion, subjects, ctx):
    years = float(criterion.params.get("years", 25))
    only = criterion.params.get("only", "")
    out = {}
    for s in subjects:
        if s.person_id is None:
            out[s.nominee_id] = (Outcome.NEEDS_REVIEW, "Tiêu chí niên hạn chỉ áp dụng cho cá nhân.")
            continue
        service_start, periods = ctx.service.get(s.person_id, (None, []))
        out[s.nominee_id] = judge(periods, service_start, years=years, only=only, on=ctx.period_end)
    return out
