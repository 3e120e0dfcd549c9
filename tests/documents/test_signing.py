"""PAdES signatures with a self-signed certificate made on the fly: a signed PDF validates
against that certificate, is still the same document, and unsigned stays the default."""

import datetime as dt
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from tests.documents.samples import sample_certificate
from thidua.documents.certificate import render_certificate, render_many
from thidua.documents.signing import sign_pdf, sign_pdfs, signing_config

PASSWORD = "mat-khau-chung-thu"


@pytest.fixture
def p12(tmp_path):
    """A self-signed ECDSA certificate for "UBND huyện Nguyên Bình" as a PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ủy ban nhân dân huyện Nguyên Bình"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Chủ tịch UBND huyện Nguyên Bình"),
    ])  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    path = tmp_path / "ky-so.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ky-so", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())
        )
    )
    pem = tmp_path / "ky-so.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return {"pkcs12": str(path), "password": PASSWORD, "pem": str(pem)}


def _validate(pdf: bytes, pem: str):
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(pem)])
    return validate_pdf_signature(signature, context)


def test_signed_certificate_validates_against_the_signing_certificate(p12):
    config = {"pkcs12": p12["pkcs12"], "password": p12["password"]}
    pdf = render_certificate(sample_certificate(4))
    signed = sign_pdf(pdf, config, reason="Giấy khen")
    status = _validate(signed, p12["pem"])
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
        True,
        True,
        True,
        True,
    )
    assert signed.startswith(pdf)  # an incremental update: the rendered bytes are untouched
    text = PdfReader(io.BytesIO(signed)).pages[0].extract_text()
    assert "Số sổ vàng: 4" in text


def test_tampered_pdf_fails_validation(p12):
    config = {"pkcs12": p12["pkcs12"], "password": p12["password"]}
    signed = bytearray(sign_pdf(render_certificate(sample_certificate(1)), config))
    at = signed.index(b"/MediaBox")
    signed[at + 11] = ord("7") if signed[at + 11] != ord("7") else ord("8")
    assert _validate(bytes(signed), p12["pem"]).intact is False


def test_pool_signs_where_it_renders(p12):
    config = {"pkcs12": p12["pkcs12"], "password": p12["password"]}
    pdfs = render_many(
        [sample_certificate(n) for n in (1, 2, 3)], processes=2, chunk=1, signing=config
    )
    assert [_validate(p, p12["pem"]).bottom_line for p in pdfs] == [True, True, True]


def test_unsigned_by_default(settings):
    settings.THIDUA_SIGNING_PKCS12 = ""
    assert signing_config() is None
    pdf = render_certificate(sample_certificate())
    assert sign_pdf(pdf, signing_config()) is pdf


def test_every_pdf_of_a_batch_validates_with_its_own_digest(p12):
    """A batch signs from one CMS template: each PDF still carries the signature of its own
    bytes (validates, and fails once a byte of the document changes)."""
    config = {"pkcs12": p12["pkcs12"], "password": p12["password"]}
    pdfs = [render_certificate(sample_certificate(n)) for n in (1, 2, 3, 4)]
    signed = sign_pdfs(pdfs, config, reason="Giấy khen")
    assert [s.startswith(p) for s, p in zip(signed, pdfs, strict=True)] == [True] * 4
    assert [_validate(s, p12["pem"]).bottom_line for s in signed] == [True] * 4
    contents = [PdfFileReader(io.BytesIO(s)).embedded_signatures[0].signed_data for s in signed]
    digests = {c["signer_infos"][0]["signed_attrs"][1]["values"][0].native for c in contents}
    assert len(digests) == 4  # the template's placeholder was replaced by each document's
    tampered = bytearray(signed[2])
    at = tampered.index(b"/MediaBox")
    tampered[at + 11] = ord("7") if tampered[at + 11] != ord("7") else ord("8")
    assert _validate(bytes(tampered), p12["pem"]).intact is False


def test_the_template_reassembles_what_pyhanko_encodes(p12):
    """The template's parts joined for its own placeholder digest and signature give exactly
    pyHanko's DER (checked when made); a template that could not would fall back to pyHanko."""
    import asyncio

    from asn1crypto import cms
    from pyhanko.sign.signers import SimpleSigner

    from thidua.documents.signing import PLACEHOLDER, CmsTemplate, _signer

    signer = _signer({"pkcs12": p12["pkcs12"], "password": p12["password"]})
    built = asyncio.run(SimpleSigner.async_sign(signer, PLACEHOLDER, "sha256", use_pades=True))
    template = CmsTemplate(cms.ContentInfo.load(built.dump()))
    signature = built["content"]["signer_infos"][0]["signature"].native
    joined = template.join(template.signed_attributes(PLACEHOLDER), signature)
    assert joined == built.dump()
    assert template.signed_attributes(b"\x00" * 32).count(PLACEHOLDER) == 0
