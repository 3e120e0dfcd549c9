"""Writing campaigns (phong trào thi đua) through the API: the plan, its participants, phases,
criteria, award forms with quotas and checklists, assignments, the moves of its life
(ban hành, bắt đầu, xét khen thưởng…) and the units' registrations.

Each operation is the screen's: the same form validates (thidua.campaigns.forms), the same
service writes (thidua.campaigns.services), the same rule decides (thidua.campaigns.rules).
"""

import datetime as dt
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from thidua.api.auth import MAX_ID, guard
from thidua.api.forms import check, clean, form_data
from thidua.api.routers import campaigns as campaigns_router
from thidua.api.schemas import UnitRef
from thidua.api.schemas_campaigns import (
    AwardFormOut,
    CampaignDetailOut,
    CriterionOut,
    PhaseOut,
)
from thidua.api.schemas_write import Id, model_body
from thidua.awards import services as award_services
from thidua.awards.legal import kind_choices
from thidua.campaigns import criteria as criteria_kinds
from thidua.campaigns import selectors, services
from thidua.campaigns.enums import (
    TRANSITIONS,
    CampaignState,
    DataPeriod,
    DossierScope,
    PhaseKind,
    SubjectType,
)
from thidua.campaigns.forms import (
    CHECKLIST_ROWS,
    AssignmentForm,
    AwardFormForm,
    CampaignForm,
    CriterionForm,
    ParticipantsForm,
    PhaseForm,
    PublishForm,
    RegistrationForm,
)
from thidua.campaigns.models import Campaign, CampaignParticipant
from thidua.campaigns.rules import can_register_for
from thidua.org import selectors as org_selectors
from thidua.org.enums import Role, StaffCategory
from thidua.org.rules import PEOPLE_EDITORS

# Operations on a path must sit on the router that serves the path's GET: ninja makes one URL
# pattern per router and path, and Django would answer the other router's methods with 405.
router = campaigns_router.router

CHANGE = "campaigns.change_campaign"
PLAN_FIELDS = [f for f in CampaignForm.Meta.fields if f not in ("recipients",)]


def _campaign(user, campaign_id, **_):
    return selectors.campaign_get_for(user, campaign_id)


def _detail(request: HttpRequest, campaign: Campaign) -> Campaign:
    """The campaign as GET /campaigns/{id} shows it, read afresh after a write."""
    campaign = selectors.campaign_get_for(request.user, campaign.pk)
    participants = CampaignParticipant.objects.select_related("unit").order_by(
        "unit__position", "unit__name"
    )
    prefetch_related_objects([campaign], Prefetch("participants", queryset=participants))
    return campaign


# Bodies --------------------------------------------------------------------------------------

_RECIPIENTS = (
    list[str],
    Field(default_factory=list, description="Nơi nhận, mỗi phần tử một nơi", max_length=50),
)
_CATEGORIES = (
    list[StaffCategory],
    Field(default_factory=list, description="Đối tượng cá nhân tham gia"),
)
CampaignIn = model_body(
    Campaign,
    ["issuer", *PLAN_FIELDS, "recipients"],
    name="CampaignIn",
    overrides={
        "issuer": (
            int,
            Field(..., description="Mã (id) cơ quan ban hành, trong phạm vi quản lý của tài khoản"),
        ),
        "recipients": _RECIPIENTS,
        "participant_categories": _CATEGORIES,
    },
)
CampaignPatch = model_body(
    Campaign,
    [*PLAN_FIELDS, "recipients"],
    name="CampaignPatch",
    partial=True,
    overrides={
        "recipients": (list[str], Field(None, description="Nơi nhận", max_length=50)),
        "participant_categories": (
            list[StaffCategory],
            Field(None, description="Đối tượng cá nhân tham gia"),
        ),
    },
)


def _plan_values(payload, *, partial: bool = False) -> dict:
    values = payload.model_dump(exclude_unset=partial)
    if "recipients" in values:
        values["recipients"] = "\n".join(values["recipients"] or [])
    return values


class ParticipantsIn(Schema):
    units: list[Id] = Field(
        description="Mã (id) các đơn vị tham gia (thay cả danh sách); đơn vị trong phạm vi "
        "của tài khoản",
        max_length=2000,
    )


