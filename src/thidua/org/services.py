"""Every write to units, people and roles. Each function is one state change with its audit row."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from thidua.core.services import audit_record, email_queue, snapshot
from thidua.core.text import name_sort_key, nfc, search_key
from thidua.org.enums import Role, SuccessionKind, UnitKind
from thidua.org.models import (
    Person,
    RoleAssignment,
    ServicePeriod,
    Unit,
    UnitName,
    UnitSuccession,
)
from thidua.org.rules import can_grant_role, can_manage_account
from thidua.org.selectors import (
    ceased_message,
    locked_login_attempts,
    locked_logins_for,
    user_unit_id,
)

UNIT_FIELDS = [
    "code", "name", "kind", "parent", "gso_code", "valid_from", "valid_to", "position",
    "tax_code", "address", "representative",
]  # fmt: skip
PERSON_FIELDS = [
    "code", "full_name", "gender", "position", "unit", "category", "birth_year", "ethnicity",
    "nationality", "direct_worker", "remote_area", "service_start",
]  # fmt: skip


def _clean_text(value):
    return nfc(value) if isinstance(value, str) else value


def person_derive(person: Person) -> None:
    """Normalise text and recompute the derived keys (shared with the bulk importer)."""
    person.full_name = nfc(person.full_name)
    person.position = nfc(person.position)
    person.ethnicity = nfc(person.ethnicity)
    person.nationality = nfc(person.nationality).strip() or "Việt Nam"
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
    tax_code: str = "",
    address: str = "",
    representative: str = "",
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
        tax_code=tax_code.strip(),
        address=nfc(address).strip(),
        representative=nfc(representative).strip(),
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
    nationality: str = "Việt Nam",
    direct_worker: bool = False,
    remote_area: bool = False,
    service_start: dt.date | None = None,
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
        nationality=nfc(nationality).strip() or "Việt Nam",
        direct_worker=direct_worker,
        remote_area=remote_area,
        service_start=service_start,
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


# Accounts and roles (the back office's "Tài khoản" screens and /api/v1/users) ---------------
#
# Who may do what is org.rules.can_manage_account / can_grant_role; every function checks it
# itself (actor=None is the system: the createadmin command, the demo, tests), so a screen and
# the API refuse the same things. A refusal raises PermissionDenied and changes nothing.


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _check_account(actor, account) -> None:
    if actor is None:
        return
    _deny_unless(
        can_manage_account(actor, account, account.role_assignments.select_related("unit")),
        "Bạn không có quyền quản lý tài khoản này.",
    )


def _check_grant(actor, role: str, unit: Unit) -> None:
    if actor is None:
        return
    _deny_unless(
        can_grant_role(actor, role, unit),
        "Bạn chỉ phân quyền trên các đơn vị mình quản lý; vai trò «Quản trị hệ thống» do quản "
        "trị viên phân.",
    )


def _active_admin_ids(exclude_assignment: int | None = None) -> set[int]:
    """Active accounts that are administrators today (superusers or the role)."""
    today = timezone.localdate()
    User = get_user_model()
    roles = (
        RoleAssignment.objects.filter(role=Role.ADMIN, user__is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )
    if exclude_assignment is not None:
        roles = roles.exclude(pk=exclude_assignment)
    ids = set(roles.values_list("user_id", flat=True))
    ids |= set(User.objects.filter(is_active=True, is_superuser=True).values_list("pk", flat=True))
    return ids


def password_messages(exc: ValidationError) -> list[str]:
    """Django's password validators' messages, in Vietnamese (its Vietnamese catalogue lacks
    the plural "too short" one)."""
    out = []
    for error in exc.error_list:
        if error.code == "password_too_short":
            out.append(f"Mật khẩu quá ngắn: cần ít nhất {error.params['min_length']} ký tự.")
        else:
            out.extend(error.messages)
    return out


def _split_name(full_name: str) -> tuple[str, str]:
    """("Nguyễn Thị", "Lan") from "Nguyễn Thị Lan": Django's last_name, first_name."""
    family, _, given = " ".join(nfc(full_name).split()).rpartition(" ")
    return family, given


def _set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.THIDUA_BASE_URL}{path}"


def _link_validity() -> str:
    days = max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))
    return f"{days} ngày"


def _display_name(user) -> str:
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


