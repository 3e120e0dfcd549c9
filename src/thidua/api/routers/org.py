"""Units and people, always through the user's scope (thidua.org.selectors): read, and write
through the screens' forms and thidua.org.services."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from thidua.api.auth import guard, require_perm
from thidua.api.forms import clean
from thidua.api.pagination import Pagination
from thidua.api.schemas import (
    PeopleFilters,
    PersonIn,
    PersonOut,
    PersonPatch,
    ServiceHistoryOut,
    ServicePeriodIn,
    ServicePeriodOut,
    ServicePeriodPatch,
    UnitFilters,
    UnitIn,
    UnitOut,
    UnitPatch,
)
from thidua.org import selectors, services
from thidua.org.forms import PersonForm, ServicePeriodForm, UnitForm

router = Router()

BACKOFFICE = "org.access_backoffice"


@router.get("/units", response=list[UnitOut], tags=["Đơn vị"], summary="Danh sách đơn vị")
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]):
    require_perm(request, BACKOFFICE)
    return selectors.units_search(request.user, query=filters.q, kind=filters.kind or "")


@router.get("/units/{unit_id}", response=UnitOut, tags=["Đơn vị"], summary="Một đơn vị")
def unit_detail(request: HttpRequest, unit_id: int):
    require_perm(request, BACKOFFICE)
    return selectors.unit_get_for(request.user, unit_id)


@router.get("/people", response=list[PersonOut], tags=["Cá nhân"], summary="Danh sách cá nhân")
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PeopleFilters]):
    require_perm(request, BACKOFFICE)
    unit = None
    if filters.unit_id is not None:
        unit = selectors.unit_get_for(request.user, filters.unit_id)
    return selectors.people_search(
        request.user, query=filters.q, unit=unit, category=filters.category or ""
    )


@router.get("/people/{person_id}", response=PersonOut, tags=["Cá nhân"], summary="Một cá nhân")
def person_detail(request: HttpRequest, person_id: int):
    require_perm(request, BACKOFFICE)
    return selectors.person_get_for(request.user, person_id)


# Writes: the screens' forms validate, the services write (thidua.org.services) --------------


@router.post(
    "/units",
    response={201: UnitOut},
    tags=["Đơn vị"],
    summary="Thêm đơn vị",
    description="Như màn hình «Thêm đơn vị»: đơn vị cấp trên phải nằm trong phạm vi quản lý "
    "của tài khoản (chỉ quản trị viên được thêm đơn vị gốc). Trả về 201 và đơn vị vừa tạo.",
    auth=guard("org.add_unit"),
)
def unit_create(request: HttpRequest, payload: UnitIn):
    data = clean(UnitForm, payload, user=request.user)
    return Status(201, services.unit_create(actor=request.user, **data))


@router.patch(
    "/units/{unit_id}",
    response=UnitOut,
    tags=["Đơn vị"],
    summary="Sửa đơn vị",
    description="Chỉ gửi các trường cần đổi; chuyển sang đơn vị cấp trên khác thì cả cây đơn "
    "vị cấp dưới đi theo. Cần quyền quản lý đơn vị (văn phòng thường trực, quản trị viên).",
    auth=guard("org.change_unit", load=lambda user, unit_id: selectors.unit_get_for(user, unit_id)),
)
def unit_update(request: HttpRequest, unit_id: int, payload: UnitPatch):
    unit = request.api_object
    data = clean(UnitForm, payload, instance=unit, user=request.user)
    return services.unit_update(actor=request.user, unit=unit, **data)


@router.post(
    "/people",
    response={201: PersonOut},
    tags=["Cá nhân"],
    summary="Thêm cá nhân",
    description="Như màn hình «Thêm cá nhân»: đơn vị phải là đơn vị mà tài khoản được sửa "
    "danh sách cá nhân (cán bộ đầu mối của đơn vị, văn phòng thường trực).",
    auth=guard("org.add_person"),
)
def person_create(request: HttpRequest, payload: PersonIn):
    data = clean(PersonForm, payload, user=request.user)
    return Status(201, services.person_create(actor=request.user, **data))


@router.patch(
    "/people/{person_id}",
    response=PersonOut,
    tags=["Cá nhân"],
    summary="Sửa thông tin cá nhân",
    description="Chỉ gửi các trường cần đổi.",
    auth=guard(
        "org.change_person", load=lambda user, person_id: selectors.person_get_for(user, person_id)
    ),
)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch):
    person = request.api_object
    data = clean(PersonForm, payload, instance=person, user=request.user)
    return services.person_update(actor=request.user, person=person, **data)


# Service history (quá trình công tác): the person's page's list and forms ------------------

SERVICE = ["Quá trình công tác"]


def _period_out(period, person) -> ServicePeriodOut:
    """The period as written, with the overlap warnings against the person's other periods."""
    periods, _length = selectors.service_of(person)
    found = next((p for p in periods if p.pk == period.pk), period)
    return ServicePeriodOut(
        id=period.pk, person_id=person.pk, organisation=period.organisation,
        position=period.position, started_on=period.started_on, ended_on=period.ended_on,
        note=period.note, warnings=getattr(found, "warnings", []),
    )  # fmt: skip


