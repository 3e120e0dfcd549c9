# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The person who signs signs the decision with their own key on a PKCS#11 token (Debian's
SoftHSM2 here), with a certificate of a test CA made by the tests and a local stand-in for the
CA's CRL and time-stamping services: PAdES B-LT, checked with pyHanko; one changed byte and
the signature shows invalid."""

import io

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from tests.api.conftest import API, bearer  # noqa: F401
from tests.conftest import login
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from tests.signing_pki import PIN, SOFTHSM_MODULE, configure_softhsm, softhsm_token, start_pki
from thidua.awards import selectors, services
from thidua.awards.models import SigningCredential
from thidua.core.models import AuditLog
from thidua.documents.models import FileSignature
from thidua.documents.personal_signing import load_certificate

pytestmark = pytest.mark.django_db

TOKEN, KEY = "thidua-chutich", "chutich"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("softhsm")
    configure_softhsm(folder)
    public = softhsm_token(folder, label=TOKEN, key_label=KEY)
    pki, stop = start_pki()
    pki.signer_pem = pki.issue("Nguyễn Văn Chủ Tịch", public).public_bytes(
        serialization.Encoding.PEM
    )
    yield pki
    stop()


@pytest.fixture
def signing(pki, settings, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem)
    settings.THIDUA_PKCS11_MODULES = [SOFTHSM_MODULE]
    settings.THIDUA_SIGNING_TSA_URL = pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots)
    return pki


def _declare(user, pki):
    return services.signing_credential_set(
        actor=user, module=SOFTHSM_MODULE, token_label=TOKEN, key_label=KEY,
        certificate_pem=pki.signer_pem.decode(),
    )  # fmt: skip


def _pdf(decision) -> bytes:
    decision.refresh_from_db()
    with decision.pdf.open("rb") as f:
        return f.read()


def test_a_decision_signed_on_the_token_is_pades_b_lt_chained_to_the_test_ca(
    signing, decided, chair
):
    _declare(chair, signing)
    signature = services.decision_sign(actor=chair, decision=decided, pin=PIN)
    assert signature.signer_name == "Nguyễn Văn Chủ Tịch"
    assert AuditLog.objects.filter(action="documents.signed_file.sign").count() == 1

    reader = PdfFileReader(io.BytesIO(_pdf(decided)))
    (sig,) = reader.embedded_signatures
    # Long term: with no fetching and revocation checked hard, the file's own DSS must hold
    # everything (the chain and the CA's CRL).
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context({
        "trust_roots": [load_certificate(signing.root_pem)], "allow_fetching": False,
        "revocation_mode": "hard-fail",
    })  # fmt: skip
    assert len(DocumentSecurityStore.read_dss(reader).crls) >= 1
    status = validate_pdf_signature(sig, signer_validation_context=offline)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None
    assert status.signing_cert.subject.native["common_name"] == "Nguyễn Văn Chủ Tịch"


def test_the_api_lists_the_signature_valid_then_invalid_after_one_byte_changes(
    signing, decided, chair, client, bearer
):
    _declare(chair, signing)
    services.decision_sign(actor=chair, decision=decided, pin=PIN)
    url = f"{API}/decisions/{decided.pk}"
    (listed,) = client.get(url, headers=bearer(chair)).json()["signatures"]
    assert listed["signer"] == "Nguyễn Văn Chủ Tịch" and listed["step"] == "issue"
    assert listed["valid"] is True

    signed = bytearray(_pdf(decided))
    at = signed.index(b"/MediaBox") + 12  # inside the signed part of the file
    signed[at] = ord("7") if signed[at] != ord("7") else ord("6")
    with decided.pdf.storage.open(decided.pdf.name, "wb") as f:
        f.write(bytes(signed))
    (listed,) = client.get(url, headers=bearer(chair)).json()["signatures"]
    assert listed["valid"] is False


def test_a_wrong_pin_or_a_module_not_allowed_signs_nothing(signing, decided, chair, settings):
    _declare(chair, signing)
    before = _pdf(decided)
    with pytest.raises(ValidationError, match="mã PIN"):
        services.decision_sign(actor=chair, decision=decided, pin="000000")
    settings.THIDUA_PKCS11_MODULES = []
    with pytest.raises(ValidationError, match="không còn được phép"):
        services.decision_sign(actor=chair, decision=decided, pin=PIN)
    assert _pdf(decided) == before
    assert not FileSignature.objects.exists()
    assert not AuditLog.objects.filter(action="documents.signed_file.sign").exists()


def test_a_credential_is_refused_with_reasons_and_nothing_stored(signing, chair, settings):
    with pytest.raises(ValidationError) as caught:
        services.signing_credential_set(
            actor=chair, module="/tmp/evil.so", token_label=" ", key_label="",
            certificate_pem="không phải chứng thư",
        )  # fmt: skip
    errors = caught.value.message_dict
    assert set(errors) == {"module", "token_label", "key_label", "certificate_pem"}
    assert "THIDUA_PKCS11_MODULES" in errors["module"][0]
    assert not SigningCredential.objects.exists()


def test_signing_in_the_back_office_from_declaring_the_token_to_the_signed_decision(
    signing, decided, chair, client
):
    login(client, chair)
    page = client.get(f"/quyet-dinh/{decided.pk}/").content.decode()
    assert "khai báo chữ ký số của bạn" in page
    response = client.post("/chu-ky-so/", {
        "module": SOFTHSM_MODULE, "token_label": TOKEN, "key_label": KEY,
        "certificate": SimpleUploadedFile("chutich.cer", signing.signer_pem),
    })  # fmt: skip
    assert response.status_code == 302
    assert "Nguyễn Văn Chủ Tịch" in client.get("/chu-ky-so/").content.decode()

    wrong = client.post(f"/quyet-dinh/{decided.pk}/ky-so/", {"pin": "999999"})
    assert "kiểm tra thiết bị đã cắm và mã PIN" in wrong.content.decode()
    done = client.post(f"/quyet-dinh/{decided.pk}/ky-so/", {"pin": PIN}, follow=True)
    html = done.content.decode()
    assert "Đã ký số Quyết định số" in html
    assert 'class="signature"' in html and "Hợp lệ, kiểm tra được lâu dài" in html
    assert selectors.decision_document(decided).signatures.count() == 1


def test_a_time_stamping_authority_that_does_not_answer_signs_nothing(
    signing, decided, chair, settings
):
    _declare(chair, signing)
    before = _pdf(decided)
    settings.THIDUA_SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"  # nothing listens there
    with pytest.raises(ValidationError, match="máy chủ cấp dấu thời gian"):
        services.decision_sign(actor=chair, decision=decided, pin=PIN)
    assert _pdf(decided) == before
    assert not FileSignature.objects.exists()
