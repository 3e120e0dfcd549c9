"""Internal approval of dossiers: the office's chain (configuration), a received proposal's
assignment and its steps, and «Việc của tôi» (what waits for the signed-in person). Every
object is loaded through a selector that checks permission (404 outside the reader's reach)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.approvals import selectors, services
from thidua.approvals.forms import ActForm, ApproverForm, AssignForm, ChainForm
from thidua.nominations.selectors import proposal_clocks
from thidua.web.decorators import backoffice, permission
from thidua.web.service_calls import service_call


@require_GET
@backoffice
def my_work(request):
    return render(request, "approvals/my_work.html", {"rows": selectors.my_work(request.user)})


@backoffice
def dossier(request, pk):
    proposal = selectors.dossier_get_for(request.user, pk)
    office = proposal.campaign.issuer
    assignment = selectors.assignment_of(proposal)
    may_assign = request.user.has_perm("approvals.assign", proposal) and (
        assignment is None or assignment.step is not None
    )
    may_act = assignment is not None and services.can_act(request.user, assignment)
    action = request.POST.get("action") if request.method == "POST" else None
    assign_form = AssignForm(
        request.POST if action == "assign" else None,
        officers=selectors.officers_of(office),
        initial={"officer": assignment.officer_id if assignment else None},
    )
    act_form = ActForm(request.POST if action == "act" else None)
    here = reverse("web:approval_dossier", args=[proposal.pk])
    if action == "assign":
        if not may_assign:
            messages.error(request, "Bạn không phân công xử lý hồ sơ này.")
        elif assign_form.is_valid():
            with service_call(request, assign_form) as attempt:
                services.assignment_create(
                    actor=request.user, proposal=proposal,
                    officer=assign_form.cleaned_data["officer"],
                )  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã phân công xử lý hồ sơ.")
                return redirect(here)
    elif action == "act":
        if not may_act:
            messages.error(request, "Hồ sơ không ở bước bạn xử lý.")
        elif act_form.is_valid():
            approve = act_form.cleaned_data["decision"] == "approve"
            with service_call(request, act_form) as attempt:
                services.assignment_act(
                    actor=request.user, assignment=assignment, approve=approve,
                    comment=act_form.cleaned_data["comment"],
                )  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã chuyển bước sau." if approve else "Đã trả lại.")
                return redirect(here)
    elif action is not None:
        messages.error(request, "Thao tác không hợp lệ.")
    clocks = proposal_clocks([proposal])
    return render(
        request,
        "approvals/dossier.html",
        {
            "proposal": proposal,
            "office": office,
            "assignment": assignment,
            "actions": selectors.actions_of(assignment) if assignment else [],
            "clock": clocks.get(proposal.pk),
            "may_assign": may_assign,
            "may_act": may_act,
            "assign_form": assign_form,
            "act_form": act_form,
            "chain": selectors.chain_of(office),
        },
    )


@permission("approvals.configure_chains")
def chain_config(request):
    office = selectors.office_get_for(
        request.user, request.POST.get("office") or request.GET.get("don-vi")
    )
    chain = selectors.chain_of(office)
    steps = list(chain.steps.all()) if chain else []
    action = request.POST.get("action") if request.method == "POST" else None
    chain_form = ChainForm(request.POST if action == "steps" else None, steps=steps)
    approver_form = ApproverForm(
        request.POST if action == "approver" else None, users=selectors.users_of_office(office)
    )
    here = reverse("web:approval_chain") + f"?don-vi={office.pk}"
    if action == "steps" and chain_form.is_valid():
        with service_call(request, chain_form) as attempt:
            services.chain_set(
                actor=request.user, office=office, steps=chain_form.cleaned_data["steps"]
            )
        if attempt.ok:
            messages.success(request, "Đã lưu quy trình duyệt.")
            return redirect(here)
    elif action == "approver" and approver_form.is_valid():
        with service_call(request, approver_form) as attempt:
            services.approver_add(actor=request.user, office=office, **approver_form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã thêm người xử lý.")
            return redirect(here)
    elif action == "remove":
        approver = selectors.approver_get(office, request.POST.get("approver"))
        with service_call(request, done="Đã bỏ người xử lý."):
            services.approver_remove(actor=request.user, approver=approver)
        return redirect(here)
    elif action not in (None, "steps", "approver"):
        messages.error(request, "Thao tác không hợp lệ.")
    return render(
        request,
        "approvals/chain.html",
        {
            "office": office,
            "offices": selectors.offices_for(request.user),
            "steps": steps,
            "chain_form": chain_form,
            "approver_form": approver_form,
            "approvers": selectors.approvers_of(office),
        },
    )
