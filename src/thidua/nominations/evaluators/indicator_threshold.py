"""A published numeric indicator of the unit reaches a threshold."""

from decimal import Decimal

from thidua.core.formatting import number
from thidua.nominations.enums import Outcome


def evaluate(criterion, subjects, ctx):
    code = criterion.params["indicator"]
    minimum = Decimal(str(criterion.params["min_value"]))
    values = ctx.indicator(code)
    out = {}
    for s in subjects:
        value = values.get(s.unit_id)
        if value is None:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Chưa có kết quả công bố của chỉ số {code} năm {ctx.year}.",
            )
            continue
        out[s.nominee_id] = (
            Outcome.MET if value >= minimum else Outcome.NOT_MET,
            f"Chỉ số {code} năm {ctx.year} = {number(value)} (yêu cầu ≥ {number(minimum)}).",
        )
    return out
