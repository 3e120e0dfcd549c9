"""Permission predicates of award history and initiatives (django-rules).

Read: whoever reaches the person or the unit (org.view_person / org.view_unit). Import history:
the secretariat and administrators. Record initiatives: also the unit's focal point, for the
units its role reaches.
"""

import rules

from thidua.org.rules import PEOPLE_EDITORS, is_manager
from thidua.org.scope import user_scope
from thidua.records.models import Initiative


@rules.predicate
def can_record_initiatives(user) -> bool:
    return user_scope(user).has_role(*PEOPLE_EDITORS)


@rules.predicate
def edits_initiative(user, obj) -> bool:
    if not isinstance(obj, Initiative):
        return False
    return user_scope(user).covers(obj.unit, PEOPLE_EDITORS)


@rules.predicate
def reads_initiative(user, obj) -> bool:
    return isinstance(obj, Initiative) and user_scope(user).covers(obj.unit)


rules.add_perm("records.import_history", is_manager)
rules.add_perm("records.add_initiative", can_record_initiatives)
rules.add_perm("records.change_initiative", edits_initiative)
rules.add_perm("records.view_initiative", reads_initiative)
