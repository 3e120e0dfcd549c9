"""Public pages, no login. Certificate verification answers exactly one question: is there an
issued certificate with this code, and is it still valid. An unknown and a malformed code get
the same "not found" page (status 404), which says nothing about similar codes."""

import base64
import hashlib
import json
from pathlib import Path

from csp.decorators import csp_update
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.awards.printing import authority, awardee_title, display_code
from thidua.awards.selectors import certificate_public, normalise_code
from thidua.awards.statements import published_keys, revocation_lists

# The offline page's script, inlined so the saved page is one self-contained file; allowed by
# its hash when the server sends the page (the site's CSP forbids other inline scripts).
OFFLINE_SCRIPT = (Path(__file__).parent / "offline" / "verify.js").read_text(encoding="utf-8")
OFFLINE_SCRIPT_HASH = (
    f"'sha256-{base64.b64encode(hashlib.sha256(OFFLINE_SCRIPT.encode()).digest()).decode()}'"
)


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


def _public_json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"  # any verifier, from any host
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def public_keys(request):
    """The issuers' statement keys (JWK set, RFC 8037): all a verifier needs besides the QR."""
    return _public_json(published_keys())


@require_GET
def revocations(request):
    """Each issuer's revoked certificates, as a list signed with its key."""
    return _public_json(revocation_lists())


@require_GET
@csp_update({"script-src": OFFLINE_SCRIPT_HASH})
def verify_offline(request):
    """A page that checks a certificate's QR statement in the browser, with the keys and the
    revocation lists of today inside it: saved on a phone or put on another host, it works
    without this server."""
    published = {
        "keys": published_keys(),
        "revocations": revocation_lists(),
        "taken_on": timezone.localdate().strftime("%d/%m/%Y"),
        "site": request.build_absolute_uri("/"),
    }
    response = render(request, "portal/verify_offline.html", {
        "published": json.dumps(published, ensure_ascii=False).replace("</", "<\\/"),
        "script": OFFLINE_SCRIPT,
        "online_url": request.build_absolute_uri(reverse("portal:verify_form")),
        "download_url": request.build_absolute_uri(reverse("portal:verify_offline")) + "?tai-ve=1",
    })  # fmt: skip
    if request.GET.get("tai-ve"):
        response["Content-Disposition"] = 'attachment; filename="xac-thuc-giay-khen.html"'
    return response
