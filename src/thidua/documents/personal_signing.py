"""Personal digital signatures: a person signs a PDF with their own certificate, held on a
PKCS#11 token (a USB token or an HSM the server reaches), as PAdES with long-term validation data
(B-LT: a signature timestamp from a time-stamping authority, the certificate chain and the
revocation data embedded), so the signature can be checked years later without the CA online.

Pure functions over bytes and plain values: no database, no settings (the caller passes them).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import pem, x509

logger = logging.getLogger(__name__)

#: What the signer's certificate must allow (digital signature or non-repudiation).
KEY_USAGE = {"digital_signature", "non_repudiation"}


class SigningError(Exception):
    """A signature that could not be made, with a Vietnamese message for the signer."""


@dataclass(frozen=True)
class Trust:
    """Whom signatures are checked against: the root certificates (PEM or DER), the
    time-stamping authority's URL, and whether revocation data may be fetched from the URLs
    the certificates name (a CRL distribution point, an OCSP responder)."""

    roots: tuple[bytes, ...] = ()
    tsa_url: str = ""
    allow_fetching: bool = True


@dataclass(frozen=True)
class Pkcs11Key:
    """A key on a PKCS#11 token: the module (the vendor's .so), the token and key labels, the
    certificate (PEM) and the PIN the signer typed (never stored)."""

    module: str
    token_label: str
    key_label: str
    certificate_pem: str
    pin: str = field(repr=False, default="")


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    signed_at: datetime | None
    intact: bool
    trusted: bool
    unchanged_after: bool
    timestamped: bool
    long_term: bool
    reason: str = ""

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and self.unchanged_after


def load_certificate(data: bytes | str) -> x509.Certificate:
    raw = data.encode() if isinstance(data, str) else data
    if pem.detect(raw):
        _type, _headers, raw = pem.unarmor(raw)
    try:
        cert = x509.Certificate.load(raw)
        cert.native  # noqa: B018  (parse now, fail here)
    except (ValueError, TypeError) as exc:
        raise SigningError("Chứng thư số không đọc được (cần tệp .cer/.pem).") from exc
    return cert


def certificate_name(cert: x509.Certificate) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def _validation_context(trust: Trust, *, fetching: bool):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[load_certificate(r) for r in trust.roots],
        allow_fetching=fetching,
        revocation_mode="hard-fail" if fetching else "soft-fail",
    )


def pades_metadata(*, field_name: str, reason: str, validation_context):
    """The PAdES B-LT signature every personal signer makes: SHA-256, validation data embedded
    (chain and revocation), no archive time-stamp."""
    from pyhanko.sign import fields, signers

    return signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        embed_validation_info=True,
        use_pades_lta=False,
        validation_context=validation_context,
    )


def sign_with_pkcs11(
    pdf: bytes, key: Pkcs11Key, *, trust: Trust, field_name: str, reason: str = ""
) -> bytes:
    """`pdf` with one more signature (PAdES B-LT) made by `key`; SigningError when the token,
    the PIN, the certificate or the time-stamping authority fails."""
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    from pyhanko.sign.timestamps import HTTPTimeStamper

    cert = load_certificate(key.certificate_pem)
    if not certificate_facts(key.certificate_pem).usable_for_signing:
        raise SigningError("Chứng thư số này không dùng để ký (thiếu mục đích ký số).")
    if not trust.tsa_url:
        raise SigningError("Chưa cấu hình máy chủ cấp dấu thời gian (THIDUA_SIGNING_TSA_URL).")
    try:
        session = open_pkcs11_session(
            key.module, token_criteria=TokenCriteria(label=key.token_label), user_pin=key.pin
        )
    except PKCS11Error as exc:
        raise SigningError(
            "Không mở được thiết bị ký số: kiểm tra thiết bị đã cắm và mã PIN."
        ) from exc
    except Exception as exc:  # pyHanko wraps "no such token" in its own error types
        raise SigningError(f"Không tìm thấy thiết bị ký số «{key.token_label}».") from exc
    try:
        signer = PKCS11Signer(session, key_label=key.key_label, signing_cert=cert)
        meta = pades_metadata(
            field_name=field_name,
            reason=reason,
            validation_context=_validation_context(trust, fetching=trust.allow_fetching),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        out = signers.sign_pdf(
            writer, meta, signer=signer, timestamper=HTTPTimeStamper(trust.tsa_url)
        )
        return out.getvalue()
    except PKCS11Error as exc:
        raise SigningError("Thiết bị ký số từ chối ký: kiểm tra khóa và mã PIN.") from exc
    except SigningError:
        raise
    except Exception as exc:  # the TSA, the CRL or the PDF: the cause goes to the log
        logger.warning("personal signature failed: %r", exc)
        raise SigningError(
            "Không ký được văn bản: máy chủ cấp dấu thời gian hoặc danh sách thu hồi của tổ "
            "chức chứng thực không trả lời. Thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ "
            "thống."
        ) from exc
    finally:
        session.close()


@dataclass(frozen=True)
class SoftwareKey:
    """A key held in a file (the demo's signers): the private key and its certificate (PEM),
    the chain up to the root, and, where no time-stamping authority or CA service is reachable
    (the demo builds offline), a local time-stamping key and certificate and the CA's CRLs (DER)
    to embed instead of fetching them."""

    key_pem: bytes = field(repr=False)
    certificate_pem: bytes
    chain_pem: tuple[bytes, ...] = ()
    tsa_key_pem: bytes = field(repr=False, default=b"")
    tsa_certificate_pem: bytes = b""
    crls: tuple[bytes, ...] = ()


def sign_with_software_key(
    pdf: bytes, key: SoftwareKey, *, trust: Trust, field_name: str, reason: str = ""
) -> bytes:
    """`pdf` with one more signature (PAdES B-LT) made with a file-based key."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import keys as asn1_keys
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = load_certificate(key.certificate_pem)
    chain = [load_certificate(c) for c in key.chain_pem]
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=load_private_key_from_pemder_data(key.key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    if key.tsa_key_pem:
        tsa_key = load_private_key_from_pemder_data(key.tsa_key_pem, passphrase=None)
        timestamper = DummyTimeStamper(
            tsa_cert=load_certificate(key.tsa_certificate_pem),
            tsa_key=asn1_keys.PrivateKeyInfo.load(tsa_key.dump()),
            certs_to_embed=SimpleCertificateStore.from_certs(chain),
        )
    elif trust.tsa_url:
        timestamper = HTTPTimeStamper(trust.tsa_url)
    else:
        raise SigningError("Chưa cấu hình máy chủ cấp dấu thời gian (THIDUA_SIGNING_TSA_URL).")
    context = ValidationContext(
        trust_roots=[load_certificate(r) for r in trust.roots],
        crls=[asn1_crl.CertificateList.load(c) for c in key.crls],
        allow_fetching=not key.crls and trust.allow_fetching,
        revocation_mode="hard-fail",
    )
    meta = pades_metadata(field_name=field_name, reason=reason, validation_context=context)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper).getvalue()


def check_signatures(pdf: bytes, trust: Trust) -> list[SignatureCheck]:
    """Every signature of `pdf`, checked with only what the file holds and the trust roots: is
    it intact, does its chain reach a root, was the document changed after it beyond adding
    later signatures and validation data, and does the file carry the revocation data to check
    it offline (long term: the check with no fetching and hard-fail revocation succeeds)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import SignatureValidationError

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError):
        return []
    roots = [load_certificate(r) for r in trust.roots]

    def offline_context():
        kwargs = {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}
        try:
            return DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
        except (KeyError, ValueError, PdfReadError):
            return None

    checks = []
    for sig in embedded:
        try:
            status = validate_pdf_signature(
                sig, signer_validation_context=_validation_context(trust, fetching=False)
            )
            lt_context = offline_context()
            long_term = bool(
                lt_context
                and validate_pdf_signature(sig, signer_validation_context=lt_context).bottom_line
            )
        except (SignatureValidationError, ValueError, KeyError) as exc:
            checks.append(
                SignatureCheck(
                    sig.field_name, "", None, False, False, False, False, False, str(exc)
                )  # fmt: skip
            )
            continue
        level = status.modification_level
        checks.append(
            SignatureCheck(
                field=sig.field_name,
                signer=certificate_name(status.signing_cert),
                signed_at=status.timestamp_validity.timestamp
                if status.timestamp_validity
                else status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                unchanged_after=level is not None and level <= ModificationLevel.FORM_FILLING,
                timestamped=status.timestamp_validity is not None,
                long_term=long_term,
            )
        )
    return checks


@dataclass(frozen=True)
class CertificateFacts:
    subject: str
    serial: str
    not_after: datetime
    usable_for_signing: bool


def certificate_facts(data: bytes | str) -> CertificateFacts:
    cert = load_certificate(data)
    usage = set(cert.key_usage_value.native) if cert.key_usage_value else KEY_USAGE
    return CertificateFacts(
        subject=certificate_name(cert),
        serial=format(cert.serial_number, "X"),
        not_after=cert["tbs_certificate"]["validity"]["not_after"].native,
        usable_for_signing=bool(KEY_USAGE & usage),
    )


def roots_from_bundle(data: bytes) -> tuple[bytes, ...]:
    """The certificates of a PEM bundle (or one DER certificate), as DER."""
    if not data:
        return ()
    if not pem.detect(data):
        return (data,)
    return tuple(der for _type, _headers, der in pem.unarmor(data, multiple=True))
