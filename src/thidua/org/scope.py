"""What part of the organisation tree a user's roles reach.

A role held for a unit reaches that unit and its whole subtree. The scope is read once per
request (one query) and kept on the user object. With Redis as the shared cache it is also
kept there per user and day under the data version (core/counts.py), which every audited
change replaces when it commits: a role granted or revoked, a unit renamed or moved, an
account changed through the services all show at the next request, in every process of
every host. Without Redis a lookup would cost a query of its own, so the scope is read.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from thidua.core import counts
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment, Unit


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    unit_name: str
    path: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass(frozen=True)
class Scope:
    grants: tuple[Grant, ...]
    is_superuser: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.grants and not self.is_superuser

    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def has_role(self, *roles: str) -> bool:
        return (
            self.is_superuser and Role.ADMIN in roles or any(g.role in roles for g in self.grants)
        )

    def _paths(self, roles: set[str] | None) -> list[str] | None:
        """Subtree prefixes reached; None means everything (administrators)."""
        if self.is_superuser or any(g.role == Role.ADMIN for g in self.grants):
            return None
        return [g.path for g in self.grants if roles is None or g.role in roles]

    def reach_key(self, roles: set[str] | None = None) -> str:
        """Names what `unit_q(roles=roles)` reaches: "all", or a digest of the subtrees. Two
        readers with the same key see the same rows, so a kept page may be shared by them."""
        paths = self._paths(roles)
        if paths is None:
            return "all"
        return hashlib.sha256("|".join(sorted(set(paths))).encode()).hexdigest()[:24]

    def covers(self, unit: Unit, roles: set[str] | None = None) -> bool:
        paths = self._paths(roles)
        return paths is None or any(unit.path.startswith(p) for p in paths)

    def unit_q(self, field: str = "", roles: set[str] | None = None) -> Q:
        """A filter on Unit (or, with `field="unit__"`, on a model pointing at Unit)."""
        paths = self._paths(roles)
        if paths is None:
            return Q()
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for p in sorted(set(paths)):
            q |= Q(**{f"{field}path__startswith": p})
        return q


def _today() -> dt.date:
    return timezone.localdate()


SCOPE_SECONDS = 600
# Kept per user and day under the data version (role validity is by day).
SCOPE_KIND = counts.user_kind("scope")


def _grants(user, today: dt.date) -> tuple[tuple, ...]:
    rows = (
        RoleAssignment.objects.filter(user=user)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("role", "unit_id", "unit__name", "unit__path")
    )
    return tuple(rows)


def user_scope(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(grants=())
    cached = getattr(user, "_thidua_scope", None)
    if cached is not None:
        return cached
    today = _today()
    rows = counts.kept_for_user(SCOPE_KIND, user.pk, lambda: _grants(user, today), SCOPE_SECONDS)
    scope = Scope(grants=tuple(Grant(*row) for row in rows), is_superuser=user.is_superuser)
    user._thidua_scope = scope
    return scope
