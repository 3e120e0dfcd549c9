from django.db.models import QuerySet

from thidua.core.models import AuditLog, Notification


def audit_actions() -> list[str]:
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
