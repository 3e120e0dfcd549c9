"""Signed documents of the steps before the decision: the council's minutes (the secretariat
issues them once the vote is closed, the chair and the secretary sign them) and a unit's tờ
trình (the unit issues it, its head signs it). Each is stored once and immutable; whoever sees
the session or the proposal downloads the stored file."""

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
from thidua.nominations import letter_signing
from thidua.nominations import selectors as nomination_selectors
from thidua.web.service_calls import service_call

ANCHOR = "bien-ban-ky-so"


def _back(session):
    return redirect(f"{reverse('web:council_session', args=[session.pk])}#{ANCHOR}")


def minutes_context(request, session) -> dict:
    """What the session page shows of the signed minutes (for views_council._console)."""
    user = request.user
    issued = minutes_signing.issued_minutes_of(session)
    signatures = minutes_signing.minutes_signatures(session) if issued else []
    # the form only while the user's own step waits: one who has signed is not offered again
    can_sign = (
        issued is not None
        and user.has_perm("council.sign_minutes", session)
        and _waiting(signatures, minutes_signing.signing_step_of(session, user))
    )
    return {
        "issued_minutes": issued,
        "minutes_signatures": signatures,
        "can_issue_minutes": issued is None and user.has_perm("council.issue_minutes", session),
    } | _signing_context(user, can_sign, "minutes")


def _waiting(signatures: list[dict], step: str | None) -> bool:
    return any(s["step"] == step and not s["signed"] for s in signatures)


@require_POST
@login_required
def minutes_issue(request, pk):
    session = selectors.session_get_for(request.user, pk, "council.issue_minutes")
    _issue(
        request, lambda: minutes_signing.minutes_issue(actor=request.user, session=session),
        what="Đã phát hành biên bản họp", then="Chủ tịch và Thư ký Hội đồng ký số",
    )  # fmt: skip
    return _back(session)


def _issue(request, issue, *, what: str, then: str) -> None:
    """Issue the document now; its hash, or the refusal, goes to the page's messages."""
    with service_call(request) as attempt:
        issued = issue()
    if attempt.ok:
        version = f" lần {issued.version}" if issued.version > 1 else ""
        messages.success(
            request, f"{what}{version} (mã băm SHA-256 {issued.document.sha256[:16]}…); {then}."
        )


def _sign(request, sign, *, what: str) -> None:
    """Sign with the PIN (and the remote service's secret) typed now; the outcome or the
    refusal goes to the page's messages."""
    form = SignForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            signature = sign(pin=form.cleaned_data["pin"], secret=form.cleaned_data["secret"])
        if attempt.ok:
            messages.success(request, f"Đã ký số {what} ({signature.signer_name}).")
            return
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _signing_context(user, can_sign: bool, prefix: str) -> dict:
    credential = signing_credential_of(user) if can_sign else None
    return {
        f"can_sign_{prefix}": can_sign,
        f"{prefix}_credential": credential,
        f"{prefix}_sign_form": SignForm(),
    }


@require_POST
@login_required
def minutes_sign(request, pk):
    session = selectors.session_get_for(request.user, pk, "council.sign_minutes")

    def sign(**typed):
        return minutes_signing.minutes_sign(actor=request.user, session=session, **typed)

    _sign(request, sign, what="biên bản họp")
    return _back(session)


@login_required
def minutes_file(request, pk):
    session = selectors.session_get_for(request.user, pk)
    issued = minutes_signing.issued_minutes_of(session)
    if issued is None:
        raise Http404("Biên bản chưa được phát hành.")
    return file_response(issued.document.pdf, download_name=f"bien-ban-hop-{session.pk}-da-ky.pdf")


# The tờ trình -----------------------------------------------------------------------------------

LETTER_ANCHOR = "to-trinh-ky-so"


def _letter_back(proposal):
    return redirect(f"{reverse('web:proposal_detail', args=[proposal.pk])}#{LETTER_ANCHOR}")


def letter_context(request, proposal) -> dict:
    """What the proposal page shows of the tờ trình and its signature."""
    user = request.user
    letter = letter_signing.letter_of(proposal)
    signed = letter is not None and letter.document.signatures.exists()
    can_sign = (
        letter is not None and not signed and user.has_perm("nominations.sign_letter", proposal)
    )
    return {
        "letter": letter,
        "letter_signatures": letter_signing.letter_signatures(proposal) if letter else [],
        "can_issue_letter": not signed and user.has_perm("nominations.issue_letter", proposal),
    } | _signing_context(user, can_sign, "letter")


@require_POST
@login_required
def letter_issue(request, pk):
    proposal = nomination_selectors.proposal_get_for(request.user, pk, "nominations.issue_letter")
    _issue(
        request, lambda: letter_signing.letter_issue(actor=request.user, proposal=proposal),
        what="Đã lập tờ trình", then="Thủ trưởng đơn vị ký số",
    )  # fmt: skip
    return _letter_back(proposal)


@require_POST
@login_required
def letter_sign(request, pk):
    proposal = nomination_selectors.proposal_get_for(request.user, pk, "nominations.sign_letter")

    def sign(**typed):
        return letter_signing.letter_sign(actor=request.user, proposal=proposal, **typed)

    _sign(request, sign, what="tờ trình")
    return _letter_back(proposal)


@login_required
def letter_file(request, pk):
    proposal = nomination_selectors.proposal_get_for(request.user, pk)
    letter = letter_signing.letter_of(proposal)
    if letter is None:
        raise Http404("Tờ trình chưa được lập.")
    return file_response(letter.document.pdf, download_name=f"to-trinh-{proposal.pk}.pdf")
