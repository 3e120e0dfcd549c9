import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thidua.api.auth import INVALID
from thidua.core.models import ApiToken, AuditLog

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_token_once_on_its_own_line_and_it_opens_the_api(api_get, secretariat):
    output = run("create", "noivu", "--name", "Đồng bộ nhân sự")

    raw = output.strip().splitlines()[-1]
    assert raw.startswith("td_")
    assert "Mã chỉ hiện một lần" in output
    token = ApiToken.objects.get(user=secretariat)
    assert (token.name, token.prefix) == ("Đồng bộ nhân sự", raw[:8])
    assert raw not in {token.digest, token.prefix}
    assert AuditLog.objects.filter(action="core.api_token.create", object_id=str(token.pk)).exists()
    response = api_get("/me", {"Authorization": f"Bearer {raw}"})
    assert response.json()["username"] == "noivu"


def test_a_token_is_read_only_unless_created_with_scope_write(client, secretariat, world):
    read = run("create", "noivu").strip().splitlines()[-1]
    write_output = run("create", "noivu", "--scope", "write")
    write = write_output.strip().splitlines()[-1]
    body = json.dumps(
        {"code": "X1", "name": "Xã Mới", "kind": "commune", "parent": world.district.pk}
    )

    refused = client.post(
        "/api/v1/units", body, content_type="application/json",
        headers={"Authorization": f"Bearer {read}"},
    )  # fmt: skip
    created = client.post(
        "/api/v1/units", body, content_type="application/json",
        headers={"Authorization": f"Bearer {write}"},
    )  # fmt: skip

    assert "(đọc và ghi)" in write_output
    assert (refused.status_code, created.status_code) == (403, 201)
    assert "Đọc và ghi" in run("list", "noivu")


def test_revoke_by_prefix_makes_the_token_fail(api_get, secretariat):
    raw = run("create", "noivu").strip().splitlines()[-1]

    output = run("revoke", raw[:8])

    assert "Đã thu hồi" in output
    response = api_get("/me", {"Authorization": f"Bearer {raw}"})
    assert (response.status_code, response.json()) == (401, {"detail": INVALID})


def test_revoke_accepts_the_whole_token(api_get, secretariat):
    raw = run("create", "noivu").strip().splitlines()[-1]

    run("revoke", raw)

    assert api_get("/me", {"Authorization": f"Bearer {raw}"}).status_code == 401


def test_revoking_an_unknown_prefix_is_a_vietnamese_error(world):
    with pytest.raises(CommandError, match="Không có mã truy cập còn hiệu lực nào khớp"):
        run("revoke", "td_xxxxx")


def test_list_shows_prefix_name_and_state_of_each_token(secretariat):
    first = run("create", "noivu", "--name", "Máy chủ báo cáo").strip().splitlines()[-1]
    second = run("create", "noivu", "--name", "Đồng bộ").strip().splitlines()[-1]
    run("revoke", first[:8])

    lines = run("list", "noivu").splitlines()

    assert lines[0].startswith("Tiền tố")
    assert lines[1].startswith(first[:8]) and "Máy chủ báo cáo" in lines[1]
    assert "chưa dùng" in lines[1] and "thu hồi" in lines[1]
    assert lines[2].startswith(second[:8]) and lines[2].endswith("còn hiệu lực")


def test_list_of_a_user_without_tokens_says_so(secretariat):
    assert run("list", "noivu").strip() == "Tài khoản «noivu» chưa có mã truy cập nào."


@pytest.mark.parametrize("action", ["create", "list"])
def test_an_unknown_user_is_a_vietnamese_error(world, action):
    with pytest.raises(CommandError, match="Không có tài khoản «ai-do»"):
        run(action, "ai-do")


def test_no_token_is_made_for_an_inactive_user(secretariat):
    secretariat.is_active = False
    secretariat.save(update_fields=["is_active"])

    with pytest.raises(CommandError, match="đã bị khóa"):
        run("create", "noivu")
    assert not ApiToken.objects.exists()
