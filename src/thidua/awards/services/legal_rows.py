"""The legal tables (rule sets, coefficients, base salaries, Căn cứ templates) and the
defaults read from them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from thidua.awards.enums import (
    BasisDocument,
    DecisionState,
)
from thidua.awards.models import (
    BaseSalary,
    Coefficient,
    Decision,
    LegalBasisTemplate,
    RuleSet,
)
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc

LEGAL_FIELDS: dict[type, list[str]] = {
    RuleSet: ["code", "name", "valid_from", "valid_to", "rounding_mode", "rounding_step", "note"],
    Coefficient: ["rule_set", "form_kind", "subject_type", "coefficient", "of_individual", "note"],
    BaseSalary: ["valid_from", "amount", "decree"],
    LegalBasisTemplate: ["rule_set", "issuer_level", "document", "text"],
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


LEGAL_WHERE = "Cấu hình › Khen thưởng"


def _save_row(actor, obj, **values):
    for name, value in values.items():
        if isinstance(value, str):  # NFC, line by line (a template keeps its lines)
            value = "\n".join(nfc(line).strip() for line in value.splitlines()).strip()
        setattr(obj, name, value)
    return legal_row_save(actor=actor, obj=obj)


@transaction.atomic
def rule_set_save(
    *,
    actor,
    code: str,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    rounding_mode: str = "up",
    rounding_step: int = 10_000,
    note: str = "",
    rule_set: RuleSet | None = None,
) -> RuleSet:
    """A decree that sets reward money, or a change to one; two rule sets never overlap."""
    return _save_row(
        actor,
        rule_set or RuleSet(),
        code=code,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        rounding_mode=rounding_mode,
        rounding_step=rounding_step,
        note=note,
    )


@transaction.atomic
def coefficient_save(
    *,
    actor,
    rule_set: RuleSet,
    form_kind: str,
    subject_type: str,
    value,
    of_individual: bool = False,
    note: str = "",
    coefficient: Coefficient | None = None,
) -> Coefficient:
    """A coefficient of a rule set: amount = value × base salary (or × the individual's
    amount with `of_individual`)."""
    return _save_row(
        actor,
        coefficient or Coefficient(),
        rule_set=rule_set,
        form_kind=form_kind,
        subject_type=subject_type,
        coefficient=value,
        of_individual=of_individual,
        note=note,
    )


@transaction.atomic
def base_salary_save(
    *,
    actor,
    valid_from: dt.date,
    amount: int,
    decree: str,
    valid_to: dt.date | None = None,
    salary: BaseSalary | None = None,
) -> BaseSalary:
    """A base salary from a date; one overlapping another's dates is refused with the reason."""
    changed = salary is not None and (salary.valid_from, salary.amount) != (valid_from, amount)
    if changed and Decision.objects.filter(base_salary=salary, state=DecisionState.ISSUED).exists():
        raise ValidationError(
            "Mức lương cơ sở này đã dùng để tính tiền thưởng của quyết định đã ban hành; "
            "không sửa ngày bắt đầu hoặc số tiền. Thêm mức mới từ ngày thay đổi."
        )
    return _save_row(
        actor,
        salary or BaseSalary(),
        valid_from=valid_from,
        valid_to=valid_to,
        amount=amount,
        decree=decree,
    )


@transaction.atomic
def basis_template_save(
    *,
    actor,
    rule_set: RuleSet,
    document: str,
    text: str,
    issuer_level: str = "",
    template: LegalBasisTemplate | None = None,
) -> LegalBasisTemplate:
    """The default "Căn cứ" lines of plans or decisions for a rule set and an issuer level."""
    text = "\n".join(nfc(line) for line in text.splitlines() if nfc(line))
    if not text:
        raise ValidationError({"text": "Nhập ít nhất một căn cứ (mỗi dòng một căn cứ)."})
    return _save_row(
        actor,
        template or LegalBasisTemplate(),
        rule_set=rule_set,
        document=document,
        issuer_level=issuer_level,
        text=text,
    )


@transaction.atomic
def legal_row_remove(*, actor, obj: models.Model) -> None:
    """Delete a row of the legal tables; one that an issued decision priced by is refused."""
    used = (isinstance(obj, RuleSet) and Decision.objects.filter(rule_set=obj).exists()) or (
        isinstance(obj, BaseSalary) and Decision.objects.filter(base_salary=obj).exists()
    )
    if used:
        raise ValidationError(
            f"«{obj}» đã được dùng để tính tiền thưởng của quyết định khen thưởng nên không xóa "
            "được; hãy nhập ngày hết áp dụng."
        )
    legal_row_delete(actor=actor, obj=obj)


DEFAULT_DECISION_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ {nghi_dinh} của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
    "khen thưởng;",
    "Căn cứ {ke_hoach};",
]


def basis_template(*, rule_set: RuleSet | None, level: str, document: str):
    """The template for the rule set and the issuer's level, else the one for every level."""
    if rule_set is None:
        return None
    rows = {
        t.issuer_level: t
        for t in LegalBasisTemplate.objects.filter(
            rule_set=rule_set, document=document, issuer_level__in=[level, ""]
        )
    }
    return rows.get(level) or rows.get("")


def rule_set_in_force(day: dt.date) -> RuleSet | None:
    """The rule set (decree) in force on the day, if any."""
    return (
        RuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


def plan_reward_basis(*, level: str, on: dt.date) -> str:
    """What a new plan says of its reward levels by default ("Theo Nghị định …"): the plan
    template of the rule set in force on the day for the issuer's level."""
    lines = legal_basis_lines(
        rule_set=rule_set_in_force(on), level=level, document=BasisDocument.PLAN
    )
    return "\n".join(lines)


def legal_basis_lines(
    *, rule_set: RuleSet | None, level: str, document: str, plan: str = ""
) -> list[str]:
    """The "Căn cứ" lines by default: the template of the rule set and level (data, edited in
    Cấu hình › Mẫu căn cứ pháp lý), with {nghi_dinh} and {ke_hoach} filled in."""
    template = basis_template(rule_set=rule_set, level=level, document=document)
    lines = (
        [x.strip() for x in template.text.splitlines() if x.strip()]
        if template is not None
        else list(DEFAULT_DECISION_BASES if document == BasisDocument.DECISION else [])
    )
    name = rule_set.name if rule_set is not None else ""
    out = []
    for line in lines:
        if ("{nghi_dinh}" in line and not name) or ("{ke_hoach}" in line and not plan):
            continue
        out.append(line.replace("{nghi_dinh}", name).replace("{ke_hoach}", plan))
    return out
