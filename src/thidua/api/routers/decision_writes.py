"""Writing decisions (quyết định khen thưởng) through the API: a draft from the nominees the
council put forward, its editable parts, removing a name, and issuing it — the screens' forms
(thidua.awards.forms) and services (thidua.awards.services), with their guards: quota, fund,
the decision's date and number."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status

from thidua.api.auth import guard
from thidua.api.forms import clean
from thidua.api.routers import awards as awards_router
from thidua.api.routers.awards import DecisionOut, decision_out
from thidua.api.schemas import UnitRef
from thidua.awards import selectors, services
from thidua.awards.forms import DecisionCreateForm, DecisionForm, FundForm, IssueForm
from thidua.campaigns import selectors as campaign_selectors
from thidua.org import selectors as org_selectors
from thidua.org.enums import Role

# Operations on a path must sit on the router that serves the path's GET: ninja makes one URL
# pattern per router and path, and Django would answer the other router's methods with 405.
router = awards_router.router


def _campaign(user, campaign_id, **_):
    return campaign_selectors.campaign_get_for(user, campaign_id)


def _decision(user, decision_id, **_):
    return selectors.decision_get_for(user, decision_id)


class DecisionCreateIn(Schema):
    decided_on: dt.date = Field(
        description="Ngày quyết định; mức thưởng và mức lương cơ sở áp dụng theo ngày này"
    )


class DecisionPatch(Schema):
    decided_on: dt.date | None = Field(None, description="Ngày quyết định")
    symbol: str | None = Field(None, max_length=40, description="Ký hiệu, ví dụ «QĐ-UBND»")
    summary: str | None = Field(None, max_length=500, description="Trích yếu")
    issuer_title: str | None = Field(None, max_length=300, description="Thẩm quyền ban hành")
    legal_bases: list[str] | None = Field(None, max_length=50, description="Các căn cứ")
    proposal_text: str | None = Field(None, max_length=2000, description="Xét đề nghị của")
    achievement: str | None = Field(None, max_length=500, description="Thành tích (Điều 1)")
    executors: str | None = Field(
        None, max_length=2000, description="Trách nhiệm thi hành (Điều 3)"
    )
    recipients: list[str] | None = Field(None, max_length=50, description="Nơi nhận")
    signing_authority: str | None = Field(None, max_length=100, description="Thẩm quyền ký")
    signer_title: str | None = Field(None, max_length=100, description="Chức danh người ký")
    signer_name: str | None = Field(None, max_length=100, description="Người ký")


class IssueIn(Schema):
    number: int | None = Field(
        None, ge=1, le=999999, description="Số quyết định; để trống lấy số tiếp theo trong sổ"
    )
    confirm_over_budget: bool = Field(
        False, description="Xác nhận vẫn ban hành khi tổng tiền thưởng vượt số còn lại của quỹ"
    )


@router.post(
    "/campaigns/{campaign_id}/decisions",
    response={201: DecisionOut},
    summary="Lập dự thảo quyết định khen thưởng từ danh sách Hội đồng đề nghị",
    description="Như màn hình «Lập dự thảo quyết định»: danh sách là các tập thể, cá nhân Hội "
    "đồng thi đua – khen thưởng đã đề nghị; mức thưởng tính theo ngày quyết định.",
    auth=guard("campaigns.change_campaign", load=_campaign),
)
def decision_create(request: HttpRequest, campaign_id: int, payload: DecisionCreateIn):
    data = clean(DecisionCreateForm, payload)
    decision = services.decision_create(
        actor=request.user, campaign=request.api_object, decided_on=data["decided_on"]
    )
    return Status(201, decision_out(decision))


@router.patch(
    "/decisions/{decision_id}",
    response=DecisionOut,
    summary="Sửa dự thảo quyết định (ngày, căn cứ, người ký…)",
    description="Chỉ gửi các trường cần đổi; chỉ khi quyết định còn là dự thảo. Mức thưởng "
    "tính lại theo ngày quyết định.",
    auth=guard("awards.change_decision", load=_decision),
)
def decision_update(request: HttpRequest, decision_id: int, payload: DecisionPatch):
    decision = request.api_object
    current = {name: getattr(decision, name) for name in DecisionForm.base_fields}
    values = current | payload.model_dump(exclude_unset=True)
    for name in ("legal_bases", "recipients"):
        if isinstance(values.get(name), list):
            values[name] = "\n".join(values[name])
    form = DecisionForm(data=values)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    services.decision_update(actor=request.user, decision=decision, **form.changes())
    return decision_out(selectors.decision_get_for(request.user, decision.pk))


@router.delete(
    "/decisions/{decision_id}/awards/{award_id}",
    response={204: None},
    summary="Bỏ một tập thể, cá nhân khỏi dự thảo quyết định",
    auth=guard("awards.change_decision", load=_decision),
)
def decision_remove_award(request: HttpRequest, decision_id: int, award_id: int):
    decision = request.api_object
    award = next((a for a in selectors.awards_of(decision) if a.pk == award_id), None)
    if award is None:
        raise Http404
    services.decision_remove_award(actor=request.user, decision=decision, award=award)
    return Status(204, None)


@router.post(
    "/decisions/{decision_id}/issue",
    response=DecisionOut,
    summary="Ban hành quyết định khen thưởng",
    description="Kiểm tra số lượng khen thưởng, người ký, giai đoạn của phong trào và quỹ thi "
    "đua (vượt quỹ cần `confirm_over_budget`); cấp số quyết định, số vào sổ vàng và mã xác "
    "thực giấy khen; tạo văn bản và báo cho các đơn vị.",
    auth=guard("awards.issue_decision", load=_decision),
)
def decision_issue(request: HttpRequest, decision_id: int, payload: IssueIn):
    data = clean(IssueForm, payload)
    decision = services.decision_issue(
        actor=request.user,
        decision=request.api_object,
        number=data["number"],
        confirm_over_budget=data["confirm_over_budget"],
    )
    return decision_out(selectors.decision_get_for(request.user, decision.pk))


# Fund ----------------------------------------------------------------------------------------


class FundIn(Schema):
    budget: int | str = Field(
        description="Dự toán quỹ thi đua, khen thưởng (đồng): số nguyên, hoặc chuỗi viết kiểu "
        "Việt Nam như «20.000.000»; không nhận số lẻ, số âm"
    )


class FundOut(Schema):
    unit: UnitRef
    year: int
    budget: int = Field(description="Dự toán (đồng)")
    spent: int = Field(description="Đã chi (đồng)")


@router.put(
    "/funds/{unit_id}/{year}",
    response=FundOut,
    summary="Đặt dự toán quỹ thi đua, khen thưởng của một đơn vị trong một năm",
    description="Như màn hình «Quỹ thi đua, khen thưởng»: đơn vị do tài khoản quản lý; số đã "
    "chi giữ nguyên theo sổ quỹ.",
    auth=guard("awards.manage_fund"),
)
def fund_set(request: HttpRequest, unit_id: int, year: int, payload: FundIn):
    units = org_selectors.units_for(request.user, Role.managing()).order_by("path")
    values = {"unit": unit_id, "year": year, "budget": str(payload.budget)}
    data = clean(FundForm, values, units=units)
    return services.fund_set_budget(actor=request.user, **data)
