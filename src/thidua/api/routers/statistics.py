"""Statutory statistics (Thông tư 18/2025/TT-BNV): a reporting unit's form for a year, as
figures (JSON) or as the files the web screen gives (XLSX form, DOCX/PDF summary report).
Only the units the token's account manages (secretariat, administrators); others are a 404.

The forms themselves (header, rows, columns, a new version when a new circular replaces the
old one), on the services of the screen /thong-ke/bieu-mau/: the secretariat reads, an
administrator writes."""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from thidua.api.auth import guard, require_perm
from thidua.api.forms import clean
from thidua.monitoring import selectors, services, statistics
from thidua.monitoring.forms import StatFormHeaderForm, StatFormVersionForm

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


# The forms themselves ------------------------------------------------------------------------

VIEW_FORMS = "monitoring.view_stat_forms"
CHANGE_FORMS = "monitoring.change_stat_forms"


class StatFormRowOut(Schema):
    position: int
    ordinal: str
    label: str
    source: str
    codes: list[str]
    bold: bool


class StatFormColumnOut(Schema):
    position: int
    code: str
    group: str
    label: str
    measure: str


class StatFormOut(Schema):
    id: int
    code: str
    name: str
    level: str
    period: str
    basis: str
    unit_note: str
    receiver: str
    deadline_note: str
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool
    note: str
    position: int
    rows: list[StatFormRowOut]
    columns: list[StatFormColumnOut]

    @staticmethod
    def resolve_rows(obj):
        return sorted(obj.rows.all(), key=lambda r: r.position)

    @staticmethod
    def resolve_columns(obj):
        return sorted(obj.columns.all(), key=lambda c: c.position)


class StatFormIn(Schema):
    code: str = Field(max_length=40, description="Ký hiệu biểu, ví dụ 01.N/BNV-TĐKT-H")
    name: str = Field(max_length=300, description="Tên biểu")
    level: str = Field(description="Cấp báo cáo: province, district, commune")
    period: str = Field("year", description="Kỳ báo cáo: year")
    basis: str = Field(max_length=300, description="Ban hành kèm theo (văn bản)")
    unit_note: str = Field("", max_length=200, description="Đơn vị tính")
    receiver: str = Field("", max_length=200, description="Đơn vị nhận báo cáo")
    deadline_note: str = Field("", max_length=200, description="Ngày nhận báo cáo")
    valid_from: dt.date = Field(description="Áp dụng từ ngày")
    valid_to: dt.date | None = Field(None, description="Áp dụng đến hết ngày")
    confirmed: bool = Field(False, description="Đã đối chiếu với văn bản")
    note: str = Field("", max_length=300, description="Ghi chú")
    position: int = Field(0, ge=0, le=32767, description="Thứ tự")


class StatFormPatch(Schema):
    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=300)
    level: str | None = None
    period: str | None = None
    basis: str | None = Field(None, max_length=300)
    unit_note: str | None = Field(None, max_length=200)
    receiver: str | None = Field(None, max_length=200)
    deadline_note: str | None = Field(None, max_length=200)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    confirmed: bool | None = None
    note: str | None = Field(None, max_length=300)
    position: int | None = Field(None, ge=0, le=32767)


class StatFormRowIn(Schema):
    position: int = Field(description="Thứ tự (duy nhất trong biểu)")
    ordinal: str = Field("", description="Số thứ tự in trên biểu: I, 1, 1.1")
    label: str = Field(description="Chỉ tiêu")
    source: str = Field(description="Nguồn số liệu: heading, awards, campaigns")
    codes: list[str] = Field([], description="Mã danh hiệu, hình thức được cộng; trống: mọi khen")
    bold: bool = False


class StatFormRowsIn(Schema):
    rows: list[StatFormRowIn] = Field(description="Toàn bộ các dòng mới của biểu")


class StatFormColumnIn(Schema):
    position: int = Field(description="Thứ tự (duy nhất trong biểu)")
    code: str = Field(description="Mã cột (duy nhất trong biểu)")
    group: str = Field("", description="Nhóm cột (tiêu đề gộp phía trên)")
    label: str = Field(description="Tên cột")
    measure: str = Field(
        description="Số liệu: total, collective, individual, female, minority, household, amount"
    )


