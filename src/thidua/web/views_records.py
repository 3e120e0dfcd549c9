"""Back-office screens of the initiatives register (sáng kiến)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.records import selectors, services
from thidua.records.enums import InitiativeScope
from thidua.records.forms import InitiativeForm
from thidua.web.decorators import backoffice, permission
from thidua.web.service_calls import service_call
from thidua.web.views import _page


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


@backoffice
def initiative_list(request):
    year = _year(request)
    page = _page(request, selectors.initiatives_for(request.user, year=year))
    return render(
        request,
        "records/initiative_list.html",
        {
            "page": page,
            "year": year,
            "can_add": request.user.has_perm("records.add_initiative"),
            "scopes": InitiativeScope,
        },
    )


@permission("records.add_initiative")
def initiative_create(request):
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.initiative_create(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã ghi sáng kiến.")
            return redirect("web:initiative_list")
    return render(request, "records/initiative_form.html", {"form": form, "title": "Ghi sáng kiến"})


@backoffice
def initiative_edit(request, pk):
    initiative = selectors.initiative_get_for(request.user, pk, "records.change_initiative")
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method != "POST":
        form.initial_from(initiative)
    elif form.is_valid():
        with service_call(request, form) as attempt:
            services.initiative_update(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        if attempt.ok:
            messages.success(request, "Đã lưu sáng kiến.")
            return redirect("web:initiative_list")
    return render(
        request,
        "records/initiative_form.html",
        {"form": form, "title": f"Sửa: {initiative.name}", "initiative": initiative},
    )


@require_POST
@backoffice
def initiative_delete(request, pk):
    initiative = selectors.initiative_get_for(request.user, pk, "records.change_initiative")
    services.initiative_delete(actor=request.user, initiative=initiative)
    messages.success(request, "Đã xóa sáng kiến.")
    return redirect("web:initiative_list")
