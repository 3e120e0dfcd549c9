"""The demo's digital signatures: at build time a demo CA (root, time-stamping unit, CRL) is
made, the decision's signer gets a certificate and a file-based key, and the issued decision is
signed (PAdES B-LT, the CRL and the chain embedded), so the decision page and
`GET /api/v1/decisions/{id}` list a valid signature. The CA's certificate is written to
THIDUA_DEMO_TRUST_ROOTS for the instance to trust; its private key is thrown away, so nothing
else can ever be issued under it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.contrib.auth import get_user_model

from thidua.awards import services
from thidua.awards.models import Decision
from thidua.documents.personal_signing import SoftwareKey

CRL_URL = "http://ca.demo.invalid/demo-ca.crl"  # never fetched: the CRL is embedded


def _name(cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CA trình diễn thidua (không dùng thật)"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])  # fmt: skip


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def demo_keys(signer_name: str) -> tuple[bytes, SoftwareKey]:
    """(the demo CA's certificate, the signer's key) — made now, the CA's key discarded."""
    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder().subject_name(_name("Root CA trình diễn"))
        .issuer_name(_name("Root CA trình diễn")).public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )  # fmt: skip

    def issue(cn: str, public_key, *, tsa: bool = False) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(root.subject)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]), critical=False)
        )  # fmt: skip
        if tsa:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        else:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
        return builder.sign(root_key, hashes.SHA256())

    signer_key = ec.generate_private_key(ec.SECP256R1())
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's local TSA
    crl = (
        x509.CertificateRevocationListBuilder().issuer_name(root.subject)
        .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=3650))
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(root_key, hashes.SHA256())
    )  # fmt: skip
    key = SoftwareKey(
        key_pem=_pem_key(signer_key),
        certificate_pem=_pem(issue(signer_name, signer_key.public_key())),
        chain_pem=(_pem(root),),
        tsa_key_pem=_pem_key(tsa_key),
        tsa_certificate_pem=_pem(issue("Dấu thời gian trình diễn", tsa_key.public_key(), tsa=True)),
        crls=(crl.public_bytes(serialization.Encoding.DER),),
    )
    return _pem(root), key


def build_signatures(decision: Decision) -> str:
    """Sign the demo's issued decision by its signer (the chairman's demo account). Idempotent:
    a decision already signed is left as it is."""
    if decision.signatures.exists():
        return "quyết định đã có chữ ký số"
    path = Path(settings.THIDUA_DEMO_TRUST_ROOTS or "")
    if not settings.THIDUA_DEMO_TRUST_ROOTS:
        return "THIDUA_DEMO_TRUST_ROOTS trống: không tạo chữ ký số trình diễn"
    signer = get_user_model().objects.filter(username="chutich").first()
    if signer is None:
        return "chưa có tài khoản chutich: không tạo chữ ký số trình diễn"
    root_pem, key = demo_keys(decision.signer_name or "Người ký trình diễn")
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_bytes() if path.is_file() else b""
    path.write_bytes(existing + root_pem)
    signature = services.decision_sign_with_key(actor=signer, decision=decision, key=key)
    return f"đã ký số quyết định ({signature.signer_name}, CA trình diễn)"
