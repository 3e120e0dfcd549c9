"""The person's annual quality rating in the campaign's year is at least R."""

from thidua.campaigns.enums import AnnualRating
from thidua.nominations.enums import Outcome

ORDER = list(AnnualRating.values)  # best first


def evaluate(criterion, subjects, ctx):
    required = criterion.params.get("rating", AnnualRating.GOOD)
    out = {}
    for s in subjects:
        rating = ctx.ratings.get(s.person_id)
        if rating is None:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                f"Chưa có kết quả xếp loại chất lượng năm {ctx.year}.",
            )
            continue
        ok = ORDER.index(rating) <= ORDER.index(required)
        out[s.nominee_id] = (
            Outcome.MET if ok else Outcome.NOT_MET,
            f"Xếp loại năm {ctx.year}: {AnnualRating(rating).label} "
            f"(yêu cầu từ «{AnnualRating(required).label}» trở lên).",
        )
    return out
