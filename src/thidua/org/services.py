"""Every write to units, people and roles. Each function is one state change with its audit row."""

import datetime as dt

from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.http import Http404

from thidua.core.services import audit_record, snapshot
from thidua.core.text import name_sort_key, nfc, search_key
from thidua.org.models import Person, RoleAssignment, Unit
from thidua.org.selectors import locked_login_attempts, locked_logins_for

UNIT_FIELDS = ["code", "name", "kind", "parent", "gso_code", "valid_from", "valid_to", "position"]
PERSON_FIELDS = [
    "code", "full_name", "gender", "position", "unit", "category", "birth_year", "ethnicity",
]  # fmt: skip


def _clean_text(value):
    return nfc(value) if isinstance(value, str) else value


def person_derive(person: Person) -> None:
    """Normalise text and recompute the derived keys (shared with the bulk importer)."""
    person.full_name = nfc(person.full_name)
    person.position = nfc(person.position)
    person.ethnicity = nfc(person.ethnicity)
    person.code = person.code.strip()
    person.sort_key = name_sort_key(person.full_name)
    person.search_key = search_key(f"{person.full_name} {person.code}")


def unit_derive(unit: Unit) -> None:
    unit.name = nfc(unit.name)
    unit.code = unit.code.strip()
    unit.search_key = search_key(unit.name)


def _set_path(unit: Unit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


def _save_unique_code(obj: Unit | Person) -> None:
    """Save a unit or person whose code another request may be taking at this very moment:
    both passed full_clean(), the database's unique index lets one through, and the other gets
    the same Vietnamese error full_clean() would have given it a moment later (not a 500)."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        model = type(obj)
        if not model.objects.filter(code=obj.code).exclude(pk=obj.pk).exists():
            raise
        message = model._meta.get_field("code").error_messages["unique"]
        raise ValidationError({"code": message}) from None


@transaction.atomic
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    gso_code: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    position: int = 0,
) -> Unit:
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        gso_code=gso_code.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        position=position,
    )
    unit_derive(unit)
    unit.full_clean()
    _save_unique_code(unit)
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action="org.unit.create",
        obj=unit,
        unit_id=unit.pk,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes) -> Unit:
    """Change a unit; moving it under another parent moves its whole subtree."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    old_path, old_depth = unit.path, unit.depth
    for field, value in changes.items():
        setattr(unit, field, _clean_text(value))
    new_parent = unit.parent
    if new_parent is not None and new_parent.path.startswith(old_path):
        raise ValidationError(
            {"parent": "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."}
        )
    unit_derive(unit)
    unit.full_clean()
    _set_path(unit)
    _save_unique_code(unit)
    if unit.path != old_path:
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (unit.depth - old_depth),
        )
    after = snapshot(unit, UNIT_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="org.unit.update",
            obj=unit,
            unit_id=unit.pk,
            before=before,
            after=after,
        )
    return unit


@transaction.atomic
def person_create(
    *,
    actor,
    code: str,
    full_name: str,
    gender: str,
    unit: Unit,
    category: str,
    position: str = "",
    birth_year: int | None = None,
    ethnicity: str = "",
) -> Person:
    person = Person(
        code=code,
        full_name=full_name,
        gender=gender,
        unit=unit,
        category=category,
        position=position,
        birth_year=birth_year,
        ethnicity=ethnicity,
    )
    person_derive(person)
    person.full_clean()
    _save_unique_code(person)
    audit_record(
        actor=actor,
        action="org.person.create",
        obj=person,
        unit_id=unit.pk,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    for field, value in changes.items():
        setattr(person, field, value)
    person_derive(person)
    person.full_clean()
    _save_unique_code(person)
    after = snapshot(person, PERSON_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="org.person.update",
            obj=person,
            unit_id=person.unit_id,
            before=before,
            after=after,
        )
    return person


@transaction.atomic
def role_grant(
    *,
    actor,
    user,
    role: str,
    unit: Unit,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        defaults={"valid_from": valid_from, "valid_to": valid_to},
    )
    if created:
        audit_record(
            actor=actor,
            action="org.role.grant",
            obj=assignment,
            unit_id=unit.pk,
            after={"user": user.pk, "role": role, "unit": unit.pk},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    audit_record(
        actor=actor,
        action="org.role.revoke",
        obj=assignment,
        unit_id=assignment.unit_id,
        before={"user": assignment.user_id, "role": assignment.role, "unit": assignment.unit_id},
    )
    assignment.delete()


@transaction.atomic
def login_unlock(*, actor, attempt_id: int) -> str:
    """Lift a login lockout the actor may lift (org.selectors.locked_logins_for); 404 else.
    Returns what was unlocked, for the message."""
    from_reach = {row.pk: row for row in locked_logins_for(actor)}
    row = from_reach.get(attempt_id)
    if row is None:
        raise Http404("Không tìm thấy hoặc bạn không có quyền mở khóa.")
    AccessAttempt.objects.filter(pk=row.pk).delete()
    if row.username:
        # the same account locked from other addresses is unlocked too
        locked_login_attempts().filter(username=row.username).delete()
    what = f"tài khoản «{row.username}»" if row.username else f"địa chỉ {row.ip_address}"
    audit_record(
        actor=actor,
        action="core.login.unlock",
        note=f"{what}, địa chỉ {row.ip_address}, {row.failures} lần sai",
    )
    return what


ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff",
                  "is_superuser"]  # fmt: skip


@transaction.atomic
def account_save(*, actor, account, groups=None, permissions=None) -> None:
    """Save an account edited in admin, with an audit row of what changed (its flags make an
    administrator: they are as much a role as a RoleAssignment). The password is never
    written to the log, only that it changed."""
    User = type(account)
    old = User.objects.select_for_update().filter(pk=account.pk).first() if account.pk else None
    before = snapshot(old, ACCOUNT_FIELDS) if old is not None else None
    if old is not None:
        before["password changed"] = False
        before["groups"] = sorted(old.groups.values_list("pk", flat=True))
        before["permissions"] = sorted(old.user_permissions.values_list("pk", flat=True))
    account.save()
    if groups is not None:
        account.groups.set(groups)
    if permissions is not None:
        account.user_permissions.set(permissions)
    after = snapshot(account, ACCOUNT_FIELDS)
    after["password changed"] = old is not None and old.password != account.password
    after["groups"] = sorted(account.groups.values_list("pk", flat=True))
    after["permissions"] = sorted(account.user_permissions.values_list("pk", flat=True))
    if after != before:
        audit_record(
            actor=actor,
            action="org.account.update" if old is not None else "org.account.create",
            obj=account,
            before=before,
            after=after,
        )
