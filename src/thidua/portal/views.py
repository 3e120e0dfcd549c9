"""Public pages, no login. Certificate verification answers exactly one question: is there an
issued certificate with this code, and is it still valid. An unknown and a malformed code get
the same "not found" page (status 404), which says nothing about similar codes."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.awards.printing import authority, awardee_title, display_code
from thidua.awards.selectors import certificate_public, normalise_code


@require_GET
def verify_form(request):
    raw = request.GET.get("ma", "")
    if raw:
        code = normalise_code(raw)
        target = display_code(code) if code else "khong-hop-le"
        return redirect(reverse("portal:verify", args=[target]))
    return render(request, "portal/verify_form.html")


@never_cache
@require_GET
def verify(request, code):
    cert = certificate_public(code)
    if cert is None:
        response = render(request, "portal/verify_not_found.html", status=404)
        response["X-Robots-Tag"] = "noindex"
        return response
    award = cert.award
    response = render(request, "portal/verify.html", {
        "cert": cert, "award": award, "decision": award.decision,
        "awardee": awardee_title(award), "code": display_code(cert.code),
        "authority": authority(award.decision),
    })  # fmt: skip
    response["X-Robots-Tag"] = "noindex"
    return response
