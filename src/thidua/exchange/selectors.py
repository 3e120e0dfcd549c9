"""Reads of the exchange app, through the reader's scope."""

from django.db.models import Q, QuerySet

from thidua.exchange.enums import IncomingState
from thidua.exchange.models import IncomingPackage, OutgoingPackage, Partner
from thidua.org.enums import Role
from thidua.org.scope import user_scope


def partners_for(user) -> QuerySet[Partner]:
    if not user.has_perm("exchange.manage"):
        return Partner.objects.none()
    return Partner.objects.all()


def sendable_partners(user) -> list[Partner]:
    return list(partners_for(user).filter(active=True).exclude(send_url=""))


def partner_get_for(user, pk) -> Partner | None:
    try:
        return partners_for(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def outgoing_for(user) -> QuerySet[OutgoingPackage]:
    """Packages sent by the units the reader manages."""
    scope = user_scope(user)
    if not scope.has_role(*Role.managing()):
        return OutgoingPackage.objects.none()
    return OutgoingPackage.objects.filter(
        scope.unit_q("unit__", roles=Role.managing())
    ).select_related("partner", "unit")


def incoming_for(user, *, state: str) -> QuerySet[IncomingPackage]:
    """Packages received for the units the reader manages; refused packages that named no
    unit of ours are read by every manager of the exchange (someone must see them)."""
    scope = user_scope(user)
    if not scope.has_role(*Role.managing()):
        return IncomingPackage.objects.none()
    return (
        IncomingPackage.objects.filter(state=state)
        .filter(scope.unit_q("recipient__", roles=Role.managing()) | Q(recipient__isnull=True))
        .select_related("partner", "recipient", "distribution")
    )


def quarantine_for(user) -> QuerySet[IncomingPackage]:
    return incoming_for(user, state=IncomingState.QUARANTINED)
