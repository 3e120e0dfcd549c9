"""Who runs the exchange (django-rules): the secretariat and administrators declare partners,
send decisions to other systems, import packages and read the quarantine list."""

import rules

from thidua.org.enums import Role
from thidua.org.scope import user_scope


@rules.predicate
def is_exchange_manager(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


rules.add_perm("exchange.manage", is_exchange_manager)


@rules.predicate
def exports_proposal(user, proposal) -> bool:
    """The office that may send the proposal up (the secretariat or an administrator over the
    proposing unit) exports it as an exchange package."""
    return user_scope(user).covers(proposal.unit, Role.managing())


rules.add_perm("exchange.export_proposal", exports_proposal)
