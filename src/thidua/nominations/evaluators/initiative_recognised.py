"""The person authored an initiative (sáng kiến) recognised in the year, at least at the
scope asked (cơ sở, tỉnh), read from the initiatives register (records). None recorded needs
a person (it may not have been entered yet); only narrower ones is not met."""

from thidua.campaigns.criteria import INITIATIVE_SCOPE_LABELS, INITIATIVE_SCOPES
from thidua.nominations.enums import Outcome


def evaluate(criterion, subjects, ctx):
    need = criterion.params.get("scope", "co_so")
    rank = INITIATIVE_SCOPES.index(need)
    need_label = INITIATIVE_SCOPE_LABELS[need].lower()
    out = {}
    for s in subjects:
        found = ctx.initiatives.get(s.person_id, [])
        enough = [n for _y, scope, n in found if INITIATIVE_SCOPES.index(scope) >= rank]
        if enough:
            names = "; ".join(f"«{n}»" for n in sorted(enough))
            out[s.nominee_id] = (
                Outcome.MET,
                f"Có sáng kiến được công nhận năm {ctx.year} (phạm vi từ {need_label}): {names}.",
            )
        elif found:
            out[s.nominee_id] = (
                Outcome.NOT_MET,
                f"Sáng kiến năm {ctx.year} chỉ được công nhận ở phạm vi hẹp hơn {need_label}.",
            )
        else:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Chưa có sáng kiến được công nhận năm {ctx.year} trong sổ sáng kiến.",
            )
    return out
