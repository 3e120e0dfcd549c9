from django.db.models import QuerySet

from thidua.core.models import AuditLog, Notification


def audit_actions() -> list[str]:
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def audit_history(object_type: str, object_id) -> QuerySet[AuditLog]:
    """The audit rows of one object, oldest first."""
    return AuditLog.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "at", "id"
    )
