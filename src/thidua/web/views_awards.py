"""Back-office screens of decisions, certificates and the fund: parse the request, call a
selector or a service, render. Every decision is loaded through a helper that checks the
reader's permission and answers 404 outside its reach."""

import re

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.awards import selectors, services
from thidua.awards.enums import BatchState
from thidua.awards.exports import payment_list_xlsx
from thidua.awards.forms import (
    AnnulForm,
    DecisionCreateForm,
    DecisionForm,
    FundForm,
    IssueForm,
    PrintLayoutForm,
    RecoveryForm,
    ReissueForm,
    RemoteCredentialForm,
    RevokeForm,
    SignForm,
    SigningCredentialForm,
)
from thidua.awards.printing import display_code
from thidua.awards.statements import certificate_print_item
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import CampaignState
from thidua.core.formatting import group_thousands
from thidua.core.uploads import file_response
from thidua.documents.certificate import render_certificate, render_test_page
from thidua.documents.signing import sign_pdf, signing_config
from thidua.exchange import selectors as exchange_selectors
from thidua.nominations.enums import CouncilOutcome, NomineeState
from thidua.org import selectors as org_selectors
from thidua.org.scope import user_scope
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call
from thidua.web.views import XLSX, _page

PDF = "application/pdf"


def _post(request):
    return request.POST if request.method == "POST" else None


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")


def _detail_url(decision, anchor: str = "") -> str:
    url = reverse("web:decision_detail", args=[decision.pk])
    return f"{url}#{anchor}" if anchor else url


