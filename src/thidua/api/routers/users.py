"""/api/v1/users: accounts and their roles with unit scope, on the same forms, services and
rules as the «Tài khoản» screens (thidua.org: an administrator manages every account; the
secretariat the accounts whose roles all lie in its units, never the administrator role)."""

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from thidua.api.auth import guard, require_perm
from thidua.api.forms import clean
from thidua.api.pagination import Pagination
from thidua.api.schemas_users import (
    Accepted,
    RoleIn,
    RoleOut,
    UserFilters,
    UserIn,
    UserOut,
    UserPatch,
)
from thidua.org import selectors, services
from thidua.org.forms import AccountDeactivateForm, AccountInviteForm, RoleGrantForm

router = Router(tags=["Tài khoản"])

VIEW = "org.view_accounts"


def _managed(user, user_id, **_path):
    """The account, when the caller may manage it (404 outside its reach, 403 in it)."""
    return selectors.account_get_for(user, user_id).account


@router.get("/users", response=list[UserOut], summary="Danh sách tài khoản và vai trò")
@paginate(Pagination)
def user_list(request: HttpRequest, filters: Query[UserFilters]):
    require_perm(request, VIEW)
    state = filters.state if filters.state in ("active", "inactive") else ""
    return selectors.accounts_search(request.user, query=filters.q.strip(), state=state)


@router.get("/users/{user_id}", response=UserOut, summary="Một tài khoản")
def user_detail(request: HttpRequest, user_id: int):
    require_perm(request, VIEW)
    return selectors.account_get_for(request.user, user_id)


@router.post(
    "/users",
    response={201: UserOut},
    summary="Mời người dùng mới",
    description="Như màn hình «Mời người dùng mới»: tạo tài khoản chưa có mật khẩu với một vai "
    "trò và gửi thư mời có đường dẫn đặt mật khẩu. Văn phòng thường trực chỉ phân vai trò trên "
    "đơn vị mình quản lý và không phân «Quản trị hệ thống».",
    auth=guard(VIEW),
)
def user_create(request: HttpRequest, payload: UserIn):
    data = clean(AccountInviteForm, payload, user=request.user)
    account = services.account_invite(actor=request.user, **data)
    return Status(201, selectors.account_get_for(request.user, account.pk))


@router.patch(
    "/users/{user_id}",
    response=UserOut,
    summary="Khóa hoặc mở lại tài khoản",
    description="Tài khoản bị khóa không đăng nhập được và mã truy cập API của nó ngừng hoạt "
    "động. Không ai tự khóa mình; quản trị viên cuối cùng không bị khóa.",
    auth=guard("org.manage_account", load=_managed),
)
def user_update(request: HttpRequest, user_id: int, payload: UserPatch):
    data = clean(AccountDeactivateForm, {"reason": payload.reason})
    services.account_set_active(actor=request.user, account=request.api_object,
                                active=payload.is_active, reason=data["reason"])  # fmt: skip
    return selectors.account_get_for(request.user, user_id)


@router.post(
    "/users/{user_id}/password-link",
    response={202: Accepted},
    summary="Gửi liên kết đặt mật khẩu",
    description="Gửi đến e-mail của tài khoản một đường dẫn dùng một lần để đặt mật khẩu mới.",
    auth=guard("org.manage_account", load=_managed),
)
def user_password_link(request: HttpRequest, user_id: int):
    services.account_send_password_link(actor=request.user, account=request.api_object)
    return Status(202, {"detail": f"Đã gửi liên kết đặt mật khẩu đến {request.api_object.email}."})


@router.post(
    "/users/{user_id}/roles",
    response={201: RoleOut},
    summary="Phân vai trò",
    description="Một vai trò trên một đơn vị (có hiệu lực với cả đơn vị cấp dưới).",
    auth=guard("org.manage_account", load=_managed),
)
def user_role_grant(request: HttpRequest, user_id: int, payload: RoleIn):
    data = clean(RoleGrantForm, payload, user=request.user)
    return Status(
        201, services.account_role_grant(actor=request.user, account=request.api_object, **data)
    )


@router.delete(
    "/users/{user_id}/roles/{role_id}",
    response={204: None},
    summary="Bỏ vai trò",
    auth=guard("org.manage_account", load=_managed),
)
def user_role_revoke(request: HttpRequest, user_id: int, role_id: int):
    assignment = selectors.account_role_get_for(request.user, user_id, role_id)
    services.account_role_revoke(actor=request.user, assignment=assignment)
    return Status(204, None)