@transaction.atomic
def account_invite(
    *,
    actor,
    email: str,
    full_name: str,
    role: str,
    unit: Unit,
    username: str = "",
):
    """A new account with one role, and an e-mail whose link lets its holder choose a password
    (the account has none until then: nobody, the inviter included, knows one)."""
    _check_grant(actor, role, unit)
    User = get_user_model()
    email = email.strip().lower()
    username = (username or email).strip()
    family, given = _split_name(full_name)
    errors = {}
    if not given:
        errors["full_name"] = "Nhập họ và tên người được mời."
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = "Địa chỉ e-mail này đã có tài khoản; tìm tài khoản đó để phân quyền."
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = "Tên đăng nhập này đã có người dùng."
    if errors:
        raise ValidationError(errors)
    user = User(username=username, email=email, first_name=given, last_name=family)
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValidationError(
            {
                k: ["Tên đăng nhập chỉ gồm chữ, số và các dấu @ . + - _."] if k == "username" else v
                for k, v in exc.message_dict.items()
            }
        ) from None
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": "Tên đăng nhập này đã có người dùng."}) from None
    assignment = _role_create(actor=actor, user=user, role=role, unit=unit)
    audit_record(
        actor=actor,
        action="org.account.invite",
        obj=user,
        unit_id=unit.pk,
        after={"username": username, "email": email, "role": role, "unit": unit.pk},
    )
    email_queue(
        to=email,
        subject="Mời tham gia hệ thống quản lý thi đua – khen thưởng",
        body=(
            f"Kính gửi {_display_name(user)},\n\n"
            f"{_display_name(actor) if actor else 'Quản trị hệ thống'} đã tạo cho bạn tài khoản "
            f"«{username}» trên hệ thống quản lý thi đua – khen thưởng, với vai trò "
            f"{assignment.get_role_display()} – {unit.name}.\n\n"
            "Để đặt mật khẩu và bắt đầu sử dụng, mở đường dẫn sau (chỉ dùng được một lần, "
            f"trong {_link_validity()}):\n{_set_password_link(user)}\n\n"
            "Nếu đường dẫn đã hết hạn, dùng «Quên mật khẩu?» ở trang đăng nhập hoặc đề nghị "
            "người quản trị gửi lại.\n\nTrân trọng,\nHệ thống quản lý thi đua – khen thưởng"
        ),
    )
    return user


@transaction.atomic
def account_send_password_link(*, actor, account) -> None:
    """E-mail the account a one-time link to choose a new password (an invitation sent again,
    or a forgotten password). The current password keeps working until the link is used."""
    _check_account(actor, account)
    if not account.is_active:
        raise ValidationError("Tài khoản đang bị khóa; mở lại tài khoản trước khi gửi liên kết.")
    if not account.email:
        raise ValidationError(
            "Tài khoản chưa có địa chỉ e-mail; không gửi được liên kết đặt mật khẩu."
        )
    audit_record(actor=actor, action="org.account.password_link", obj=account,
                 note=f"gửi đến {account.email}")  # fmt: skip
    email_queue(
        to=account.email,
        subject="Đặt mật khẩu tài khoản thi đua – khen thưởng",
        body=(
            f"Kính gửi {_display_name(account)},\n\n"
            f"Người quản trị đã gửi cho tài khoản «{account.get_username()}» một liên kết đặt "
            f"mật khẩu mới (chỉ dùng được một lần, trong {_link_validity()}):\n"
            f"{_set_password_link(account)}\n\n"
            "Mật khẩu hiện tại vẫn dùng được cho đến khi bạn đặt mật khẩu mới.\n\n"
            "Trân trọng,\nHệ thống quản lý thi đua – khen thưởng"
        ),
    )


@transaction.atomic
def account_set_active(*, actor, account, active: bool, reason: str = "") -> None:
    """Deactivate (the account can no longer sign in nor use its API tokens; its history stays)
    or reactivate an account."""
    _check_account(actor, account)
    User = get_user_model()
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.is_active == active:
        return
    if not active:
        if actor is not None and actor.pk == account.pk:
            raise ValidationError("Bạn không thể tự khóa tài khoản của mình.")
        if account.pk in _active_admin_ids() and len(_active_admin_ids()) <= 1:
            raise ValidationError(
                "Đây là quản trị viên cuối cùng còn hoạt động; phân vai trò «Quản trị hệ "
                "thống» cho một tài khoản khác trước khi khóa tài khoản này."
            )
    account.is_active = active
    account.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="org.account.activate" if active else "org.account.deactivate",
        obj=account,
        before={"is_active": not active},
        after={"is_active": active},
        note=nfc(reason).strip(),
    )


