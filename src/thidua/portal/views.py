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
from thidua.awards.selectors import (
    certificate_file_check,
    certificate_public,
    normalise_code,
    reissue_public,
)
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


#: The largest certificate file a visitor may send to be checked.
MAX_CHECKED_FILE = 10 * 1024 * 1024


def _not_found(request):
    response = render(request, "portal/verify_not_found.html", status=404)
    response["X-Robots-Tag"] = "noindex"
    return response


def _verify_page(request, cert, *, reissue=None, uploaded=None, upload_error="", status=200):
    award = cert.award
    response = render(request, "portal/verify.html", {
        "cert": cert, "award": award, "decision": award.decision, "reissue": reissue,
        "awardee": awardee_title(award),
        "code": display_code(reissue.old_code if reissue else cert.code),
        "new_code": display_code(cert.code) if reissue else "",
        "annulment": getattr(award, "annulment", None),
        "authority": authority(award.decision),
        "file_check": None if reissue else certificate_file_check(cert),
        "uploaded_check": certificate_file_check(cert, uploaded) if uploaded else None,
        "upload_error": upload_error,
    }, status=status)  # fmt: skip
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def verify(request, code):
    """The certificate with this code and the digital signature of its electronic file."""
    cert = certificate_public(code)
    if cert is None:
        # a superseded copy (cấp lại, cấp đổi): its own number, and which copy replaced it
        reissue = reissue_public(code)
        if reissue is None:
            return _not_found(request)
        return _verify_page(request, reissue.certificate, reissue=reissue)
    return _verify_page(request, cert)


@never_cache
def verify_file(request, code):
    """A visitor sends the certificate file they hold: its signature is checked and it is
    compared with the file issued under this code (GET: back to the page)."""
    cert = certificate_public(code)
    if cert is None:
        return _not_found(request)
    if request.method != "POST":
        return redirect(reverse("portal:verify", args=[display_code(cert.code)]))
    upload = request.FILES.get("tep")
    if upload is None:
        return _verify_page(request, cert, upload_error="Chọn tệp giấy khen (PDF) để kiểm tra.")
    if upload.size > MAX_CHECKED_FILE:
        return _verify_page(
            request, cert, upload_error="Tệp quá lớn (tối đa 10 MB): chọn tệp PDF giấy khen."
        )
    data = upload.read()
    if not data.startswith(b"%PDF"):
        return _verify_page(request, cert, upload_error="Tệp không phải PDF: chọn tệp giấy khen.")
    return _verify_page(request, cert, uploaded=data)


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
