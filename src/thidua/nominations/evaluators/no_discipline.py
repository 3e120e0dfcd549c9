"""No discipline whose effect overlaps the campaign's period."""

from thidua.core.formatting import date_short
from thidua.nominations.enums import Outcome


def evaluate(criterion, subjects, ctx):
    out = {}
    period = f"{date_short(ctx.period_start)}–{date_short(ctx.period_end)}"
    clean = (Outcome.MET, f"Không có quyết định kỷ luật trong kỳ {period}.")  # shared
    discipline = ctx.discipline
    for s in subjects:
        records = discipline.get(s.person_id)
        if not records:
            out[s.nominee_id] = clean
            continue
        text = "; ".join(
            f"{r.form_label} theo Quyết định {r.decision_number} ngày {date_short(r.decided_on)}"
            for r in records
        )
        out[s.nominee_id] = (Outcome.NOT_MET, f"Bị kỷ luật trong kỳ {period}: {text}.")
    return out
