"""What a locked-out login sees: the login page again, with how long to wait (HTTP 429)."""

from django.contrib.auth.forms import AuthenticationForm
from django.template.response import TemplateResponse

from thidua.core.logins import lockout_message, lockout_remaining


def lockout_response(request, original_response=None, credentials=None):
    username = str((credentials or {}).get("username") or "")
    remaining = lockout_remaining(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    )
    form = AuthenticationForm(request, initial={"username": username})
    response = TemplateResponse(
        request,
        "registration/login.html",
        {"form": form, "lockout": lockout_message(remaining), "next": request.GET.get("next", "")},
        status=429,
    )
    return response.render()
