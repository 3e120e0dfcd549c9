"""Statutory statistics (Thông tư 18/2025/TT-BNV): a reporting unit's form for a year, as
figures (JSON) or as the files the web screen gives (XLSX form, DOCX/PDF summary report).
Only the units the token's account manages (secretariat, administrators); others are a 404."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from thidua.api.auth import require_perm
from thidua.monitoring import statistics

router = Router()

BACKOFFICE = "org.access_backoffice"


class StatColumnOut(Schema):
    code: str
    group: str
    label: str
    measure: str


class StatLineOut(Schema):
    ordinal: str
    label: str
    values: dict[str, int | None]


class StatReportOut(Schema):
    form_code: str
    form_name: str
    level: str
    period: str
    basis: str
    confirmed: bool
    unit_id: int
    unit_name: str
    year: int
    columns: list[StatColumnOut]
    rows: list[StatLineOut]


def _report(request, unit_id: int, year: int, *, decisions: bool = False):
    require_perm(request, BACKOFFICE)
    unit = statistics.reporting_unit_get_for(request.user, unit_id)
    if decisions:
        return statistics.report_with_decisions(unit=unit, year=year)
    return statistics.report_for(unit=unit, year=year)


@router.get(
    "/statistics/{unit_id}/{year}",
    response=StatReportOut,
    tags=["Thống kê"],
    summary="Biểu thống kê thi đua, khen thưởng của một đơn vị trong một năm",
)
def statistics_report(request: HttpRequest, unit_id: int, year: int):
    report = _report(request, unit_id, year)
    form = report.form
    return {
        "form_code": form.code, "form_name": form.name, "level": form.level,
        "period": form.period, "basis": form.basis, "confirmed": form.confirmed,
        "unit_id": report.unit.pk, "unit_name": report.unit.name, "year": report.year,
        "columns": sorted(form.columns.all(), key=lambda c: c.position),
        "rows": [{"ordinal": x.ordinal, "label": x.label,
                  "values": {c.measure: c.value for c in x.cells}} for x in report.lines],
    }  # fmt: skip


@router.get(
    "/statistics/{unit_id}/{year}/file/{fmt}",
    tags=["Thống kê"],
    summary="Tệp biểu thống kê (xlsx) hoặc báo cáo tổng kết năm (docx, pdf)",
)
def statistics_file(request: HttpRequest, unit_id: int, year: int, fmt: str):
    if fmt not in statistics.FILE_TYPES:
        raise Http404("Định dạng không hợp lệ: chọn xlsx, docx hoặc pdf.")
    report = _report(request, unit_id, year, decisions=fmt != "xlsx")
    data, name, content_type = statistics.report_file(report, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
