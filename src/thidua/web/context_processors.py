from thidua.org.scope import user_scope


def navigation(request):
    """The reader's roles, for the menu; menu items are shown by permission, not by role name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = user_scope(user)
    return {"nav_grants": scope.grants}
