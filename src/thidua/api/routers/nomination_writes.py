"""Writing proposals (hồ sơ đề nghị khen thưởng) through the API: a unit opens its proposal,
puts nominees forward, reports on each criterion, attaches the dossier's files (multipart,
through the same upload checks as the screen) and submits; the secretariat accepts or returns
it. The screens' forms validate (thidua.nominations.forms), the services write."""

import datetime as dt
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from thidua.api.auth import MAX_ID, guard
from thidua.api.forms import check, form_data
from thidua.api.routers import nominations as nominations_router
from thidua.api.schemas import SignedDocumentOut, UnitRef, signed_document_out
from thidua.api.schemas_write import Id
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.rules import can_register_for
from thidua.nominations import letter_signing, selectors, services
from thidua.nominations.enums import Outcome, ProposalState
from thidua.nominations.forms import AnswerForm, NomineeForm, OverrideForm, UploadForm
from thidua.org import selectors as org_selectors

# Operations on a path must sit on the router that serves the path's GET: ninja makes one URL
# pattern per router and path, and Django would answer the other router's methods with 405.
router = nominations_router.router

CHANGE = "nominations.change_proposal"
REVIEW = "nominations.review_proposal"


def _max_bytes() -> int:
    return getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def _proposal(user, proposal_id, **_):
    return selectors.proposal_get_for(user, proposal_id)


def _nominee(user, nominee_id, **_):
    return selectors.nominee_get_for(user, nominee_id)


def _campaign(user, campaign_id, **_):
    return campaign_selectors.campaign_get_for(user, campaign_id)


def _editable(proposal) -> None:
    if proposal.state not in ProposalState.editable():
        raise ValidationError("Hồ sơ không ở trạng thái cho phép đơn vị sửa.")


# Shapes --------------------------------------------------------------------------------------


class NomineeBrief(Schema):
    id: int
    name: str = Field(alias="display_name", description="Tập thể, cá nhân được đề nghị")
    award_form_id: int
    person_id: int | None
    unit_id: int
    achievement: str
    summary: str


class DocumentOut(Schema):
    id: int
    item_id: int = Field(description="Thành phần hồ sơ")
    nominee_id: int | None = Field(description="Của tập thể, cá nhân nào; null: cả tờ trình")
    name: str = Field(description="Tên tệp")
    kind: str = Field(description="uploaded: tải lên; generated: hệ thống tạo")
    size: int = Field(description="Dung lượng (byte)")
    sha256: str
    uploaded_at: dt.datetime


class SlotOut(Schema):
    item_id: int
    item: str = Field(description="Thành phần hồ sơ")
    required: bool
    nominee_id: int | None
    document_id: int | None = Field(description="Tệp hiện hành; null nếu còn thiếu")


class ProposalOut(Schema):
    id: int
    campaign_id: int
    unit: UnitRef
    state: ProposalState
    state_label: str = Field(description="Tình trạng hồ sơ")
    version: int = Field(description="Số lần đã gửi")
    submitted_at: dt.datetime | None
    nominees: list[NomineeBrief]
    dossier: list[SlotOut] = Field(description="Các tài liệu hồ sơ cần có và tệp hiện hành")
    letter: SignedDocumentOut | None = Field(
        description="Tờ trình đã lập và chữ ký số; null khi chưa lập"
    )

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_letter(obj) -> dict | None:
        letter = letter_signing.letter_of(obj)
        if letter is None:
            return None
        return signed_document_out(letter.document, letter_signing.letter_signatures(obj))

    @staticmethod
    def resolve_nominees(obj) -> list:
        return list(obj.nominees.select_related("person", "unit"))

    @staticmethod
    def resolve_dossier(obj) -> list[dict]:
        return [
            {
                "item_id": s.item.pk,
                "item": s.item.name,
                "required": s.item.required,
                "nominee_id": s.nominee.pk if s.nominee else None,
                "document_id": s.document.pk if s.document else None,
            }
            for s in selectors.dossier_slots(obj)
        ]


class ProposalOpenIn(Schema):
    unit: Id = Field(description="Mã (id) đơn vị tham gia mà tài khoản lập hồ sơ cho")


class NomineeIn(Schema):
    award_form: Id = Field(description="Mã (id) hình thức khen thưởng của phong trào")
    person: Id | None = Field(None, description="Mã (id) cá nhân (hình thức dành cho cá nhân)")
    unit: Id | None = Field(
        None,
        description="Mã (id) tập thể: đơn vị lập hồ sơ hoặc đơn vị trực thuộc (hình thức dành "
        "cho tập thể; mặc định chính đơn vị lập hồ sơ)",
    )
    achievement: str = Field("", max_length=20000, description="Thành tích đạt được")
    summary: str = Field("", max_length=5000, description="Tóm tắt thành tích")