def _role_create(*, actor, user, role: str, unit: Unit, valid_from=None, valid_to=None):
    if role not in Role.values:
        raise ValidationError({"role": "Vai trò không hợp lệ."})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu."})
    if unit.valid_to is not None and unit.valid_to < timezone.localdate():
        raise ValidationError({"unit": ceased_message(unit)})
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
            after={"user": user.pk, "role": role, "unit": unit.pk}
            | ({"valid_from": str(valid_from)} if valid_from else {})
            | ({"valid_to": str(valid_to)} if valid_to else {}),
        )
    return assignment


@transaction.atomic
def account_role_grant(
    *, actor, account, role: str, unit: Unit, valid_from=None, valid_to=None
) -> RoleAssignment:
    """Give an existing account a role on a unit (and its subtree)."""
    _check_account(actor, account)  # an account without any role: the administrator's
    _check_grant(actor, role, unit)
    if RoleAssignment.objects.filter(user=account, role=role, unit=unit).exists():
        raise ValidationError({"role": "Tài khoản đã có vai trò này trên đơn vị này."})
    return _role_create(actor=actor, user=account, role=role, unit=unit,
                        valid_from=valid_from, valid_to=valid_to)  # fmt: skip


@transaction.atomic
def account_role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Remove one role of an account; the last active administrator keeps theirs."""
    _check_account(actor, assignment.user)
    _check_grant(actor, assignment.role, assignment.unit)
    last_admin = assignment.role == Role.ADMIN and assignment.user.is_active
    if last_admin and not _active_admin_ids(exclude_assignment=assignment.pk):
        raise ValidationError(
            "Đây là vai trò quản trị của quản trị viên cuối cùng; phân vai trò «Quản trị hệ "
            "thống» cho một tài khoản khác trước."
        )
    role_revoke(actor=actor, assignment=assignment)


@transaction.atomic
def first_admin_create(
    *,
    username: str,
    email: str,
    full_name: str,
    password: str,
    unit: Unit | None = None,
    unit_code: str = "",
    unit_name: str = "",
    unit_kind: str = "",
    allow_more: bool = False,
):
    """The first administrator of a new office (`thidua createadmin`): an account with a
    password and the role "Quản trị hệ thống" on the root unit, which is created when the
    database has no unit yet. Refused when an active administrator exists (unless
    `allow_more`): then that administrator invites the others from the back office."""
    User = get_user_model()
    if _active_admin_ids() and not allow_more:
        raise ValidationError(
            "Hệ thống đã có quản trị viên; người quản trị mời thêm tài khoản ở mục «Tài khoản»."
        )
    if unit is None:
        if not unit_code or not unit_name:
            raise ValidationError({"unit": "Nhập mã và tên đơn vị gốc (cơ quan của bạn)."})
        unit = unit_create(actor=None, code=unit_code, name=unit_name,
                           kind=unit_kind or UnitKind.PROVINCE)  # fmt: skip
    family, given = _split_name(full_name)
    user = User(username=username.strip(), email=email.strip().lower(), first_name=given,
                last_name=family)  # fmt: skip
    errors = {}
    if User.objects.filter(username__iexact=user.username).exists():
        errors["username"] = "Tên đăng nhập này đã có người dùng."
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = password_messages(exc)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=None, action="org.account.create", obj=user, unit_id=unit.pk,
                 after={"username": user.username, "email": user.email},
                 note="quản trị viên đầu tiên (thidua createadmin)")  # fmt: skip
    _role_create(actor=None, user=user, role=Role.ADMIN, unit=unit)
    return user


@transaction.atomic
def account_password_set(*, actor, account, password: str | None, how: str = "") -> None:
    """Set an account's password (None: password login turned off), with an audit row that
    says who changed it and how (own page, e-mailed link, Django admin) but never the
    password."""
    if password is None:
        account.set_unusable_password()
    else:
        account.set_password(password)
    account.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="org.account.password",
        obj=account,
        unit_id=user_unit_id(account),
        note=how or ("tắt đăng nhập bằng mật khẩu" if password is None else ""),
    )


# The organisation over time: rename, merge, split with an effective date -------------------


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def _check_effective(unit: Unit, effective_on: dt.date | None, field: str = "effective_on"):
    if effective_on is None:
        raise ValidationError({field: "Nhập ngày có hiệu lực."})
    if unit.valid_to is not None and unit.valid_to < effective_on:
        raise ValidationError(
            {field: f"Đơn vị «{unit.name}» đã thôi hoạt động từ sau {unit.valid_to:%d/%m/%Y}."}
        )
    if unit.valid_from is not None and effective_on <= unit.valid_from:
        raise ValidationError(
            {
                field: f"Ngày có hiệu lực phải sau ngày đơn vị «{unit.name}» bắt đầu hoạt động "
                f"({unit.valid_from:%d/%m/%Y})."
            }
        )


@transaction.atomic
def unit_rename(*, actor, unit: Unit, name: str, effective_on: dt.date) -> Unit:
    """A new name from `effective_on`; the old one is kept with the dates it was used."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    name = " ".join(nfc(name).split())
    if not name:
        raise ValidationError({"name": "Nhập tên mới của đơn vị."})
    if name == unit.name:
        raise ValidationError({"name": "Tên mới trùng với tên hiện tại."})
    _check_effective(unit, effective_on)
    last = unit.former_names.order_by("-valid_to").first()
    if last is not None and effective_on <= last.valid_to:
        raise ValidationError(
            {"effective_on": f"Đơn vị đã đổi tên có hiệu lực từ {last.valid_to:%d/%m/%Y}; "
             "ngày đổi tên mới phải sau ngày đó."}
        )  # fmt: skip
    former = UnitName.objects.create(
        unit=unit,
        name=unit.name,
        valid_from=(last.valid_to + dt.timedelta(days=1)) if last else unit.valid_from,
        valid_to=_day_before(effective_on),
    )
    before = unit.name
    unit.name = name
    unit_derive(unit)
    unit.save(update_fields=["name", "search_key"])
    audit_record(
        actor=actor,
        action="org.unit.rename",
        obj=unit,
        unit_id=unit.pk,
        before={"name": before},
        after={"name": unit.name, "effective_on": effective_on.isoformat()},
        note=f"tên cũ dùng đến {former.valid_to:%d/%m/%Y}",
    )
    return unit


