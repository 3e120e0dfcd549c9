"""The write API validates with the screens' own forms: the JSON body (already typed by its
ninja schema) is handed to the app's Django form, so a value the screen refuses is refused
here with the same Vietnamese message, and the service receives the same cleaned data.

    data = clean(UnitForm, payload, user=request.user)                 # POST
    data = clean(UnitForm, payload, instance=unit, user=request.user)  # PATCH: other fields kept

A refusal raises django's ValidationError keyed by field; the API answers it with 422
`{"detail": [{"loc": ["body", field], "msg": "…"}]}` (thidua.api.errors).
"""

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from ninja import Schema


def _form_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


def _initial_data(form: forms.BaseForm) -> dict[str, Any]:
    """What the screen would post back unchanged for a bound instance."""
    out = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            value = [getattr(v, "pk", v) for v in (value or [])]
        elif isinstance(field, forms.ModelChoiceField) and hasattr(value, "pk"):
            value = value.pk
        elif isinstance(field, forms.BooleanField) and not value:
            continue
        out[name] = value
    return out


def form_data(values: dict[str, Any]) -> MultiValueDict:
    data = MultiValueDict()
    for name, value in values.items():
        if isinstance(value, list | tuple | set):
            data.setlist(name, [str(_form_value(v)) for v in value])
        elif isinstance(value, bool) and not value:
            continue  # an unticked checkbox is absent from a posted form
        else:
            data[name] = _form_value(value)
    return data


def payload_dict(payload: Schema | dict | None, *, partial: bool = False) -> dict[str, Any]:
    if payload is None:
        return {}
    if isinstance(payload, dict):
        return payload
    return payload.model_dump(exclude_unset=partial)


def bind(form_class: type[forms.BaseForm], payload, *, instance=None, files=None, **kwargs):
    """The form bound to the payload; with `instance`, fields the payload leaves out keep
    their current values (PATCH)."""
    values = payload_dict(payload, partial=instance is not None)
    if instance is not None:
        kwargs["instance"] = instance
        current = form_class(**kwargs)
        values = _initial_data(current) | values
    return form_class(data=form_data(values), files=files, **kwargs)


def check(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or its errors as the 422 of the API."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def clean(form_class: type[forms.BaseForm], payload, *, instance=None, files=None, **kwargs):
    """`bind` then `check`: the cleaned data of the screen's form for this payload."""
    return check(bind(form_class, payload, instance=instance, files=files, **kwargs))
