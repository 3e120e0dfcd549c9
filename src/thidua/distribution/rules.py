"""Who may send documents to units (django-rules): whoever manages a unit (the secretariat,
the leaders); every user reads the inbox of the units they hold a role for."""

import rules

from thidua.org.enums import Role
from thidua.org.scope import user_scope


@rules.predicate
def is_distributor(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


rules.add_perm("distribution.send", is_distributor)
