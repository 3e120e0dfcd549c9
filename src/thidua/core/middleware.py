"""Headers Django does not send itself, and sessions that end after a while without use."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.core.exceptions import ValidationError

from thidua.core import counts

# The session's last request, in whole seconds; refreshed at most once a minute so that a
# page's requests do not each write the session.
LAST_SEEN = "thidua_last_seen"
REFRESH_EVERY = 60


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.THIDUA_SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(
                    request,
                    "Phiên làm việc đã hết hạn sau thời gian không sử dụng; mời đăng nhập lại.",
                )
            elif last is None or now - last >= REFRESH_EVERY:
                request.session[LAST_SEEN] = now
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class KeptMiddleware:
    """Once the session names the reader, the entries each of their pages reads from the shared
    cache (the data version, their account, scope, header and unread count) are fetched in two
    round trips (core/counts.py `prefetch_for`), before anything asks for them one by one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and counts.enabled():
            user_id = request.session.get(SESSION_KEY)
            if user_id is not None:
                try:
                    user_id = get_user_model()._meta.pk.to_python(user_id)
                except ValidationError:
                    user_id = None
                counts.prefetch_for(user_id)
        return self.get_response(request)
