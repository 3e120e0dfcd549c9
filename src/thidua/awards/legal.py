"""The legal tables read from the database into money.py's plain values, and the guess of an
award form's legal kind from its name when no AwardFormRule row says it."""

import datetime as dt

from thidua.awards.enums import FormKind
from thidua.awards.models import AwardFormRule, BaseSalary, Coefficient, RuleSet
from thidua.awards.money import CoefficientRule, Reward, RuleSetData, SalaryData, reward_amount
from thidua.campaigns.enums import SubjectType
from thidua.core.text import search_key

# (words all found in the form's name without diacritics, kind); first match wins.
NAME_HINTS: list[tuple[tuple[str, ...], str]] = [
    (("bang khen", "thu tuong"), FormKind.BANG_KHEN_THU_TUONG),
    (("bang khen",), FormKind.BANG_KHEN_TINH),
    (("chien si thi dua", "toan quoc"), FormKind.CSTD_TOAN_QUOC),
    (("chien si thi dua", "tinh"), FormKind.CSTD_TINH),
    (("co thi dua", "chinh phu"), FormKind.CO_THI_DUA_CHINH_PHU),
    (("co thi dua", "tinh"), FormKind.CO_THI_DUA_TINH),  # "Cờ thi đua" alone: which level?
    (("chien si thi dua",), FormKind.CSTD_CO_SO),
    (("tap the lao dong xuat sac",), FormKind.TAP_THE_LDXS),
    (("tap the lao dong tien tien",), FormKind.TAP_THE_LDTT),
    (("lao dong tien tien",), FormKind.LAO_DONG_TIEN_TIEN),
    (("giay khen", "huyen"), FormKind.GIAY_KHEN_CHU_TICH_HUYEN),
    (("giay khen", "xa"), FormKind.GIAY_KHEN_CHU_TICH_XA),
    (("giay khen", "phuong"), FormKind.GIAY_KHEN_CHU_TICH_XA),
    (("giay khen",), FormKind.GIAY_KHEN_THU_TRUONG),
]


def guess_form_kind(name: str) -> str | None:
    key = search_key(name)
    for words, kind in NAME_HINTS:
        if all(w in key for w in words):
            return kind
    return None


def form_kinds_of(award_forms) -> dict[int, str | None]:
    """award form id → legal kind: its AwardFormRule, else guessed from the name. One query."""
    forms = list(award_forms)
    rules = dict(
        AwardFormRule.objects.filter(award_form__in=forms).values_list("award_form_id", "form_kind")
    )
    return {f.pk: rules.get(f.pk) or guess_form_kind(f.name) for f in forms}


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
        SalaryData(valid_from=s.valid_from, amount=s.amount, decree=s.decree, pk=s.pk)
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
    from thidua.awards.money import MoneyError

    if form_kind is None:
        raise MoneyError(
            f"Chưa xác định hình thức theo quy định của «{form_label}» để tính "
            "tiền thưởng (khai báo trong trang quản trị)."
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
