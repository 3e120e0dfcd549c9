from django.utils.functional import SimpleLazyObject

from thidua.core import selectors as core_selectors
from thidua.org.scope import user_scope


def navigation(request):
    """The reader's roles and unread notifications for the menu (the count is one indexed
    query, made only when a template shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "two_factor_pending", False):
        return {"two_factor_pending": True}  # the second login step's pages: no menu
    return {
        "nav_grants": user_scope(user).grants,
        "unread_count": SimpleLazyObject(lambda: core_selectors.unread_count(user)),
    }