class NomineePatch(Schema):
    achievement: str | None = Field(None, max_length=20000, description="Thành tích đạt được")
    summary: str | None = Field(None, max_length=5000, description="Tóm tắt thành tích")


class GenerateIn(Schema):
    item: Id = Field(description="Mã (id) thành phần hồ sơ")
    nominee: Id | None = Field(None, description="Mã (id) tập thể, cá nhân (tài liệu từng người)")
    fmt: str = Field("docx", pattern="^(docx|pdf)$", description="docx (để sửa) hoặc pdf")


class ReturnReasonIn(Schema):
    item: Id = Field(description="Mã (id) thành phần hồ sơ cần bổ sung")
    nominee: Id | None = Field(None, description="Của tập thể, cá nhân nào (nếu có)")
    reason: str = Field(min_length=1, max_length=2000, description="Lý do, việc cần bổ sung")


class ReturnIn(Schema):
    note: str = Field("", max_length=5000, description="Ghi chú chung")
    justification: str = Field(
        "",
        max_length=5000,
        description="Lý do trả lại lần nữa (bắt buộc khi hồ sơ đã được trả lại để bổ sung)",
    )
    reasons: list[ReturnReasonIn] = Field(default_factory=list, max_length=500)


class AcceptIn(Schema):
    note: str = Field("", max_length=5000, description="Ghi chú")


class OverrideIn(Schema):
    outcome: Outcome = Field(description="met (đạt) hoặc not_met (không đạt)")
    reason: str = Field(max_length=5000, description="Lý do thay đổi kết quả")


class AnswerOut(Schema):
    criterion_id: int
    attested: bool
    text: str
    evidence_name: str


# Proposal ------------------------------------------------------------------------------------


@router.post(
    "/campaigns/{campaign_id}/proposals",
    response={200: ProposalOut, 201: ProposalOut},
    summary="Mở hồ sơ đề nghị khen thưởng của một đơn vị",
    description="Mỗi đơn vị một hồ sơ trong một phong trào: lần đầu tạo (201), các lần sau "
    "trả lại hồ sơ đã có (200).",
    auth=guard("campaigns.register", load=_campaign),
)
def proposal_open(request: HttpRequest, campaign_id: int, payload: ProposalOpenIn):
    campaign = request.api_object
    participants = [p.unit for p in campaign.participants.select_related("unit")]
    unit = next((u for u in participants if u.pk == payload.unit), None)
    if unit is None or not can_register_for(request.user, campaign, unit):
        raise ValidationError(
            {"unit": "Chọn một đơn vị tham gia phong trào mà bạn lập hồ sơ đề nghị."}
        )
    existed = campaign.proposals.filter(unit=unit).exists()
    proposal = services.proposal_open(actor=request.user, campaign=campaign, unit=unit)
    return Status(200 if existed else 201, proposal)


@router.get(
    "/proposals/{proposal_id}",
    response=ProposalOut,
    summary="Một hồ sơ đề nghị: danh sách đề nghị và các tài liệu",
)
def proposal_detail(request: HttpRequest, proposal_id: int):
    return selectors.proposal_get_for(request.user, proposal_id)


@router.post(
    "/proposals/{proposal_id}/nominees",
    response={201: NomineeBrief},
    summary="Thêm tập thể, cá nhân vào danh sách đề nghị",
    description="Hình thức dành cho cá nhân cần `person` (người của đơn vị); dành cho tập thể "
    "thì `unit` (đơn vị lập hồ sơ hoặc đơn vị trực thuộc). Chỉ khi hồ sơ đang soạn hoặc bị "
    "trả lại.",
    auth=guard(CHANGE, load=_proposal),
)
def nominee_add(request: HttpRequest, proposal_id: int, payload: NomineeIn):
    proposal = request.api_object
    _editable(proposal)
    units = list(
        org_selectors.units_for(request.user)
        .filter(path__startswith=proposal.unit.path)
        .order_by("path")
    )
    people = list(
        org_selectors.people_for(request.user).filter(unit__path__startswith=proposal.unit.path)
    )
    if payload.person is not None:
        subject = f"p{payload.person}"
    else:
        subject = f"u{payload.unit or proposal.unit_id}"
    values = {
        "award_form": payload.award_form,
        "subject": subject,
        "achievement": payload.achievement,
        "summary": payload.summary,
    }
    form = NomineeForm(
        data=form_data(values),
        award_forms=list(proposal.campaign.award_forms.all()),
        units=units,
        people=people,
    )
    data = check(form)
    nominee = services.nominee_add(
        actor=request.user,
        proposal=proposal,
        award_form=data["award_form_obj"],
        person=data["person"],
        unit=data["unit"],
        achievement=data["achievement"],
        summary=data["summary"],
    )
    return Status(201, nominee)


