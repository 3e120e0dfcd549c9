"""Schemas of /api/v1/users: accounts and their roles with unit scope."""

import datetime as dt

from ninja import Field, Schema

from thidua.org.enums import Role


class RoleOut(Schema):
    id: int
    role: Role = Field(description="Vai trò")
    role_label: str = Field(description="Tên vai trò")
    unit_id: int = Field(description="Đơn vị (vai trò có hiệu lực với cả đơn vị cấp dưới)")
    unit_name: str = Field(description="Tên đơn vị")
    valid_from: dt.date | None = Field(description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(description="Hiệu lực đến ngày")

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class UserOut(Schema):
    id: int
    username: str = Field(description="Tên đăng nhập")
    full_name: str = Field(description="Họ và tên")
    email: str = Field(description="Địa chỉ e-mail")
    is_active: bool = Field(description="Đang hoạt động (false: đã khóa)")
    has_password: bool = Field(description="Đã đặt mật khẩu (false: chưa dùng thư mời)")
    roles: list[RoleOut] = Field(description="Các vai trò và đơn vị")
    can_manage: bool = Field(description="Tài khoản gọi API có được quản lý tài khoản này")

    @staticmethod
    def resolve_id(row) -> int:
        return row.account.pk

    @staticmethod
    def resolve_username(row) -> str:
        return row.account.username

    @staticmethod
    def resolve_full_name(row) -> str:
        return row.name

    @staticmethod
    def resolve_email(row) -> str:
        return row.account.email

    @staticmethod
    def resolve_is_active(row) -> bool:
        return row.account.is_active

    @staticmethod
    def resolve_has_password(row) -> bool:
        return row.account.has_usable_password()


class UserFilters(Schema):
    q: str = Field("", max_length=100, description="Tìm theo tên, tên đăng nhập, e-mail")
    state: str = Field("", description="active: đang hoạt động; inactive: đã khóa")


class UserIn(Schema):
    full_name: str = Field(max_length=150, description="Họ và tên (ít nhất hai từ)")
    email: str = Field(max_length=254, description="Địa chỉ e-mail; thư mời gửi đến đây")
    username: str = Field("", max_length=150, description="Tên đăng nhập (trống: dùng e-mail)")
    role: Role = Field(description="Vai trò đầu tiên")
    unit: int = Field(description="Mã (id) đơn vị của vai trò, trong phạm vi quản lý")


class UserPatch(Schema):
    is_active: bool = Field(description="false: khóa tài khoản; true: mở lại")
    reason: str = Field("", max_length=300, description="Lý do khóa (ghi vào nhật ký)")


class RoleIn(Schema):
    role: Role = Field(description="Vai trò")
    unit: int = Field(description="Mã (id) đơn vị, trong phạm vi quản lý")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ ngày")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến ngày")


class Accepted(Schema):
    detail: str


# The organisation over time (/api/v1/units/{id}/rename|merge|split) ---------------------------


class UnitRenameIn(Schema):
    name: str = Field(max_length=255, description="Tên mới")
    effective_on: dt.date = Field(description="Có hiệu lực từ ngày (tên cũ dùng đến hôm trước)")


class UnitMergeIn(Schema):
    mode: str = Field(description="existing: vào đơn vị đang có; new: thành lập đơn vị mới")
    into: int | None = Field(None, description="Mã (id) đơn vị tiếp nhận (mode=existing)")
    others: list[int] = Field([], description="Mã (id) các đơn vị cùng sáp nhập")
    code: str = Field("", max_length=32, description="Mã đơn vị mới (mode=new)")
    name: str = Field("", max_length=255, description="Tên đơn vị mới (mode=new)")
    effective_on: dt.date = Field(description="Có hiệu lực từ ngày")


class UnitPart(Schema):
    code: str = Field(max_length=32, description="Mã đơn vị mới")
    name: str = Field(max_length=255, description="Tên đơn vị mới")


class UnitSplitIn(Schema):
    parts: list[UnitPart] = Field(description="Các đơn vị mới (ít nhất hai)")
    effective_on: dt.date = Field(description="Có hiệu lực từ ngày")
