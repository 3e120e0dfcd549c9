"""Helpers shared by the council's service modules: the session lock, state guard, audit row."""

from django.core.exceptions import ValidationError

from thidua.core.services import audit_record
from thidua.council.models import (
    CouncilSession,
)

SESSION_FIELDS = ["held_on", "starts_at", "place", "state"]


def _locked(session: CouncilSession) -> CouncilSession:
    return (
        CouncilSession.objects.select_for_update()
        .select_related("council", "campaign")
        .get(pk=session.pk)
    )


def _require(session: CouncilSession, *states: str, message: str) -> None:
    if session.state not in states:
        raise ValidationError(message)


def _audit(actor, action: str, session: CouncilSession, **kw) -> None:
    audit_record(actor=actor, action=action, obj=session, unit_id=session.council.issuer_id, **kw)
