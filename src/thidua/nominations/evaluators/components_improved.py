"""Every PAR INDEX / DDCI component assigned to the unit scored higher than the year before.
A component missing in either year cannot be judged an improvement: it needs a person."""

from thidua.core.formatting import number
from thidua.nominations.enums import Outcome

NO_DATA = "chưa có dữ liệu"


def _line(c, year: int) -> str:
    prev = NO_DATA if c.previous is None else number(c.previous)
    cur = NO_DATA if c.current is None else number(c.current)
    head = f"Chỉ số thành phần {c.name}: {year - 1} = {prev}; {year} = {cur}"
    if c.previous is None or c.current is None:
        return f"{head} → không so sánh được"
    diff = c.current - c.previous
    if diff == 0:
        return f"{head} → không tăng"
    return f"{head} → {'tăng' if diff > 0 else 'giảm'} {number(abs(diff))}"


def evaluate(criterion, subjects, ctx):
    frameworks = tuple(criterion.params.get("frameworks") or ("PAR_INDEX", "DDCI"))
    changes = ctx.components(frameworks)
    out = {}
    for s in subjects:
        components = changes.get(s.unit_id, [])
        if not components:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                "Đơn vị chưa được giao chỉ số thành phần nào để so sánh.",
            )
            continue
        if any(
            c.previous is not None and c.current is not None and c.current <= c.previous
            for c in components
        ):
            outcome = Outcome.NOT_MET
        elif any(c.previous is None or c.current is None for c in components):
            outcome = Outcome.NEEDS_REVIEW
        else:
            outcome = Outcome.MET
        out[s.nominee_id] = (outcome, "; ".join(_line(c, ctx.year) for c in components) + ".")
    return out
