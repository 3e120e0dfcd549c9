"""PAdES B-LT on every certificate of a batch (THIDUA_SIGNING_LEVEL = "B-LT"): each PDF carries
a timestamp from the TSA and the revocation data of its chains, and validates offline; the
revocation data is fetched once for the whole batch — counted on the test CA's local stand-in
server (tests/signing_pki.py), across the pool's processes."""

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from tests.documents.samples import sample_certificate
from tests.signing_pki import start_pki
from thidua.documents.certificate import render_certificate, render_many
from thidua.documents.personal_signing import Trust, check_signatures
from thidua.documents.signing import prepare_batch, sign_pdf, sign_pdfs, signing_config

PASSWORD = "mat-khau-chung-thu"


@pytest.fixture(scope="module")
def pki():
    pki, stop = start_pki()
    yield pki
    stop()


@pytest.fixture
def long_term(pki, settings, tmp_path):
    """The issuing body's certificate, issued by the test CA (its CRL on the stand-in), as a
    PKCS#12 file; settings for B-LT with the stand-in's TSA and the CA as the trust root."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue("Chủ tịch UBND huyện Nguyên Bình", key.public_key())
    path = tmp_path / "ky-so.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ky-so", key, cert, [pki.root],
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
    )  # fmt: skip
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem)
    settings.THIDUA_SIGNING_PKCS12 = str(path)
    settings.THIDUA_SIGNING_PASSWORD = PASSWORD
    settings.THIDUA_SIGNING_LEVEL = "B-LT"
    settings.THIDUA_SIGNING_TSA_URL = pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots)
    settings.THIDUA_DEMO_TRUST_ROOTS = ""
    return pki


def _trust(pki) -> Trust:
    return Trust(roots=(pki.root.public_bytes(serialization.Encoding.DER),), allow_fetching=False)


def test_a_batch_fetches_revocation_once_and_every_pdf_is_long_term(long_term):
    pki = long_term
    before = len(pki.requests)
    config = prepare_batch(signing_config())
    items = [sample_certificate(n) for n in range(1, 6)]
    pdfs = render_many(items, processes=2, chunk=2, signing=config)
    requests = pki.requests[before:]
    assert requests.count("GET /ca.crl") == 1  # the signer's and the TSA's CA: one CRL, once
    # one timestamp per signature, plus the dummy each TSA client asks once to size the space
    assert requests.count("POST /tsa") >= len(items)
    assert set(requests) == {"GET /ca.crl", "POST /tsa"}
    checks = [check_signatures(pdf, _trust(pki)) for pdf in pdfs]
    assert [[(c.valid, c.timestamped, c.long_term) for c in found] for found in checks] == [
        [(True, True, True)]
    ] * len(items)
    assert {c[0].signer for c in checks} == {"Chủ tịch UBND huyện Nguyên Bình"}


def test_one_changed_byte_breaks_a_long_term_signature(long_term):
    signed = bytearray(sign_pdf(render_certificate(sample_certificate(3)), signing_config()))
    [check] = check_signatures(bytes(signed), _trust(long_term))
    assert (check.valid, check.long_term) == (True, True)
    at = signed.index(b"/MediaBox")
    signed[at + 11] = ord("7") if signed[at + 11] != ord("7") else ord("8")
    [check] = check_signatures(bytes(signed), _trust(long_term))
    assert check.intact is False


def test_without_the_revocation_data_the_signature_is_not_long_term(long_term, settings):
    """The B-B signature of the same key validates but does not carry what B-LT embeds: the
    long-term check above is not vacuous."""
    settings.THIDUA_SIGNING_LEVEL = "B-B"
    [signed] = sign_pdfs([render_certificate(sample_certificate(2))], signing_config())
    [check] = check_signatures(signed, _trust(long_term))
    assert (check.valid, check.timestamped, check.long_term) == (True, False, False)


def test_a_revoked_signer_cannot_sign_a_batch(long_term, monkeypatch):
    """Hard-fail: the CRL the stand-in serves lists the signer's certificate, so the batch is
    refused before any PDF is signed."""
    from cryptography.hazmat.primitives import hashes

    config = signing_config()
    _key, cert, _chain = pkcs12.load_key_and_certificates(
        Path(config["pkcs12"]).read_bytes(), PASSWORD.encode()
    )
    serial = cert.serial_number
    now = dt.datetime.now(dt.UTC)

    def revoked_crl():
        revoked = (
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(now - dt.timedelta(minutes=5)).build()
        )  # fmt: skip
        return (
            x509.CertificateRevocationListBuilder()
            .issuer_name(long_term.root.subject)
            .last_update(now - dt.timedelta(hours=1))
            .next_update(now + dt.timedelta(days=7))
            .add_revoked_certificate(revoked)
            .add_extension(x509.CRLNumber(2), critical=False)
            .sign(long_term.root_key, hashes.SHA256())
            .public_bytes(serialization.Encoding.DER)
        )

    monkeypatch.setattr(long_term, "crl", revoked_crl)
    with pytest.raises(Exception, match="(?i)revoked|validat"):
        prepare_batch(config)
