"""Accounts and their roles in the back office ("Tài khoản"): list, invite, send a password
link, deactivate and reactivate, grant and remove roles. Who may do what: org.rules (an
administrator everywhere; the secretariat for the accounts of the units it manages)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.org import selectors, services
from thidua.org.forms import AccountDeactivateForm, AccountInviteForm, RoleGrantForm
from thidua.web.decorators import permission
from thidua.web.service_calls import service_call

STATES = [("", "Tất cả"), ("active", "Đang hoạt động"), ("inactive", "Đã khóa")]


@permission("org.view_accounts")
def account_list(request):
    query = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    if state not in dict(STATES):
        state = ""
    rows = selectors.accounts_search(request.user, query=query, state=state)
    return render(
        request,
        "accounts/list.html",
        {"rows": rows, "q": query, "state": state, "states": STATES},
    )


@permission("org.view_accounts")
def account_invite(request):
    form = AccountInviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            account = services.account_invite(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(
                request,
                f"Đã tạo tài khoản «{account.username}» và gửi thư mời đến {account.email}.",
            )
            return redirect("web:account_detail", pk=account.pk)
    return render(request, "accounts/invite.html", {"form": form})


def _detail_context(request, row, **forms) -> dict:
    return {
        "row": row,
        "account": row.account,
        "grant_form": forms.get("grant_form") or RoleGrantForm(user=request.user),
        "deactivate_form": forms.get("deactivate_form") or AccountDeactivateForm(),
    }


@permission("org.view_accounts")
def account_detail(request, pk):
    row = selectors.account_get_for(request.user, pk)
    return render(request, "accounts/detail.html", _detail_context(request, row))


def _managed(request, pk):
    row = selectors.account_get_for(request.user, pk)
    if not row.can_manage:
        raise PermissionDenied
    return row


@require_POST
@permission("org.view_accounts")
def account_password_link(request, pk):
    row = _managed(request, pk)
    with service_call(request, done=f"Đã gửi liên kết đặt mật khẩu đến {row.account.email}."):
        services.account_send_password_link(actor=request.user, account=row.account)
    return redirect("web:account_detail", pk=row.account.pk)


@require_POST
@permission("org.view_accounts")
def account_deactivate(request, pk):
    row = _managed(request, pk)
    form = AccountDeactivateForm(request.POST)
    if form.is_valid():
        with service_call(request) as attempt:
            services.account_set_active(
                actor=request.user,
                account=row.account,
                active=False,
                reason=form.cleaned_data["reason"],
            )
        if attempt.ok:
            messages.success(request, f"Đã khóa tài khoản «{row.account.username}».")
            return redirect("web:account_detail", pk=row.account.pk)
    return render(
        request,
        "accounts/detail.html",
        _detail_context(request, row, deactivate_form=form),
        status=200 if form.is_valid() else 400,
    )


@require_POST
@permission("org.view_accounts")
def account_activate(request, pk):
    row = _managed(request, pk)
    services.account_set_active(actor=request.user, account=row.account, active=True)
    messages.success(request, f"Đã mở lại tài khoản «{row.account.username}».")
    return redirect("web:account_detail", pk=row.account.pk)


@require_POST
@permission("org.view_accounts")
def account_role_grant(request, pk):
    row = _managed(request, pk)
    form = RoleGrantForm(request.POST, user=request.user)
    if form.is_valid():
        with service_call(request, form) as attempt:
            assignment = services.account_role_grant(
                actor=request.user, account=row.account, **form.cleaned_data
            )
        if attempt.ok:
            messages.success(
                request,
                f"Đã phân vai trò {assignment.get_role_display()} – {assignment.unit.name}.",
            )
            return redirect("web:account_detail", pk=row.account.pk)
    return render(
        request,
        "accounts/detail.html",
        _detail_context(request, row, grant_form=form),
        status=400,
    )


@require_POST
@permission("org.view_accounts")
def account_role_revoke(request, pk, role_pk):
    row = _managed(request, pk)
    assignment = selectors.account_role_get_for(request.user, pk, role_pk)
    with service_call(request) as attempt:
        services.account_role_revoke(actor=request.user, assignment=assignment)
    if attempt.ok:
        messages.success(
            request,
            f"Đã bỏ vai trò {assignment.get_role_display()} – {assignment.unit.name}.",
        )
    return redirect("web:account_detail", pk=row.account.pk)
