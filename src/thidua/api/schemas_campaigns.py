"""Response shapes of the campaigns API (phong trào thi đua).

Times are given in Vietnam time (+07:00), the clock deadlines are judged by.
"""

import datetime as dt

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from thidua.api.schemas import UnitRef
from thidua.campaigns import criteria
from thidua.campaigns.enums import (
    CampaignState,
    CriterionKind,
    DossierScope,
    LatePolicy,
    PhaseKind,
    RegistrationStatus,
    SubjectType,
)
from thidua.campaigns.models import Campaign, CampaignPhase, Criterion, DossierItem
from thidua.campaigns.selectors import BoardRow


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None else None


def _blank_to_none(value):
    return None if value == "" else value


# Filters -------------------------------------------------------------------------------------


class CampaignFilters(Schema):
    state: CampaignState | None = Field(None, description="Trạng thái")
    year: int | None = Field(None, ge=1900, le=2999, description="Năm thi đua")

    _blank = field_validator("state", "year", mode="before")(_blank_to_none)


class RegistrationFilters(Schema):
    status: RegistrationStatus | None = Field(
        None, description="Chỉ lấy đơn vị ở tình trạng này (đúng hạn, nộp muộn, chưa nộp…)"
    )

    _blank = field_validator("status", mode="before")(_blank_to_none)


# Campaigns -----------------------------------------------------------------------------------


class CampaignOut(Schema):
    id: int
    parent_id: int | None = Field(description="Phong trào cấp trên (với phong trào của đơn vị)")
    issuer: UnitRef = Field(description="Cơ quan ban hành")
    year: int = Field(description="Năm thi đua")
    title: str = Field(description="Tên phong trào (trích yếu)")
    state: CampaignState
    state_label: str = Field(description="Tên trạng thái")
    reference: str = Field(description="Số, ký hiệu kế hoạch, ví dụ «05/KH-UBND»")
    issued_on: dt.date | None = Field(description="Ngày ban hành")
    period_start: dt.date = Field(description="Thi đua từ ngày")
    period_end: dt.date = Field(description="Thi đua đến ngày")
    participant_count: int = Field(description="Số đơn vị tham gia")
    registration_deadline: dt.datetime | None = Field(
        description="Hạn đăng ký thi đua và gửi kế hoạch (nộp trước thời điểm này)"
    )

    @staticmethod
    def resolve_state_label(obj: Campaign) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_participant_count(obj: Campaign) -> int:
        count = getattr(obj, "participant_count", None)
        return count if count is not None else len(obj.participants.all())

    @staticmethod
    def resolve_registration_deadline(obj: Campaign) -> dt.datetime | None:
        phase = obj.phase(PhaseKind.REGISTRATION)
        return _local(phase.ends_at) if phase else None


class CriterionOut(Schema):
    id: int
    subject_type: SubjectType
    subject_type_label: str = Field(description="Áp dụng cho (tập thể, cá nhân…)")
    position: int = Field(description="Thứ tự trong nhóm cùng đối tượng")
    text: str = Field(description="Nội dung tiêu chí, đúng lời văn của kế hoạch")
    kind: CriterionKind
    kind_label: str = Field(description="Cách đánh giá")
    params: dict = Field(description="Tham số của cách đánh giá")
    data_period: str = Field(description="Kỳ số liệu (năm của phong trào, năm trước…)")
    data_years: int = Field(description="N (số năm) của kỳ số liệu")
    rule: str = Field(description="Hệ thống sẽ đánh giá tiêu chí thế nào")

    @staticmethod
    def resolve_subject_type_label(obj: Criterion) -> str:
        return obj.get_subject_type_display()

    @staticmethod
    def resolve_kind_label(obj: Criterion) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_rule(obj: Criterion) -> str:
        return criteria.describe(obj.kind, obj.params)


