# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""A certificate stays checkable without this server: its QR code carries a statement signed
with its issuer's key; the keys and a signed revocation list are published."""

import base64
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.test import Client

from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.awards import services as aws
from thidua.awards.models import Certificate, IssuerKey
from thidua.awards.statements import certificate_print_item, certificate_qr_text
from thidua.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _check_with_published_keys(token: str, jwks: dict) -> dict:
    """Verify as an outsider would: the published JWK set and a standard Ed25519 library only."""
    head, body, sig = token.split(".")
    kid = json.loads(_b64(head))["kid"]
    jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
    Ed25519PublicKey.from_public_bytes(_b64(jwk["x"])).verify(_b64(sig), f"{head}.{body}".encode())
    return json.loads(_b64(body))


@pytest.fixture
def certificates(decided):
    return list(
        Certificate.objects.filter(award__decision=decided)
        .select_related("award__award_form", "award__person", "award__decision")
        .order_by("register_number")
    )


def test_issuing_publishes_the_issuers_key_once_with_its_audit_row(decided, certificates):
    keys = IssuerKey.objects.filter(issuer=decided.issuer)
    assert keys.count() == 1 and keys.get().retired_at is None
    assert AuditLog.objects.filter(action="awards.issuer_key.publish").count() == 1
    aws.issuer_key_publish(issuer_id=decided.issuer_id)  # again: nothing new
    assert keys.count() == 1
    assert AuditLog.objects.filter(action="awards.issuer_key.publish").count() == 1


def test_a_certificates_qr_statement_verifies_with_only_the_published_key(
    decided, certificates, django_db_blocker
):
    jwks = Client().get("/xac-thuc/khoa-cong-khai.json").json()
    cert = certificates[0]
    qr = certificate_print_item(cert)["qr_url"]
    link, token = qr.split("#")
    assert link.endswith("/xac-thuc/" + "-".join(cert.code[i : i + 4] for i in (0, 4, 8)))
    expected = {
        "c": cert.code,
        "d": decided.reference,
        "t": decided.decided_on.isoformat(),
        "f": cert.award.award_form.name,
        "i": decided.issuer_title,
        "y": decided.year,
    }
    with django_db_blocker.block():  # from here on, no database
        claims = _check_with_published_keys(token, jwks)
        assert {k: claims[k] for k in expected} == expected
        assert cert.award.name in claims["n"]
        head, body, sig = token.split(".")
        for altered in (
            f"{head}.{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}.{sig}",
            f"{head}.{body}.{sig[:5]}{'A' if sig[5] != 'A' else 'B'}{sig[6:]}",
        ):
            with pytest.raises((InvalidSignature, ValueError)):
                _check_with_published_keys(altered, jwks)


def test_the_statement_is_the_same_on_every_print(decided, certificates):
    cert = certificates[1]
    assert certificate_qr_text(cert) == certificate_qr_text(Certificate.objects.get(pk=cert.pk))


def test_a_new_server_secret_retires_the_old_key_and_old_statements_still_verify(
    decided, certificates, settings
):
    cert = certificates[0]
    old_token = certificate_qr_text(cert).split("#")[1]
    settings.SECRET_KEY = "một-bí-mật-mới-sau-khi-chuyển-máy-chủ-" + "x" * 30
    aws.issuer_key_publish(issuer_id=decided.issuer_id)
    keys = IssuerKey.objects.filter(issuer=decided.issuer).order_by("created_at")
    assert [k.retired_at is None for k in keys] == [False, True]
    jwks = Client().get("/xac-thuc/khoa-cong-khai.json").json()
    assert _check_with_published_keys(old_token, jwks)["c"] == cert.code
    new_token = certificate_qr_text(cert).split("#")[1]
    assert new_token != old_token
    assert _check_with_published_keys(new_token, jwks)["c"] == cert.code


def test_the_revocation_list_is_signed_and_names_the_revoked_certificate(
    decided, certificates, secretariat
):
    revoked, kept = certificates[0], certificates[1]
    aws.certificate_revoke(
        actor=secretariat, certificate=revoked, reason="Hồ sơ không trung thực",
        reference="Quyết định số 12/QĐ-UBND ngày 05/01/2024",
    )  # fmt: skip
    client = Client()
    jwks = client.get("/xac-thuc/khoa-cong-khai.json").json()
    response = client.get("/xac-thuc/thu-hoi.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    lists = [_check_with_published_keys(t, jwks) for t in response.json()["lists"]]
    codes = {r["c"]: r for entry in lists for r in entry["revoked"]}
    assert set(codes) == {revoked.code}
    assert codes[revoked.code]["ref"] == "Quyết định số 12/QĐ-UBND ngày 05/01/2024"
    assert kept.code not in codes


def test_the_offline_page_carries_its_keys_and_allows_only_its_own_inline_script(
    decided, certificates
):
    response = Client().get("/xac-thuc/ngoai-tuyen.html")
    html = response.content.decode()
    published = json.loads(html.split('id="published">')[1].split("</script>")[0])
    kids = {k["kid"] for k in published["keys"]["keys"]}
    assert IssuerKey.objects.get(issuer=decided.issuer).kid in kids
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'sha256-" in script_src and "'unsafe-inline'" not in script_src
    download = Client().get("/xac-thuc/ngoai-tuyen.html?tai-ve=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_the_verification_form_points_to_the_offline_page(decided):
    html = Client().get("/xac-thuc/").content.decode()
    assert 'href="/xac-thuc/ngoai-tuyen.html"' in html
    assert 'href="/xac-thuc/khoa-cong-khai.json"' in html
