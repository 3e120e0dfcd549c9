"""The legal tables read from the database into money.py's plain values; which legal forms a
rule set allows (a campaign's award forms are checked against it at launch)."""

import datetime as dt

from thidua.awards.enums import FormKind
from thidua.awards.models import BaseSalary, Coefficient, RuleSet
from thidua.awards.money import (
    CoefficientRule,
    MoneyError,
    Reward,
    RuleSetData,
    SalaryData,
    reward_amount,
    rule_set_on,
)
from thidua.campaigns.enums import SubjectType

KIND_WHERE = "trang phong trào › mục Hình thức khen thưởng"
RULE_SETS_WHERE = "Cấu hình › Văn bản quy định mức thưởng"


def form_kinds_of(award_forms) -> dict[int, str | None]:
    """award form id → its legal kind, as chosen when it was created (never from its name)."""
    return {f.pk: f.legal_kind or None for f in award_forms}


def kinds_allowed(day: dt.date, tables=None) -> tuple[RuleSetData | None, dict[str, set[str]]]:
    """The rule set in force on `day` and, per legal form it sets money for, the subject types."""
    rule_sets, _ = tables or legal_tables()
    try:
        rs = rule_set_on(day, rule_sets)
    except MoneyError:
        return None, {}
    kinds: dict[str, set[str]] = {}
    for kind, subject in rs.coefficients:
        kinds.setdefault(kind, set()).add(subject)
    return rs, kinds


def kind_choices(day: dt.date, tables=None) -> list[tuple[str, str]]:
    """The legal forms one may choose for a campaign deciding on `day`, in the law's order."""
    _, kinds = kinds_allowed(day, tables)
    return [(k, label) for k, label in FormKind.choices if k in kinds]


def launch_check(campaign, forms) -> list[str]:
    """campaigns.services.PUBLISH_CHECKS: a campaign's award forms against the rule set in
    force on its planned decision date, at launch rather than at the final "Ban hành"."""
    return award_form_problems(forms, campaign.planned_decision_date())


def award_form_problems(forms, day: dt.date, tables=None) -> list[str]:
    """Why the campaign's award forms cannot be decided on `day` (its planned decision date)
    under the rule set then in force; each says what to do and where."""
    rs, kinds = kinds_allowed(day, tables)
    problems = []
    for f in forms:
        label = f"«{f.name}» ({SubjectType(f.subject_type).label.lower()})"
        if not f.legal_kind:
            problems.append(f"{label}: chưa chọn hình thức theo quy định. Chọn tại {KIND_WHERE}.")
        elif rs is None:
            problems.append(
                f"Không có văn bản quy định mức thưởng áp dụng vào ngày dự kiến quyết định khen "
                f"thưởng {day:%d/%m/%Y}. Thêm văn bản tại «{RULE_SETS_WHERE}»."
            )
            break
        elif f.subject_type not in kinds.get(f.legal_kind, set()):
            problems.append(
                f"{label}: {rs.name}, áp dụng vào ngày dự kiến quyết định khen thưởng "
                f"{day:%d/%m/%Y}, không quy định hình thức «{FormKind(f.legal_kind).label}» cho "
                f"{SubjectType(f.subject_type).label.lower()}. Chọn hình thức khác tại "
                f"{KIND_WHERE}, hoặc sửa ngày của giai đoạn Quyết định khen thưởng."
            )
    return problems


def legal_tables() -> tuple[list[RuleSetData], list[SalaryData]]:
    """Every rule set with its coefficients and every base salary: two queries."""
    coefficients: dict[int, dict] = {}
    for c in Coefficient.objects.all():
        coefficients.setdefault(c.rule_set_id, {})[(c.form_kind, c.subject_type)] = CoefficientRule(
            c.coefficient, c.of_individual
        )
    rule_sets = [
        RuleSetData(
            name=r.name,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            rounding_mode=r.rounding_mode,
            rounding_step=r.rounding_step,
            coefficients=coefficients.get(r.pk, {}),
            pk=r.pk,
        )
        for r in RuleSet.objects.order_by("valid_from")
    ]
    salaries = [
        SalaryData(
            valid_from=s.valid_from, amount=s.amount, decree=s.decree, pk=s.pk, valid_to=s.valid_to
        )
        for s in BaseSalary.objects.order_by("valid_from")
    ]
    return rule_sets, salaries


def amount_for(
    *,
    form_kind: str | None,
    subject_type: str,
    decision_date: dt.date,
    tables=None,
    form_label: str = "",
) -> Reward:
    if form_kind is None:
        raise MoneyError(
            f"Chưa chọn hình thức theo quy định của «{form_label}» để tính tiền thưởng. "
            f"Chọn tại {KIND_WHERE}."
        )
    rule_sets, salaries = tables or legal_tables()
    return reward_amount(
        form_kind=form_kind,
        subject_type=subject_type,
        decision_date=decision_date,
        rule_sets=rule_sets,
        salaries=salaries,
        form_label=FormKind(form_kind).label,
        subject_label=SubjectType(subject_type).label,
    )
