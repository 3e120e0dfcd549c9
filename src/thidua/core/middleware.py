"""Headers Django does not send itself, and sessions that end after a while without use."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

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
