"""CCHC tasks of the unit completed (confirmed by the secretariat) ≥ X % in the year."""

from decimal import Decimal

from thidua.core.formatting import number
from thidua.nominations.enums import Outcome


def evaluate(criterion, subjects, ctx):
    minimum = Decimal(str(criterion.params.get("min_percent", 100)))
    out = {}
    for s in subjects:
        done, total = ctx.tasks.get(s.unit_id, (0, 0))
        if total == 0:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Chưa có nhiệm vụ CCHC năm {ctx.year} được giao cho đơn vị.",
            )
            continue
        percent = Decimal(done) * 100 / Decimal(total)
        text = (
            f"Hoàn thành {done}/{total} nhiệm vụ CCHC năm {ctx.year} = "
            f"{number(percent)}% (yêu cầu ≥ {number(minimum, 0)}%)."
        )
        out[s.nominee_id] = (Outcome.MET if percent >= minimum else Outcome.NOT_MET, text)
    return out
