"""The base layout's menu, built once and kept.

The menu's links depend only on the reader's permissions (their roles, staff and superuser
flags, and any Django permissions given in admin): ~25 permission checks and URL reversals,
drawn twice (the wide bar and the phone menu). It is rendered once per request, and, with
Redis as the shared cache, kept per user under the data version (core/counts.py), which
every audited change replaces: a role granted or withdrawn, an account's flags or
permissions changed in admin all write an audit row, so the next page shows the new menu.
"""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from thidua.core.counts import data_version, enabled

register = template.Library()
NAV_TEMPLATE = "web/_nav_links.html"
NAV_SECONDS = 600


def _render(context, name: str = NAV_TEMPLATE) -> str:
    part = context.template.engine.get_template(name)
    with context.render_context.push_state(part, isolated_context=False):
        return part.render(context)


@register.simple_tag(takes_context=True)
def once(context, name: str) -> str:
    """`{% include name %}` drawn once per request however often the layout shows it (the
    reader's box, in the wide bar and in the phone menu)."""
    request = context.get("request")
    kept = getattr(request, "_thidua_once", None)
    if kept is None:
        kept = {}
        if request is not None:
            request._thidua_once = kept
    if name not in kept:
        kept[name] = _render(context, name)
    return kept[name]


@register.simple_tag(takes_context=True)
def nav_links(context) -> str:
    request, user = context.get("request"), context.get("user")
    kept = getattr(request, "_thidua_nav", None)
    if kept is not None:
        return kept
    if enabled() and user is not None and user.is_authenticated:
        key = f"thidua:web:nav:{data_version()}:{user.pk}"
        html = cache.get(key)
        if html is None:
            html = _render(context)
            cache.set(key, html, NAV_SECONDS)
    else:  # the database cache: a lookup would cost a query of its own
        html = _render(context)
    html = mark_safe(html)  # noqa: S308 (the template's own output)
    if request is not None:
        request._thidua_nav = html
    return html
