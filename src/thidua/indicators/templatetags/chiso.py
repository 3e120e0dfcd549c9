"""Scores as Vietnamese write them: 12.50 → "12,5"; 90.00 → "90"; None → "–"."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def diem(value) -> str:
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    if number == number.to_integral():
        text = f"{number.normalize():f}"
    else:
        text = f"{number:f}".rstrip("0")
    return text.replace(".", ",")


@register.filter
def phantram(value) -> str:
    """90.00 → "90,00 %": percentages keep two places, so a band edge reads exactly."""
    if value is None or value == "":
        return "–"
    return f"{Decimal(value):.2f} %".replace(".", ",")