class PhaseIn(Schema):
    starts_at: dt.datetime = Field(description="Bắt đầu (ISO 8601; không ghi múi giờ là giờ VN)")
    ends_at: dt.datetime = Field(description="Hạn: thời điểm đầu tiên không còn nhận")
    note: str = Field("", max_length=300, description="Ghi chú")


class CriterionIn(Schema):
    subject_type: SubjectType = Field(description="Áp dụng cho")
    text: str = Field(min_length=1, max_length=5000, description="Nội dung tiêu chí")
    kind: str = Field(
        description="Cách đánh giá: một trong " + ", ".join(str(k) for k in criteria_kinds.PARAMS),
        max_length=50,
    )
    params: dict[str, str | float | int | list[str]] = Field(
        default_factory=dict,
        description="Tham số của cách đánh giá (xem màn hình thêm tiêu chí); để trống dùng "
        "mặc định",
    )
    data_period: DataPeriod = Field(
        DataPeriod.CAMPAIGN_YEAR,
        description="Kỳ số liệu: kết quả của năm nào được dùng để đánh giá (ví dụ phong trào "
        "năm 2027 xét trên kết quả 2025–2026: consecutive_before với data_years = 2)",
    )
    data_years: int | None = Field(None, ge=1, le=10, description="N (số năm) của kỳ số liệu")


class ChecklistItemIn(Schema):
    name: str = Field(min_length=1, max_length=200, description="Thành phần hồ sơ")
    scope: DossierScope = Field(DossierScope.PER_NOMINEE, description="Số bản")


class AwardFormIn(Schema):
    name: str = Field(max_length=200, description="Hình thức khen thưởng")
    subject_type: SubjectType = Field(description="Đối tượng")
    legal_kind: str = Field(
        max_length=50,
        description="Hình thức theo quy định (mã, ví dụ BANG_KHEN_TINH), trong văn bản quy "
        "định mức thưởng áp dụng vào ngày dự kiến quyết định khen thưởng",
    )
    quota: int | None = Field(
        None, ge=1, le=100000, description="Số lượng tối đa; null nếu không giới hạn"
    )
    rule_set: str = Field("", max_length=100, description="Mức thưởng theo (văn bản pháp luật)")
    checklist: list[ChecklistItemIn] = Field(
        default_factory=list,
        max_length=CHECKLIST_ROWS,
        description=f"Hồ sơ đề nghị khen thưởng (tối đa {CHECKLIST_ROWS} thành phần)",
    )


class AssignmentIn(Schema):
    unit: Id | None = Field(None, description="Mã (id) đơn vị thực hiện; null nếu giao chung")
    text: str = Field(min_length=1, max_length=5000, description="Nhiệm vụ")


class AssignmentOut(Schema):
    id: int
    unit_id: int | None
    text: str


class TransitionIn(Schema):
    to: CampaignState = Field(
        description="Trạng thái mới: published (ban hành), running (bắt đầu thi đua), "
        "evaluating (xét khen thưởng), decided (đã quyết định), closed (kết thúc)"
    )
    doc_number: str = Field("", max_length=20, description="Số kế hoạch (khi ban hành)")
    issued_on: dt.date | None = Field(None, description="Ngày ban hành (khi ban hành)")


class CloneIn(Schema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="Năm của bản sao; mặc định năm sau"
    )


class RegistrationOut(Schema):
    id: int
    unit: UnitRef
    commitments: str
    registered_at: dt.datetime
    plan_name: str = Field(description="Tên tệp kế hoạch của đơn vị; trống nếu chưa gửi")
    plan_uploaded_at: dt.datetime | None
    plan_late: bool = Field(description="Kế hoạch nộp sau hạn")


# The plan ------------------------------------------------------------------------------------


