"""The signed-in reader's header (menu, search boxes, their own box), built once and kept.

The menu's links depend only on the reader's permissions (their roles, staff and superuser
flags, and any Django permissions given in admin): ~25 permission checks and URL reversals;
the menu and the reader's box are each shown twice (the wide bar and the phone menu). The
header is drawn once per request, and, with Redis as the shared cache, kept per user under
the data version (core/counts.py), which every audited change replaces: a role granted or
withdrawn, an account's name, flags or permissions changed in admin all write an audit row, so
the next page shows the new header. What belongs to this request alone, its CSRF token and the
unread count, is put into the kept text where the marks below hold their place.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from thidua.core.counts import kept_for_user, user_kind
from thidua.web.kept import CSRF_MARK, with_csrf

register = template.Library()
HEADER_SECONDS = 600
HEADER_KIND = user_kind("header")  # kept per user under the data version (core/counts.py)
# Where the unread badge goes in the kept header (like web.kept.CSRF_MARK).
UNREAD_MARK = "thidua-unread-mark-7c1e9a"


def _render(context, name: str) -> str:
    part = context.template.engine.get_template(name)
    with context.render_context.push_state(part, isolated_context=False):
        return part.render(context)


def _build(context) -> str:
    with context.push(csrf_token=CSRF_MARK, unread_badge=mark_safe(UNREAD_MARK)):  # noqa: S308
        nav_html = mark_safe(_render(context, "web/_nav_links.html"))  # noqa: S308
        who_html = mark_safe(_render(context, "web/_who.html"))  # noqa: S308
        with context.push(nav_html=nav_html, who_html=who_html):
            return _render(context, "web/_header.html")


@register.simple_tag(takes_context=True)
def signed_in_header(context) -> str:
    user = context["user"]
    html = kept_for_user(HEADER_KIND, user.pk, lambda: _build(context), HEADER_SECONDS)
    unread = context.get("unread_count")
    badge = format_html(' <span class="badge">{}</span>', unread) if unread else ""
    return with_csrf(html.replace(UNREAD_MARK, badge), context["request"])


@functools.cache
def _asset(name: str) -> str:
    return static(name)


def _assets_changed(*, setting, **kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES"}:
        _asset.cache_clear()


setting_changed.connect(_assets_changed, dispatch_uid="thidua.web.layout.assets")


@register.simple_tag
def asset(name: str) -> str:
    """`{% static name %}`, looked up once per process: the layout names the same four files
    on every page, and the storage's manifest does not change while the process runs."""
    return _asset(name)
