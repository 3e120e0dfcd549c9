"""The organisation over time through the API: rename, merge and split a unit with an
effective date, on the screens' forms and thidua.org.services (the same rules and messages)."""

from django.http import HttpRequest
from ninja import Router, Status

from thidua.api.auth import guard
from thidua.api.forms import clean
from thidua.api.schemas import UnitOut
from thidua.api.schemas_users import UnitMergeIn, UnitRenameIn, UnitSplitIn
from thidua.org import selectors, services
from thidua.org.forms import UnitMergeForm, UnitRenameForm, UnitSplitForm

router = Router(tags=["Đơn vị"])


def _unit(user, unit_id, **_path):
    return selectors.unit_get_for(user, unit_id)


@router.post(
    "/units/{unit_id}/rename",
    response=UnitOut,
    summary="Đổi tên đơn vị",
    description="Tên mới từ ngày có hiệu lực; tên cũ được giữ trong lịch sử với thời gian dùng.",
    auth=guard("org.change_unit", load=_unit),
)
def unit_rename(request: HttpRequest, unit_id: int, payload: UnitRenameIn):
    data = clean(UnitRenameForm, payload)
    return services.unit_rename(actor=request.user, unit=request.api_object, **data)


@router.post(
    "/units/{unit_id}/merge",
    response=UnitOut,
    summary="Sáp nhập đơn vị",
    description="Đơn vị này (và `others`) thôi hoạt động từ hôm trước ngày có hiệu lực, trỏ tới "
    "đơn vị tiếp nhận (đang có, hoặc mới thành lập); cá nhân và đơn vị trực thuộc chuyển sang "
    "đơn vị tiếp nhận. Trả về đơn vị tiếp nhận.",
    auth=guard("org.change_unit", load=_unit),
)
def unit_merge(request: HttpRequest, unit_id: int, payload: UnitMergeIn):
    unit = request.api_object
    data = clean(UnitMergeForm, payload, user=request.user, unit=unit)
    existing = data["mode"] == "existing"
    return services.unit_merge(
        actor=request.user,
        units=[unit, *data["others"]],
        effective_on=data["effective_on"],
        into=data["into"] if existing else None,
        code="" if existing else data["code"],
        name="" if existing else data["name"],
    )


@router.post(
    "/units/{unit_id}/split",
    response={201: list[UnitOut]},
    summary="Chia tách đơn vị",
    description="Đơn vị này thôi hoạt động từ hôm trước ngày có hiệu lực và trỏ tới từng đơn "
    "vị mới (cùng cấp trên). Trả về các đơn vị mới.",
    auth=guard("org.change_unit", load=_unit),
)
def unit_split(request: HttpRequest, unit_id: int, payload: UnitSplitIn):
    lines = "\n".join(f"{p.code}; {p.name}" for p in payload.parts)
    data = clean(UnitSplitForm, {"parts": lines, "effective_on": payload.effective_on})
    parts = services.unit_split(actor=request.user, unit=request.api_object, **data)
    return Status(201, parts)
