"""The one money field: Vietnamese-formatted amounts are read as written, anything ambiguous is
refused with a Vietnamese message, never stored as something else."""

import pytest
from django import forms

from thidua.core.fields import MoneyField, parse_money


class _Form(forms.Form):
    amount = MoneyField(label="Số tiền")


@pytest.mark.parametrize(
    "typed",
    [
        "20000000",
        "20.000.000",
        "20 000 000",
        "20\u00a0000\u00a0000",
        "20.000.000 đồng",
        "20.000.000đ",
        "20.000.000 VNĐ",
        " 20.000.000 Đồng ",
    ],
)
def test_vietnamese_amounts_are_read_as_written(typed):
    form = _Form({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 20_000_000


@pytest.mark.parametrize(
    "typed",
    ["20.00", "20,5", "20.000,50", "20.000 000", "2.0000", "hai mươi triệu", "20.000.000 $"],
)
def test_ambiguous_amounts_are_refused_not_guessed(typed):
    form = _Form({"amount": typed})
    assert not form.is_valid()
    (message,) = form.errors["amount"]
    assert message.startswith(f"Số tiền «{typed.strip()}» không đọc được.")
    assert "ví dụ 20.000.000" in message


def test_negative_and_huge_amounts_are_refused():
    assert _Form({"amount": "-5"}).errors["amount"] == ["Số tiền không được âm."]
    assert _Form({"amount": "1.000.000.000.000.001"}).errors["amount"] == [
        "Số tiền không được quá 1.000.000.000.000.000 đồng."
    ]


def test_the_widget_is_text_and_shows_grouped_thousands():
    field = _Form(initial={"amount": 1_080_000})["amount"]
    html = str(field)
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="1.080.000"' in html


def test_parse_money_keeps_a_sign_when_allowed():
    assert parse_money("-1.500.000 đồng") == -1_500_000
    with pytest.raises(ValueError):
        parse_money("1.5")
