"""Reward money as a pure function over plain values (no ORM): tested by tables.

amount = coefficient × the base salary in force on the decision date, rounded as the rule set
says (default: up to the next 10,000 đ). The rule set is the one in force on the decision date.
A coefficient row may instead multiply the individual amount of the same form (households
under 152/2025).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from thidua.core.formatting import date_short, group_thousands


class MoneyError(ValueError):
    """No rule in force answers the question; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class CoefficientRule:
    coefficient: Decimal
    of_individual: bool = False


@dataclass(frozen=True)
class RuleSetData:
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    rounding_mode: str = "up"  # awards.enums.RoundingMode
    rounding_step: int = 10_000
    # (form kind, subject type) -> rule
    coefficients: dict[tuple[str, str], CoefficientRule] = field(default_factory=dict)
    pk: int | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class SalaryData:
    valid_from: dt.date
    amount: int
    decree: str = ""
    pk: int | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Reward:
    amount: int
    coefficient: Decimal
    explanation: str
    rule_set: RuleSetData
    salary: SalaryData


def _num(value: Decimal) -> str:
    """0.30 → "0,3"; 1.500 → "1,5"; 2 → "2" (Vietnamese decimal comma)."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _d(amount: int | Decimal) -> str:
    return f"{group_thousands(amount)} đ"


def round_amount(raw: Decimal, mode: str, step: int) -> int:
    if mode == "none" or step <= 1:
        return int(raw.to_integral_value(rounding=ROUND_HALF_UP))
    units = raw / step
    rounding = ROUND_CEILING if mode == "up" else ROUND_HALF_UP
    return int(units.to_integral_value(rounding=rounding)) * step


def rule_set_on(day: dt.date, rule_sets: list[RuleSetData]) -> RuleSetData:
    found = [r for r in rule_sets if r.in_force(day)]
    if not found:
        raise MoneyError(
            f"Không có văn bản quy định mức thưởng áp dụng vào ngày {date_short(day)}."
        )
    return found[0]


def salary_on(day: dt.date, salaries: list[SalaryData]) -> SalaryData:
    found = [
        s for s in salaries if s.valid_from <= day and (s.valid_to is None or day <= s.valid_to)
    ]
    if not found:
        raise MoneyError(f"Chưa có mức lương cơ sở áp dụng vào ngày {date_short(day)}.")
    return max(found, key=lambda s: s.valid_from)


def _rounding_text(raw: Decimal, amount: int, rs: RuleSetData) -> str:
    if Decimal(amount) == raw:
        return ""
    word = {"up": "làm tròn lên", "nearest": "làm tròn"}.get(rs.rounding_mode, "làm tròn")
    return f", {word} {_d(amount)}"


def reward_amount(
    *,
    form_kind: str,
    subject_type: str,
    decision_date: dt.date,
    rule_sets: list[RuleSetData],
    salaries: list[SalaryData],
    form_label: str = "",
    subject_label: str = "",
) -> Reward:
    """The amount for one award and its explanation, e.g. "0,3 × 1.800.000 đ = 540.000 đ
    (Nghị định 98/2023/NĐ-CP, mức lương cơ sở 1.800.000 đ từ 01/07/2023)"."""
    rs = rule_set_on(decision_date, rule_sets)
    salary = salary_on(decision_date, salaries)
    rule = rs.coefficients.get((form_kind, subject_type))
    if rule is None:
        what = form_label or form_kind
        who = f" ({subject_label.lower()})" if subject_label else ""
        raise MoneyError(f"{rs.name} không quy định mức thưởng cho «{what}»{who}.")
    source = f"({rs.name}, mức lương cơ sở {_d(salary.amount)} từ {date_short(salary.valid_from)})"
    if rule.of_individual:
        base = reward_amount(
            form_kind=form_kind,
            subject_type="individual",
            decision_date=decision_date,
            rule_sets=rule_sets,
            salaries=salaries,
            form_label=form_label,
            subject_label="Cá nhân",
        )
        raw = rule.coefficient * base.amount
        amount = round_amount(raw, rs.rounding_mode, rs.rounding_step)
        first = base.explanation.split(" (", 1)[0]
        text = (
            f"{_num(rule.coefficient)} × {_d(base.amount)} (mức của cá nhân: {first}) = "
            f"{_d(raw)}{_rounding_text(raw, amount, rs)} {source}"
        )
        return Reward(amount, rule.coefficient, text, rs, salary)
    raw = rule.coefficient * salary.amount
    amount = round_amount(raw, rs.rounding_mode, rs.rounding_step)
    text = (
        f"{_num(rule.coefficient)} × {_d(salary.amount)} = {_d(raw)}"
        f"{_rounding_text(raw, amount, rs)} {source}"
    )
    return Reward(amount, rule.coefficient, text, rs, salary)
