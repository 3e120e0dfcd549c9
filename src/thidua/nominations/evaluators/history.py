"""What the criteria on the award history share: whose history, and which years."""

from thidua.campaigns.enums import CriterionKind
from thidua.nominations.enums import Outcome

#: The criterion kinds that read the award history (Context.history), each through `window`.
HISTORY_KINDS = frozenset({CriterionKind.CONSECUTIVE_TITLE, CriterionKind.AWARDS_IN_YEARS})


def key_of(subject) -> tuple[str, int]:
    if subject.person_id is not None:
        return ("person", subject.person_id)
    return ("unit", subject.unit_id)


def window(params: dict, year: int) -> list[int]:
    """The `years` years ending the year before `year` (up_to "previous") or `year` itself."""
    last = year - 1 if params.get("up_to", "previous") == "previous" else year
    n = max(1, int(params.get("years", 1)))
    return list(range(last - n + 1, last + 1))


def span(years: list[int]) -> str:
    """The window as the explanations name it: "2023–2024", or "2024" for one year."""
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def resolve_title(criterion, subjects, ctx, what: str) -> tuple[tuple[str, str] | None, dict]:
    """The criterion's title as (code, name); when the catalogue has no `what` by that name,
    None and the verdict every subject then gets (a person must look)."""
    title = ctx.titles.resolve(criterion.params.get("title", ""))
    if title is not None:
        return title, {}
    text = f"Không có {what} «{criterion.params.get('title', '')}» trong danh mục."
    verdict = (Outcome.NEEDS_REVIEW, text)
    return None, {s.nominee_id: verdict for s in subjects}