def _end_unit(*, actor, unit: Unit, successor: Unit, kind: str, effective_on: dt.date) -> None:
    Unit.objects.filter(pk=unit.pk).update(valid_to=_day_before(effective_on))
    UnitSuccession.objects.create(
        predecessor=unit, successor=successor, kind=kind, effective_on=effective_on
    )


@transaction.atomic
def unit_merge(
    *,
    actor,
    units: list[Unit],
    effective_on: dt.date,
    into: Unit | None = None,
    code: str = "",
    name: str = "",
    kind: str = "",
    parent: Unit | None = None,
) -> Unit:
    """Merge `units` into an existing unit (`into`) or into a new one (`code`, `name`, `kind`
    under `parent`, by default the first unit's parent), from `effective_on`. Each merged unit
    ceases the day before and points to its successor; its people and its subordinate units
    move to the successor; its past rows stay its own (reports of past years add up)."""
    units = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in units]))
    if not units:
        raise ValidationError({"units": "Chọn ít nhất một đơn vị được sáp nhập."})
    if into is not None and any(u.pk == into.pk for u in units):
        raise ValidationError(
            {"into": "Đơn vị tiếp nhận không thể đồng thời là đơn vị được sáp nhập."}
        )
    for u in units:
        _check_effective(u, effective_on)
    if into is not None:
        into = Unit.objects.select_for_update().get(pk=into.pk)
        if not into.is_valid_on(effective_on):
            raise ValidationError(
                {"into": f"Đơn vị «{into.name}» không hoạt động vào ngày {effective_on:%d/%m/%Y}."}
            )
        if any(into.path.startswith(u.path) for u in units):
            raise ValidationError(
                {"into": "Đơn vị tiếp nhận không thể là đơn vị cấp dưới của đơn vị được sáp nhập."}
            )
        target = into
    else:
        target = unit_create(
            actor=actor,
            code=code,
            name=name,
            kind=kind or units[0].kind,
            parent=parent if parent is not None else units[0].parent,
            valid_from=effective_on,
        )
    moved_people = 0
    for u in units:
        for child in Unit.objects.filter(parent=u).exclude(valid_to__lt=effective_on):
            unit_update(actor=actor, unit=child, parent=target)
        moved_people += Person.objects.filter(unit=u).update(unit=target)
        _end_unit(actor=actor, unit=u, successor=target, kind=SuccessionKind.MERGE,
                  effective_on=effective_on)  # fmt: skip
        audit_record(
            actor=actor,
            action="org.unit.merge",
            obj=u,
            unit_id=u.pk,
            before={"valid_to": u.valid_to.isoformat() if u.valid_to else None},
            after={"valid_to": _day_before(effective_on).isoformat(), "successor": target.pk},
            note=f"sáp nhập vào «{target.name}» từ {effective_on:%d/%m/%Y}",
        )
    audit_record(
        actor=actor,
        action="org.unit.merge_into",
        obj=target,
        unit_id=target.pk,
        after={"predecessors": sorted(u.pk for u in units), "people_moved": moved_people,
               "effective_on": effective_on.isoformat()},
    )  # fmt: skip
    return target