@router.post(
    "/campaigns",
    response={201: CampaignDetailOut},
    summary="Tạo dự thảo phong trào thi đua",
    description="Như màn hình «Phát động phong trào mới»: cơ quan ban hành là một đơn vị mà "
    "tài khoản quản lý (văn phòng thường trực, quản trị viên). Phong trào mới ở trạng thái dự "
    "thảo; thêm đơn vị tham gia, giai đoạn, tiêu chí, hình thức khen thưởng rồi ban hành.",
    auth=guard("campaigns.add_campaign"),
)
def campaign_create(request: HttpRequest, payload: CampaignIn):
    issuers = list(org_selectors.units_for(request.user, Role.managing()))
    values = _plan_values(payload)
    if not values.get("reward_basis"):
        issuer = next((u for u in issuers if u.pk == values.get("issuer")), None)
        if issuer is not None:  # the plan template of the decree in force, as on the screen
            values["reward_basis"] = award_services.plan_reward_basis(
                level=issuer.kind, on=timezone.localdate()
            )
    data = clean(CampaignForm, values, issuers=issuers)
    form_fields = {k: v for k, v in data.items() if k != "issuer"}
    campaign = services.campaign_create(actor=request.user, issuer=data["issuer"], **form_fields)
    return Status(201, _detail(request, campaign))


@router.patch(
    "/campaigns/{campaign_id}",
    response=CampaignDetailOut,
    summary="Sửa nội dung kế hoạch",
    description="Chỉ gửi các trường cần đổi. Sau khi ban hành chỉ đổi được cách điều hành "
    "(nộp muộn, nhắc hạn, ghi chú đề nghị khen thưởng).",
    auth=guard(CHANGE, load=_campaign),
)
def campaign_update(request: HttpRequest, campaign_id: int, payload: CampaignPatch):
    campaign = request.api_object
    form = CampaignForm(instance=campaign)
    sent = _plan_values(payload, partial=True)
    values = {k: v for k, v in sent.items() if k in form.fields}
    unknown = set(sent) - set(form.fields)
    if unknown:
        raise ValidationError(
            {f: "Kế hoạch đã ban hành; không sửa được trường này nữa." for f in sorted(unknown)}
        )
    data = clean(CampaignForm, values, instance=campaign)
    services.campaign_update(actor=request.user, campaign=campaign, **data)
    return _detail(request, campaign)


@router.put(
    "/campaigns/{campaign_id}/participants",
    response=CampaignDetailOut,
    summary="Đặt danh sách đơn vị tham gia",
    description="Thay cả danh sách (chỉ khi kế hoạch còn là dự thảo).",
    auth=guard(CHANGE, load=_campaign),
)
def participants_set(request: HttpRequest, campaign_id: int, payload: ParticipantsIn):
    campaign = request.api_object
    managed = list(org_selectors.units_for(request.user, PEOPLE_EDITORS))
    known = {u.pk for u in managed}
    current = [p.unit for p in campaign.participants.select_related("unit")]
    units = managed + [u for u in current if u.pk not in known]
    form = ParticipantsForm(data=form_data({"units": payload.units}), units=units)
    data = check(form)
    services.participants_set(actor=request.user, campaign=campaign, units=list(data["units"]))
    return _detail(request, campaign)


@router.put(
    "/campaigns/{campaign_id}/phases/{kind}",
    response=PhaseOut,
    summary="Đặt một giai đoạn (đăng ký, tổ chức thi đua, đề nghị khen thưởng…)",
    description="Tạo hoặc đổi thời gian của giai đoạn; các giai đoạn nối tiếp không được "
    "chồng lên nhau, hạn đăng ký không sau ngày kết thúc thi đua.",
    auth=guard(CHANGE, load=_campaign),
)
def phase_set(request: HttpRequest, campaign_id: int, kind: PhaseKind, payload: PhaseIn):
    campaign = request.api_object
    values = {"kind": kind, **payload.model_dump()}
    for name in ("starts_at", "ends_at"):  # the form reads Vietnam time without an offset
        value = values[name]
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None)
        values[name] = value.strftime("%Y-%m-%dT%H:%M:%S")
    data = clean(PhaseForm, values)
    return services.phase_set(actor=request.user, campaign=campaign, **data)


# Criteria, award forms, assignments ----------------------------------------------------------