@router.patch(
    "/nominees/{nominee_id}",
    response=NomineeBrief,
    summary="Sửa thành tích của tập thể, cá nhân được đề nghị",
    auth=guard(CHANGE, load=_nominee),
)
def nominee_update(request: HttpRequest, nominee_id: int, payload: NomineePatch):
    nominee = request.api_object
    _editable(nominee.proposal)
    achievement = nominee.achievement if payload.achievement is None else payload.achievement
    summary = nominee.summary if payload.summary is None else payload.summary
    return services.nominee_update(
        actor=request.user, nominee=nominee, achievement=achievement, summary=summary
    )


@router.delete(
    "/nominees/{nominee_id}",
    response={204: None},
    summary="Bỏ tập thể, cá nhân khỏi danh sách đề nghị",
    auth=guard(CHANGE, load=_nominee),
)
def nominee_remove(request: HttpRequest, nominee_id: int):
    nominee = request.api_object
    _editable(nominee.proposal)
    services.nominee_remove(actor=request.user, nominee=nominee)
    return Status(204, None)


def _criterion(nominee, criterion_id):
    found = next(
        (c for c in nominee.proposal.campaign.criteria.all() if c.pk == criterion_id), None
    )
    if found is None:
        raise Http404
    return found


@router.post(
    "/nominees/{nominee_id}/answers/{criterion_id}",
    response=AnswerOut,
    summary="Báo cáo kết quả theo một tiêu chí (kèm minh chứng)",
    description="Ghi đè kết quả đã báo cáo của tiêu chí này. Gửi dạng multipart/form-data: "
    "`attested` (true nếu đơn vị xác nhận đạt), "
    "`text` (kết quả đạt được), `evidence` (tệp minh chứng PDF, Word, ảnh; tùy chọn).",
    auth=guard(CHANGE, load=_nominee),
)
def answer_set(
    request: HttpRequest,
    nominee_id: int,
    criterion_id: int,
    attested: Annotated[bool, Form(description="Đơn vị xác nhận đạt tiêu chí")] = False,
    text: Annotated[str, Form(max_length=20000, description="Kết quả đạt được")] = "",
    evidence: Annotated[UploadedFile | None, File(description="Tài liệu minh chứng")] = None,
):
    nominee = request.api_object
    _editable(nominee.proposal)
    criterion = _criterion(nominee, criterion_id)
    files = {"evidence": evidence} if evidence is not None else {}
    form = AnswerForm(
        data=form_data({"attested": attested, "text": text}), files=files, max_bytes=_max_bytes()
    )
    data = check(form)
    answer = services.answer_set(
        actor=request.user,
        nominee=nominee,
        criterion=criterion,
        attested=data["attested"],
        text=data["text"],
        evidence=data["evidence"],
    )
    return answer


# Dossier files -------------------------------------------------------------------------------


def _slot(proposal, item_id: int, nominee_id: int | None):
    item = next(
        (
            i
            for f in proposal.campaign.award_forms.all()
            for i in f.checklist.all()
            if i.pk == item_id
        ),
        None,
    )
    if item is None:
        raise ValidationError({"item": "Không có thành phần hồ sơ này trong phong trào."})
    nominee = None
    if nominee_id is not None:
        nominee = proposal.nominees.filter(pk=nominee_id).first()
        if nominee is None:
            raise ValidationError({"nominee": "Không có tập thể, cá nhân này trong hồ sơ."})
    return item, nominee


