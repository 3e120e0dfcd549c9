"""Permission predicates for units, people and accounts (django-rules).

Read: any role reaching the unit. Change units, import, read the audit log: the secretariat
and administrators in their scope. Change people: also the unit's focal point.

Accounts (who may manage user accounts and their roles):
- an administrator (role "Quản trị hệ thống", or a superuser): every account, every role;
- the secretariat ("Thường trực thi đua"): the accounts whose every role lies in the units it
  manages (its unit and their subtree), when none of them is an administrator's; it grants
  and removes any role but "Quản trị hệ thống", on units it manages only. An account without
  any role, and the support accounts of Django admin (is_staff), are the administrator's;
- nobody deactivates their own account, and the last active administrator stays.
"""

import rules

from thidua.org.enums import Role
from thidua.org.models import Person, ServicePeriod, Unit
from thidua.org.scope import user_scope

PEOPLE_EDITORS = {Role.SECRETARIAT, Role.ADMIN, Role.FOCAL_POINT}


def is_admin(user) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or scope.has_role(Role.ADMIN)


def can_manage_account(actor, account, assignments) -> bool:
    """May `actor` manage `account`, whose role assignments (with their units) are given?
    Pure, so a list of accounts with prefetched roles costs no query per row."""
    if account is None or not getattr(actor, "is_authenticated", False):
        return False
    if is_admin(actor):
        return True
    if account.is_superuser or account.is_staff:
        return False
    scope = user_scope(actor)
    assignments = list(assignments)
    return bool(assignments) and all(
        a.role != Role.ADMIN and scope.covers(a.unit, Role.managing()) for a in assignments
    )


def can_grant_role(actor, role: str, unit) -> bool:
    if unit is None or not getattr(actor, "is_authenticated", False):
        return False
    if is_admin(actor):
        return True
    return role != Role.ADMIN and user_scope(actor).covers(unit, Role.managing())


def _unit_of(obj) -> Unit | None:
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Person):
        return obj.unit
    if isinstance(obj, ServicePeriod):  # judged on its person
        return obj.person.unit
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
def manages_account(user, account) -> bool:
    if account is None:
        return False
    assignments = account.role_assignments.select_related("unit")
    return can_manage_account(user, account, assignments)


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
rules.add_perm("core.view_holiday", has_any_role)
rules.add_perm("core.change_holiday", is_manager)
rules.add_perm("org.unlock_login", is_manager)
rules.add_perm("org.view_accounts", is_manager)
rules.add_perm("org.manage_account", manages_account)
# Turning another account's two-factor login off (a lost phone): administrators only.
rules.add_perm("org.reset_two_factor", is_admin)