@backoffice
def decision_list(request):
    decisions = selectors.decisions_for(request.user).annotate(award_count=Count("awards"))
    year = request.GET.get("nam", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    if year:
        decisions = decisions.filter(campaign__year=year)
    pending = (
        campaign_selectors.campaigns_for(request.user)
        .filter(state=CampaignState.EVALUATING)
        .annotate(staged_count=Count(
            "proposals__nominees",
            filter=Q(proposals__nominees__council_outcome=CouncilOutcome.PROPOSED,
                     proposals__nominees__state=NomineeState.ACCEPTED),
            distinct=True))
    )  # fmt: skip
    pending = [c for c in pending if request.user.has_perm("campaigns.change_campaign", c)]
    return render(
        request,
        "awards/list.html",
        {"page": _page(request, decisions), "pending": pending, "year": year},
    )


@backoffice
def decision_create(request, campaign_pk):
    campaign = campaign_selectors.campaign_get_for(
        request.user, campaign_pk, "campaigns.change_campaign"
    )
    form = DecisionCreateForm(_post(request))
    if form.is_valid():
        with service_call(request, form) as attempt:
            decision = services.decision_create(
                actor=request.user, campaign=campaign, decided_on=form.cleaned_data["decided_on"]
            )
        if attempt.ok:
            messages.success(request, "Đã lập dự thảo quyết định từ danh sách Hội đồng đề nghị.")
            return redirect(_detail_url(decision))
    return render(request, "awards/create.html", {"campaign": campaign, "form": form})


def _render_detail(request, decision, **forms):
    awards = selectors.awards_of(decision)
    fund = selectors.fund_of(decision)
    over = services.budget_problem(fund, decision.total) if fund and not decision.is_issued else ""
    if not decision.is_issued and fund is None:
        over = (
            f"Chưa lập dự toán quỹ thi đua, khen thưởng năm {decision.year} của "
            f"{decision.fund_unit.name}."
        )
    scope = user_scope(request.user)
    everything = scope.covers(decision.issuer)
    downloadable = {
        a.certificate.pk for a in awards
        if decision.is_issued and (everything or scope.covers(a.unit))
    }  # fmt: skip
    date_refused, date_unusual = (
        services.decision_date_problems(decision, [a.nominee_id for a in awards])
        if not decision.is_issued
        else ([], [])
    )
    can_change = request.user.has_perm("awards.change_decision", decision)
    can_issue = request.user.has_perm("awards.issue_decision", decision)
    can_sign = decision.is_issued and bool(decision.pdf) and can_issue
    credential = selectors.signing_credential_of(request.user) if can_sign else None
    batches = list(decision.batches.all()[:5]) if can_change else []
    context = {
        "decision": decision,
        "awards": awards,
        "collectives": sum(1 for a in awards if a.subject_type != "individual"),
        "individuals": sum(1 for a in awards if a.subject_type == "individual"),
        "unpriced": [a for a in awards if not a.amount],
        "fund": fund,
        "over_budget": over,
        "date_refused": date_refused,
        "date_unusual": date_unusual,
        "can_change": can_change,
        "downloadable": downloadable,
        "can_issue": can_issue,
        "can_revoke": request.user.has_perm("awards.revoke_certificate", decision),
        "batches": batches,
        "running": next((b for b in batches if b.state not in BatchState.finished()), None),
        "edit_form": forms.get("edit_form") or DecisionForm(decision=decision),
        "issue_form": forms.get("issue_form") or IssueForm(),
        "revoke_form": forms.get("revoke_form"),
        "revoke_pk": forms.get("revoke_pk"),
        "signatures": selectors.decision_signatures(decision) if decision.is_issued else [],
        "can_sign": can_sign,
        "credential": credential,
        "has_credential": credential is not None,
        "sign_form": forms.get("sign_form") or SignForm(),
        "exchange_partners": exchange_selectors.sendable_partners(request.user)
        if decision.is_issued and request.user.has_perm("exchange.manage")
        else [],
    }
    return render(request, "awards/detail.html", context)


@backoffice
def decision_detail(request, pk):
    return _render_detail(request, selectors.decision_get_for(request.user, pk))


@require_POST
@backoffice
def decision_edit(request, pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.change_decision")
    form = DecisionForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.decision_update(actor=request.user, decision=decision, **form.changes())
        if attempt.ok:
            messages.success(request, "Đã lưu dự thảo quyết định.")
            return redirect(_detail_url(decision, "du-thao"))
    return _render_detail(request, decision, edit_form=form)


@require_POST
@backoffice
def decision_issue(request, pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.issue_decision")
    form = IssueForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            decision = services.decision_issue(
                actor=request.user, decision=decision, **form.service_kwargs()
            )
        if attempt.ok:
            messages.success(request, f"Đã ban hành Quyết định số {decision.reference}.")
            return redirect(_detail_url(decision))
    return _render_detail(request, decision, issue_form=form)


@require_POST
@backoffice
def decision_sign(request, pk):
    """The signer signs the issued decision with their own token (PIN typed now)."""
    decision = selectors.decision_get_for(request.user, pk, "awards.issue_decision")
    form = SignForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            signature = services.decision_sign(
                actor=request.user, decision=decision, pin=form.cleaned_data["pin"],
                secret=form.cleaned_data["secret"],
            )  # fmt: skip
        if attempt.ok:
            messages.success(
                request,
                f"Đã ký số Quyết định số {decision.reference} ({signature.signer_name}).",
            )
            return redirect(_detail_url(decision, "chu-ky-so"))
    return _render_detail(request, decision, sign_form=form)


@backoffice
def signing_credential(request):
    """The signed-in person's own signing token and certificate."""
    modules = settings.THIDUA_PKCS11_MODULES
    remote_services = settings.THIDUA_CSC_SERVICES
    credential = selectors.signing_credential_of(request.user)
    form = SigningCredentialForm(modules=modules)
    remote_form = RemoteCredentialForm(services=remote_services)
    if request.method == "POST" and request.POST.get("kind") == "csc":
        remote_form = RemoteCredentialForm(request.POST, services=remote_services)
        if remote_form.is_valid():
            data = remote_form.cleaned_data
            with service_call(request, remote_form) as attempt:
                services.signing_credential_set_remote(
                    actor=request.user, service_url=data["service_url"],
                    api_version=data["api_version"], account=data["account"],
                    credential_id=data["credential_id"], secret=data["secret"],
                )  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã lưu chữ ký số từ xa của bạn.")
                return redirect("web:signing_credential")
    elif request.method == "POST":
        form = SigningCredentialForm(request.POST, request.FILES, modules=modules)
        if form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as attempt:
                services.signing_credential_set(
                    actor=request.user, module=data["module"], token_label=data["token_label"],
                    key_label=data["key_label"], certificate_pem=data["certificate"],
                )  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã lưu chữ ký số của bạn.")
                return redirect("web:signing_credential")
    return render(request, "awards/signing_credential.html", {
        "form": form, "credential": credential, "modules": modules,
        "remote_form": remote_form, "remote_services": remote_services,
    })  # fmt: skip


@backoffice
def decision_file(request, pk, fmt):
    decision = selectors.decision_get_for(request.user, pk)
    field = {"pdf": decision.pdf, "docx": decision.docx}.get(fmt)
    if not field:
        raise Http404("Quyết định chưa được ban hành.")
    name = _ascii(f"quyet-dinh-{decision.number}-{decision.symbol}-{decision.year}")
    return file_response(field, download_name=f"{name}.{fmt}")


@backoffice
def decision_payments(request, pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.change_decision")
    data = payment_list_xlsx(decision, selectors.awards_of(decision))
    response = HttpResponse(data, content_type=XLSX)
    name = _ascii(f"danh-sach-chi-thuong-{decision.number or 'du-thao'}-{decision.year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# Certificates -----------------------------------------------------------------------------------


@require_POST
@backoffice
def certificate_print(request, pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.change_decision")
    with service_call(request) as attempt:
        batch = services.certificate_batch_start(
            actor=request.user, decision=decision, blank_form=request.POST.get("blank") == "1"
        )
    if not attempt.ok:
        return redirect(_detail_url(decision, "giay-khen"))
    messages.success(request, f"Đang in {batch.total} giấy khen.")
    return redirect(_detail_url(decision, "giay-khen"))


@backoffice
def certificate_batch_status(request, pk, batch_pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.change_decision")
    batch = selectors.batch_get(decision, batch_pk)
    return render(request, "awards/_batch.html", {"decision": decision, "b": batch})


@backoffice
def certificate_batch_file(request, pk, batch_pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.change_decision")
    batch = selectors.batch_get(decision, batch_pk)
    if not batch.print_pdf:
        raise Http404("Lượt in chưa xong.")
    kind = "phoi" if batch.blank_form else "ban-in"
    return file_response(
        batch.print_pdf, download_name=f"giay-khen-{kind}-{decision.number}-{decision.year}.pdf"
    )


@backoffice
def certificate_file(request, pk, cert_pk):
    """One awardee's certificate; printed now if no batch has made it yet."""
    decision = selectors.decision_get_for(request.user, pk)
    cert = selectors.certificate_get_for(request.user, decision, cert_pk)
    name = f"giay-khen-{display_code(cert.code)}.pdf"
    if not cert.pdf:
        services.issuer_key_publish(issuer_id=cert.issuer_id)
        pdf = sign_pdf(
            render_certificate(certificate_print_item(cert)), signing_config(), reason="Giấy khen"
        )
        cert.pdf.save(f"giay-khen-{cert.code}.pdf", ContentFile(pdf), save=True)
    return file_response(cert.pdf, download_name=name)


@require_POST
@backoffice
def certificate_revoke(request, pk, cert_pk):
    decision = selectors.decision_get_for(request.user, pk, "awards.revoke_certificate")
    cert = selectors.certificate_get_for(request.user, decision, cert_pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.certificate_revoke(actor=request.user, certificate=cert, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, f"Đã thu hồi giấy khen {display_code(cert.code)}.")
            return redirect(_detail_url(decision, "giay-khen"))
    return _render_detail(request, decision, revoke_form=form, revoke_pk=cert.pk)


# Fund and blank-form calibration ---------------------------------------------------------------


def _managed_units(user):
    return org_selectors.units_managed_by(user)


@backoffice
def fund_list(request):
    if not request.user.has_perm("awards.manage_fund"):
        raise Http404("Không có quyền quản lý quỹ.")
    units = _managed_units(request.user)
    form = FundForm(_post(request), units=units)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.fund_set_budget(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã lưu dự toán quỹ.")
            return redirect("web:fund_list")
    return render(
        request, "awards/funds.html", {"funds": selectors.funds_for(request.user), "form": form}
    )


@backoffice
def print_layout(request):
    units = list(_managed_units(request.user)[:1])
    if not units:
        raise Http404("Không có quyền căn chỉnh in.")
    unit = units[0]
    layout = selectors.print_layout_of(unit)
    initial = {"shift_x_mm": layout.shift_x_mm, "shift_y_mm": layout.shift_y_mm} if layout else {}
    form = PrintLayoutForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.print_layout_set(actor=request.user, unit=unit, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã lưu căn chỉnh in phôi giấy khen.")
            return redirect("web:print_layout")
    return render(request, "awards/print_layout.html", {"form": form, "unit": unit})


@backoffice
def print_test_page(request):
    units = list(_managed_units(request.user)[:1])
    if not units:
        raise Http404("Không có quyền căn chỉnh in.")
    layout = selectors.print_layout_of(units[0])
    shift = (float(layout.shift_x_mm), float(layout.shift_y_mm)) if layout else (0, 0)
    pdf = render_test_page(layout=layout.fields if layout else None, shift=shift)
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = 'attachment; filename="trang-thu-can-chinh.pdf"'
    return response


# Annulment (hủy bỏ khen thưởng) and re-issue (cấp lại, cấp đổi) ---------------------------------


@backoffice
def award_annul(request, pk, award_pk):
    """The annulling decision of one award: recorded, the certificate revoked, the money owed."""
    decision = selectors.decision_get_for(request.user, pk, "awards.annul_award")
    award = selectors.award_get_for(request.user, decision, award_pk, "awards.annul_award")
    if hasattr(award, "annulment"):
        return redirect("web:annulment_detail", award.annulment.pk)
    form = AnnulForm(_post(request), initial={"to_recover": group_thousands(award.amount)})
    if form.is_valid():
        with service_call(request, form) as attempt:
            annulment = services.award_annul(actor=request.user, award=award, **form.cleaned_data)
        if attempt.ok:
            messages.success(
                request,
                f"Đã hủy bỏ khen thưởng của {award.name} và thu hồi giấy khen theo "
                f"{annulment.reference}.",
            )
            return redirect("web:annulment_detail", annulment.pk)
    return render(
        request, "awards/annul.html", {"decision": decision, "award": award, "form": form}
    )


@backoffice
def annulment_list(request):
    """Annulled awards and what is still owed (khoản phải thu hồi)."""
    if not request.user.has_perm("awards.view_annulments"):
        raise Http404("Không có quyền xem danh sách hủy bỏ khen thưởng.")
    page = _page(request, selectors.annulments_for(request.user))
    return render(request, "awards/annulments.html", {"page": page})


@backoffice
def annulment_detail(request, pk):
    annulment = selectors.annulment_get_for(request.user, pk)
    form = RecoveryForm(_post(request))
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.annulment_record_recovery(
                actor=request.user, annulment=annulment, **form.cleaned_data
            )
        if attempt.ok:
            amount = group_thousands(form.cleaned_data["amount"])
            messages.success(request, f"Đã ghi nhận {amount} đồng nộp lại vào quỹ.")
            return redirect("web:annulment_detail", annulment.pk)
    return render(request, "awards/annulment.html", {
        "annulment": annulment, "award": annulment.award, "decision": annulment.award.decision,
        "recoveries": selectors.recoveries_of(annulment), "form": form,
    })  # fmt: skip


@backoffice
def certificate_reissue(request, pk, cert_pk):
    """Cấp lại (lost) or cấp đổi (damaged): a new number and code, the old one superseded."""
    decision = selectors.decision_get_for(request.user, pk, "awards.reissue_certificate")
    cert = selectors.certificate_get_for(request.user, decision, cert_pk)
    form = ReissueForm(_post(request))
    if form.is_valid():
        with service_call(request, form) as attempt:
            reissue = services.certificate_reissue(
                actor=request.user, certificate=cert, **form.cleaned_data
            )
        if attempt.ok:
            messages.success(
                request,
                f"Đã {reissue.verb} giấy khen: số sổ vàng mới {reissue.new_register_number}, "
                f"mã xác thực mới {display_code(reissue.new_code)} (mã cũ "
                f"{display_code(reissue.old_code)} hết hiệu lực).",
            )
            return redirect(_detail_url(decision, f"cert-{cert.pk}"))
    return render(request, "awards/reissue.html", {
        "decision": decision, "cert": cert, "award": cert.award, "form": form,
        "code": display_code(cert.code),
        "history": selectors.reissues_of([cert]).get(cert.pk, []),
    })  # fmt: skip
