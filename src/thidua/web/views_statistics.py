"""Statutory statistics (Thông tư 18/2025/TT-BNV): choose a year and a reporting unit (its
level chooses the form), see the form filled, download it as XLSX, and the year's summary
report as DOCX or PDF (generated at once: three queries and one file, see docs/statistics.md
for the time measured, so no background job). Also the export for the national cadre
database and its field mapping."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thidua.monitoring import cadre_export as cadre_export_lib
from thidua.monitoring import services, statistics
from thidua.monitoring.enums import ExportSource, StatLevel
from thidua.org import selectors as org_selectors
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call


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
