"""N consecutive years of title X, read from the award history (records): each year of the
window must hold the title. A year with no recorded award at all may simply not have been
imported: it needs a person, never counts as met."""

from thidua.nominations.enums import Outcome
from thidua.nominations.evaluators.history import key_of, window


def evaluate(criterion, subjects, ctx):
    params = criterion.params
    title = ctx.titles.resolve(params.get("title", ""))
    years = window(params, ctx.year)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    out = {}
    for s in subjects:
        if title is None:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Không có danh hiệu «{params.get('title', '')}» trong danh mục.",
            )
            continue
        code, name = title
        held = [h for h in ctx.history.get(key_of(s), []) if h.year in years]
        with_title = {h.year: h for h in held if h.title_code == code}
        if len(with_title) == len(years):
            refs = "; ".join(f"{y}: {with_title[y].reference}" for y in years)
            out[s.nominee_id] = (Outcome.MET, f"Đạt «{name}» các năm {span} ({refs}).")
            continue
        lacking = [y for y in years if y not in with_title]
        unknown = [y for y in lacking if not any(h.year == y for h in held)]
        missing = ", ".join(str(y) for y in lacking)
        if unknown and len(unknown) == len(lacking):
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Chưa có dữ liệu quá trình khen thưởng năm {', '.join(map(str, unknown))} để "
                f"xác định «{name}» {len(years)} năm liên tục ({span}).",
            )
        else:
            out[s.nominee_id] = (
                Outcome.NOT_MET,
                f"Không đạt «{name}» năm {missing} (yêu cầu {len(years)} năm liên tục {span}).",
            )
    return out
