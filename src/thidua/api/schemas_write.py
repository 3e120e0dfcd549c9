"""Request bodies of the write API built from the models' own fields, so each field carries its
Vietnamese name (verbose_name, help_text) and limits (max_length, choices) into the OpenAPI
schema without being typed twice. The screens' forms still validate (thidua.api.forms)."""

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from pydantic import create_model

INT_MAX = 2_147_483_647
# A row's id as a body field: positive and within what the database holds.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _describe(field: models.Field) -> str:
    name = str(field.verbose_name)
    text = name[:1].upper() + name[1:]
    if field.help_text:
        text += f". {field.help_text}"
    return text


def _type_and_limits(field: models.Field) -> tuple[Any, dict]:
    limits: dict = {}
    if field.choices:
        enum = Enum(  # the choices as an enum: the schema lists them
            f"{field.model.__name__}_{field.name}",
            {str(v): str(v) for v, _ in field.flatchoices},
            type=str,
        )
        return enum, limits
    if isinstance(field, models.ForeignKey):
        return int, {"ge": 1, "le": INT_MAX}
    if isinstance(field, models.BooleanField):
        return bool, limits
    if isinstance(field, models.DateTimeField):
        return dt.datetime, limits
    if isinstance(field, models.DateField):
        return dt.date, limits
    if isinstance(field, models.DecimalField):
        limits["max_digits"] = field.max_digits
        limits["decimal_places"] = field.decimal_places
        return Decimal, limits
    if isinstance(field, models.PositiveSmallIntegerField):
        return int, {"ge": 0, "le": 32767}
    if isinstance(field, models.PositiveIntegerField | models.PositiveBigIntegerField):
        return int, {"ge": 0, "le": INT_MAX}
    if isinstance(field, models.IntegerField):
        return int, {"ge": -INT_MAX, "le": INT_MAX}
    if isinstance(field, models.CharField | models.TextField):
        if field.max_length:
            limits["max_length"] = field.max_length
        return str, limits
    return Any, limits


def model_body(
    model: type[models.Model],
    fields: list[str],
    *,
    name: str,
    partial: bool = False,
    overrides: dict[str, tuple[Any, Any]] | None = None,
) -> type[Schema]:
    """A body schema with the given model fields (all optional when `partial`, for PATCH).
    `overrides` gives (type, Field(...)) for fields the model does not type well."""
    definitions: dict[str, tuple[Any, Any]] = {}
    overrides = overrides or {}
    for field_name in fields:
        if field_name in overrides:
            annotation, info = overrides[field_name]
            if partial:
                annotation = annotation | None
                info.default = None
            definitions[field_name] = (annotation, info)
            continue
        field = model._meta.get_field(field_name)
        annotation, limits = _type_and_limits(field)
        required = not (field.blank or field.null or field.has_default())
        optional = field.null or partial
        if optional:
            annotation = annotation | None
        if partial or not required:
            if field.has_default() and not partial:
                default = field.get_default()
                if isinstance(default, list | dict):
                    default = None
                elif isinstance(annotation, type) and issubclass(annotation, Enum):
                    default = annotation(str(default))
            else:
                default = None if optional else ""
            info = Field(default, description=_describe(field), **limits)
        else:
            info = Field(..., description=_describe(field), **limits)
        definitions[field_name] = (annotation, info)
    return create_model(name, __base__=Schema, **definitions)