@router.get(
    "/people/{person_id}/service-periods",
    response=ServiceHistoryOut,
    tags=SERVICE,
    summary="Quá trình công tác của một cá nhân",
    description="Các giai đoạn công tác (cũ trước), cảnh báo trùng thời gian, và thời gian công "
    "tác tính đến hôm nay (các giai đoạn trùng nhau tính một lần).",
)
def service_period_list(request: HttpRequest, person_id: int):
    require_perm(request, BACKOFFICE)
    person = selectors.person_get_for(request.user, person_id)
    periods, length = selectors.service_of(person, on=timezone.localdate())
    return ServiceHistoryOut(
        person_id=person.pk, length_days=length.days, length=length.label,
        periods=[
            ServicePeriodOut(
                id=p.pk, person_id=person.pk, organisation=p.organisation, position=p.position,
                started_on=p.started_on, ended_on=p.ended_on, note=p.note, warnings=p.warnings,
            )
            for p in periods
        ],
    )  # fmt: skip


@router.post(
    "/people/{person_id}/service-periods",
    response={201: ServicePeriodOut},
    tags=SERVICE,
    summary="Thêm giai đoạn công tác",
    description="Như màn hình «Thêm giai đoạn công tác» trên trang cá nhân: cần quyền sửa "
    "danh sách cá nhân của đơn vị. Trùng thời gian với giai đoạn khác vẫn được ghi, kèm "
    "cảnh báo trong `warnings`.",
    auth=guard(
        "org.change_person", load=lambda user, person_id: selectors.person_get_for(user, person_id)
    ),
)
def service_period_add(request: HttpRequest, person_id: int, payload: ServicePeriodIn):
    person = request.api_object
    data = clean(ServicePeriodForm, payload)
    period = services.service_period_add(actor=request.user, person=person, **data)
    return Status(201, _period_out(period, person))


def _period(user, period_id):
    """404 outside the user's people; the guard then asks for the right to edit them (403)."""
    return selectors.service_period_get_for(user, period_id, "org.view_person")


@router.patch(
    "/service-periods/{period_id}",
    response=ServicePeriodOut,
    tags=SERVICE,
    summary="Sửa giai đoạn công tác",
    description="Chỉ gửi các trường cần đổi; `ended_on: null` để ghi là đang công tác.",
    auth=guard("org.change_person", load=_period),
)
def service_period_update(request: HttpRequest, period_id: int, payload: ServicePeriodPatch):
    period = request.api_object
    data = clean(ServicePeriodForm, payload, instance=period)
    period = services.service_period_update(actor=request.user, period=period, **data)
    return _period_out(period, period.person)


@router.delete(
    "/service-periods/{period_id}",
    response={204: None},
    tags=SERVICE,
    summary="Xóa giai đoạn công tác",
    auth=guard("org.change_person", load=_period),
)
def service_period_remove(request: HttpRequest, period_id: int):
    services.service_period_remove(actor=request.user, period=request.api_object)
    return Status(204, None)
