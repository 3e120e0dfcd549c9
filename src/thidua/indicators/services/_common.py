"""What the indicators services share: field lists and the checks of typed values."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from thidua.core.text import nfc
from thidua.indicators.models import (
    Node,
)

FRAMEWORK_FIELDS = ["kind", "subject_kind", "year", "name", "issuer", "basis", "self_deadline"]
NODE_FIELDS = ["code", "name", "max_score", "is_survey", "parent", "position"]
TASK_FIELDS = ["year", "issuer", "unit", "code", "title", "description", "plan_ref", "deadline"]
DISCIPLINE_FIELDS = [
    "person",
    "form",
    "decision_number",
    "decided_on",
    "effective_from",
    "effective_to",
    "reason",
]
TWO = Decimal("0.01")


def _text(value: str) -> str:
    return "\n".join(nfc(line) for line in (value or "").replace("\r\n", "\n").split("\n")).strip()


def _decimal(value, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what} phải là một số.") from None
    if not number.is_finite():
        raise ValidationError(f"{what} phải là một số.")
    return number


def _check_score(node: Node, value: Decimal | None, what: str) -> Decimal | None:
    """A score of a leaf: 0 ≤ value ≤ its maximum, at most 2 decimal places."""
    if value is None:
        return None
    label = f"{what} của tiêu chí {node.code}"
    if value < 0:
        raise ValidationError(f"{label} không được âm.")
    if value > node.max_score:
        raise ValidationError(
            f"{label} ({_num(value)}) vượt quá điểm tối đa {_num(node.max_score)}."
        )
    if value != value.quantize(TWO):
        raise ValidationError(f"{label} chỉ được có tối đa 2 chữ số thập phân.")
    return value.quantize(TWO)


def _num(value: Decimal) -> str:
    """12.50 → "12,5" as Vietnamese write numbers."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")
