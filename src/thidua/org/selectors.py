"""Reads of units and people, always through the reader's scope."""

import datetime as dt
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core.models import AuditLog
from thidua.core.text import search_key
from thidua.org.enums import Role, UnitKind
from thidua.org.models import Person, RoleAssignment, ServicePeriod, Unit, UnitSuccession
from thidua.org.rules import can_manage_account
from thidua.org.scope import user_scope
from thidua.org.service_time import overlapping, person_service_length


def units_for(user, roles=None) -> QuerySet[Unit]:
    """Units the user reaches (with one of `roles`, when given)."""
    return Unit.objects.filter(user_scope(user).unit_q(roles=roles))


def people_for(user) -> QuerySet[Person]:
    return Person.objects.filter(user_scope(user).unit_q("unit__")).select_related("unit")


def _check(user, perm: str, obj):
    if not user.has_perm(perm, obj):
        # 404, not 403: a user outside the scope must not learn that the id exists.
        raise Http404("Không tìm thấy hoặc bạn không có quyền truy cập.")
    return obj


def _parse_pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy.") from None


def unit_get_for(user, pk, perm: str = "org.view_unit") -> Unit:
    unit = Unit.objects.select_related("parent").filter(pk=_parse_pk(pk)).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return _check(user, perm, unit)


def person_get_for(user, pk, perm: str = "org.view_person") -> Person:
    person = Person.objects.select_related("unit").filter(pk=_parse_pk(pk)).first()
    if person is None:
        raise Http404("Không tìm thấy cá nhân.")
    return _check(user, perm, person)


def units_search(user, *, query: str = "", kind: str = "") -> QuerySet[Unit]:
    """Units the user may see; the query matches names without diacritics, codes exactly."""
    units = units_for(user)
    query = query.strip()
    if query:
        words = Q(*[Q(search_key__contains=w) for w in search_key(query).split()])
        units = units.filter(words | Q(code__iexact=query) | Q(gso_code=query))
    if kind:
        units = units.filter(kind=kind)
    # Not by path: "/1/10/" sorts before "/1/9/". Codes are ASCII, so every database agrees.
    return units.order_by("depth", "position", "code")


def people_search(
    user,
    *,
    query: str = "",
    unit: Unit | None = None,
    category: str = "",
    include_subunits: bool = True,
) -> QuerySet[Person]:
    """People the user may see, filtered; "nguyen van huong" finds "Nguyễn Văn Hưởng"."""
    qs = people_for(user)
    key = search_key(query)
    for word in key.split():
        qs = qs.filter(search_key__contains=word)
    if unit is not None:
        qs = (
            qs.filter(unit__path__startswith=unit.path)
            if include_subunits
            else qs.filter(unit=unit)
        )
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("sort_key", "id")


@dataclass
class TreeRow:
    unit: Unit
    depth: int
    people_count: int