class StatFormColumnsIn(Schema):
    columns: list[StatFormColumnIn] = Field(description="Toàn bộ các cột mới của biểu")


class StatFormVersionIn(Schema):
    valid_from: dt.date = Field(description="Phiên bản mới áp dụng từ ngày")


def _load(user, form_id):
    return selectors.stat_form_get(form_id)


def _fresh(form):
    return selectors.stat_form_get(form.pk)


@router.get(
    "/statistics/forms",
    response=list[StatFormOut],
    tags=["Thống kê"],
    summary="Biểu mẫu thống kê (mọi cấp, mọi phiên bản) cùng các dòng và cột",
)
def stat_form_list(request: HttpRequest):
    require_perm(request, VIEW_FORMS)
    return selectors.stat_forms().prefetch_related("rows", "columns")


@router.post(
    "/statistics/forms",
    response={201: StatFormOut},
    tags=["Thống kê"],
    summary="Thêm biểu mẫu thống kê (rồi đặt các dòng và cột)",
    auth=guard(CHANGE_FORMS),
)
def stat_form_create(request: HttpRequest, payload: StatFormIn):
    data = clean(StatFormHeaderForm, payload)
    return Status(201, _fresh(services.stat_form_save(actor=request.user, **data)))


@router.get(
    "/statistics/forms/{form_id}",
    response=StatFormOut,
    tags=["Thống kê"],
    summary="Một biểu mẫu thống kê với các dòng và cột",
)
def stat_form_detail(request: HttpRequest, form_id: int):
    require_perm(request, VIEW_FORMS)
    return selectors.stat_form_get(form_id)


@router.patch(
    "/statistics/forms/{form_id}",
    response=StatFormOut,
    tags=["Thống kê"],
    summary="Sửa thông tin biểu mẫu (ký hiệu, tên, văn bản, thời gian áp dụng, đã đối chiếu)",
    auth=guard(CHANGE_FORMS, load=_load),
)
def stat_form_update(request: HttpRequest, form_id: int, payload: StatFormPatch):
    form = request.api_object
    data = clean(StatFormHeaderForm, payload, instance=form)
    return _fresh(services.stat_form_save(actor=request.user, form=form, **data))


@router.put(
    "/statistics/forms/{form_id}/rows",
    response=StatFormOut,
    tags=["Thống kê"],
    summary="Thay toàn bộ các dòng của biểu (có dòng sai thì không thay đổi gì)",
    auth=guard(CHANGE_FORMS, load=_load),
)
def stat_form_rows(request: HttpRequest, form_id: int, payload: StatFormRowsIn):
    form = request.api_object
    rows = [r.model_dump() for r in payload.rows]
    services.stat_form_rows_set(actor=request.user, form=form, rows=rows)
    return _fresh(form)


@router.put(
    "/statistics/forms/{form_id}/columns",
    response=StatFormOut,
    tags=["Thống kê"],
    summary="Thay toàn bộ các cột của biểu (có cột sai thì không thay đổi gì)",
    auth=guard(CHANGE_FORMS, load=_load),
)
def stat_form_columns(request: HttpRequest, form_id: int, payload: StatFormColumnsIn):
    form = request.api_object
    columns = [c.model_dump() for c in payload.columns]
    services.stat_form_columns_set(actor=request.user, form=form, columns=columns)
    return _fresh(form)


@router.post(
    "/statistics/forms/{form_id}/new-version",
    response={201: StatFormOut},
    tags=["Thống kê"],
    summary="Phiên bản mới của biểu từ một ngày (phiên bản cũ áp dụng đến hết ngày hôm trước)",
    auth=guard(CHANGE_FORMS, load=_load),
)
def stat_form_new_version(request: HttpRequest, form_id: int, payload: StatFormVersionIn):
    data = clean(StatFormVersionForm, payload)
    new = services.stat_form_new_version(
        actor=request.user, form=request.api_object, valid_from=data["valid_from"]
    )
    return Status(201, _fresh(new))


# One unit's report (after the forms: /statistics/forms/… must not be read as a unit id) ------


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
