from django.http import HttpRequest
from ninja import Router

from thidua.api.schemas import MeOut, RoleOut
from thidua.org.enums import Role
from thidua.org.scope import user_scope

router = Router(tags=["Tài khoản"])


@router.get("/me", response=MeOut, summary="Tài khoản đang dùng mã truy cập và các vai trò")
def me(request: HttpRequest):
    user = request.user
    roles = [
        RoleOut(role=g.role, role_label=Role(g.role).label, unit_id=g.unit_id,
                unit_name=g.unit_name)
        for g in user_scope(user).grants
    ]  # fmt: skip
    return MeOut(username=user.get_username(), full_name=_vietnamese_full_name(user), roles=roles)


def _vietnamese_full_name(user) -> str:
    """Family and middle names first: Django's get_full_name() puts the given name first."""
    return " ".join(f"{user.last_name} {user.first_name}".split())
