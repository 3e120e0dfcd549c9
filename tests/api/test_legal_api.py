"""The write API of the legal and council side (/api/v1/councils, /rule-sets, /base-salaries):
the screens' forms validate, the services write with their audit rows; a ballot is cast only
as the token's own member; refusals are 422 in Vietnamese per field with nothing stored."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.awards.models import BaseSalary, Coefficient, RuleSet
from thidua.core.models import AuditLog
from thidua.council.models import BallotReceipt, Council, CouncilMember, PassRule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_secretariat_creates_a_council_and_adds_a_member(
    api_send, writer, secretariat, world, chair
):
    headers = writer(secretariat)
    response = api_send(
        "post",
        "/councils",
        headers,
        {"issuer": world.district.pk, "name": "Hội đồng TĐKT huyện", "valid_from": "2027-01-01",
         "quorum": "2/3"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    council = Council.objects.get()
    assert response.json()["quorum"] == "2/3"

    response = api_send(
        "post",
        f"/councils/{council.pk}/members",
        headers,
        {"user": chair.pk, "full_name": "Đào Nguyên Phong", "role": "chair"},
    )
    assert response.status_code == 201, response.content
    assert CouncilMember.objects.get().user == chair
    assert AuditLog.objects.filter(action="council.member.add", actor=secretariat).exists()

    response = api_send("patch", f"/councils/{council.pk}", headers, {"quorum": "0"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "quorum"]
    assert Council.objects.get().quorum_num == 2


def test_a_council_without_a_quorum_is_a_422(api_send, writer, secretariat, world):
    response = api_send(
        "post",
        "/councils",
        writer(secretariat),
        {"issuer": world.district.pk, "name": "Hội đồng", "valid_from": "2027-01-01",
         "quorum": "0"},
    )  # fmt: skip
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "quorum"]
    assert detail[0]["msg"].startswith("Nhập tỷ lệ thành viên dự họp tối thiểu")
    assert not Council.objects.exists()


def test_pass_rules_are_the_administrators(api_send, writer, secretariat, admin_user):
    body = {"form_kind": "GIAY_KHEN_CHU_TICH_XA", "level": "commune", "ballot_type": "secret",
            "denominator": "all_members", "threshold": "2/3", "quorum": "2/3"}  # fmt: skip
    assert api_send("post", "/councils/pass-rules", writer(secretariat), body).status_code == 403
    response = api_send("post", "/councils/pass-rules", writer(admin_user), body)
    assert response.status_code == 201, response.content
    assert response.json()["threshold"] == "2/3"
    assert PassRule.objects.get().level == "commune"


def test_a_ballot_is_cast_only_by_the_members_own_token(
    api_send,
    writer,
    voting,
    board,
    secretariat,  # noqa: F811
):
    choices = {str(i.pk): "agree" for i in voting.items.all()}
    # the secretariat may run the session but not vote for anyone
    response = api_send(
        "post", f"/council-sessions/{voting.pk}/ballot", writer(secretariat), {"choices": choices}
    )
    assert response.status_code in (403, 404)
    assert BallotReceipt.objects.count() == 0

    member = board.members[1]
    response = api_send(
        "post", f"/council-sessions/{voting.pk}/ballot", writer(member.user), {"choices": choices}
    )
    assert response.status_code == 201, response.content
    assert "Deprecation" not in response
    assert list(BallotReceipt.objects.values_list("member_id", flat=True)) == [member.pk]

    # the old path is the same operation, answered with its successor named
    again = api_send(
        "post", f"/councils/sessions/{voting.pk}/ballot", writer(member.user), {"choices": choices}
    )
    assert (again["Deprecation"], again["Link"]) == (
        "true",
        f'</api/v1/council-sessions/{voting.pk}/ballot>; rel="successor-version"',
    )
    assert again.status_code == 422
    assert "mỗi thành viên chỉ bỏ phiếu một lần" in again.json()["detail"][0]["msg"]
    assert BallotReceipt.objects.count() == 1


def test_rule_set_coefficients_and_base_salaries(
    api_send, api_get, writer, admin_user, secretariat
):
    headers = writer(admin_user)
    current = RuleSet.objects.get(code="152/2025/NĐ-CP")
    response = api_send(
        "post",
        f"/rule-sets/{current.pk}/coefficients",
        headers,
        {"form_kind": "CSTD_TINH", "subject_type": "collective", "value": "0,45"},
    )
    assert response.status_code == 201, response.content
    assert Coefficient.objects.get(pk=response.json()["id"]).coefficient == Decimal("0.45")

    response = api_send(
        "post",
        "/base-salaries",
        headers,
        {"valid_from": "2028-07-01", "amount": "2.700.000", "decree": "99/2028/NĐ-CP"},
    )
    assert response.status_code == 201, response.content
    assert BaseSalary.objects.get(valid_from=dt.date(2028, 7, 1)).amount == 2_700_000

    previous = BaseSalary.objects.filter(valid_from__lt=dt.date(2028, 7, 1)).latest("valid_from")
    response = api_send(
        "patch", f"/base-salaries/{previous.pk}", headers, {"valid_to": "2028-12-31"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("Trùng thời gian với mức lương cơ sở")
    previous.refresh_from_db()
    assert previous.valid_to is None

    assert api_send("post", "/base-salaries", writer(secretariat), {}).status_code == 403
    listed = api_get("/base-salaries", writer(secretariat))
    assert listed.status_code == 200
    assert {"valid_from": "2028-07-01", "amount": 2_700_000} in [
        {k: row[k] for k in ("valid_from", "amount")} for row in listed.json()
    ]
