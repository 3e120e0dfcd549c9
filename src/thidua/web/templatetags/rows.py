"""Rows of the long back-office tables, built in Python.

The template engine costs about half a millisecond per row of the people list (a URL
reversal, five lookups, escaping); built with format_html a row costs a few microseconds,
which is what keeps a 50-row page near the speed of a trivial view (bench/README.md)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join

from thidua.org.enums import StaffCategory

register = template.Library()
_CATEGORIES = dict(StaffCategory.choices)


@register.simple_tag
def person_rows(people, hide_unit: bool = False):
    """The <tr>s of a people table; people come with their unit (select_related)."""
    detail = reverse("web:person_detail", args=[0]).removesuffix("0/") + "{}/"
    if hide_unit:
        return format_html_join(
            "\n",
            '<tr><td><a href="{}">{}</a></td><td class="opt">{}</td><td>{}</td>'
            '<td class="opt">{}</td></tr>',
            (
                (
                    detail.format(p.pk),
                    p.full_name,
                    p.code,
                    p.position,
                    _CATEGORIES.get(p.category, ""),
                )
                for p in people
            ),
        )
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td class="opt">{}</td><td>{}</td><td>{}</td>'
        '<td class="opt">{}</td></tr>',
        (
            (
                detail.format(p.pk),
                p.full_name,
                p.code,
                p.position,
                p.unit.name,
                _CATEGORIES.get(p.category, ""),
            )
            for p in people
        ),
    )