@router.post(
    "/proposals/{proposal_id}/documents",
    response={201: DocumentOut},
    summary="Tải lên một tài liệu của hồ sơ",
    description="Gửi dạng multipart/form-data: `item` (mã thành phần hồ sơ), `nominee` (mã tập "
    "thể, cá nhân khi tài liệu lập cho từng người), `file` (PDF, DOCX, DOC, ODT; kiểm tra nội "
    "dung, dung lượng như trên màn hình). Tệp cũ của cùng ô được giữ lại như bản đã thay.",
    auth=guard(CHANGE, load=_proposal),
)
def document_upload(
    request: HttpRequest,
    proposal_id: int,
    item: Annotated[int, Form(description="Mã (id) thành phần hồ sơ", ge=1, le=MAX_ID)],
    file: Annotated[UploadedFile, File(description="Tệp tài liệu")],
    nominee: Annotated[
        int | None, Form(description="Mã (id) tập thể, cá nhân", ge=1, le=MAX_ID)
    ] = None,
):
    proposal = request.api_object
    _editable(proposal)
    slot_item, slot_nominee = _slot(proposal, item, nominee)
    form = UploadForm(data=form_data({}), files={"file": file}, max_bytes=_max_bytes())
    data = check(form)
    doc = services.document_upload(
        actor=request.user,
        proposal=proposal,
        item=slot_item,
        nominee=slot_nominee,
        upload=data["file"],
    )
    return Status(201, doc)


@router.post(
    "/proposals/{proposal_id}/documents/generate",
    response={201: DocumentOut},
    summary="Tạo bản dự thảo một tài liệu từ dữ liệu (DOCX hoặc PDF) và đính vào hồ sơ",
    auth=guard(CHANGE, load=_proposal),
)
def document_generate(request: HttpRequest, proposal_id: int, payload: GenerateIn):
    proposal = request.api_object
    _editable(proposal)
    item, nominee = _slot(proposal, payload.item, payload.nominee)
    doc = services.document_generate(
        actor=request.user, proposal=proposal, item=item, nominee=nominee, fmt=payload.fmt
    )
    return Status(201, doc)


# Moves ---------------------------------------------------------------------------------------


@router.post(
    "/proposals/{proposal_id}/submit",
    response=ProposalOut,
    summary="Gửi hồ sơ đề nghị khen thưởng",
    description="Chỉ trong thời gian đề nghị khen thưởng của phong trào và khi hồ sơ đủ các "
    "tài liệu bắt buộc; lý do từ chối ghi rõ tài liệu còn thiếu.",
    auth=guard(CHANGE, load=_proposal),
)
def proposal_submit(request: HttpRequest, proposal_id: int):
    proposal = request.api_object
    _editable(proposal)
    return services.proposal_submit(actor=request.user, proposal=proposal)


def _submitted(proposal) -> None:
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError("Hồ sơ không ở trạng thái chờ xem xét.")


@router.post(
    "/proposals/{proposal_id}/accept",
    response=ProposalOut,
    summary="Tiếp nhận hồ sơ (Thường trực thi đua); các tiêu chí được đánh giá",
    auth=guard(REVIEW, load=_proposal),
)
def proposal_accept(request: HttpRequest, proposal_id: int, payload: AcceptIn):
    proposal = request.api_object
    _submitted(proposal)
    return services.proposal_accept(actor=request.user, proposal=proposal, note=payload.note)


@router.post(
    "/proposals/{proposal_id}/return",
    response=ProposalOut,
    summary="Trả lại hồ sơ để bổ sung, ghi lý do từng tài liệu",
    auth=guard(REVIEW, load=_proposal),
)
def proposal_return(request: HttpRequest, proposal_id: int, payload: ReturnIn):
    proposal = request.api_object
    _submitted(proposal)
    reasons = []
    for r in payload.reasons:
        item, nominee = _slot(proposal, r.item, r.nominee)
        reasons.append({"item": item, "nominee": nominee, "reason": r.reason})
    return services.proposal_return(
        actor=request.user,
        proposal=proposal,
        reasons=reasons,
        note=payload.note,
        justification=payload.justification,
    )


@router.put(
    "/nominees/{nominee_id}/verdicts/{criterion_id}",
    response={200: dict},
    summary="Thường trực thi đua thay đổi kết quả đánh giá một tiêu chí (ghi lý do)",
    auth=guard(REVIEW, load=_nominee),
)
def verdict_override(request: HttpRequest, nominee_id: int, criterion_id: int, payload: OverrideIn):
    nominee = request.api_object
    criterion = _criterion(nominee, criterion_id)
    verdict = selectors.verdict_of(nominee, criterion)
    if verdict is None:
        raise ValidationError("Tiêu chí chưa được đánh giá.")
    data = check(OverrideForm(data=form_data(payload.model_dump())))
    verdict = services.verdict_override(
        actor=request.user, verdict=verdict, outcome=data["outcome"], reason=data["reason"]
    )
    return {"criterion_id": criterion.pk, "result": verdict.final, "reason": data["reason"]}