def unit_tree(user, *, query: str = "") -> list[TreeRow]:
    """The visible units in tree order (siblings by position, then name), with head counts.

    Two queries whatever the number of units. A unit whose parent is out of scope is shown
    as a root of the reader's forest.
    """
    units = list(
        units_for(user).annotate(people_count=Count("people")).order_by("position", "name")
    )
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for u in units:
        parent = u.parent_id if u.parent_id in ids else None
        by_parent.setdefault(parent, []).append(u)
    rows: list[TreeRow] = []
    stack = [(u, 0) for u in reversed(by_parent.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        rows.append(TreeRow(unit=unit, depth=depth, people_count=unit.people_count))
        stack.extend((c, depth + 1) for c in reversed(by_parent.get(unit.pk, [])))
    if query:
        key = search_key(query)
        rows = [r for r in rows if key in r.unit.search_key or key == r.unit.gso_code]
    return rows


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.annotate(people_count=Count("people")).order_by("position", "name")


def unit_counts(user) -> dict[str, int]:
    scope_q = user_scope(user).unit_q()
    return Unit.objects.filter(scope_q).aggregate(
        units=Count("pk"), communes=Count("pk", filter=Q(kind__in=UnitKind.commune_level()))
    ) | {"people": people_for(user).count()}


@dataclass(frozen=True)
class LockedLogin:
    pk: int
    username: str
    ip_address: str
    failures: int
    last_attempt: object
    until: object


def locked_logins_for(user) -> list[LockedLogin]:
    """Accounts and addresses locked after repeated failed logins that the reader may unlock:
    administrators every one; the secretariat the accounts holding a role in its units."""
    rows = locked_login_attempts()
    scope = user_scope(user)
    if not (scope.is_superuser or scope.has_role(Role.ADMIN)):
        names = set(
            RoleAssignment.objects.filter(scope.unit_q("unit__", roles=Role.managing()))
            .values_list("user__username", flat=True)
            .distinct()
        )
        rows = rows.filter(username__in=names)
    cool_off = get_cool_off() or dt.timedelta(0)
    return [
        LockedLogin(
            pk=a.pk,
            username=a.username or "",
            ip_address=a.ip_address or "",
            failures=a.failures_since_start,
            last_attempt=a.attempt_time,
            until=a.attempt_time + cool_off,
        )
        for a in rows.order_by("-attempt_time")
    ]


def locked_login_attempts() -> QuerySet[AccessAttempt]:
    cool_off = get_cool_off() or dt.timedelta(0)
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=timezone.now() - cool_off,
    )


def user_unit_id(user) -> int | None:
    """The unit an account works for (its first role's), for the audit rows of its logins."""
    if user is None or not getattr(user, "pk", None):
        return None
    return (
        RoleAssignment.objects.filter(user_id=user.pk)
        .order_by("pk")
        .values_list("unit_id", flat=True)
        .first()
    )


def user_unit_id_by_name(username: str) -> int | None:
    """The same for a name typed at the login page (None when no account has it)."""
    if not username:
        return None
    return (
        RoleAssignment.objects.filter(user__username=username)
        .order_by("pk")
        .values_list("unit_id", flat=True)
        .first()
    )


def two_factor_required(user) -> bool:
    """Whether the deployment requires the second login step of this account: with
    THIDUA_2FA_REQUIRED, of the roles that decide and of anyone who can enter Django admin."""
    if not settings.THIDUA_2FA_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user_scope(user).has_role(*Role.deciding())


@dataclass(frozen=True)
class TwoFactorAccount:
    pk: int
    username: str
    full_name: str
    roles: str
    enrolled: bool
    last_used: object
    required: bool


def two_factor_accounts() -> list[TwoFactorAccount]:
    """Every active account with a role or access to admin, and whether it has enrolled in
    two-factor login (for administrators, who may reset it). Three queries in all."""
    User = get_user_model()
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = (
        User.objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(role_assignments__isnull=False))
        .distinct()
        .annotate(
            enrolled=Exists(devices),
            last_used=Subquery(devices.order_by("pk").values("last_used_at")[:1]),
        )
        .order_by("username")
    )
    roles: dict[int, list[str]] = {}
    for user_id, role in RoleAssignment.objects.values_list("user_id", "role").order_by("pk"):
        roles.setdefault(user_id, []).append(role)
    out = []
    for u in users:
        mine = roles.get(u.pk, [])
        labels = sorted({Role(r).label for r in mine})
        out.append(
            TwoFactorAccount(
                pk=u.pk,
                username=u.username,
                full_name=u.get_full_name(),
                roles=", ".join(labels) or ("Quản trị Django" if u.is_staff else ""),
                enrolled=u.enrolled,
                last_used=u.last_used,
                required=settings.THIDUA_2FA_REQUIRED
                and (u.is_staff or bool(set(mine) & Role.deciding())),
            )
        )
    return out


def account_get(pk) -> object:
    """An active account by id (404 else), for the administrators' account screens."""
    User = get_user_model()
    user = User.objects.filter(pk=_parse_pk(pk), is_active=True).first()
    if user is None:
        raise Http404("Không tìm thấy tài khoản.")
    return user


def audit_for(user, *, action: str = "", query: str = "") -> QuerySet[AuditLog]:
    """Audit rows about units the reader manages; rows tied to no unit only for administrators."""
    scope = user_scope(user)
    qs = AuditLog.objects.select_related("unit")
    if not (scope.is_superuser or scope.has_role(Role.ADMIN)):
        qs = qs.filter(scope.unit_q("unit__", roles=Role.managing()))
    if action:
        qs = qs.filter(action=action)
    if query:
        qs = qs.filter(
            Q(object_repr__icontains=query) | Q(actor_name__icontains=query) | Q(action=query)
        )
    return qs.order_by("-at", "-id")


# Accounts ------------------------------------------------------------------------------------


@dataclass
class AccountRow:
    account: object
    roles: list[RoleAssignment]
    can_manage: bool

    @property
    def name(self) -> str:
        a = self.account
        return f"{a.last_name} {a.first_name}".strip()


def _accounts_visible(user) -> QuerySet:
    """Administrators see every account; the secretariat those holding a role in its units."""
    User = get_user_model()
    scope = user_scope(user)
    if scope.is_superuser or scope.has_role(Role.ADMIN):
        return User.objects.all()
    if not scope.has_role(*Role.managing()):
        return User.objects.none()
    in_scope = RoleAssignment.objects.filter(scope.unit_q("unit__", roles=Role.managing()))
    return User.objects.filter(pk__in=in_scope.values("user_id"))


