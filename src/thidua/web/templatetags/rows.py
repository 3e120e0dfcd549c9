"""Rows of the long back-office tables, built in Python.

The template engine costs about half a millisecond per row of the people list (a URL
reversal, five lookups, escaping); built as one f-string of escaped values a row costs a few
microseconds, which is what keeps a 50-row page near the speed of a trivial view
(bench/README.md)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from thidua.org.enums import StaffCategory

register = template.Library()
_CATEGORIES = dict(StaffCategory.choices)


@register.simple_tag
def person_rows(people, hide_unit: bool = False):
    """The <tr>s of a people table; people come with their unit (select_related). Each value
    is escaped as Django's `escape` does (html.escape), the row joined once."""
    detail = reverse("web:person_detail", args=[0]).removesuffix("0/")
    rows = []
    for p in people:
        unit = "" if hide_unit else f"<td>{_e(p.unit.name)}</td>"
        rows.append(
            f'<tr><td><a href="{detail}{p.pk}/">{_e(p.full_name)}</a></td>'
            f'<td class="opt">{_e(p.code)}</td><td>{_e(p.position)}</td>{unit}'
            f'<td class="opt">{_e(_CATEGORIES.get(p.category, ""))}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped above)


def _e(value) -> str:
    return escape(str(value))
