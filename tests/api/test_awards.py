# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""GET /api/v1/decisions/{id} through the reader's scope; GET /api/v1/certificates/{code} is
public and answers unknown and malformed codes with the same 404."""

import pytest

from tests.awards.conftest import draft, funded, staged  # noqa: F401
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from thidua.awards import services
from thidua.awards.models import Certificate
from thidua.awards.printing import display_code


@pytest.fixture
def issued(draft, chair):
    return services.decision_issue(actor=chair, decision=draft)


def test_decision_has_number_date_rule_set_awards_and_total(api_get, bearer, issued, secretariat):
    response = api_get(f"/decisions/{issued.pk}", bearer(secretariat))
    assert response.status_code == 200
    body = response.json()
    assert {
        k: body[k]
        for k in (
            "number",
            "reference",
            "decided_on",
            "state",
            "rule_set",
            "base_salary",
            "total",
            "signer",
        )
    } == {
        "number": 1,
        "reference": "1/QĐ-UBND",
        "decided_on": "2024-02-05",
        "state": "issued",
        "rule_set": "Nghị định 98/2023/NĐ-CP",
        "base_salary": 1_800_000,
        "total": 3_780_000,
        "signer": "CHỦ TỊCH Đào Nguyên Phong",
    }
    assert [(a["subject_type"], a["amount"]) for a in body["awards"]] == [
        ("collective", 1_080_000),
        ("collective", 1_080_000),
        ("individual", 540_000),
        ("individual", 540_000),
        ("individual", 540_000),
    ]
    codes = {display_code(c) for c in Certificate.objects.values_list("code", flat=True)}
    assert {a["certificate_code"] for a in body["awards"]} == codes
    assert body["awards"][2]["explanation"].startswith("0,3 × 1.800.000 đ = 540.000 đ")


def test_decision_out_of_scope_is_404_like_unknown(api_get, bearer, issued, world):
    from tests.factories import UserFactory, make_unit
    from thidua.org.enums import Role
    from thidua.org.services import role_grant

    other = make_unit("Xã Vũ Nông", parent=world.district, code="X01744")
    user = UserFactory(username="daumoi.c")
    role_grant(actor=None, user=user, role=Role.FOCAL_POINT, unit=other)
    headers = bearer(user)
    assert api_get(f"/decisions/{issued.pk}", headers).status_code == 404
    assert (
        api_get("/decisions/999999", headers).json()
        == api_get(f"/decisions/{issued.pk}", headers).json()
    )


def test_awarded_unit_reads_the_issued_decision(api_get, bearer, issued, focal_a):
    response = api_get(f"/decisions/{issued.pk}", bearer(focal_a))
    assert (response.status_code, response.json()["reference"]) == (200, "1/QĐ-UBND")


def test_decision_needs_a_token(api_get, issued):
    assert api_get(f"/decisions/{issued.pk}").status_code == 401


def test_certificate_check_is_public(api_get, issued, secretariat):
    cert = Certificate.objects.select_related("award").filter(award__decision=issued).first()
    response = api_get(f"/certificates/{display_code(cert.code)}")
    assert response.status_code == 200
    assert response.json() == {
        "code": display_code(cert.code),
        "valid": True,
        "state": "valid",
        "awardee": cert.award.name
        if cert.award.subject_type != "individual"
        else f"Bà {cert.award.name}",
        "detail": cert.award.detail,
        "award_form": "Giấy khen của Chủ tịch UBND huyện",
        "decision": "1/QĐ-UBND",
        "decided_on": "2024-02-05",
        "issuer": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
        "register_number": cert.register_number,
        "revoked_on": None,
        "revoke_reference": "",
    }
    services.certificate_revoke(
        actor=secretariat, certificate=cert, reason="Sai.", reference="Quyết định số 3/QĐ-UBND"
    )
    body = api_get(f"/certificates/{cert.code}").json()
    assert (body["valid"], body["state"], body["revoke_reference"]) == (
        False,
        "revoked",
        "Quyết định số 3/QĐ-UBND",
    )


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ", "abc", "%20", "x" * 200])
def test_unknown_or_malformed_code_is_the_same_404(api_get, issued, code):
    response = api_get(f"/certificates/{code}")
    assert response.status_code == 404
    assert response.json() == {"detail": api_get("/certificates/ZZZZZZZZZZZZ").json()["detail"]}


def test_huge_decision_id_is_404(api_get, bearer, secretariat):
    response = api_get(f"/decisions/{10**30}", bearer(secretariat))
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})