def accounts_search(user, *, query: str = "", state: str = "") -> list[AccountRow]:
    """The accounts the reader may see, with their roles and whether the reader may manage
    each one: three queries whatever the number of accounts."""
    qs = _accounts_visible(user)
    for word in query.split():
        qs = qs.filter(
            Q(username__icontains=word)
            | Q(email__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    if state == "active":
        qs = qs.filter(is_active=True)
    elif state == "inactive":
        qs = qs.filter(is_active=False)
    qs = qs.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("unit").order_by("unit__path", "role"),
        )
    ).order_by("username")
    return [
        AccountRow(
            account=a,
            roles=list(a.role_assignments.all()),
            can_manage=can_manage_account(user, a, a.role_assignments.all()),
        )
        for a in qs[:500]
    ]


def account_get_for(user, pk) -> AccountRow:
    """One account the reader may see (404 otherwise: another office's accounts stay unknown)."""
    account = _accounts_visible(user).filter(pk=_parse_pk(pk)).first()
    if account is None:
        raise Http404("Không tìm thấy tài khoản hoặc bạn không có quyền xem.")
    roles = list(account.role_assignments.select_related("unit").order_by("unit__path", "role"))
    return AccountRow(
        account=account, roles=roles, can_manage=can_manage_account(user, account, roles)
    )


def account_role_get_for(user, account_pk, pk) -> RoleAssignment:
    row = account_get_for(user, account_pk)
    assignment = next((r for r in row.roles if r.pk == _parse_pk(pk)), None)
    if assignment is None:
        raise Http404("Không tìm thấy vai trò.")
    return assignment


def unit_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code.strip()).first()


# The organisation over time ------------------------------------------------------------------


def unit_name_on(unit: Unit, day: dt.date) -> str:
    """The name the unit bore on `day` (a report of 2024 prints the 2024 name)."""
    for former in unit.former_names.all():  # ordered by valid_to; prefetch-friendly
        if day <= former.valid_to and (former.valid_from is None or former.valid_from <= day):
            return former.name
    return unit.name


def unit_successors_now(unit: Unit, *, on: dt.date | None = None) -> list[Unit]:
    """The units that carry on a ceased unit on `on` (today by default), following a chain of
    reorganisations (a commune merged in 2025 whose successor was split later …)."""
    on = on or timezone.localdate()
    seen, frontier, out = {unit.pk}, [unit], []
    while frontier:
        rows = UnitSuccession.objects.filter(predecessor__in=frontier).select_related("successor")
        frontier = []
        for row in rows:
            s = row.successor
            if s.pk in seen:
                continue
            seen.add(s.pk)
            (out if s.is_valid_on(on) else frontier).append(s)
    return out


def ceased_message(unit: Unit, *, on: dt.date | None = None) -> str:
    """ "Xã X đã thôi hoạt động từ 01/07/2025 (sáp nhập vào Xã Y)": why a unit may not be
    chosen, and what to choose instead."""
    row = unit.successions.select_related("successor").order_by("successor__name").first()
    ended = f"{unit.name} đã thôi hoạt động từ {(unit.valid_to + dt.timedelta(days=1)):%d/%m/%Y}"
    successors = unit_successors_now(unit, on=on)
    if row is None or not successors:
        return ended + "."
    names = ", ".join(f"«{s.name}»" for s in successors)
    how = "sáp nhập vào" if row.kind == "merge" else "chia tách thành"
    return f"{ended} ({how} {names}); hãy chọn {names}."


@dataclass
class UnitHistory:
    former_names: list
    predecessors: list
    successors: list


def unit_history(unit: Unit) -> UnitHistory:
    return UnitHistory(
        former_names=list(unit.former_names.order_by("valid_to")),
        predecessors=list(
            unit.predecessions.select_related("predecessor").order_by("predecessor__name")
        ),
        successors=list(unit.successions.select_related("successor").order_by("successor__name")),
    )


def unit_lineage_ids(unit: Unit) -> set[int]:
    """The unit and every unit it took over from, however many reorganisations back: what a
    report of the unit over several years adds up."""
    ids, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = (
            set(
                UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                    "predecessor_id", flat=True
                )
            )
            - ids
        )
        ids |= frontier
    return ids


# The units a back-office screen offers ------------------------------------------------------


def units_with_roles(user, roles: set[str] | None) -> QuerySet[Unit]:
    """The units, with their subtrees, where the user holds one of `roles` (any role when
    None), in tree order."""
    return Unit.objects.filter(user_scope(user).unit_q(roles=roles)).order_by("path")


def units_managed_by(user) -> QuerySet[Unit]:
    """The units I manage: those under a managing role of the user."""
    return units_with_roles(user, Role.managing())


