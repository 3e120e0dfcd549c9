"""Page parts kept as HTML text in the shared cache and served to many requests: what belongs
to one request alone, its CSRF token, is drawn into the kept text as a mark and put in when
the part is served."""

from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

# Plain ASCII that escaping leaves as it is and no rendered text contains.
CSRF_MARK = "thidua-csrf-mark-7c1e9a"


def with_csrf(html: str, request) -> SafeString:
    """Kept `html` (drawn with `csrf_token` = CSRF_MARK) with this request's CSRF token."""
    token = get_token(request) if CSRF_MARK in html else ""
    return mark_safe(html.replace(CSRF_MARK, token))  # noqa: S308 (our templates' output)
