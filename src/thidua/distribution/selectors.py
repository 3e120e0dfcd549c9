"""Reads of the distribution app: a unit's inbox, what a unit sent and who opened it.
`*_get_for(user, pk)` answer 404 outside the reader's reach."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from thidua.distribution.models import Delivery, Distribution
from thidua.org.enums import Role
from thidua.org.scope import user_scope

NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền truy cập."


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def inbox_for(user) -> QuerySet[Delivery]:
    """Documents sent to the units the reader holds a role for — that unit's own inbox only,
    not the inboxes of the units below it."""
    unit_ids = {g.unit_id for g in user_scope(user).grants}
    return (
        Delivery.objects.filter(unit_id__in=unit_ids)
        .select_related("distribution__sender_unit", "unit", "opened_by")
        .order_by("-distribution__sent_at", "-id")
    )


def delivery_get_for(user, pk) -> Delivery:
    delivery = inbox_for(user).filter(pk=_pk(pk)).first()
    if delivery is None:
        raise Http404(NOT_FOUND)
    return delivery


def sent_for(user) -> QuerySet[Distribution]:
    """Documents sent by units the reader manages, with recipient and opened counts."""
    scope = user_scope(user)
    if not scope.has_role(*Role.managing()):
        return Distribution.objects.none()
    return (
        Distribution.objects.filter(scope.unit_q("sender_unit__", roles=Role.managing()))
        .filter(external_sender="")
        .select_related("sender_unit", "sent_by", "campaign")
        .annotate(
            recipients=Count("deliveries"),
            opened=Count("deliveries", filter=Q(deliveries__opened_at__isnull=False)),
        )
        .order_by("-sent_at", "-id")
    )


def distribution_get_for(user, pk) -> Distribution:
    dist = sent_for(user).filter(pk=_pk(pk)).first()
    if dist is None:
        raise Http404(NOT_FOUND)
    return dist


def deliveries_of(dist: Distribution) -> list[Delivery]:
    return list(
        Delivery.objects.filter(distribution=dist)
        .select_related("unit", "opened_by")
        .order_by("unit__path")
    )


def unread_inbox_count(user) -> int:
    return inbox_for(user).filter(opened_at__isnull=True).count()


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def inbox_of_units(unit_ids, *, recent: int = 5) -> tuple[int, list[Delivery]]:
    """(unread deliveries, the latest `recent`) of the units (two queries)."""
    qs = Delivery.objects.filter(unit_id__in=unit_ids)
    unread = qs.filter(opened_at__isnull=True).count()
    latest = list(
        qs.select_related("distribution", "unit").order_by("-distribution__sent_at", "-id")[:recent]
    )
    return unread, latest
