"""Permission predicates for units and people (django-rules).

Read: any role reaching the unit. Change units, import, read the audit log: the secretariat
and administrators in their scope. Change people: also the unit's focal point.
"""

import rules

from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.scope import user_scope

PEOPLE_EDITORS = {Role.SECRETARIAT, Role.ADMIN, Role.FOCAL_POINT}


def _unit_of(obj) -> Unit | None:
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Person):
        return obj.unit
    return None


@rules.predicate
def has_any_role(user) -> bool:
    return not user_scope(user).is_empty


@rules.predicate
def is_manager(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


@rules.predicate
def can_edit_some_people(user) -> bool:
    return user_scope(user).has_role(*PEOPLE_EDITORS)


@rules.predicate
def reaches(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and user_scope(user).covers(unit)


@rules.predicate
def manages(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and user_scope(user).covers(unit, Role.managing())


@rules.predicate
def edits_people_of(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and user_scope(user).covers(unit, PEOPLE_EDITORS)


rules.add_perm("org.access_backoffice", has_any_role)
rules.add_perm("org.view_unit", reaches)
rules.add_perm("org.change_unit", manages)
rules.add_perm("org.add_unit", is_manager)
rules.add_perm("org.import_units", is_manager)
rules.add_perm("org.view_person", reaches)
rules.add_perm("org.change_person", edits_people_of)
rules.add_perm("org.add_person", can_edit_some_people)
rules.add_perm("org.import_people", can_edit_some_people)
rules.add_perm("core.view_auditlog", is_manager)
rules.add_perm("org.unlock_login", is_manager)
