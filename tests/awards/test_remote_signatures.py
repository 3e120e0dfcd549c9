# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The person who signs signs the decision through a remote-signing service speaking the Cloud
Signature Consortium API (a local stand-in holding a key the test CA certified, since the real
service is outside the machine): PAdES B-LT, chained to the test CA, checked with pyHanko; one
changed byte and the signature shows invalid."""

import io

import pytest
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from tests.api.conftest import API, bearer  # noqa: F401
from tests.conftest import login
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from tests.signing_pki import start_csc, start_pki
from thidua.awards import services
from thidua.awards.models import SigningCredential
from thidua.core.models import AuditLog
from thidua.documents.models import FileSignature
from thidua.documents.personal_signing import load_certificate

pytestmark = pytest.mark.django_db

SIGNER = "Trần Thị Ký Từ Xa"


@pytest.fixture(scope="module")
def remote():
    pki, stop_pki = start_pki()
    csc, stop_csc = start_csc(pki, cn=SIGNER)
    csc.pki = pki
    yield csc
    stop_csc()
    stop_pki()


@pytest.fixture
def signing(remote, settings, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(remote.pki.root_pem)
    settings.THIDUA_CSC_SERVICES = [remote.url]
    settings.THIDUA_SIGNING_TSA_URL = remote.pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots)
    return remote


def _declare(user, csc, *, api_version="v1"):
    return services.signing_credential_set_remote(
        actor=user, service_url=csc.url, api_version=api_version, account=csc.username,
        credential_id="", secret=csc.password,
    )  # fmt: skip


def _pdf(decision) -> bytes:
    decision.refresh_from_db()
    with decision.pdf.open("rb") as f:
        return f.read()


@pytest.mark.parametrize("api_version", ["v1", "v2"])
def test_a_decision_signed_through_the_csc_service_is_pades_b_lt_chained_to_the_test_ca(
    signing, decided, chair, api_version
):
    credential = _declare(chair, signing, api_version=api_version)
    assert credential.kind == "csc" and credential.credential_id == signing.credential_id
    assert credential.subject == SIGNER
    signing.calls.clear()
    signature = services.decision_sign(
        actor=chair, decision=decided, pin=signing.pin, secret=signing.password
    )
    assert signature.signer_name == SIGNER
    # the whole CSC conversation, the hash authorised with the PIN, then signed
    assert signing.calls == [
        "auth/login", "credentials/info", "credentials/authorize", "signatures/signHash"
    ]  # fmt: skip

    reader = PdfFileReader(io.BytesIO(_pdf(decided)))
    (sig,) = reader.embedded_signatures
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context({
        "trust_roots": [load_certificate(signing.pki.root_pem)], "allow_fetching": False,
        "revocation_mode": "hard-fail",
    })  # fmt: skip
    status = validate_pdf_signature(sig, signer_validation_context=offline)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None
    assert status.signing_cert.subject.native["common_name"] == SIGNER


def test_the_api_lists_the_remote_signature_valid_then_invalid_after_one_byte_changes(
    signing, decided, chair, client, bearer
):
    _declare(chair, signing)
    services.decision_sign(actor=chair, decision=decided, pin=signing.pin, secret=signing.password)
    url = f"{API}/decisions/{decided.pk}"
    (listed,) = client.get(url, headers=bearer(chair)).json()["signatures"]
    assert listed["signer"] == SIGNER and listed["valid"] is True

    signed = bytearray(_pdf(decided))
    at = signed.index(b"/MediaBox") + 12
    signed[at] = ord("7") if signed[at] != ord("7") else ord("6")
    with decided.pdf.storage.open(decided.pdf.name, "wb") as f:
        f.write(bytes(signed))
    (listed,) = client.get(url, headers=bearer(chair)).json()["signatures"]
    assert listed["valid"] is False


def test_a_wrong_pin_a_wrong_password_or_a_service_not_allowed_signs_nothing(
    signing, decided, chair, settings
):
    _declare(chair, signing)
    before = _pdf(decided)
    with pytest.raises(ValidationError, match="mã PIN không đúng"):
        services.decision_sign(actor=chair, decision=decided, pin="000", secret=signing.password)
    with pytest.raises(ValidationError, match="kiểm tra tài khoản, mật khẩu"):
        services.decision_sign(actor=chair, decision=decided, pin=signing.pin, secret="sai")
    settings.THIDUA_CSC_SERVICES = []
    with pytest.raises(ValidationError, match="không còn được phép"):
        services.decision_sign(
            actor=chair, decision=decided, pin=signing.pin, secret=signing.password
        )
    assert _pdf(decided) == before
    assert not FileSignature.objects.exists()
    assert not AuditLog.objects.filter(action="documents.signed_file.sign").exists()


def test_a_remote_account_is_refused_with_reasons_and_nothing_stored(signing, chair):
    with pytest.raises(ValidationError) as caught:
        services.signing_credential_set_remote(
            actor=chair, service_url="http://127.0.0.1:9", api_version="v9", account="x",
            credential_id="", secret="",
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"service_url", "api_version", "secret"}
    with pytest.raises(ValidationError, match="kiểm tra tài khoản, mật khẩu"):
        services.signing_credential_set_remote(
            actor=chair, service_url=signing.url, api_version="v1", account=signing.username,
            credential_id="", secret="sai",
        )  # fmt: skip
    assert not SigningCredential.objects.exists()


def test_declaring_the_remote_service_and_signing_in_the_back_office(
    signing, decided, chair, client
):
    login(client, chair)
    response = client.post("/chu-ky-so/", {
        "kind": "csc", "service_url": signing.url, "api_version": "v2",
        "account": signing.username, "credential_id": "", "secret": signing.password,
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get("/chu-ky-so/").content.decode()
    assert SIGNER in page and signing.credential_id in page
    detail = client.get(f"/quyet-dinh/{decided.pk}/").content.decode()
    assert "Mật khẩu dịch vụ ký số từ xa" in detail

    wrong = client.post(f"/quyet-dinh/{decided.pk}/ky-so/", {"pin": "1", "secret": "x"})
    assert "Dịch vụ ký số từ xa từ chối" in wrong.content.decode()
    done = client.post(
        f"/quyet-dinh/{decided.pk}/ky-so/",
        {"pin": signing.pin, "secret": signing.password}, follow=True,
    )  # fmt: skip
    html = done.content.decode()
    assert "Đã ký số Quyết định số" in html
    assert 'class="signature"' in html and "Hợp lệ, kiểm tra được lâu dài" in html
