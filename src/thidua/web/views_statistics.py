"""Statutory statistics (Thông tư 18/2025/TT-BNV): choose a year and a reporting unit (its
level chooses the form), see the form filled, download it as XLSX, and the year's summary
report as DOCX or PDF. Generated at once: three queries and one file (see docs/statistics.md
for the time measured), so no background job."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.monitoring import statistics
from thidua.monitoring.enums import StatLevel
from thidua.web.decorators import backoffice
from thidua.web.views import XLSX

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {"xlsx": XLSX, "docx": DOCX, "pdf": "application/pdf"}


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
    if fmt not in TYPES:
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
    if fmt == "xlsx":
        data, name = statistics.report_xlsx(report), statistics.filename(report, "xlsx")
    elif fmt == "docx":
        data, name = statistics.summary_docx(report), f"bao-cao-tong-ket-tdkt-{report.year}.docx"
    else:
        data, name = statistics.summary_pdf(report), f"bao-cao-tong-ket-tdkt-{report.year}.pdf"
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
