"""At least K awards of form or title Y within the last M years, read from the award history
(records). No recorded award at all in the window needs a person, never counts as not met."""

from thidua.nominations.enums import Outcome
from thidua.nominations.evaluators.history import key_of, resolve_title, span, window
from thidua.records.selectors import decision_reference


def evaluate(criterion, subjects, ctx):
    title, unknown = resolve_title(criterion, subjects, ctx, "hình thức, danh hiệu")
    if title is None:
        return unknown
    code, name = title
    params = criterion.params
    years = window(params, ctx.year)
    first, last = years[0], years[-1]
    need = int(params.get("count", 1))
    history = ctx.history
    verdicts: dict[tuple, tuple[str, str]] = {}  # what is held → its verdict, made once
    out = {}
    for s in subjects:
        held = history.get(key_of(s), ())
        any_held = False
        found = []
        for h in held:
            if first <= h.year <= last:
                any_held = True
                if h.title_code == code:
                    found.append((h.year, h.decision_number, h.decision_date))
        key = (any_held, *found)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = judge(any_held, found, years, need, name)
        out[s.nominee_id] = verdict
    return out


def judge(any_held: bool, found: list[tuple], years: list[int], need: int, name: str):
    """The verdict on one subject: `any_held`, whether any award is recorded in `years`;
    `found`, the (year, decision number, decision date) of each award of the title, oldest
    first."""
    window_text = span(years)
    text = f"{len(found)} lần «{name}» trong {window_text} (yêu cầu ít nhất {need})"
    if found:
        text += ": " + "; ".join(f"{y}: {decision_reference(n, d)}" for y, n, d in found)
    if len(found) >= need:
        return Outcome.MET, f"Được {text}."
    if not any_held:
        return (
            Outcome.NEEDS_REVIEW,
            f"Chưa có dữ liệu quá trình khen thưởng trong {window_text} để xác định số lần "
            f"«{name}».",
        )
    return Outcome.NOT_MET, f"Chỉ được {text}."
