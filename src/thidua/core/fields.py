"""Form fields shared by every feature; they only parse and validate, they never write."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from thidua.core.formatting import group_thousands

# Amount words a user may type after the number: "20.000.000 đồng", "20.000.000đ", "20000000 VND".
_UNIT_WORDS = re.compile(r"\s*(đồng|dong|đ|d|vnđ|vnd)\.?\s*$", re.IGNORECASE)
# Thousands grouped by "." or a space (Vietnamese style), or plain digits.
_GROUPED = re.compile(r"^\d{1,3}(?:([. ])\d{3})?(?:\1\d{3})*$")
_PLAIN = re.compile(r"^\d+$")


def parse_money(text: str) -> int:
    """Read a Vietnamese amount of đồng; raise ValueError rather than guess.

    "20.000.000", "20 000 000", "20.000.000 đồng" and "20000000" are 20 000 000;
    "20.00", "20,5" or "20.000 000" are refused, never read as something else.
    """
    value = unicodedata.normalize("NFC", str(text)).strip()
    # Non-breaking and thin spaces pasted from Word or a spreadsheet count as spaces.
    value = re.sub(r"[\u00a0\u202f\u2009]", " ", value)
    value = re.sub(r" +", " ", value)
    value = _UNIT_WORDS.sub("", value).strip()
    negative = value.startswith("-")
    if negative:
        value = value[1:].strip()
    if not (_PLAIN.match(value) or _GROUPED.match(value)):
        raise ValueError(text)
    amount = int(value.replace(".", "").replace(" ", ""))
    return -amount if negative else amount


class MoneyField(forms.CharField):
    """An amount in đồng, typed the Vietnamese way; the cleaned value is an int.

    A text input (not type=number) so that the browser never drops the part after a dot:
    "20.000.000" typed in a number input used to reach the server as 20.
    """

    def __init__(self, *, min_value: int | None = 0, max_value: int | None = 10**15, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "placeholder": "20.000.000",
                    "maxlength": "40",
                }
            ),
        )
        kwargs.setdefault(
            "help_text", "Số tiền bằng đồng, ví dụ 20.000.000 hoặc 20 000 000 (không có số lẻ)."
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) > 40:
                raise ValueError(value)
            amount = parse_money(value)
        except ValueError:
            raise ValidationError(
                self.error_messages.get("unreadable")
                or "Số tiền «%(value)s» không đọc được. Nhập số đồng, nhóm ba chữ số bằng dấu chấm "
                "hoặc dấu cách, ví dụ 20.000.000 (không dùng dấu phẩy, không có số lẻ).",
                code="invalid",
                params={"value": value},
            ) from None
        return amount

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            message = self.error_messages.get("min_value") or (
                "Số tiền không được âm."
                if self.min_value == 0
                else f"Số tiền phải từ {group_thousands(self.min_value)} đồng trở lên."
            )
            raise ValidationError(message, code="min_value")
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                f"Số tiền không được quá {group_thousands(self.max_value)} đồng.", code="max_value"
            )

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return value