@router.post(
    "/campaigns/{campaign_id}/criteria",
    response={201: CriterionOut},
    summary="Thêm tiêu chí thi đua",
    description="Nội dung đúng lời văn của kế hoạch và cách hệ thống đánh giá (`kind`, "
    "`params`). Chỉ khi kế hoạch còn là dự thảo.",
    auth=guard(CHANGE, load=_campaign),
)
def criterion_add(request: HttpRequest, campaign_id: int, payload: CriterionIn):
    campaign = request.api_object
    values = payload.model_dump(
        include={"subject_type", "text", "kind", "data_period", "data_years"}
    )
    for name, value in payload.params.items():
        if isinstance(value, list):
            value = ", ".join(value)
        values[f"p_{payload.kind}_{name}"] = value
    form = CriterionForm(data=form_data(values))
    data = check(form)
    known = {p.name for p in criteria_kinds.PARAMS.get(data["kind"], [])}
    unknown = set(payload.params) - known
    if unknown:
        raise ValidationError(
            {"params": f"Cách đánh giá này không có tham số: {', '.join(sorted(unknown))}."}
        )
    criterion = services.criterion_add(
        actor=request.user,
        campaign=campaign,
        subject_type=data["subject_type"],
        text=data["text"],
        kind=data["kind"],
        params=form.params(),
        data_period=data["data_period"],
        data_years=data["data_years"],
    )
    return Status(201, criterion)


def _item(rows, item_id):
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = next((r for r in rows if r.pk == item_id), None)
    if found is None:
        raise Http404
    return found


@router.delete(
    "/campaigns/{campaign_id}/criteria/{criterion_id}",
    response={204: None},
    summary="Xóa tiêu chí thi đua",
    description="Chỉ khi kế hoạch còn là dự thảo.",
    auth=guard(CHANGE, load=_campaign),
)
def criterion_remove(request: HttpRequest, campaign_id: int, criterion_id: int):
    criterion = _item(request.api_object.criteria.all(), criterion_id)
    services.criterion_remove(actor=request.user, criterion=criterion)
    return Status(204, None)


@router.post(
    "/campaigns/{campaign_id}/award-forms",
    response={201: AwardFormOut},
    summary="Thêm hình thức khen thưởng, số lượng và hồ sơ",
    description="Hình thức khen thưởng, đối tượng, số lượng tối đa (null: không giới hạn) và "
    "các thành phần hồ sơ đề nghị. Chỉ khi kế hoạch còn là dự thảo.",
    auth=guard(CHANGE, load=_campaign),
)
def award_form_add(request: HttpRequest, campaign_id: int, payload: AwardFormIn):
    campaign = request.api_object
    values = payload.model_dump(exclude={"checklist"})
    for i, item in enumerate(payload.checklist, start=1):
        values[f"item_{i}"] = item.name
        values[f"scope_{i}"] = item.scope
    form = AwardFormForm(
        data=form_data(values), kinds=kind_choices(campaign.planned_decision_date())
    )
    check(form)
    award_form = services.award_form_add(
        actor=request.user, campaign=campaign, **form.service_kwargs()
    )
    return Status(201, award_form)


@router.delete(
    "/campaigns/{campaign_id}/award-forms/{award_form_id}",
    response={204: None},
    summary="Xóa hình thức khen thưởng",
    description="Chỉ khi kế hoạch còn là dự thảo.",
    auth=guard(CHANGE, load=_campaign),
)
def award_form_remove(request: HttpRequest, campaign_id: int, award_form_id: int):
    award_form = _item(request.api_object.award_forms.all(), award_form_id)
    services.award_form_remove(actor=request.user, award_form=award_form)
    return Status(204, None)


@router.post(
    "/campaigns/{campaign_id}/assignments",
    response={201: AssignmentOut},
    summary="Thêm nhiệm vụ (tổ chức thực hiện)",
    auth=guard(CHANGE, load=_campaign),
)
def assignment_add(request: HttpRequest, campaign_id: int, payload: AssignmentIn):
    campaign = request.api_object
    units = list(org_selectors.units_for(request.user))
    data = clean(AssignmentForm, payload, units=units)
    return Status(201, services.assignment_add(actor=request.user, campaign=campaign, **data))


@router.delete(
    "/campaigns/{campaign_id}/assignments/{assignment_id}",
    response={204: None},
    summary="Xóa nhiệm vụ",
    auth=guard(CHANGE, load=_campaign),
)
def assignment_remove(request: HttpRequest, campaign_id: int, assignment_id: int):
    assignment = _item(request.api_object.assignments.all(), assignment_id)
    services.assignment_remove(actor=request.user, assignment=assignment)
    return Status(204, None)


