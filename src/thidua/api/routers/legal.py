"""The legal and council configuration as a write API, on the screens' forms and services:
councils (members, pass rules, sessions, the ballot), rule sets with their coefficients, base
salaries. A ballot is cast only as the token's own user (a member's own token); nobody casts
for another member."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from thidua.api.aliases import with_old_path
from thidua.api.auth import guard, require_perm
from thidua.api.forms import bind, check, clean
from thidua.awards import selectors as award_selectors
from thidua.awards import services as award_services
from thidua.awards.enums import RoundingMode
from thidua.awards.forms import BaseSalaryForm, CoefficientForm, RuleSetForm
from thidua.campaigns.enums import FormKind, SubjectType
from thidua.council import selectors as council_selectors
from thidua.council import services as council_services
from thidua.council.enums import BallotType, Choice, CouncilRole, Denominator, TieBreakKind
from thidua.council.forms import CouncilForm, MemberForm, PassRuleForm
from thidua.org.enums import UnitKind

councils = Router(tags=["Hội đồng Thi đua – Khen thưởng"])
legal = Router(tags=["Văn bản quy định mức thưởng"])


# Schemas -----------------------------------------------------------------------------------------


class CouncilOut(Schema):
    id: int
    issuer_id: int
    name: str
    established_by: str
    valid_from: dt.date
    valid_to: dt.date | None
    quorum: str = Field(description="Tỷ lệ thành viên dự họp tối thiểu, ví dụ 2/3")

    @staticmethod
    def resolve_quorum(obj) -> str:
        return f"{obj.quorum_num}/{obj.quorum_den}"


class CouncilIn(Schema):
    issuer: int = Field(description="Mã (id) cơ quan, đơn vị có Hội đồng, trong phạm vi quản lý")
    name: str = Field(max_length=255, description="Tên Hội đồng")
    established_by: str = Field("", max_length=255, description="Quyết định thành lập")
    valid_from: dt.date = Field(description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")
    quorum: str = Field(
        max_length=12, description="Tỷ lệ thành viên dự họp tối thiểu: 2/3, 1/2, 50% (bắt buộc)"
    )


class CouncilPatch(Schema):
    name: str | None = Field(None, max_length=255, description="Tên Hội đồng")
    established_by: str | None = Field(None, max_length=255, description="Quyết định thành lập")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")
    quorum: str | None = Field(None, max_length=12, description="Tỷ lệ dự họp tối thiểu")


class MemberOut(Schema):
    id: int
    user_id: int
    full_name: str
    title: str
    role: CouncilRole
    position: int
    valid_from: dt.date | None
    valid_to: dt.date | None


class MemberIn(Schema):
    user: int = Field(description="Mã (id) tài khoản; tài khoản có vai trò trong đơn vị")
    full_name: str = Field(max_length=150, description="Họ và tên")
    title: str = Field("", max_length=255, description="Chức vụ")
    role: CouncilRole = Field(description="Vai trò trong Hội đồng (thư ký không biểu quyết)")
    position: int = Field(0, ge=0, le=999, description="Thứ tự")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")


class MemberPatch(Schema):
    full_name: str | None = Field(None, max_length=150, description="Họ và tên")
    title: str | None = Field(None, max_length=255, description="Chức vụ")
    role: CouncilRole | None = Field(None, description="Vai trò trong Hội đồng")
    position: int | None = Field(None, ge=0, le=999, description="Thứ tự")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày (thành viên thôi)")


class PassRuleOut(Schema):
    id: int
    form_kind: FormKind
    subject_type: str
    level: str
    ballot_type: BallotType
    denominator: Denominator
    threshold: str
    strict: bool
    quorum: str
    written_votes: bool
    tie_breakers: list[str]
    basis: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    text: str

    @staticmethod
    def resolve_threshold(obj) -> str:
        return f"{obj.threshold_num}/{obj.threshold_den}"

    @staticmethod
    def resolve_quorum(obj) -> str:
        return f"{obj.quorum_num}/{obj.quorum_den}"

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.rule_text


class PassRuleIn(Schema):
    form_kind: FormKind = Field(description="Hình thức khen thưởng theo quy định")
    subject_type: SubjectType | None = Field(None, description="Đối tượng; trống: mọi đối tượng")
    level: UnitKind | None = Field(None, description="Cấp của Hội đồng; trống: mọi cấp")
    ballot_type: BallotType = Field(description="Hình thức biểu quyết")
    denominator: Denominator = Field(description="Tỷ lệ tính trên")
    threshold: str = Field(max_length=12, description="Tỷ lệ đồng ý cần đạt: 2/3, 1/2, 50%")
    strict: bool = Field(False, description="Phải vượt quá tỷ lệ (trên)")
    quorum: str = Field("", max_length=12, description="Tỷ lệ thành viên dự họp tối thiểu")
    written_votes: bool = Field(False, description="Thành viên vắng mặt được gửi phiếu văn bản")
    tie_breakers: list[TieBreakKind] = Field([], description="Xếp hạng khi bằng phiếu, theo thứ tự")
    basis: str = Field("", max_length=300, description="Căn cứ")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")


class SessionIn(Schema):
    campaign: int = Field(description="Mã (id) phong trào")
    held_on: dt.date = Field(description="Ngày họp, trong thời gian hiệu lực của Hội đồng")
    starts_at: dt.time | None = Field(None, description="Giờ họp")
    place: str = Field(max_length=255, description="Địa điểm")


class SessionOut(Schema):
    id: int
    council_id: int
    campaign_id: int
    held_on: dt.date
    place: str
    state: str


class AgendaIn(Schema):
    nominees: list[int] = Field(description="Mã (id) các trường hợp đưa ra Hội đồng xét")


class AttendanceIn(Schema):
    present: list[int] = Field(description="Mã (id) các thành viên có mặt")
    notes: dict[str, str] = Field({}, description="Lý do vắng theo mã thành viên")


class BallotIn(Schema):
    choices: dict[str, Choice] = Field(
        description="Mã (id) nội dung xét → agree (đồng ý) hoặc disagree (không đồng ý), đủ "
        "mọi nội dung bỏ phiếu điện tử"
    )


class RuleSetOut(Schema):
    id: int
    code: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    rounding_mode: RoundingMode
    rounding_step: int
    note: str


class RuleSetIn(Schema):
    code: str = Field(max_length=40, description="Số hiệu, ví dụ 152/2025/NĐ-CP")
    name: str = Field(max_length=200, description="Tên, ví dụ Nghị định 152/2025/NĐ-CP")
    valid_from: dt.date = Field(description="Áp dụng từ ngày")
    valid_to: dt.date | None = Field(None, description="Áp dụng đến hết ngày")
    rounding_mode: RoundingMode = Field(RoundingMode.UP, description="Cách làm tròn")
    rounding_step: str = Field(
        "10.000", max_length=40, description='Làm tròn đến hàng (đồng), ví dụ "10.000"'
    )
    note: str = Field("", description="Ghi chú")


class RuleSetPatch(Schema):
    code: str | None = Field(None, max_length=40, description="Số hiệu")
    name: str | None = Field(None, max_length=200, description="Tên")
    valid_from: dt.date | None = Field(None, description="Áp dụng từ ngày")
    valid_to: dt.date | None = Field(None, description="Áp dụng đến hết ngày")
    rounding_mode: RoundingMode | None = Field(None, description="Cách làm tròn")
    rounding_step: str | None = Field(None, max_length=40, description="Làm tròn đến hàng")
    note: str | None = Field(None, description="Ghi chú")


class CoefficientOut(Schema):
    id: int
    rule_set_id: int
    form_kind: FormKind
    subject_type: SubjectType
    coefficient: Decimal
    of_individual: bool
    note: str


class CoefficientIn(Schema):
    form_kind: FormKind = Field(description="Hình thức khen thưởng")
    subject_type: SubjectType = Field(description="Đối tượng")
    value: str = Field(max_length=12, description='Hệ số, ví dụ "0,3" (× mức lương cơ sở)')
    of_individual: bool = Field(False, description="Nhân với mức thưởng của cá nhân")
    note: str = Field("", max_length=300, description="Ghi chú")


class BaseSalaryOut(Schema):
    id: int
    valid_from: dt.date
    valid_to: dt.date | None
    amount: int
    decree: str


class BaseSalaryIn(Schema):
    valid_from: dt.date = Field(description="Áp dụng từ ngày")
    valid_to: dt.date | None = Field(None, description="Áp dụng đến hết ngày")
    amount: str = Field(max_length=40, description='Mức lương cơ sở, ví dụ "2.340.000"')
    decree: str = Field(max_length=100, description="Văn bản quy định, ví dụ 73/2024/NĐ-CP")


class BaseSalaryPatch(Schema):
    valid_from: dt.date | None = Field(None, description="Áp dụng từ ngày")
    valid_to: dt.date | None = Field(None, description="Áp dụng đến hết ngày")
    amount: str | None = Field(None, max_length=40, description="Mức lương cơ sở")
    decree: str | None = Field(None, max_length=100, description="Văn bản quy định")


# Councils ----------------------------------------------------------------------------------------


def _council(user, council_id):
    return council_selectors.council_get_for(user, council_id)


@councils.get("/councils", response=list[CouncilOut], summary="Các Hội đồng trong phạm vi quản lý")
def council_list(request: HttpRequest):
    require_perm(request, "council.add_council")
    return list(council_selectors.councils_for(request.user))


@councils.post(
    "/councils",
    response={201: CouncilOut},
    summary="Thành lập Hội đồng",
    description="Cơ quan phải trong phạm vi quản lý của tài khoản; tỷ lệ dự họp tối thiểu bắt "
    "buộc (Hội đồng không có tỷ lệ này bị từ chối).",
    auth=guard("council.add_council"),
)
def council_create(request: HttpRequest, payload: CouncilIn):
    data = clean(CouncilForm, payload, issuers=council_selectors.issuers_for(request.user))
    return Status(201, council_services.council_create(actor=request.user, **data))


# Pass rules -------------------------------------------------------------------------------------


@councils.get(
    "/councils/pass-rules",
    response=list[PassRuleOut],
    summary="Quy tắc xét chọn (theo hình thức theo quy định và cấp của Hội đồng)",
)
def pass_rule_list(request: HttpRequest):
    require_perm(request, "council.view_pass_rules")
    return council_selectors.pass_rules()


@councils.post(
    "/councils/pass-rules",
    response={201: PassRuleOut},
    summary="Thêm quy tắc xét chọn",
    description="Mọi phong trào có hình thức này dùng quy tắc có hiệu lực vào ngày họp. Chỉ "
    "quản trị hệ thống.",
    auth=guard("council.change_pass_rules"),
)
def pass_rule_create(request: HttpRequest, payload: PassRuleIn):
    form = _pass_rule_form(payload)
    return Status(201, council_services.pass_rule_set(actor=request.user, **form.service_kwargs()))


def _pass_rule_form(payload) -> PassRuleForm:
    form = bind(PassRuleForm, payload)
    check(form)
    return form


@councils.patch(
    "/councils/pass-rules/{rule_id}",
    response=PassRuleOut,
    summary="Sửa quy tắc xét chọn (gửi đủ các trường)",
    auth=guard(
        "council.change_pass_rules",
        load=lambda user, rule_id: council_selectors.pass_rule_get(rule_id),
    ),
)
def pass_rule_update(request: HttpRequest, rule_id: int, payload: PassRuleIn):
    form = _pass_rule_form(payload)
    return council_services.pass_rule_set(
        actor=request.user, rule=request.api_object, **form.service_kwargs()
    )


@councils.delete(
    "/councils/pass-rules/{rule_id}",
    response={204: None},
    summary="Xóa quy tắc chưa dùng ở phiên họp nào",
    auth=guard(
        "council.change_pass_rules",
        load=lambda user, rule_id: council_selectors.pass_rule_get(rule_id),
    ),
)
def pass_rule_delete(request: HttpRequest, rule_id: int):
    council_services.pass_rule_delete(actor=request.user, rule=request.api_object)
    return Status(204, None)


@councils.patch(
    "/councils/{council_id}",
    response=CouncilOut,
    summary="Sửa Hội đồng",
    auth=guard("council.manage_council", load=_council),
)
def council_update(request: HttpRequest, council_id: int, payload: CouncilPatch):
    council = request.api_object
    data = clean(CouncilForm, payload, instance=council)
    return council_services.council_update(actor=request.user, council=council, **data)


@councils.get(
    "/councils/{council_id}/members",
    response=list[MemberOut],
    summary="Thành viên Hội đồng",
)
def member_list(request: HttpRequest, council_id: int):
    return council_selectors.members_of(_council(request.user, council_id))


@councils.post(
    "/councils/{council_id}/members",
    response={201: MemberOut},
    summary="Thêm thành viên Hội đồng",
    auth=guard("council.manage_council", load=_council),
)
def member_add(request: HttpRequest, council_id: int, payload: MemberIn):
    council = request.api_object
    data = clean(MemberForm, payload, users=council_selectors.users_for_council(council))
    return Status(201, council_services.member_add(actor=request.user, council=council, **data))


@councils.patch(
    "/councils/{council_id}/members/{member_id}",
    response=MemberOut,
    summary="Sửa thành viên Hội đồng (vai trò, ngày thôi tham gia …)",
    auth=guard(
        "council.manage_council",
        load=lambda user, council_id, member_id: _council(user, council_id),
    ),
)
def member_update(request: HttpRequest, council_id: int, member_id: int, payload: MemberPatch):
    member = council_selectors.member_get(request.api_object, member_id)
    data = clean(MemberForm, payload, instance=member)
    return council_services.member_update(actor=request.user, member=member, **data)


@councils.delete(
    "/councils/{council_id}/members/{member_id}",
    response={204: None},
    summary="Xóa thành viên nhập nhầm (người đã dự họp: nhập ngày thôi tham gia)",
    auth=guard(
        "council.manage_council",
        load=lambda user, council_id, member_id: _council(user, council_id),
    ),
)
def member_remove(request: HttpRequest, council_id: int, member_id: int):
    member = council_selectors.member_get(request.api_object, member_id)
    council_services.member_remove(actor=request.user, member=member)
    return Status(204, None)


# Sessions and the ballot -------------------------------------------------------------------------


def _session(user, session_id, perm="council.run_session"):
    return council_selectors.session_get_for(user, session_id, perm)


@councils.post(
    "/councils/{council_id}/sessions",
    response={201: SessionOut},
    summary="Tạo phiên họp của Hội đồng cho một phong trào",
    auth=guard("council.manage_council", load=_council),
)
def session_create(request: HttpRequest, council_id: int, payload: SessionIn):
    campaign = council_selectors.campaign_for_session(request.user, payload.campaign)
    session = council_services.session_create(
        actor=request.user,
        council=request.api_object,
        campaign=campaign,
        held_on=payload.held_on,
        starts_at=payload.starts_at,
        place=payload.place,
    )
    return Status(201, session)


@with_old_path(
    councils.post,
    "/council-sessions/{session_id}/agenda",
    old="/councils/sessions/{session_id}/agenda",
    response=SessionOut,
    summary="Nội dung xét của phiên họp (các hồ sơ đã tiếp nhận, đủ tiêu chuẩn)",
    auth=guard("council.run_session", load=_session),
)
def session_agenda(request: HttpRequest, session_id: int, payload: AgendaIn):
    session = request.api_object
    allowed = {n.pk: n for n in council_selectors.candidates(session)}
    unknown = [pk for pk in payload.nominees if pk not in allowed]
    if unknown:
        raise ValidationError(
            {"nominees": "Chỉ đưa ra Hội đồng các hồ sơ đã được tiếp nhận và đủ tiêu chuẩn "
             f"của phong trào này (không hợp lệ: {', '.join(map(str, unknown))})."}
        )  # fmt: skip
    council_services.agenda_set(
        actor=request.user, session=session, nominees=[allowed[pk] for pk in payload.nominees]
    )
    return session


@with_old_path(
    councils.post,
    "/council-sessions/{session_id}/attendance",
    old="/councils/sessions/{session_id}/attendance",
    response=SessionOut,
    summary="Điểm danh thành viên dự họp",
    auth=guard("council.run_session", load=_session),
)
def session_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn):
    session = request.api_object
    voters = {m.pk: m for m in council_services.voting_members(session.council, session.held_on)}
    notes = {int(k): v for k, v in payload.notes.items() if str(k).isdigit()}
    council_services.attendance_set(
        actor=request.user,
        session=session,
        present=[voters[pk] for pk in payload.present if pk in voters]
        + [_NotAMember(pk) for pk in payload.present if pk not in voters],
        notes=notes,
    )
    return session


class _NotAMember:
    """An id that is no voting member: the service refuses it with its own message."""

    def __init__(self, pk: int) -> None:
        self.pk = pk


@with_old_path(
    councils.post,
    "/council-sessions/{session_id}/open",
    old="/councils/sessions/{session_id}/open",
    response=SessionOut,
    summary="Mở bỏ phiếu (đủ số thành viên dự họp tối thiểu)",
    auth=guard("council.run_session", load=_session),
)
def session_open(request: HttpRequest, session_id: int):
    return council_services.session_open_voting(actor=request.user, session=request.api_object)


@with_old_path(
    councils.post,
    "/council-sessions/{session_id}/close",
    old="/councils/sessions/{session_id}/close",
    response=SessionOut,
    summary="Kết thúc bỏ phiếu (Chủ tịch Hội đồng, Thư ký hoặc Thường trực)",
    auth=guard(
        "council.close_voting",
        load=lambda user, session_id: _session(user, session_id, "council.close_voting"),
    ),
)
def session_close(request: HttpRequest, session_id: int):
    return council_services.session_close_voting(actor=request.user, session=request.api_object)


@with_old_path(
    councils.post,
    "/council-sessions/{session_id}/stage",
    old="/councils/sessions/{session_id}/stage",
    response=SessionOut,
    summary="Chuyển kết quả của Hội đồng chờ quyết định khen thưởng",
    auth=guard("council.run_session", load=_session),
)
def session_stage(request: HttpRequest, session_id: int):
    session = request.api_object
    council_services.session_stage_outcomes(actor=request.user, session=session)
    session.refresh_from_db()
    return session


@with_old_path(
    councils.post,
    "/council-sessions/{session_id}/ballot",
    old="/councils/sessions/{session_id}/ballot",
    response={201: dict},
    summary="Bỏ phiếu của chính thành viên (mã truy cập của thành viên)",
    description="Phiếu luôn là của người sở hữu mã truy cập: không ai bỏ phiếu thay thành viên "
    "khác. Mỗi thành viên có mặt bỏ phiếu một lần, trong giai đoạn họp Hội đồng của phong "
    "trào; phiếu kín không ghi người chọn.",
    auth=guard(
        "council.vote", load=lambda user, session_id: _session(user, session_id, "council.vote")
    ),
)
def ballot_cast(request: HttpRequest, session_id: int, payload: BallotIn):
    council_services.ballot_cast(
        actor=request.user,
        session=request.api_object,
        choices={k: v.value for k, v in payload.choices.items()},
    )
    return Status(201, {"detail": "Phiếu của bạn đã được ghi nhận."})


# Rule sets, coefficients, base salaries ---------------------------------------------------------


@legal.get("/rule-sets", response=list[RuleSetOut], summary="Văn bản quy định mức thưởng")
def rule_set_list(request: HttpRequest):
    require_perm(request, "awards.view_legal")
    return award_selectors.rule_sets()


@legal.post(
    "/rule-sets",
    response={201: RuleSetOut},
    summary="Thêm văn bản quy định mức thưởng (không trùng thời gian với văn bản khác)",
    auth=guard("awards.change_legal"),
)
def rule_set_create(request: HttpRequest, payload: RuleSetIn):
    data = clean(RuleSetForm, payload)
    return Status(201, award_services.rule_set_save(actor=request.user, **data))


@legal.patch(
    "/rule-sets/{rule_set_id}",
    response=RuleSetOut,
    summary="Sửa văn bản quy định mức thưởng",
    auth=guard(
        "awards.change_legal",
        load=lambda user, rule_set_id: award_selectors.rule_set_get(rule_set_id),
    ),
)
def rule_set_update(request: HttpRequest, rule_set_id: int, payload: RuleSetPatch):
    rule_set = request.api_object
    data = clean(RuleSetForm, payload, instance=rule_set)
    return award_services.rule_set_save(actor=request.user, rule_set=rule_set, **data)


@legal.get(
    "/rule-sets/{rule_set_id}/coefficients",
    response=list[CoefficientOut],
    summary="Hệ số tiền thưởng của văn bản",
)
def coefficient_list(request: HttpRequest, rule_set_id: int):
    require_perm(request, "awards.view_legal")
    return award_selectors.coefficients_of(award_selectors.rule_set_get(rule_set_id))


@legal.post(
    "/rule-sets/{rule_set_id}/coefficients",
    response={201: CoefficientOut},
    summary="Thêm hệ số (một hệ số cho mỗi hình thức và đối tượng)",
    auth=guard(
        "awards.change_legal",
        load=lambda user, rule_set_id: award_selectors.rule_set_get(rule_set_id),
    ),
)
def coefficient_create(request: HttpRequest, rule_set_id: int, payload: CoefficientIn):
    data = clean(CoefficientForm, payload)
    row = award_services.coefficient_save(actor=request.user, rule_set=request.api_object, **data)
    return Status(201, row)


@legal.patch(
    "/rule-sets/{rule_set_id}/coefficients/{coefficient_id}",
    response=CoefficientOut,
    summary="Sửa hệ số",
    auth=guard(
        "awards.change_legal",
        load=lambda user, rule_set_id, coefficient_id: award_selectors.rule_set_get(rule_set_id),
    ),
)
def coefficient_update(
    request: HttpRequest, rule_set_id: int, coefficient_id: int, payload: CoefficientIn
):
    rule_set = request.api_object
    row = award_selectors.coefficient_get(rule_set, coefficient_id)
    data = clean(CoefficientForm, payload)
    return award_services.coefficient_save(
        actor=request.user, rule_set=rule_set, coefficient=row, **data
    )


@legal.delete(
    "/rule-sets/{rule_set_id}/coefficients/{coefficient_id}",
    response={204: None},
    summary="Xóa hệ số",
    auth=guard(
        "awards.change_legal",
        load=lambda user, rule_set_id, coefficient_id: award_selectors.rule_set_get(rule_set_id),
    ),
)
def coefficient_delete(request: HttpRequest, rule_set_id: int, coefficient_id: int):
    row = award_selectors.coefficient_get(request.api_object, coefficient_id)
    award_services.legal_row_remove(actor=request.user, obj=row)
    return Status(204, None)


@legal.get("/base-salaries", response=list[BaseSalaryOut], summary="Mức lương cơ sở")
def base_salary_list(request: HttpRequest):
    require_perm(request, "awards.view_legal")
    return award_selectors.base_salaries()


@legal.post(
    "/base-salaries",
    response={201: BaseSalaryOut},
    summary="Thêm mức lương cơ sở (trùng thời gian với mức khác bị từ chối, kèm lý do)",
    auth=guard("awards.change_legal"),
)
def base_salary_create(request: HttpRequest, payload: BaseSalaryIn):
    data = clean(BaseSalaryForm, payload)
    return Status(201, award_services.base_salary_save(actor=request.user, **data))


@legal.patch(
    "/base-salaries/{salary_id}",
    response=BaseSalaryOut,
    summary="Sửa mức lương cơ sở (ví dụ ngày hết áp dụng)",
    auth=guard(
        "awards.change_legal",
        load=lambda user, salary_id: award_selectors.base_salary_get(salary_id),
    ),
)
def base_salary_update(request: HttpRequest, salary_id: int, payload: BaseSalaryPatch):
    salary = request.api_object
    data = clean(BaseSalaryForm, payload, instance=salary)
    return award_services.base_salary_save(actor=request.user, salary=salary, **data)
