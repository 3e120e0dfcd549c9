"""/api/v1/users (issue 15, items 1 and 3): accounts and roles through the API, with the
screens' forms, services and rules; a refused write changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.conftest import _persona
from thidua.core.models import AuditLog, OutgoingEmail
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment

pytestmark = pytest.mark.django_db
User = get_user_model()


def _state():
    return (
        sorted(User.objects.values_list("username", "is_active", "password")),
        sorted(RoleAssignment.objects.values_list("user_id", "role", "unit_id")),
        AuditLog.objects.count(),
        OutgoingEmail.objects.count(),
    )


def test_invite_grant_deactivate_and_revoke_through_the_api(
    api_send, api_get, writer, secretariat, world
):
    headers = writer(secretariat)
    response = api_send("post", "/users", headers, {
        "full_name": "Lục Thị Hoa", "email": "hoa@nguyenbinh.gov.vn",
        "role": "focal_point", "unit": world.commune_a.pk,
    })  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["username"], body["full_name"], body["has_password"]) == (
        "hoa@nguyenbinh.gov.vn", "Lục Thị Hoa", False
    )  # fmt: skip
    assert [(r["role"], r["unit_name"]) for r in body["roles"]] == [("focal_point", "Xã Yên Lạc")]
    [invitation] = mail.outbox
    assert "/dat-lai-mat-khau/" in invitation.body
    user_id = body["id"]

    granted = api_send("post", f"/users/{user_id}/roles", headers,
                       {"role": "observer", "unit": world.district.pk})  # fmt: skip
    assert granted.status_code == 201, granted.content
    assert granted.json()["role_label"] == "Quan sát viên"

    off = api_send("patch", f"/users/{user_id}", headers,
                   {"is_active": False, "reason": "Chuyển công tác"})  # fmt: skip
    assert off.json()["is_active"] is False
    assert AuditLog.objects.get(action="org.account.deactivate").note == "Chuyển công tác"

    revoked = api_send("delete", f"/users/{user_id}/roles/{granted.json()['id']}", headers)
    assert revoked.status_code == 204
    listed = api_get("/users", writer(secretariat), q="hoa").json()
    assert [u["username"] for u in listed["items"]] == ["hoa@nguyenbinh.gov.vn"]
    assert [r["role"] for r in listed["items"][0]["roles"]] == ["focal_point"]


def test_bad_input_is_a_vietnamese_422_per_field_and_stores_nothing(
    api_send, writer, secretariat, world, focal_a
):
    headers = writer(secretariat)
    before = _state()
    response = api_send("post", "/users", headers, {
        "full_name": "Hoa", "email": "khong-phai-email", "role": "focal_point",
        "unit": world.province.pk,
    })  # fmt: skip
    assert response.status_code == 422
    errors = {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}
    assert errors["full_name"] == "Nhập đầy đủ họ và tên (ít nhất hai từ)."
    assert errors["email"] == "Nhập địa chỉ email."
    assert errors["unit"].startswith("Hãy chọn một lựa chọn hợp lệ")  # above its units
    taken = api_send("post", "/users", headers, {
        "full_name": "Lục Thị Hoa", "email": focal_a.email, "role": "focal_point",
        "unit": world.commune_a.pk,
    })  # fmt: skip
    assert taken.status_code == 422
    assert taken.json()["detail"][0]["loc"] == ["body", "email"]
    assert _state() == before


def test_the_secretariat_cannot_make_an_administrator(api_send, writer, secretariat, world):
    headers = writer(secretariat)
    before = _state()
    response = api_send("post", "/users", headers, {
        "full_name": "Ma Văn X", "email": "x@nguyenbinh.gov.vn", "role": "admin",
        "unit": world.district.pk,
    })  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "role"]
    assert _state() == before


def test_an_administrators_account_is_out_of_the_secretariats_hands(
    api_send, api_get, writer, secretariat, admin_user
):
    headers = writer(secretariat)
    before = _state()
    assert api_get(f"/users/{admin_user.pk}", headers).json()["can_manage"] is False
    assert (
        api_send("patch", f"/users/{admin_user.pk}", headers, {"is_active": False}).status_code
        == 403
    )
    assert api_send("post", f"/users/{admin_user.pk}/password-link", headers).status_code == 403
    assert _state() == before


def test_other_offices_accounts_are_404(api_send, api_get, writer, secretariat, world):
    outsider = _persona("tinh.vp", Role.SECRETARIAT, world.province)
    headers = writer(secretariat)
    before = _state()
    assert api_get(f"/users/{outsider.pk}", headers).status_code == 404
    assert (
        api_send("patch", f"/users/{outsider.pk}", headers, {"is_active": False}).status_code == 404
    )
    assert _state() == before


def test_a_focal_point_has_no_account_api(api_get, api_send, writer, focal_a, focal_b):
    headers = writer(focal_a)
    before = _state()
    assert api_get("/users", headers).status_code == 403
    # an account it cannot see is 404, like an unknown id
    response = api_send("patch", f"/users/{focal_b.pk}", headers, {"is_active": False})
    assert response.status_code == 404
    assert _state() == before


def test_the_last_administrator_is_not_deactivated_by_another_route(
    api_send, writer, admin_user, world
):
    second = _persona("quantri2", Role.ADMIN, world.province)
    response = api_send("patch", f"/users/{second.pk}", writer(second), {"is_active": False})
    assert response.status_code == 422
    assert "tự khóa" in response.json()["detail"][0]["msg"]


def test_list_query_count_does_not_grow_with_accounts(
    api_get, bearer, secretariat, world, django_assert_max_num_queries
):
    headers = bearer(secretariat)
    api_get("/users", headers)
    for i in range(8):
        _persona(f"a{i}", Role.FOCAL_POINT, world.commune_a)
    with django_assert_max_num_queries(9):
        body = api_get("/users", headers).json()
    assert body["count"] == 9
