# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The unit's tờ trình as a signed document: generated as PDF from the proposal, stored with
its SHA-256, signed by the unit head (the org role UNIT_HEAD over the unit) on a PKCS#11 token
(Debian's SoftHSM2), PAdES B-LT chained to the test CA; one changed byte and it shows invalid.
Only the unit head signs; the focal point issues but does not sign; another unit sees
nothing."""

import io

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import PermissionDenied, ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from tests.api.conftest import API, bearer  # noqa: F401
from tests.conftest import _persona, login
from tests.nominations.conftest import _private_media, campaign, proposal_a  # noqa: F401
from tests.signing_pki import PIN, SOFTHSM_MODULE, configure_softhsm, softhsm_token, start_pki
from thidua.awards import services as awards_services
from thidua.documents.models import FileSignature
from thidua.documents.personal_signing import load_certificate
from thidua.nominations import letter_signing
from thidua.nominations.models import ProposalLetter
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db

TOKEN, KEY, HEAD_CN = "thidua-thutruong", "thutruong", "Nông Văn Thủ Trưởng"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("softhsm-letter")
    configure_softhsm(folder)
    public = softhsm_token(folder, label=TOKEN, key_label=KEY)
    pki, stop = start_pki()
    pki.head_pem = pki.issue(HEAD_CN, public).public_bytes(serialization.Encoding.PEM)
    yield pki
    stop()


@pytest.fixture
def head_a(world, pki, settings, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem)
    settings.THIDUA_PKCS11_MODULES = [SOFTHSM_MODULE]
    settings.THIDUA_SIGNING_TSA_URL = pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots)
    head = _persona("thutruong.a", Role.UNIT_HEAD, world.commune_a)
    awards_services.signing_credential_set(
        actor=head, module=SOFTHSM_MODULE, token_label=TOKEN, key_label=KEY,
        certificate_pem=pki.head_pem.decode(),
    )  # fmt: skip
    return head


def _file(proposal) -> bytes:
    with letter_signing.letter_of(proposal).document.pdf.open("rb") as f:
        return f.read()


def test_the_unit_head_signs_the_letter_b_lt_and_one_byte_breaks_it(
    head_a, pki, proposal_a, focal_a, client, bearer
):
    letter = letter_signing.letter_issue(actor=focal_a, proposal=proposal_a)
    assert _file(proposal_a).startswith(b"%PDF") and letter.version == 1
    letter_signing.letter_sign(actor=head_a, proposal=proposal_a, pin=PIN)

    reader = PdfFileReader(io.BytesIO(_file(proposal_a)))
    (sig,) = reader.embedded_signatures
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context({
        "trust_roots": [load_certificate(pki.root_pem)], "allow_fetching": False,
        "revocation_mode": "hard-fail",
    })  # fmt: skip
    status = validate_pdf_signature(sig, signer_validation_context=offline)
    assert status.bottom_line, status.pretty_print_details()

    url = f"{API}/proposals/{proposal_a.pk}"
    listed = client.get(url, headers=bearer(focal_a)).json()["letter"]
    assert listed["sha256"] == letter.document.sha256
    assert [(s["step"], s["signer"], s["valid"]) for s in listed["signatures"]] == [
        ("unit_head", HEAD_CN, True)
    ]
    document = letter_signing.letter_of(proposal_a).document
    broken = bytearray(_file(proposal_a))
    at = broken.index(b"/MediaBox") + 12
    broken[at] = ord("7") if broken[at] != ord("7") else ord("6")
    with document.pdf.storage.open(document.pdf.name, "wb") as f:
        f.write(bytes(broken))
    (after,) = client.get(url, headers=bearer(focal_a)).json()["letter"]["signatures"]
    assert after["valid"] is False

    with pytest.raises(ValidationError, match="không lập lại"):
        letter_signing.letter_issue(actor=focal_a, proposal=proposal_a)


def test_only_the_unit_head_signs_and_an_unsigned_letter_is_issued_again_as_a_new_version(
    head_a, proposal_a, focal_a, focal_b, secretariat, world
):
    with pytest.raises(ValidationError, match="chưa được lập"):
        letter_signing.letter_sign(actor=head_a, proposal=proposal_a, pin=PIN)
    first = letter_signing.letter_issue(actor=focal_a, proposal=proposal_a)
    with pytest.raises(PermissionDenied):
        letter_signing.letter_issue(actor=focal_b, proposal=proposal_a)
    head_b = _persona("thutruong.b", Role.UNIT_HEAD, world.commune_b)
    for outsider in (focal_a, focal_b, secretariat, head_b):
        with pytest.raises(PermissionDenied):
            letter_signing.letter_sign(actor=outsider, proposal=proposal_a, pin=PIN)
    assert not FileSignature.objects.exists()
    second = letter_signing.letter_issue(actor=focal_a, proposal=proposal_a)
    assert (first.version, second.version) == (1, 2)
    assert ProposalLetter.objects.filter(proposal=proposal_a).count() == 2  # the first kept
    letter_signing.letter_sign(actor=head_a, proposal=proposal_a, pin=PIN)
    assert FileSignature.objects.get().signed_file_id == second.document_id


def test_the_proposal_page_lets_the_focal_point_issue_and_the_head_sign(
    head_a, proposal_a, focal_a, focal_b, client
):
    page = f"/de-nghi/{proposal_a.pk}/"
    login(client, focal_a)
    assert "Lập tờ trình (PDF) để ký" in client.get(page).content.decode()
    client.post(f"/de-nghi/{proposal_a.pk}/to-trinh/lap/")
    html = client.get(page).content.decode()
    assert "Chưa ký" in html and "Ký số tờ trình" not in html
    assert client.post(f"/de-nghi/{proposal_a.pk}/to-trinh/ky-so/", {"pin": PIN}).status_code == 404
    client.logout()
    login(client, focal_b)
    assert client.get(f"/de-nghi/{proposal_a.pk}/to-trinh/da-lap.pdf").status_code == 404
    client.logout()
    login(client, head_a)
    done = client.post(f"/de-nghi/{proposal_a.pk}/to-trinh/ky-so/", {"pin": PIN}, follow=True)
    html = done.content.decode()
    assert f"Đã ký số tờ trình ({HEAD_CN})" in html and "Hợp lệ, kiểm tra được lâu dài" in html
