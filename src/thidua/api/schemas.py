"""Request filters and response shapes of the API (the OpenAPI schema is generated from them)."""

import datetime as dt

from ninja import Field, Schema
from pydantic import field_validator

from thidua.org.enums import Gender, Role, StaffCategory, UnitKind
from thidua.org.models import Person, Unit


def _blank_to_none(value):
    return None if value == "" else value


# Account -------------------------------------------------------------------------------------


class RoleOut(Schema):
    role: Role
    role_label: str = Field(description="Tên vai trò")
    unit_id: int = Field(description="Đơn vị mà vai trò áp dụng (cùng mọi đơn vị cấp dưới)")
    unit_name: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


# Units ---------------------------------------------------------------------------------------


class UnitFilters(Schema):
    q: str = Field("", description="Tìm theo tên (không phân biệt dấu), mã hoặc mã GSO")
    kind: UnitKind | None = Field(None, description="Loại đơn vị")

    _blank = field_validator("kind", mode="before")(_blank_to_none)


class UnitOut(Schema):
    id: int
    code: str = Field(description="Mã đơn vị")
    name: str = Field(description="Tên đơn vị")
    kind: UnitKind
    kind_label: str = Field(description="Tên loại đơn vị")
    parent_id: int | None = Field(description="Đơn vị cấp trên")
    gso_code: str = Field(description="Mã đơn vị hành chính của Tổng cục Thống kê")
    valid_from: dt.date | None = Field(description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(description="Hiệu lực đến ngày")
    depth: int = Field(description="Cấp trong cây đơn vị (0 là gốc)")

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return obj.get_kind_display()


class UnitRef(Schema):
    id: int
    code: str
    name: str


# People --------------------------------------------------------------------------------------


class PeopleFilters(Schema):
    q: str = Field("", description="Tìm theo họ tên hoặc mã (không phân biệt dấu)")
    unit_id: int | None = Field(None, description="Chỉ lấy người thuộc đơn vị này và cấp dưới")
    category: StaffCategory | None = Field(None, description="Đối tượng")

    _blank = field_validator("unit_id", "category", mode="before")(_blank_to_none)


class PersonOut(Schema):
    id: int
    code: str = Field(description="Mã cán bộ")
    full_name: str = Field(description="Họ và tên")
    gender: Gender
    gender_label: str = Field(description="Giới tính")
    position: str = Field(description="Chức vụ")
    unit: UnitRef
    category: StaffCategory
    category_label: str = Field(description="Đối tượng")
    birth_year: int | None = Field(description="Năm sinh")
    ethnicity: str = Field(description="Dân tộc")

    @staticmethod
    def resolve_gender_label(obj: Person) -> str:
        return obj.get_gender_display()

    @staticmethod
    def resolve_category_label(obj: Person) -> str:
        return obj.get_category_display()


# Award history ---------------------------------------------------------------------------------


class AwardRecordOut(Schema):
    id: int
    year: int = Field(description="Năm thành tích")
    title: str = Field(
        description="Danh hiệu thi đua hoặc hình thức khen thưởng", alias="form_name"
    )
    title_code: str = Field(description="Mã danh hiệu, hình thức (trống nếu chưa xác định)")
    level: str = Field(description="Cấp khen thưởng (co_so, xa, huyen, tinh, nha_nuoc)")
    level_label: str = Field(description="Tên cấp khen thưởng")
    issuer: str = Field(description="Cơ quan, người quyết định")
    decision_number: str = Field(description="Số, ký hiệu quyết định")
    decision_date: dt.date = Field(description="Ngày quyết định")
    amount: int | None = Field(description="Tiền thưởng (đồng); null nếu không rõ")
    subject_type: str = Field(description="Đối tượng: individual, collective, household")
    person_id: int | None
    unit_id: int = Field(description="Tập thể được khen, hoặc đơn vị của cá nhân khi được khen")
    achievement: str = Field(description="Thành tích")
    source: str = Field(description="decision: quyết định trong hệ thống; import: nhập từ Excel")
    revoked: bool = Field(description="Giấy khen đã bị thu hồi (không còn được tính)")

    @staticmethod
    def resolve_level_label(obj) -> str:
        return obj.get_level_display() if obj.level else ""


# Writes: units and people ---------------------------------------------------------------------
# Field names are those of the screen's form (thidua.org.forms); ids for units.


class UnitIn(Schema):
    code: str = Field(max_length=32, description="Mã đơn vị (duy nhất)")
    name: str = Field(max_length=255, description="Tên đơn vị")
    kind: UnitKind = Field(description="Loại đơn vị")
    parent: int | None = Field(
        None, description="Mã (id) đơn vị cấp trên, trong phạm vi quản lý của tài khoản"
    )
    gso_code: str = Field("", max_length=10, description="Mã GSO (chỉ gồm chữ số)")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")
    position: int = Field(0, ge=0, le=2_147_483_647, description="Thứ tự hiển thị")
    tax_code: str = Field("", max_length=14, description="Mã số thuế (doanh nghiệp, hợp tác xã)")
    address: str = Field("", max_length=300, description="Địa chỉ (tổ chức ngoài nhà nước)")
    representative: str = Field("", max_length=150, description="Người đại diện theo pháp luật")


class UnitPatch(Schema):
    code: str | None = Field(None, max_length=32, description="Mã đơn vị (duy nhất)")
    name: str | None = Field(None, max_length=255, description="Tên đơn vị")
    kind: UnitKind | None = Field(None, description="Loại đơn vị")
    parent: int | None = Field(None, description="Mã (id) đơn vị cấp trên")
    gso_code: str | None = Field(None, max_length=10, description="Mã GSO (chỉ gồm chữ số)")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")
    position: int | None = Field(None, ge=0, le=2_147_483_647, description="Thứ tự hiển thị")
    tax_code: str | None = Field(None, max_length=14, description="Mã số thuế")
    address: str | None = Field(None, max_length=300, description="Địa chỉ")
    representative: str | None = Field(None, max_length=150, description="Người đại diện")


class PersonIn(Schema):
    code: str = Field(max_length=32, description="Mã cán bộ (duy nhất)")
    full_name: str = Field(max_length=150, description="Họ và tên (ít nhất hai từ)")
    gender: Gender = Field(description="Giới tính")
    position: str = Field("", max_length=150, description="Chức vụ")
    unit: int = Field(description="Mã (id) đơn vị công tác, trong phạm vi của tài khoản")
    category: StaffCategory = Field(description="Đối tượng")
    birth_year: int | None = Field(None, ge=1900, le=2999, description="Năm sinh")
    ethnicity: str = Field("", max_length=50, description="Dân tộc")
    nationality: str = Field("Việt Nam", max_length=80, description="Quốc tịch")
    direct_worker: bool = Field(False, description="Trực tiếp sản xuất, lao động, chiến đấu")
    remote_area: bool = Field(False, description="Công tác ở vùng sâu, vùng xa, biên giới")
    service_start: dt.date | None = Field(None, description="Ngày bắt đầu công tác")


class PersonPatch(Schema):
    code: str | None = Field(None, max_length=32, description="Mã cán bộ (duy nhất)")
    full_name: str | None = Field(None, max_length=150, description="Họ và tên")
    gender: Gender | None = Field(None, description="Giới tính")
    position: str | None = Field(None, max_length=150, description="Chức vụ")
    unit: int | None = Field(None, description="Mã (id) đơn vị công tác")
    category: StaffCategory | None = Field(None, description="Đối tượng")
    birth_year: int | None = Field(None, ge=1900, le=2999, description="Năm sinh")
    ethnicity: str | None = Field(None, max_length=50, description="Dân tộc")
    nationality: str | None = Field(None, max_length=80, description="Quốc tịch")
    direct_worker: bool | None = Field(None, description="Trực tiếp sản xuất, lao động")
    remote_area: bool | None = Field(None, description="Công tác ở vùng sâu, vùng xa, biên giới")
    service_start: dt.date | None = Field(None, description="Ngày bắt đầu công tác")


class SignedStepOut(Schema):
    """One signing step of a stored, signed document (the council's minutes, a tờ trình)."""

    step: str = Field(description="bước ký: chair, secretary (biên bản họp); unit_head (tờ trình)")
    step_label: str
    signer: str = Field(description="người ký theo chứng thư; rỗng khi chưa ký")
    signed_at: dt.datetime | None
    valid: bool = Field(
        description="chữ ký còn nguyên vẹn, chứng thư tin cậy, tệp không bị sửa sau khi ký"
    )


class SignedDocumentOut(Schema):
    """The document as issued (stored once, immutable) and its signatures."""

    version: int
    issued_at: dt.datetime
    sha256: str = Field(description="mã băm SHA-256 của tệp khi lập, phát hành")
    signatures: list[SignedStepOut]


def signed_document_out(document, signatures: list[dict]) -> dict:
    return {
        "version": document.version,
        "issued_at": document.issued_at,
        "sha256": document.sha256,
        "signatures": signatures,
    }


# Service history (quá trình công tác) --------------------------------------------------------


class ServicePeriodIn(Schema):
    organisation: str = Field(max_length=300, description="Cơ quan, đơn vị công tác")
    position: str = Field("", max_length=150, description="Chức vụ, công việc")
    started_on: dt.date = Field(description="Từ ngày")
    ended_on: dt.date | None = Field(None, description="Đến ngày (để trống: đang công tác)")
    note: str = Field("", max_length=300, description="Ghi chú")


class ServicePeriodPatch(Schema):
    organisation: str | None = Field(None, max_length=300, description="Cơ quan, đơn vị")
    position: str | None = Field(None, max_length=150, description="Chức vụ, công việc")
    started_on: dt.date | None = Field(None, description="Từ ngày")
    ended_on: dt.date | None = Field(None, description="Đến ngày; gửi null: đang công tác")
    note: str | None = Field(None, max_length=300, description="Ghi chú")


class ServicePeriodOut(Schema):
    id: int
    person_id: int
    organisation: str
    position: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str
    warnings: list[str] = Field(
        default_factory=list,
        description="Cảnh báo: các giai đoạn khác của cá nhân trùng thời gian với giai đoạn này",
    )


class ServiceHistoryOut(Schema):
    person_id: int
    length_days: int = Field(description="Tổng số ngày công tác (các giai đoạn trùng tính một lần)")
    length: str = Field(description="Thời gian công tác, ví dụ «25 năm 3 tháng»")
    periods: list[ServicePeriodOut]
