"""Back-office screens of the exchange with other systems (edXML): the partners, the packages
sent and received, the quarantine list of refused packages with their reasons, importing a
package by hand, and sending an issued decision."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import selectors as awards_selectors
from thidua.exchange import selectors, services
from thidua.exchange.enums import IncomingState
from thidua.exchange.forms import ImportForm, SendForm
from thidua.web.decorators import permission
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
