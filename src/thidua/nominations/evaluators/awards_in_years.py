"""At least K awards of form or title Y within the last M years, read from the award history
(records). No recorded award at all in the window needs a person, never counts as not met."""

from thidua.nominations.enums import Outcome
from thidua.nominations.evaluators.history import key_of, window


def evaluate(criterion, subjects, ctx):
    params = criterion.params
    title = ctx.titles.resolve(params.get("title", ""))
    years = window(params, ctx.year)
    need = int(params.get("count", 1))
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    out = {}
    for s in subjects:
        if title is None:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Không có hình thức, danh hiệu «{params.get('title', '')}» trong danh mục.",
            )
            continue
        code, name = title
        held = [h for h in ctx.history.get(key_of(s), []) if h.year in years]
        found = [h for h in held if h.title_code == code]
        text = f"{len(found)} lần «{name}» trong {span} (yêu cầu ít nhất {need})"
        if found:
            text += ": " + "; ".join(f"{h.year}: {h.reference}" for h in found)
        if len(found) >= need:
            out[s.nominee_id] = (Outcome.MET, f"Được {text}.")
        elif not held:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Chưa có dữ liệu quá trình khen thưởng trong {span} để xác định số lần «{name}».",
            )
        else:
            out[s.nominee_id] = (Outcome.NOT_MET, f"Chỉ được {text}.")
    return out
