"""Every write to awards. One function per state change; each writes its audit row.

Side effects run in this order: guard → save → audit row → notification (after commit).
"""

from django.db import models, transaction

from thidua.awards.models import AwardFormRule, BaseSalary, Coefficient, RuleSet
from thidua.core.services import audit_record, snapshot

# Legal tables -----------------------------------------------------------------------------------

LEGAL_FIELDS: dict[type, list[str]] = {
    RuleSet: ["code", "name", "valid_from", "valid_to", "rounding_mode", "rounding_step", "note"],
    Coefficient: ["rule_set", "form_kind", "subject_type", "coefficient", "of_individual", "note"],
    BaseSalary: ["valid_from", "amount", "decree"],
    AwardFormRule: ["award_form", "form_kind"],
}


def _legal_before(obj: models.Model) -> dict | None:
    if obj.pk is None:
        return None
    old = type(obj).objects.filter(pk=obj.pk).first()
    return snapshot(old, LEGAL_FIELDS[type(obj)]) if old is not None else None


@transaction.atomic
def legal_row_save(*, actor, obj: models.Model) -> models.Model:
    """Create or change a row of the legal tables (rule set, coefficient, base salary, form
    mapping); the audit row keeps the values before and after: the tables' history."""
    fields = LEGAL_FIELDS[type(obj)]
    before = _legal_before(obj)
    obj.full_clean()
    obj.save()
    after = snapshot(obj, fields)
    if after != before:
        action = "update" if before is not None else "create"
        audit_record(
            actor=actor,
            action=f"awards.{obj._meta.model_name}.{action}",
            obj=obj,
            before=before,
            after=after,
        )
    return obj


@transaction.atomic
def legal_row_delete(*, actor, obj: models.Model) -> None:
    audit_record(
        actor=actor,
        action=f"awards.{obj._meta.model_name}.delete",
        obj=obj,
        before=snapshot(obj, LEGAL_FIELDS[type(obj)]),
    )
    obj.delete()
