"""The council's signed minutes: the secretariat issues them once the vote is closed (stored,
immutable), the chair and the secretary sign them with their own certificate, anyone who sees
the session downloads the stored file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.awards.forms import SignForm
from thidua.core.uploads import file_response
from thidua.council import minutes_signing, selectors
from thidua.documents.selectors import signing_credential_of
from thidua.web.service_calls import service_call

ANCHOR = "bien-ban-ky-so"


def _back(session):
    return redirect(f"{reverse('web:council_session', args=[session.pk])}#{ANCHOR}")


def minutes_context(request, session, sign_form=None) -> dict:
    """What the session page shows of the signed minutes (for views_council._console)."""
    user = request.user
    issued = minutes_signing.issued_minutes_of(session)
    can_sign = issued is not None and user.has_perm("council.sign_minutes", session)
    credential = signing_credential_of(user) if can_sign else None
    return {
        "issued_minutes": issued,
        "minutes_signatures": minutes_signing.minutes_signatures(session) if issued else [],
        "can_issue_minutes": issued is None and user.has_perm("council.issue_minutes", session),
        "can_sign_minutes": can_sign,
        "minutes_credential": credential,
        "minutes_sign_form": sign_form or SignForm(),
    }


@require_POST
@login_required
def minutes_issue(request, pk):
    session = selectors.session_get_for(request.user, pk, "council.issue_minutes")
    with service_call(request) as attempt:
        issued = minutes_signing.minutes_issue(actor=request.user, session=session)
    if attempt.ok:
        messages.success(
            request,
            f"Đã phát hành biên bản họp (mã băm SHA-256 {issued.document.sha256[:16]}…); "
            "Chủ tịch và Thư ký Hội đồng ký số.",
        )
    return _back(session)


@require_POST
@login_required
def minutes_sign(request, pk):
    session = selectors.session_get_for(request.user, pk, "council.sign_minutes")
    form = SignForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            signature = minutes_signing.minutes_sign(
                actor=request.user, session=session, pin=form.cleaned_data["pin"],
                secret=form.cleaned_data["secret"],
            )  # fmt: skip
        if attempt.ok:
            messages.success(request, f"Đã ký số biên bản họp ({signature.signer_name}).")
            return _back(session)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(session)


@login_required
def minutes_file(request, pk):
    session = selectors.session_get_for(request.user, pk)
    issued = minutes_signing.issued_minutes_of(session)
    if issued is None:
        raise Http404("Biên bản chưa được phát hành.")
    return file_response(issued.document.pdf, download_name=f"bien-ban-hop-{session.pk}-da-ky.pdf")