def units_granted(user, roles: set[str]) -> list[Unit]:
    """The units named by the user's grants of `roles` themselves (not their subtrees); the
    top units for a superuser without such grants."""
    ids = [g.unit_id for g in user_scope(user).grants if g.role in roles]
    if not ids and user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


def unit_subtree(unit: Unit, *order: str) -> QuerySet[Unit]:
    """The unit and every unit below it, in tree order unless `order` says otherwise."""
    return Unit.objects.filter(path__startswith=unit.path).order_by(*(order or ("path",)))


def people_in_subtree(unit: Unit) -> QuerySet[Person]:
    """The people of the unit and of every unit below it, by name."""
    return (
        Person.objects.filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("sort_key")
    )


def units_count(ids) -> int:
    return Unit.objects.filter(pk__in=ids).count()


def issuer_units(issuer: Unit) -> dict[str, list[Unit]]:
    """The issuer's direct subordinate units, grouped (agencies, communes…). Not filtered by
    validity: the page shows the organisation the issuer's campaigns were run in."""
    rows = Unit.objects.filter(parent=issuer).order_by("position", "name")
    groups: dict[str, list[Unit]] = {}
    for unit in rows:
        label = (
            "Xã, phường, thị trấn" if unit.kind in UnitKind.commune_level() else "Cơ quan, đơn vị"
        )
        groups.setdefault(label, []).append(unit)
    return groups


def focal_point_contacts(unit_ids) -> list[tuple]:
    """(unit id, first name, last name, username, email) of the units' active focal points."""
    return list(
        RoleAssignment.objects.filter(
            unit_id__in=set(unit_ids), role=Role.FOCAL_POINT, user__is_active=True
        ).values_list(
            "unit_id", "user__first_name", "user__last_name", "user__username", "user__email"
        )
    )


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def units_by_ids(unit_ids) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=unit_ids)


def focal_points_by_unit(unit_ids) -> dict[int, list]:
    """unit id → the active users holding its focal-point role today (one query)."""
    today = timezone.localdate()
    out: dict[int, list] = {}
    for ra in (
        RoleAssignment.objects.filter(unit_id__in=list(unit_ids), role=Role.FOCAL_POINT,
                                      user__is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("user")
    ):  # fmt: skip
        out.setdefault(ra.unit_id, []).append(ra.user)
    return out


def service_periods_by_person(person_ids) -> dict[int, tuple[dt.date | None, list]]:
    """person id → (service_start, [(from, to, organisation, position)]) for the criteria
    engine (nominations, niên hạn): one query whatever the number of people (a left join)."""
    out: dict[int, tuple[dt.date | None, list]] = {}
    rows = Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "service_start", "service_periods__started_on", "service_periods__ended_on",
        "service_periods__organisation", "service_periods__position",
    )  # fmt: skip
    for pk, service_start, start, end, organisation, position in rows:
        _start, periods = out.setdefault(pk, (service_start, []))
        if start is not None:
            periods.append((start, end, organisation, position))
    return out


def service_period_get_for(user, pk, perm: str = "org.change_person") -> ServicePeriod:
    """One service period, judged on its person (404 outside the user's people)."""
    period = ServicePeriod.objects.select_related("person__unit").filter(pk=_parse_pk(pk)).first()
    if period is None:
        raise Http404("Không tìm thấy giai đoạn công tác.")
    _check(user, perm, period.person)
    return period


def overlap_warnings(periods: list[ServicePeriod]) -> dict[int, list[str]]:
    """period id → a Vietnamese warning per other period of the same person it overlaps
    (allowed — two posts at once — but worth a second look). No query."""
    rows = [(p.pk, p.started_on, p.ended_on) for p in periods]
    out: dict[int, list[str]] = {}
    by_id = {p.pk: p for p in periods}
    for p in periods:
        others = [r for r in rows if r[0] != p.pk]
        for pk in overlapping(p.started_on, p.ended_on, others):
            o = by_id[pk]
            end = f"{o.ended_on:%d/%m/%Y}" if o.ended_on else "nay"
            out.setdefault(p.pk, []).append(
                f"Trùng thời gian với giai đoạn «{o.organisation}» "
                f"({o.started_on:%d/%m/%Y} – {end})."
            )
    return out


def service_of(person: Person, *, on: dt.date | None = None):
    """The person's service periods (oldest first, each with `warnings`: the periods it
    overlaps) and length of service on `on` (today when None): from the periods when
    recorded, else from `service_start`. One query."""
    on = on or timezone.localdate()
    periods = list(person.service_periods.order_by("started_on", "id"))
    warnings = overlap_warnings(periods)
    for p in periods:
        p.warnings = warnings.get(p.pk, [])
    length = person_service_length(
        [(p.started_on, p.ended_on) for p in periods], person.service_start, on=on
    )
    return periods, length