@transaction.atomic
def unit_split(
    *, actor, unit: Unit, parts: list[tuple[str, str]], effective_on: dt.date
) -> list[Unit]:
    """Split `unit` into new units [(code, name)] under its parent, from `effective_on`. The
    old unit ceases the day before and points to each part; its people and subordinate units
    stay with it until moved (the screen lists them), since only the office knows who goes
    where."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_effective(unit, effective_on)
    if len(parts) < 2:
        raise ValidationError({"parts": "Chia tách cần ít nhất hai đơn vị mới."})
    new_units = [
        unit_create(
            actor=actor,
            code=code,
            name=name,
            kind=unit.kind,
            parent=unit.parent,
            valid_from=effective_on,
        )  # fmt: skip
        for code, name in parts
    ]
    for part in new_units:
        _end_unit(actor=actor, unit=unit, successor=part, kind=SuccessionKind.SPLIT,
                  effective_on=effective_on)  # fmt: skip
    audit_record(
        actor=actor,
        action="org.unit.split",
        obj=unit,
        unit_id=unit.pk,
        after={"valid_to": _day_before(effective_on).isoformat(),
               "successors": [u.pk for u in new_units]},
        note=f"chia tách từ {effective_on:%d/%m/%Y}",
    )  # fmt: skip
    return new_units


# Service history (quá trình công tác) -----------------------------------------------------------

SERVICE_FIELDS = ["organisation", "position", "started_on", "ended_on", "note"]


@transaction.atomic
def service_period_add(
    *,
    actor,
    person: Person,
    organisation: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    position: str = "",
    note: str = "",
) -> ServicePeriod:
    """One period of the person's service; the length of service for awards theo niên hạn
    is computed from these rows (org.service_time.person_service_length)."""
    period = ServicePeriod(
        person=person,
        organisation=nfc(organisation).strip(),
        position=nfc(position).strip(),
        started_on=started_on,
        ended_on=ended_on,
        note=nfc(note).strip(),
    )
    period.full_clean()
    period.save()
    audit_record(
        actor=actor,
        action="org.service_period.add",
        obj=period,
        unit_id=person.unit_id,
        after=snapshot(period, SERVICE_FIELDS),
    )
    return period


@transaction.atomic
def service_period_update(
    *,
    actor,
    period: ServicePeriod,
    organisation: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    position: str = "",
    note: str = "",
) -> ServicePeriod:
    """Correct one period of the person's service (all its fields at once, as the form
    posts them)."""
    period = ServicePeriod.objects.select_for_update().select_related("person").get(pk=period.pk)
    before = snapshot(period, SERVICE_FIELDS)
    period.organisation = nfc(organisation).strip()
    period.position = nfc(position).strip()
    period.started_on = started_on
    period.ended_on = ended_on
    period.note = nfc(note).strip()
    period.full_clean()
    after = snapshot(period, SERVICE_FIELDS)
    if after != before:
        period.save()
        audit_record(
            actor=actor,
            action="org.service_period.update",
            obj=period,
            unit_id=period.person.unit_id,
            before=before,
            after=after,
        )
    return period


@transaction.atomic
def service_period_remove(*, actor, period: ServicePeriod) -> None:
    audit_record(
        actor=actor,
        action="org.service_period.remove",
        obj=period,
        unit_id=period.person.unit_id,
        before=snapshot(period, SERVICE_FIELDS),
    )
    period.delete()
