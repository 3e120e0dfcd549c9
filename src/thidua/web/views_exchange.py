"""Back-office screens of the exchange with other systems (edXML): the partners, the packages
sent and received, the quarantine list of refused packages with their reasons, importing a
package by hand, sending an issued decision, and exporting or sending a proposal sent up
(«Xuất gói hồ sơ») to the higher level's instance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import selectors as awards_selectors
from thidua.exchange import selectors, services
from thidua.exchange.enums import IncomingState
from thidua.exchange.forms import ImportForm, SendForm
from thidua.nominations import selectors as nomination_selectors
from thidua.nominations.enums import ProposalState
from thidua.web.decorators import backoffice, permission
from thidua.web.service_calls import service_call

manager = permission("exchange.manage")
LIST_SIZE = 50


def _home(request, import_form=None):
    user = request.user
    return render(request, "exchange/home.html", {
        "partners": list(selectors.partners_for(user)),
        "outgoing": list(selectors.outgoing_for(user)[:LIST_SIZE]),
        "incoming": list(selectors.incoming_for(user, state=IncomingState.ACCEPTED)[:LIST_SIZE]),
        "quarantine": list(selectors.quarantine_for(user)[:LIST_SIZE]),
        "import_form": import_form or ImportForm(),
    })  # fmt: skip


@require_GET
@manager
def exchange_home(request):
    return _home(request)


@require_POST
@manager
def exchange_import(request):
    """The secretariat imports a package received another way (e-mail, a USB stick)."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, import_form=form)
    row = services.package_receive(actor=request.user, data=form.cleaned_data["package"])
    if row.state == IncomingState.ACCEPTED:
        messages.success(
            request, f"Đã nhận văn bản số {row.reference} vào hộp văn bản đến của "
            f"{row.recipient.name}.",
        )  # fmt: skip
    else:
        messages.error(
            request, f"Gói tin bị từ chối ({row.get_refusal_display()}): {row.reason} "
            "Gói tin được giữ trong danh sách cách ly.",
        )  # fmt: skip
    return redirect(reverse("web:exchange_home") + "#cach-ly")


@require_POST
@manager
def decision_exchange_send(request, pk):
    decision = awards_selectors.decision_get_for(request.user, pk)
    partners = selectors.sendable_partners(request.user)
    form = SendForm(request.POST, partners=partners)
    url = reverse("web:decision_detail", args=[decision.pk]) + "#lien-thong"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(url)
    partner = selectors.partner_get_for(request.user, form.cleaned_data["partner"])
    if partner is None:
        raise Http404("Không tìm thấy cơ quan liên thông.")
    with service_call(request) as attempt:
        services.decision_send(actor=request.user, decision=decision, partner=partner)
    if attempt.ok:
        messages.success(
            request, f"Đã đưa Quyết định số {decision.reference} vào hàng gửi tới {partner.name}."
        )
    return redirect(url)


# A proposal sent up, to the higher level's instance ----------------------------------------------

EXPORT = "exchange.export_proposal"


def proposal_exchange_context(request, proposal) -> dict:
    """What the proposal page offers: «Xuất gói hồ sơ» (and sending to a declared partner) for
    a proposal sent up, to the office that may send it. No query for any other proposal."""
    if proposal.state != ProposalState.SUBMITTED or not proposal.source_campaign_id:
        return {"exchange_export": False}
    if not request.user.has_perm(EXPORT, proposal):
        return {"exchange_export": False}
    return {
        "exchange_export": True,
        "exchange_partners": selectors.sendable_partners(request.user),
    }


def _proposal_url(proposal) -> str:
    return reverse("web:proposal_detail", args=[proposal.pk]) + "#lien-thong"


@require_GET
@backoffice
def proposal_package_export(request, pk):
    """Download the proposal's edXML package, addressed to the campaign's issuer."""
    proposal = nomination_selectors.proposal_get_for(request.user, pk, EXPORT)
    try:
        name, data = services.proposal_export(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_proposal_url(proposal))
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@backoffice
def proposal_exchange_send(request, pk):
    proposal = nomination_selectors.proposal_get_for(request.user, pk, EXPORT)
    form = SendForm(request.POST, partners=selectors.sendable_partners(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_proposal_url(proposal))
    partner = selectors.partner_get_for(request.user, form.cleaned_data["partner"])
    if partner is None:
        raise Http404("Không tìm thấy cơ quan liên thông.")
    with service_call(request) as attempt:
        services.proposal_send(actor=request.user, proposal=proposal, partner=partner)
    if attempt.ok:
        messages.success(request, f"Đã đưa gói hồ sơ đề nghị vào hàng gửi tới {partner.name}.")
    return redirect(_proposal_url(proposal))