# Life of the campaign ------------------------------------------------------------------------


@router.post(
    "/campaigns/{campaign_id}/transitions",
    response=CampaignDetailOut,
    summary="Chuyển trạng thái: ban hành, bắt đầu thi đua, xét khen thưởng, kết thúc",
    description="Chỉ theo thứ tự: dự thảo → đã ban hành → đang thi đua → đang xét khen thưởng "
    "→ đã quyết định → kết thúc. Ban hành (`published`) kiểm tra kế hoạch đủ nội dung, tạo "
    "bản PDF và DOCX và báo cho cán bộ đầu mối các đơn vị tham gia.",
    auth=guard(CHANGE, load=_campaign),
)
def campaign_transition(request: HttpRequest, campaign_id: int, payload: TransitionIn):
    campaign = request.api_object
    service = TRANSITIONS.get((campaign.state, payload.to))
    if service is None:
        raise ValidationError(
            {
                "to": f"Không thể chuyển phong trào từ «{campaign.get_state_display()}» sang "
                f"«{CampaignState(payload.to).label}»."
            }
        )
    extra = {}
    if payload.to == CampaignState.PUBLISHED:
        data = clean(PublishForm, payload.model_dump(include={"doc_number", "issued_on"}))
        extra = {k: v for k, v in data.items() if v}
    getattr(services, service)(actor=request.user, campaign=campaign, **extra)
    return _detail(request, campaign)


@router.post(
    "/campaigns/{campaign_id}/clone",
    response={201: CampaignDetailOut},
    summary="Nhân bản phong trào thành dự thảo của năm khác",
    description="Chép kế hoạch, tiêu chí, hình thức khen thưởng, đơn vị tham gia và các giai "
    "đoạn (dời theo năm) sang một dự thảo mới.",
    auth=guard(CHANGE, load=_campaign),
)
def campaign_clone(request: HttpRequest, campaign_id: int, payload: CloneIn):
    copy = services.campaign_clone(
        actor=request.user, campaign=request.api_object, year=payload.year
    )
    return Status(201, _detail(request, copy))


# Registrations -------------------------------------------------------------------------------


def _registering(user, campaign_id, **_):
    return selectors.campaign_get_for(user, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/registrations",
    response={201: RegistrationOut},
    summary="Đăng ký thi đua và gửi kế hoạch của đơn vị",
    description="Gửi dạng multipart/form-data: `unit` (mã đơn vị tham gia mà tài khoản phụ "
    "trách), `commitments` (nội dung đăng ký) và, nếu có, `plan` (tệp PDF, DOCX, DOC, ODT; "
    "được kiểm tra như tệp tải lên trên màn hình). Gửi lại thì cập nhật đăng ký; sau hạn, "
    "kế hoạch bị từ chối hoặc ghi nhận nộp muộn tùy phong trào.",
    auth=guard("campaigns.register", load=_registering),
)
def registration_submit(
    request: HttpRequest,
    campaign_id: int,
    unit: Annotated[int, Form(description="Mã (id) đơn vị đăng ký", ge=1, le=MAX_ID)],
    commitments: Annotated[str, Form(max_length=20000, description="Nội dung đăng ký thi đua")],
    plan: Annotated[UploadedFile | None, File(description="Kế hoạch của đơn vị (tệp)")] = None,
):
    campaign = request.api_object
    if campaign.state == CampaignState.DRAFT:
        raise Http404
    participants = [p.unit for p in campaign.participants.select_related("unit")]
    target = next((u for u in participants if u.pk == unit), None)
    if target is None or not can_register_for(request.user, campaign, target):
        raise ValidationError(
            {"unit": "Chọn một đơn vị tham gia phong trào mà bạn phụ trách đăng ký."}
        )
    files = {"plan": plan} if plan is not None else {}
    max_bytes = getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    form = RegistrationForm(
        data=form_data({"commitments": commitments}), files=files, max_bytes=max_bytes
    )
    data = check(form)
    registration = services.registration_submit(
        actor=request.user,
        campaign=campaign,
        unit=target,
        commitments=data["commitments"],
        plan=data["plan"],
    )
    return Status(201, registration)
