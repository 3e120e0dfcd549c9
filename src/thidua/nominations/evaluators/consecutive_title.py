"""N consecutive years of title X, read from the award history (records): each year of the
window must hold the title. A year with no recorded award at all may simply not have been
imported: it needs a person, never counts as met."""

from thidua.nominations.enums import Outcome
from thidua.nominations.evaluators.history import key_of, resolve_title, span, window
from thidua.records.selectors import decision_reference


def evaluate(criterion, subjects, ctx):
    title, unknown = resolve_title(criterion, subjects, ctx, "danh hiệu")
    if title is None:
        return unknown
    code, name = title
    years = window(criterion.params, ctx.year)
    first, last = years[0], years[-1]
    history = ctx.history
    # What a subject holds in the window decides its verdict, and most hold the same (the
    # same decisions): each verdict is made once, then shared.
    verdicts: dict[tuple, tuple[str, str]] = {}
    out = {}
    for s in subjects:
        held = history.get(key_of(s), ())
        states: dict[int, tuple | bool] = {}
        for h in held:
            year = h.year
            if first <= year <= last:
                if h.title_code == code:  # the latest of the year's decisions is cited
                    states[year] = (h.decision_number, h.decision_date)
                elif year not in states:
                    states[year] = False
        key = tuple(map(states.get, years))
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = judge(key, years, name)
        out[s.nominee_id] = verdict
    return out


def judge(states: tuple, years: list[int], name: str) -> tuple[str, str]:
    """The verdict on one subject: `states` holds, for each year of `years`, the (decision
    number, decision date) of the title held that year, False when only other awards are
    recorded that year, None when none is."""
    window_text = span(years)
    by_year = list(zip(years, states, strict=True))
    lacking = [y for y, state in by_year if not state]
    if not lacking:
        refs = "; ".join(f"{y}: {decision_reference(*state)}" for y, state in by_year)
        return Outcome.MET, f"Đạt «{name}» các năm {window_text} ({refs})."
    unknown = [y for y, state in by_year if state is None]
    if len(unknown) == len(lacking):
        return (
            Outcome.NEEDS_REVIEW,
            f"Chưa có dữ liệu quá trình khen thưởng năm {', '.join(map(str, unknown))} để "
            f"xác định «{name}» {len(years)} năm liên tục ({window_text}).",
        )
    missing = ", ".join(str(y) for y in lacking)
    return (
        Outcome.NOT_MET,
        f"Không đạt «{name}» năm {missing} (yêu cầu {len(years)} năm liên tục {window_text}).",
    )
