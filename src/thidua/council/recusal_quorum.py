"""The vote-opening check on recusals: the agenda's nominees below quorum once the members
recused on each are left out (`rules_math.recusal_shortfalls`, pure). A read of the session's
stored recusals, called by `services.session_open_voting` right after it fixes them."""

from thidua.council.models import CouncilSession, Recusal
from thidua.council.rules_math import RecusedItem, Shortfall, recusal_shortfalls


def recusal_shortfalls_of(
    session: CouncilSession, total: int, present: set[int]
) -> list[Shortfall]:
    """`total` voting members, `present` the ids of those present; two queries."""
    recused: dict[int, set[int]] = {}
    for item_id, member_id in Recusal.objects.filter(item__session=session).values_list(
        "item_id", "member_id"
    ):
        recused.setdefault(item_id, set()).add(member_id)
    items = session.items.select_related("rule", "nominee__person", "nominee__unit").order_by(
        "position", "id"
    )
    return recusal_shortfalls(
        [
            RecusedItem(
                i.nominee.display_name,
                i.rule.as_rule(),
                len(recused.get(i.pk, ())),
                len(recused.get(i.pk, set()) & present),
            )
            for i in items
        ],
        members_total=total,
        members_present=len(present),
    )