class DossierItemOut(Schema):
    name: str = Field(description="Thành phần hồ sơ")
    scope: DossierScope
    scope_label: str = Field(description="Số bản")
    required: bool = Field(description="Bắt buộc")

    @staticmethod
    def resolve_scope_label(obj: DossierItem) -> str:
        return obj.get_scope_display()


class AwardFormOut(Schema):
    id: int
    name: str = Field(description="Hình thức khen thưởng")
    subject_type: SubjectType
    quota: int | None = Field(description="Số lượng tối đa; null nếu không giới hạn")
    rule_set: str = Field(description="Mức thưởng theo (văn bản pháp luật)")
    checklist: list[DossierItemOut] = Field(description="Hồ sơ đề nghị khen thưởng")


class PhaseOut(Schema):
    kind: PhaseKind
    kind_label: str = Field(description="Tên giai đoạn")
    starts_at: dt.datetime = Field(description="Bắt đầu")
    ends_at: dt.datetime = Field(description="Kết thúc (trước thời điểm này)")

    @staticmethod
    def resolve_kind_label(obj: CampaignPhase) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_starts_at(obj: CampaignPhase) -> dt.datetime:
        return _local(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: CampaignPhase) -> dt.datetime:
        return _local(obj.ends_at)


class AssignmentOut(Schema):
    unit_id: int | None = Field(description="Đơn vị được giao; null nếu giao chung")
    text: str = Field(description="Nhiệm vụ")


class CampaignDetailOut(CampaignOut):
    criteria: list[CriterionOut] = Field(description="Tiêu chí thi đua")
    award_forms: list[AwardFormOut] = Field(description="Hình thức và số lượng khen thưởng")
    phases: list[PhaseOut] = Field(description="Các giai đoạn, theo thời gian")
    participants: list[UnitRef] = Field(description="Đơn vị tham gia")
    assignments: list[AssignmentOut] = Field(description="Tổ chức thực hiện")
    recipients: list[str] = Field(description="Nơi nhận")
    signing_authority: str = Field(description="Thẩm quyền ký, ví dụ «TM. ỦY BAN NHÂN DÂN»")
    signer_title: str = Field(description="Chức danh người ký")
    signer_name: str = Field(description="Người ký")
    late_policy: LatePolicy
    late_policy_label: str = Field(description="Kế hoạch nộp sau hạn")
    reminder_days: int = Field(description="Tự động nhắc trước hạn chừng ấy ngày; 0 là không nhắc")
    plan_pdf_available: bool = Field(description="Đã có bản PDF của kế hoạch")

    @staticmethod
    def resolve_participants(obj: Campaign) -> list:
        return [p.unit for p in obj.participants.all()]

    @staticmethod
    def resolve_late_policy_label(obj: Campaign) -> str:
        return obj.get_late_policy_display()

    @staticmethod
    def resolve_plan_pdf_available(obj: Campaign) -> bool:
        return bool(obj.plan_pdf)


# Registrations -------------------------------------------------------------------------------


class RegistrationRowOut(Schema):
    unit: UnitRef = Field(description="Đơn vị tham gia")
    registered_at: dt.datetime | None = Field(description="Đăng ký thi đua lúc")
    plan_uploaded_at: dt.datetime | None = Field(description="Nộp kế hoạch của đơn vị lúc")
    on_time: bool | None = Field(
        description="Kế hoạch nộp đúng hạn (true) hay muộn (false); null khi chưa nộp"
    )
    status: RegistrationStatus
    status_label: str = Field(description="Tình trạng")

    @staticmethod
    def resolve_registered_at(obj: BoardRow) -> dt.datetime | None:
        return _local(obj.registration.registered_at) if obj.registration else None

    @staticmethod
    def resolve_plan_uploaded_at(obj: BoardRow) -> dt.datetime | None:
        return _local(obj.registration.plan_uploaded_at) if obj.registration else None

    @staticmethod
    def resolve_on_time(obj: BoardRow) -> bool | None:
        reg = obj.registration
        if reg is None or reg.plan_uploaded_at is None:
            return None
        return not reg.plan_late
