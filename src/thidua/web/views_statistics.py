"""Statutory statistics (Thông tư 18/2025/TT-BNV): choose a year and a reporting unit (its
level chooses the form), see the form filled, download it as XLSX, and the year's summary
report as DOCX or PDF (generated at once: three queries and one file, see docs/statistics.md
for the time measured, so no background job). Also the export for the national cadre
database and its field mapping."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.monitoring import cadre_export as cadre_export_lib
from thidua.monitoring import selectors, services, statistics
from thidua.monitoring.enums import ExportSource, StatLevel
from thidua.monitoring.forms import (
    StatColumnForm,
    StatColumnFormSet,
    StatFormHeaderForm,
    StatFormVersionForm,
    StatRowForm,
    StatRowFormSet,
    formset_items,
)
from thidua.org import selectors as org_selectors
from thidua.web.decorators import backoffice, permission
from thidua.web.service_calls import add_service_error, service_call

VIEW_FORMS = "monitoring.view_stat_forms"
CHANGE_FORMS = "monitoring.change_stat_forms"


def _choice(request):
    """(units, chosen unit, year, errors) from the query string; refusals as messages."""
    units = statistics.reporting_units(request.user)
    if not units:
        raise Http404("Bạn không quản lý đơn vị hành chính nào để lập báo cáo thống kê.")
    errors = []
    raw_unit = request.GET.get("don_vi") or units[0].pk
    unit = statistics.reporting_unit_get_for(request.user, raw_unit)
    raw_year = request.GET.get("nam") or timezone.localdate().year - 1
    try:
        year = statistics.check_year(raw_year)
    except ValidationError as e:
        errors += e.messages
        year = None
    return units, unit, year, errors


def _labelled(units):
    return [(u, StatLevel(statistics.level_of(u)).label) for u in units]


@backoffice
def statistics_index(request):
    units, unit, year, errors = _choice(request)
    report = None
    if year is not None:
        try:
            report = statistics.report_for(unit=unit, year=year)
        except ValidationError as e:
            errors += e.messages
    return render(request, "monitoring/statistics.html", {
        "units": _labelled(units), "unit": unit, "year": year,
        "years": statistics.years(), "report": report, "errors": errors,
        "columns": sorted(report.form.columns.all(), key=lambda c: c.position) if report else [],
    }, status=400 if errors else 200)  # fmt: skip


@backoffice
def statistics_download(request, fmt):
    if fmt not in statistics.FILE_TYPES:
        raise Http404("Định dạng không hợp lệ.")
    units, unit, year, errors = _choice(request)
    report = None
    if not errors:
        try:
            report = (
                statistics.report_for(unit=unit, year=year)
                if fmt == "xlsx"
                else statistics.report_with_decisions(unit=unit, year=year)
            )
        except ValidationError as e:
            errors += e.messages
    if errors:
        return render(request, "monitoring/statistics.html", {
            "units": _labelled(units), "unit": unit, "year": year,
            "years": statistics.years(), "report": None, "errors": errors, "columns": [],
        }, status=400)  # fmt: skip
    data, name, content_type = statistics.report_file(report, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Export for the national cadre and civil-servant database ------------------------------------

EXPORT_TYPES = {"csv", "xml"}
SPARE_ROWS = 3


def _export_units(user):
    """The units the user manages, the top ones first (a subtree is exported with its unit)."""
    return list(org_selectors.units_managed_by(user)[:200])


def _posted_rows(post) -> list[dict]:
    n = min(int(post.get("rows") or 0) if (post.get("rows") or "").isdigit() else 0, 200)
    return [
        {
            "position": post.get(f"position_{i}", ""),
            "source": post.get(f"source_{i}", ""),
            "target": post.get(f"target_{i}", ""),
            "date_format": post.get(f"date_format_{i}", ""),
            "active": post.get(f"active_{i}") == "on",
        }
        for i in range(n)
    ]


@backoffice
def cadre_export(request):
    """The field mapping (edited as a whole, saved all or nothing) and the downloads."""
    units = _export_units(request.user)
    if not units:
        raise Http404("Bạn không quản lý đơn vị nào để xuất dữ liệu.")
    status = 200
    if request.method == "POST":
        rows = _posted_rows(request.POST)
        with service_call(request) as attempt:
            services.export_mapping_replace(
                actor=request.user, rows=cadre_export_lib.clean_rows(rows)
            )
        if attempt.ok:
            messages.success(request, "Đã lưu ánh xạ trường xuất dữ liệu.")
            return redirect("web:cadre_export")
        status = 400
    else:
        rows = [
            {"position": m.position, "source": m.source, "target": m.target,
             "date_format": m.date_format, "active": m.active}
            for m in cadre_export_lib.mapping()
        ]  # fmt: skip
    rows = rows + [
        {"position": "", "source": "", "target": "", "date_format": "", "active": True}
        for _ in range(SPARE_ROWS)
    ]
    return render(request, "monitoring/cadre_export.html", {
        "rows": list(enumerate(rows)), "count": len(rows), "sources": ExportSource.choices,
        "units": units,
    }, status=status)  # fmt: skip


def _export_response(records, fmt: str, name: str):
    try:
        data, ctype = cadre_export_lib.render(records, fmt)
    except ValidationError as e:
        return HttpResponse(
            " ".join(e.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@backoffice
def cadre_export_person(request, pk, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404("Định dạng không hợp lệ.")
    person = cadre_export_lib.person_for_export(request.user, pk)
    records = cadre_export_lib.records_of(person=person)
    return _export_response(records, fmt, f"csdl-can-bo-ca-nhan-{person.pk}")


@backoffice
def cadre_export_unit(request, pk, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404("Định dạng không hợp lệ.")
    unit = cadre_export_lib.unit_for_export(request.user, pk)
    records = cadre_export_lib.records_of(unit=unit)
    return _export_response(records, fmt, f"csdl-can-bo-don-vi-{unit.code or unit.pk}")


# The statistical forms themselves (biểu mẫu thống kê): read by the secretariat, corrected by an
# administrator, without Django admin ----------------------------------------------------------


@permission(VIEW_FORMS)
def stat_forms(request):
    may_change = request.user.has_perm(CHANGE_FORMS)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = None
    if may_change:
        form = StatFormHeaderForm(
            request.POST if request.method == "POST" else None,
            initial={"basis": "Thông tư 18/2025/TT-BNV", "period": "year"},
        )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.stat_form_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Đã tạo biểu mẫu; hãy nhập các dòng và cột.")
                return redirect("web:stat_form", pk=created.pk)
        status = 400
    return render(request, "monitoring/stat_forms.html", {
        "forms": selectors.stat_forms(), "form": form, "may_change": may_change,
    }, status=status)  # fmt: skip


def _stat_form_page(request, stat_form, *, status=200, header=None, rows=None, columns=None,
                    version=None):  # fmt: skip
    may_change = request.user.has_perm(CHANGE_FORMS)
    if may_change:
        header = header or StatFormHeaderForm(initial=StatFormHeaderForm.initial_of(stat_form))
        rows = rows or StatRowFormSet(
            prefix="dong",
            initial=[StatRowForm.initial_of(r) for r in sorted(
                stat_form.rows.all(), key=lambda r: r.position)],
        )  # fmt: skip
        columns = columns or StatColumnFormSet(
            prefix="cot",
            initial=[StatColumnForm.initial_of(c) for c in sorted(
                stat_form.columns.all(), key=lambda c: c.position)],
        )  # fmt: skip
        version = version or StatFormVersionForm()
    return render(request, "monitoring/stat_form.html", {
        "stat_form": stat_form, "may_change": may_change, "header": header,
        "rows": rows, "columns": columns, "version": version,
        "row_list": sorted(stat_form.rows.all(), key=lambda r: r.position),
        "column_list": sorted(stat_form.columns.all(), key=lambda c: c.position),
    }, status=status)  # fmt: skip


@permission(VIEW_FORMS)
def stat_form(request, pk):
    """The header, the rows and the columns of one form; each part saved on its own (the
    `part` field says which), the rows and the columns all or nothing."""
    stat_form = selectors.stat_form_get(pk)
    if request.method != "POST":
        return _stat_form_page(request, stat_form)
    if not request.user.has_perm(CHANGE_FORMS):
        raise PermissionDenied
    part = request.POST.get("part")
    here = reverse("web:stat_form", args=[stat_form.pk])
    if part == "header":
        header = StatFormHeaderForm(request.POST)
        if header.is_valid():
            try:
                services.stat_form_save(actor=request.user, form=stat_form, **header.cleaned_data)
            except ValidationError as exc:
                add_service_error(header, exc)
            else:
                messages.success(request, "Đã lưu thông tin biểu mẫu.")
                return redirect(here)
        stat_form = selectors.stat_form_get(pk)
        return _stat_form_page(request, stat_form, status=400, header=header)
    if part in ("rows", "columns"):
        formset = (StatRowFormSet if part == "rows" else StatColumnFormSet)(
            request.POST, prefix="dong" if part == "rows" else "cot"
        )
        if formset.is_valid():
            call = services.stat_form_rows_set if part == "rows" else services.stat_form_columns_set
            try:
                call(actor=request.user, form=stat_form, **{part: formset_items(formset)})
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(
                    request, "Đã lưu các dòng của biểu." if part == "rows" else "Đã lưu các cột."
                )
                return redirect(here + ("#dong" if part == "rows" else "#cot"))
        return _stat_form_page(request, stat_form, status=400, **{part: formset})
    return _stat_form_page(request, stat_form, status=400)


@require_POST
@permission(CHANGE_FORMS)
def stat_form_new_version(request, pk):
    stat_form = selectors.stat_form_get(pk)
    version = StatFormVersionForm(request.POST)
    if version.is_valid():
        try:
            new = services.stat_form_new_version(
                actor=request.user, form=stat_form, valid_from=version.cleaned_data["valid_from"]
            )
        except ValidationError as exc:
            add_service_error(version, exc)
        else:
            messages.success(
                request,
                f"Đã tạo phiên bản mới áp dụng từ ngày {new.valid_from:%d/%m/%Y}; phiên bản "
                "cũ áp dụng đến hết ngày hôm trước.",
            )
            return redirect("web:stat_form", pk=new.pk)
    return _stat_form_page(request, stat_form, status=400, version=version)
