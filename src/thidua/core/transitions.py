"""The one way a service changes an object's state: check the state it is in, set the new
state (and its timestamp), save, write the audit row. Called inside the service's
transaction, on a row the service has locked when two requests could race."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from thidua.core.services import audit_record


def _label(obj: models.Model, state_field: str, value: str) -> str:
    return str(dict(obj._meta.get_field(state_field).flatchoices).get(value, value))


def sources(table: Mapping[tuple[str, str], str], to: str) -> set[str]:
    """The states a transitions table allows moving to `to` from."""
    return {a for a, b in table if b == to}


def transition(
    obj: models.Model,
    *,
    to: str,
    allowed_from: Iterable[str] | Mapping[tuple[str, str], str],
    actor,
    action: str | Callable[[str], str],
    unit_id: int | None,
    what: str,
    note: str = "",
    refusal: str = "",
    timestamp: str = "",
    now: dt.datetime | None = None,
    fields: Mapping[str, object] | None = None,
    update_fields: Iterable[str] = (),
    after: Mapping[str, object] | None = None,
    state_field: str = "state",
) -> str:
    """Move `obj` to the state `to` and return the state it was in.

    `allowed_from` is the set of states the move may start from, or a transitions table
    {(from, to): name}. Any other state is refused with a Vietnamese ValidationError naming the
    current state and the wanted one ("Không thể chuyển {what} từ «…» sang «…».") unless
    `refusal` gives the message. `timestamp` names a field set to `now`; `fields` are other
    fields set with the state; `update_fields` are further fields the save writes. The audit
    row's action is `action`, or `action(before)` when it is a callable; it records the state
    before and after (plus `after`)."""
    before = getattr(obj, state_field)
    allowed = sources(allowed_from, to) if isinstance(allowed_from, Mapping) else allowed_from
    if before not in set(allowed):
        raise ValidationError(
            refusal
            or f"Không thể chuyển {what} từ «{_label(obj, state_field, before)}» sang "
            f"«{_label(obj, state_field, to)}»."
        )
    setattr(obj, state_field, to)
    written = [state_field]
    if timestamp:
        setattr(obj, timestamp, now or timezone.now())
        written.append(timestamp)
    for name, value in (fields or {}).items():
        setattr(obj, name, value)
        written.append(name)
    written += [f for f in update_fields if f not in written]
    obj.save(update_fields=written)
    audit_record(
        actor=actor,
        action=action(before) if callable(action) else action,
        obj=obj,
        unit_id=unit_id,
        before={state_field: before},
        after={state_field: to, **(after or {})},
        note=note,
    )
    return before
