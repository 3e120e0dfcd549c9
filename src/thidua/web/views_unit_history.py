"""The organisation over time: rename, merge and split a unit with an effective date (the 2025
reform abolished districts and merged communes). Each screen calls one org service."""

from django.contrib import messages
from django.shortcuts import redirect, render

from thidua.org import selectors, services
from thidua.org.forms import UnitMergeForm, UnitRenameForm, UnitSplitForm
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call


def _render(request, unit, form, title, intro=""):
    return render(
        request,
        "web/unit_change.html",
        {"unit": unit, "form": form, "title": title, "intro": intro},
        status=400 if form.is_bound else 200,
    )


@backoffice
def unit_rename(request, pk):
    unit = selectors.unit_get_for(request.user, pk, "org.change_unit")
    form = UnitRenameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.unit_rename(actor=request.user, unit=unit, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã đổi tên đơn vị; tên cũ được giữ trong lịch sử.")
            return redirect("web:unit_detail", pk=unit.pk)
    return _render(request, unit, form, f"Đổi tên: {unit.name}")


@backoffice
def unit_merge(request, pk):
    unit = selectors.unit_get_for(request.user, pk, "org.change_unit")
    form = UnitMergeForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = data["mode"] == "existing"
        with service_call(request, form) as attempt:
            target = services.unit_merge(
                actor=request.user,
                units=[unit, *data["others"]],
                effective_on=data["effective_on"],
                into=data["into"] if existing else None,
                code="" if existing else data["code"],
                name="" if existing else data["name"],
            )
        if attempt.ok:
            messages.success(
                request,
                f"Đã sáp nhập vào «{target.name}» từ {data['effective_on']:%d/%m/%Y}.",
            )
            return redirect("web:unit_detail", pk=target.pk)
    return _render(
        request,
        unit,
        form,
        f"Sáp nhập: {unit.name}",
        "Đơn vị này (và các đơn vị chọn thêm) thôi hoạt động từ ngày có hiệu lực và trỏ tới "
        "đơn vị tiếp nhận.",
    )


@backoffice
def unit_split(request, pk):
    unit = selectors.unit_get_for(request.user, pk, "org.change_unit")
    form = UnitSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            parts = services.unit_split(actor=request.user, unit=unit, **form.cleaned_data)
        if attempt.ok:
            messages.success(
                request,
                f"Đã chia tách thành {', '.join(p.name for p in parts)}. Chuyển cá nhân và đơn "
                "vị trực thuộc của đơn vị cũ sang đơn vị mới ở trang của từng người, từng đơn vị.",
            )
            return redirect("web:unit_detail", pk=unit.pk)
    return _render(request, unit, form, f"Chia tách: {unit.name}")
