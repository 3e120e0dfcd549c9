from django.db.models import Q, QuerySet

from thidua.core.models import AuditLog
from thidua.org.enums import Role
from thidua.org.scope import user_scope


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


def audit_actions() -> list[str]:
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def notifications_for(user) -> QuerySet:
    from thidua.core.models import Notification

    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
