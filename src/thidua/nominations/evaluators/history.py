"""What the criteria on the award history share: whose history, and which years."""

from thidua.campaigns.enums import CriterionKind

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
