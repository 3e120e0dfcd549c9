"""The write API's common ground (issue 15, item 3): token scopes, permission before the
body, Vietnamese 422 per field (from the schema and from the screens' forms and services),
404 for other units' objects, CSRF-free bearer tokens, and `Idempotency-Key` on POST."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import API
from thidua.core.models import AuditLog, IdempotencyKey
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db

NEW_UNIT = {"code": "X99999", "name": "Xã Thử Nghiệm", "kind": "commune", "parent": None}


def unit_body(world, **extra):
    return {**NEW_UNIT, "parent": world.district.pk, **extra}


def person_body(world, **extra):
    return {
        "code": "CB-API-1",
        "full_name": "Hoàng Thị Mai",
        "gender": "female",
        "unit": world.commune_a.pk,
        "category": "cong_chuc",
        **extra,
    }


# Scopes and permissions ------------------------------------------------------------------------


def test_a_write_token_creates_a_unit_through_the_service_with_its_audit_row(
    api_send, writer, secretariat, world
):
    response = api_send("post", "/units", writer(secretariat), unit_body(world))

    assert response.status_code == 201, response.content
    unit = Unit.objects.get(code="X99999")
    assert response.json()["id"] == unit.pk
    assert (unit.name, unit.parent_id, unit.depth) == ("Xã Thử Nghiệm", world.district.pk, 2)
    audit = AuditLog.objects.get(action="org.unit.create", object_id=str(unit.pk))
    assert audit.actor_id == secretariat.pk


def test_a_read_only_token_is_refused_with_403_and_nothing_is_written(
    api_send, bearer, secretariat, world
):
    response = api_send("post", "/units", bearer(secretariat), unit_body(world))

    assert response.status_code == 403
    assert "chỉ được đọc" in response.json()["detail"]
    assert not Unit.objects.filter(code="X99999").exists()


def test_a_role_without_the_right_gets_403_before_its_body_is_read(
    api_send, writer, observer, world
):
    response = api_send("post", "/units", writer(observer), {"code": 5})

    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền dùng chức năng này."}


def test_another_units_object_is_404_and_stays_unchanged(api_send, writer, focal_b, world):
    person = world.person_a
    response = api_send("patch", f"/people/{person.pk}", writer(focal_b), {"position": "X"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    person.refresh_from_db()
    assert person.position == "Chủ tịch UBND"


def test_a_focal_point_edits_its_own_units_person(api_send, writer, focal_a, world):
    person = world.person_a
    response = api_send(
        "patch", f"/people/{person.pk}", writer(focal_a), {"position": "Bí thư Đảng ủy"}
    )

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.position, person.full_name) == ("Bí thư Đảng ủy", "Nguyễn Văn Hưởng")


def test_a_focal_point_may_not_add_a_person_to_another_unit(api_send, writer, focal_a, world):
    body = person_body(world, unit=world.commune_b.pk)
    response = api_send("post", "/people", writer(focal_a), body)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "unit"]
    assert error["msg"].startswith("Hãy chọn một lựa chọn hợp lệ") or "hợp lệ" in error["msg"]
    assert not Person.objects.filter(code="CB-API-1").exists()


def test_bearer_writes_need_no_csrf_token(writer, secretariat, world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{API}/units",
        data=unit_body(world),
        content_type="application/json",
        headers=writer(secretariat),
    )

    assert response.status_code == 201, response.content


def test_a_session_cookie_alone_cannot_write(client, secretariat, world):
    client.force_login(secretariat)
    response = client.post(f"{API}/units", data=unit_body(world), content_type="application/json")

    assert response.status_code == 401
    assert not Unit.objects.filter(code="X99999").exists()


# 422 in Vietnamese ---------------------------------------------------------------------------


def test_schema_errors_are_vietnamese_per_field(api_send, writer, secretariat, world):
    body = {"code": "X1", "kind": "galaxy", "valid_from": "31/12/2025", "position": -1}
    response = api_send("post", "/units", writer(secretariat), body)

    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert errors[("body", "name")] == "Thiếu giá trị bắt buộc."
    assert errors[("body", "kind")].startswith("Giá trị không hợp lệ; chỉ nhận")
    assert " hoặc " in errors[("body", "kind")]
    assert errors[("body", "valid_from")].startswith("Ngày không hợp lệ")
    assert errors[("body", "position")] == "Phải lớn hơn hoặc bằng 0."


def test_a_body_that_is_not_json_is_a_vietnamese_422(client, writer, secretariat):
    response = client.post(
        f"{API}/units", data="{không phải json", content_type="application/json",
        headers=writer(secretariat),
    )  # fmt: skip

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body"],
            "msg": "Không đọc được nội dung gửi lên: phải là JSON hợp lệ (UTF-8).",
            "type": "json_invalid",
        }
    ]


def test_the_screens_form_rules_apply_with_their_vietnamese_message(
    api_send, writer, secretariat, world
):
    body = unit_body(world, gso_code="12AB")
    response = api_send("post", "/units", writer(secretariat), body)

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": ["body", "gso_code"], "msg": "Mã GSO chỉ gồm chữ số.", "type": "invalid"}
        ]
    }


def test_a_duplicate_code_is_a_vietnamese_422_not_a_500(api_send, writer, secretariat, world):
    body = unit_body(world, code=world.commune_a.code)
    response = api_send("post", "/units", writer(secretariat), body)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "code"]
    assert error["msg"] == "Mã đơn vị này đã được dùng cho một đơn vị khác."


def test_patch_keeps_the_fields_it_does_not_send(api_send, writer, secretariat, world):
    unit = world.commune_a
    response = api_send("patch", f"/units/{unit.pk}", writer(secretariat), {"name": "Xã Mới"})

    assert response.status_code == 200, response.content
    unit.refresh_from_db()
    assert (unit.name, unit.code, unit.gso_code, unit.parent_id) == (
        "Xã Mới", "X01732", "01732", world.district.pk,
    )  # fmt: skip


def test_moving_a_unit_under_itself_is_refused_by_the_service(api_send, writer, admin_user, world):
    district = world.district
    response = api_send(
        "patch", f"/units/{district.pk}", writer(admin_user), {"parent": world.commune_a.pk}
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "parent"]
    district.refresh_from_db()
    assert district.parent_id == world.province.pk


# Idempotency-Key -----------------------------------------------------------------------------


def test_the_same_key_and_body_replays_the_first_answer_without_a_second_write(
    api_send, writer, secretariat, world
):
    headers = {**writer(secretariat), "Idempotency-Key": "tao-xa-1"}
    first = api_send("post", "/units", headers, unit_body(world))
    second = api_send("post", "/units", headers, unit_body(world))

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Unit.objects.filter(code="X99999").count() == 1
    created = AuditLog.objects.filter(action="org.unit.create", actor_id=secretariat.pk)
    assert created.count() == 1


def test_the_same_key_with_another_body_is_refused_in_vietnamese(
    api_send, writer, secretariat, world
):
    headers = {**writer(secretariat), "Idempotency-Key": "tao-xa-2"}
    assert api_send("post", "/units", headers, unit_body(world)).status_code == 201

    response = api_send("post", "/units", headers, unit_body(world, code="X88888"))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["header", "Idempotency-Key"]
    assert error["msg"].startswith("Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác")
    assert not Unit.objects.filter(code="X88888").exists()


def test_a_failed_request_leaves_its_key_free_for_the_corrected_retry(
    api_send, writer, secretariat, world
):
    headers = {**writer(secretariat), "Idempotency-Key": "tao-xa-3"}
    bad = api_send("post", "/units", headers, unit_body(world, gso_code="AB"))
    assert bad.status_code == 422

    good = api_send("post", "/units", headers, unit_body(world))

    assert good.status_code == 201
    assert IdempotencyKey.objects.get(key="tao-xa-3").status == 201


def test_keys_belong_to_their_user(api_send, writer, secretariat, admin_user, world):
    key = {"Idempotency-Key": "chung"}
    assert (
        api_send("post", "/units", writer(secretariat) | key, unit_body(world)).status_code == 201
    )

    response = api_send("post", "/units", writer(admin_user) | key, unit_body(world))

    assert response.status_code == 422  # a new write (the code is taken), not a replay
    assert "Idempotent-Replayed" not in response


def test_an_expired_key_is_forgotten(api_send, writer, secretariat, world):
    headers = {**writer(secretariat), "Idempotency-Key": "cu"}
    assert api_send("post", "/units", headers, unit_body(world)).status_code == 201
    IdempotencyKey.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = api_send("post", "/units", headers, unit_body(world, code="X77777"))

    assert response.status_code == 201
    assert Unit.objects.filter(code="X77777").exists()


def test_a_key_longer_than_255_characters_is_refused(api_send, writer, secretariat, world):
    headers = {**writer(secretariat), "Idempotency-Key": "k" * 256}
    response = api_send("post", "/units", headers, unit_body(world))

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Khóa Idempotency-Key không được dài quá 255 ký tự."
    )
    assert not Unit.objects.filter(code="X99999").exists()


def test_the_schema_documents_the_key_and_the_write_answers(client):
    schema = client.get(f"{API}/openapi.json").json()
    post = schema["paths"]["/api/v1/units"]["post"]

    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert {"201", "403", "422"} <= set(post["responses"])
    assert post["summary"] == "Thêm đơn vị"
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "PartnerAuth"}
