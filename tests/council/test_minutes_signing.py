# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The council's minutes as a signed document: issued once the vote is closed (stored with its
SHA-256, immutable), then signed by the chair on a PKCS#11 token (Debian's SoftHSM2) and by the
secretary through a remote-signing service (the local CSC stand-in), each PAdES B-LT chained to
the test CA and checked with pyHanko; one changed byte and both show invalid. Only the chair and
the secretary sign; only the secretariat or the secretary issues; nobody issues twice."""

import hashlib
import io

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import PermissionDenied, ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from tests.api.conftest import API, bearer  # noqa: F401
from tests.conftest import login
from tests.signing_pki import (
    PIN,
    SOFTHSM_MODULE,
    configure_softhsm,
    softhsm_token,
    start_csc,
    start_pki,
)
from thidua.awards import services as awards_services
from thidua.core.models import AuditLog
from thidua.council import minutes_signing
from thidua.council.models import IssuedMinutes
from thidua.documents.models import FileSignature
from thidua.documents.personal_signing import load_certificate

pytestmark = pytest.mark.django_db

TOKEN, KEY = "thidua-hoidong", "chutich-hoidong"
CHAIR_CN, SECRETARY_CN = "Đào Nguyên Phong", "Hà Thị Thu"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("softhsm-minutes")
    configure_softhsm(folder)
    public = softhsm_token(folder, label=TOKEN, key_label=KEY)
    pki, stop_pki = start_pki()
    pki.chair_pem = pki.issue(CHAIR_CN, public).public_bytes(serialization.Encoding.PEM)
    pki.csc, stop_csc = start_csc(pki, cn=SECRETARY_CN, username="thuky")
    yield pki
    stop_csc()
    stop_pki()


@pytest.fixture
def signing(pki, settings, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem)
    settings.THIDUA_PKCS11_MODULES = [SOFTHSM_MODULE]
    settings.THIDUA_CSC_SERVICES = [pki.csc.url]
    settings.THIDUA_SIGNING_TSA_URL = pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots)
    return pki


@pytest.fixture
def declared(signing, board):
    """The chair's token and the secretary's remote-signing account, declared."""
    awards_services.signing_credential_set(
        actor=board.chair.user, module=SOFTHSM_MODULE, token_label=TOKEN, key_label=KEY,
        certificate_pem=signing.chair_pem.decode(),
    )  # fmt: skip
    awards_services.signing_credential_set_remote(
        actor=board.secretary.user, service_url=signing.csc.url, api_version="v2",
        account=signing.csc.username, credential_id="", secret=signing.csc.password,
    )  # fmt: skip
    return signing


def _file(session) -> bytes:
    issued = minutes_signing.issued_minutes_of(session)
    with issued.document.pdf.open("rb") as f:
        return f.read()


def _sign_both(session, board, pki):
    minutes_signing.minutes_sign(actor=board.chair.user, session=session, pin=PIN)
    minutes_signing.minutes_sign(
        actor=board.secretary.user, session=session, pin=pki.csc.pin, secret=pki.csc.password
    )


def test_issued_minutes_signed_by_chair_and_secretary_are_b_lt_and_break_on_one_byte(
    declared, closed, board, secretariat, client, bearer
):
    issued = minutes_signing.minutes_issue(actor=secretariat, session=closed)
    first = _file(closed)
    assert first.startswith(b"%PDF") and issued.document.sha256 == hashlib.sha256(first).hexdigest()
    assert [s["signed"] for s in minutes_signing.minutes_signatures(closed)] == [False, False]

    _sign_both(closed, board, declared)
    assert AuditLog.objects.filter(action="documents.signed_file.sign").count() == 2
    signed = _file(closed)
    assert signed.startswith(first)  # incremental: the issued bytes are kept as they were

    reader = PdfFileReader(io.BytesIO(signed))
    sigs = list(reader.embedded_signatures)
    assert [s.field_name for s in sigs] == ["chair-1", "secretary-1"]
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context({
        "trust_roots": [load_certificate(declared.root_pem)], "allow_fetching": False,
        "revocation_mode": "hard-fail",
    })  # fmt: skip
    names = []
    for sig in sigs:
        status = validate_pdf_signature(sig, signer_validation_context=offline)
        assert status.bottom_line, status.pretty_print_details()
        assert status.timestamp_validity is not None
        names.append(status.signing_cert.subject.native["common_name"])
    assert names == [CHAIR_CN, SECRETARY_CN]

    url = f"{API}/council-sessions/{closed.pk}"
    listed = client.get(url, headers=bearer(secretariat)).json()["minutes"]
    assert listed["sha256"] == issued.document.sha256
    assert [(s["step"], s["signer"], s["valid"]) for s in listed["signatures"]] == [
        ("chair", CHAIR_CN, True), ("secretary", SECRETARY_CN, True),
    ]  # fmt: skip

    broken = bytearray(signed)
    at = broken.index(b"/MediaBox") + 12  # inside the part both signatures cover
    broken[at] = ord("7") if broken[at] != ord("7") else ord("6")
    document = minutes_signing.issued_minutes_of(closed).document
    with document.pdf.storage.open(document.pdf.name, "wb") as f:
        f.write(bytes(broken))
    listed = client.get(url, headers=bearer(secretariat)).json()["minutes"]
    assert [s["valid"] for s in listed["signatures"]] == [False, False]


def test_only_the_chair_and_the_secretary_sign_and_nobody_issues_twice(
    declared, closed, board, secretariat, council_member, focal_a
):
    with pytest.raises(PermissionDenied):
        minutes_signing.minutes_issue(actor=council_member, session=closed)
    with pytest.raises(ValidationError, match="chưa được phát hành"):
        minutes_signing.minutes_sign(actor=board.chair.user, session=closed, pin=PIN)
    minutes_signing.minutes_issue(actor=secretariat, session=closed)
    for outsider in (council_member, board.members[3].user, secretariat, focal_a):
        with pytest.raises(PermissionDenied):
            minutes_signing.minutes_sign(actor=outsider, session=closed, pin=PIN)
    assert not FileSignature.objects.exists()

    minutes_signing.minutes_sign(actor=board.chair.user, session=closed, pin=PIN)
    with pytest.raises(ValidationError, match="đã được ký"):
        minutes_signing.minutes_sign(actor=board.chair.user, session=closed, pin=PIN)
    before = _file(closed)
    with pytest.raises(ValidationError, match="không phát hành lại"):
        minutes_signing.minutes_issue(actor=board.secretary.user, session=closed)
    assert IssuedMinutes.objects.filter(session=closed).count() == 1
    assert _file(closed) == before


def test_minutes_are_issued_only_after_the_vote_closed(voting, secretariat):
    with pytest.raises(ValidationError, match="kết thúc bỏ phiếu"):
        minutes_signing.minutes_issue(actor=secretariat, session=voting)
    assert not IssuedMinutes.objects.exists()


def test_a_wrong_pin_signs_nothing(declared, closed, board, secretariat):
    minutes_signing.minutes_issue(actor=secretariat, session=closed)
    before = _file(closed)
    with pytest.raises(ValidationError, match="mã PIN"):
        minutes_signing.minutes_sign(actor=board.chair.user, session=closed, pin="000000")
    assert _file(closed) == before
    assert not FileSignature.objects.exists()


def test_the_session_page_issues_then_the_chair_signs(declared, closed, board, secretariat, client):
    page = f"/hoi-dong/{closed.pk}/"
    login(client, secretariat)
    assert "Phát hành biên bản họp" in client.get(page).content.decode()
    client.post(f"/hoi-dong/{closed.pk}/bien-ban/phat-hanh/")
    html = client.get(page).content.decode()
    assert "Chưa ký" in html and "Ký số biên bản họp" not in html
    # the secretariat cannot sign: the sign URL answers 404, nothing signed
    assert client.post(f"/hoi-dong/{closed.pk}/bien-ban/ky-so/", {"pin": PIN}).status_code == 404

    client.logout()
    login(client, board.chair.user)
    assert "Ký số biên bản họp" in client.get(page).content.decode()
    done = client.post(f"/hoi-dong/{closed.pk}/bien-ban/ky-so/", {"pin": PIN}, follow=True)
    html = done.content.decode()
    assert f"Đã ký số biên bản họp ({CHAIR_CN})" in html
    assert "Hợp lệ, kiểm tra được lâu dài" in html
    assert FileSignature.objects.get().step == "chair"
    stored = client.get(f"/hoi-dong/{closed.pk}/bien-ban/da-phat-hanh.pdf")
    assert b"".join(stored.streaming_content) == _file(closed)
