"""Writes of signed documents: a PDF issued once (stored with its SHA-256, immutable but for the
signatures), and a person's signature on it for one step, made with their own key (a PKCS#11
token or a remote-signing service, PAdES B-LT) or, for the demo's signers, a file-based key.

Who may issue and who signs which step is the owning app's rule (council: the chair and the
secretary on the minutes; nominations: the unit head on a tờ trình); it checks, then calls
these. Every write is atomic and audited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.core.services import audit_record
from thidua.documents import personal_signing, remote_signing
from thidua.documents.models import CredentialKind, FileSignature, SignedFile, SigningCredential
from thidua.documents.trust import signing_trust

NO_CREDENTIAL = (
    "Bạn chưa khai báo chữ ký số: mở «Chữ ký số của tôi» để khai báo thiết bị và chứng thư "
    "số, rồi ký lại."
)


def credential_sign(
    *, credential: SigningCredential | None, pdf: bytes, pin: str, secret: str = "",
    field_name: str, reason: str,
) -> bytes:  # fmt: skip
    """`pdf` signed (PAdES B-LT) with the signer's declared key: on their PKCS#11 token, or
    through their remote-signing service (`secret`: the service password or token). Refuses
    in Vietnamese when nothing is declared, the module or service is no longer allowed, or the
    token, the service or the time-stamping authority fails."""
    if credential is None:
        raise ValidationError(NO_CREDENTIAL)
    remote = credential.kind == CredentialKind.CSC
    allowed = (
        credential.service_url in [u.rstrip("/") for u in settings.THIDUA_CSC_SERVICES]
        if remote
        else credential.module in settings.THIDUA_PKCS11_MODULES
    )
    if not allowed:
        raise ValidationError(
            "Dịch vụ ký số từ xa của bạn không còn được phép dùng."
            if remote
            else "Thư viện thiết bị ký số của bạn không còn được phép dùng."
        )
    try:
        if remote:
            return remote_signing.sign_with_csc(
                pdf,
                remote_signing.CscAccount(
                    service_url=credential.service_url, username=credential.account,
                    credential_id=credential.credential_id, api_version=credential.api_version,
                    secret=secret, pin=pin,
                ),
                trust=signing_trust(), field_name=field_name, reason=reason,
            )  # fmt: skip
        key = personal_signing.Pkcs11Key(
            module=credential.module, token_label=credential.token_label,
            key_label=credential.key_label, certificate_pem=credential.certificate_pem, pin=pin,
        )  # fmt: skip
        return personal_signing.sign_with_pkcs11(
            pdf, key, trust=signing_trust(), field_name=field_name, reason=reason
        )
    except personal_signing.SigningError as exc:
        raise ValidationError(str(exc)) from exc


def software_key_sign(
    *, key: personal_signing.SoftwareKey, pdf: bytes, field_name: str, reason: str
) -> bytes:
    """`pdf` signed (PAdES B-LT) with a file-based key (the demo's signers)."""
    try:
        return personal_signing.sign_with_software_key(
            pdf, key, trust=signing_trust(), field_name=field_name, reason=reason
        )
    except personal_signing.SigningError as exc:
        raise ValidationError(str(exc)) from exc


@transaction.atomic
def signed_file_issue(
    *, actor, kind: str, title: str, pdf: bytes, filename: str, steps: list[dict],
    version: int = 1, unit_id: int | None = None,
) -> SignedFile:  # fmt: skip
    """Store `pdf` once, with its SHA-256, as a document to be signed at `steps`
    (`[{"step": …, "label": …}]`, in the order they are shown)."""
    if not pdf.startswith(b"%PDF"):
        raise ValidationError("Tệp phát hành phải là PDF.")
    if not steps or len({s["step"] for s in steps}) != len(steps):
        raise ValidationError("Các bước ký phải khác nhau và có ít nhất một bước.")
    signed_file = SignedFile(
        kind=kind, title=title, version=version, steps=steps,
        sha256=hashlib.sha256(pdf).hexdigest(), issued_by=actor, issued_at=timezone.now(),
    )  # fmt: skip
    signed_file.pdf.save(filename, ContentFile(pdf), save=False)
    signed_file.full_clean(exclude=["issued_by"])  # None: issued by the system (the demo)
    signed_file.save()
    audit_record(
        actor=actor,
        action="documents.signed_file.issue",
        obj=signed_file,
        unit_id=unit_id,
        after={"kind": kind, "title": title, "version": version, "sha256": signed_file.sha256},
    )
    return signed_file


def _locked(signed_file: SignedFile, step: str) -> SignedFile:
    signed_file = SignedFile.objects.select_for_update().get(pk=signed_file.pk)
    if step not in {s["step"] for s in signed_file.steps}:
        raise ValidationError("Văn bản này không có bước ký này.")
    if signed_file.signatures.filter(step=step).exists():
        raise ValidationError(f"Văn bản đã được ký ở bước «{signed_file.step_label(step)}».")
    return signed_file


def _read(signed_file: SignedFile) -> bytes:
    with signed_file.pdf.open("rb") as f:
        return f.read()


@transaction.atomic
def signed_file_sign(
    *, actor, signed_file: SignedFile, step: str, pin: str, secret: str = "",
    unit_id: int | None = None,
) -> FileSignature:  # fmt: skip
    """The signer signs `step` of the document with their own declared key; the signed file
    replaces the current one and the signature is recorded."""
    signed_file = _locked(signed_file, step)
    field_name = f"{step}-{signed_file.version}"
    credential = SigningCredential.objects.filter(user=actor).first()
    signed = credential_sign(
        credential=credential, pdf=_read(signed_file), pin=pin, secret=secret,
        field_name=field_name, reason=signed_file.step_label(step),
    )  # fmt: skip
    return _record(
        actor=actor, signed_file=signed_file, step=step, field_name=field_name, signed=signed,
        certificate_pem=credential.certificate_pem, unit_id=unit_id,
    )  # fmt: skip


@transaction.atomic
def signed_file_sign_with_key(
    *, actor, signed_file: SignedFile, step: str, key: personal_signing.SoftwareKey,
    unit_id: int | None = None,
) -> FileSignature:  # fmt: skip
    """The signer signs `step` with a file-based key (the demo's signers, certified by the
    demo's CA at build time): PAdES B-LT as with a token."""
    signed_file = _locked(signed_file, step)
    field_name = f"{step}-{signed_file.version}"
    signed = software_key_sign(
        key=key, pdf=_read(signed_file), field_name=field_name,
        reason=signed_file.step_label(step),
    )  # fmt: skip
    return _record(
        actor=actor, signed_file=signed_file, step=step, field_name=field_name, signed=signed,
        certificate_pem=key.certificate_pem.decode(), unit_id=unit_id,
    )  # fmt: skip


def signed_pdf_store(
    *, owner, name: str, signed: bytes, certificate_pem: str
) -> tuple[personal_signing.CertificateFacts, str]:
    """Put the signed bytes in place of `owner.pdf` (the old file is removed once the
    transaction commits); the signer's certificate facts and the new file's SHA-256."""
    old_name = owner.pdf.name
    owner.pdf.save(name, ContentFile(signed), save=False)
    owner.save(update_fields=["pdf"])
    storage = owner.pdf.storage
    transaction.on_commit(lambda: storage.delete(old_name))
    facts = personal_signing.certificate_facts(certificate_pem)
    return facts, hashlib.sha256(signed).hexdigest()


def _record(
    *, actor, signed_file: SignedFile, step: str, field_name: str, signed: bytes,
    certificate_pem: str, unit_id: int | None,
) -> FileSignature:  # fmt: skip
    """The signed file replaces the current one (removed once the transaction commits); the
    signature is recorded and audited."""
    facts, sha256 = signed_pdf_store(
        owner=signed_file, name=f"{signed_file.kind}-{signed_file.pk}-ky-{field_name}.pdf",
        signed=signed, certificate_pem=certificate_pem,
    )  # fmt: skip
    signature = FileSignature.objects.create(
        signed_file=signed_file, step=step, field_name=field_name, signer=actor,
        signer_name=facts.subject, certificate_serial=facts.serial, signed_at=timezone.now(),
        pdf_sha256=sha256,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="documents.signed_file.sign",
        obj=signed_file,
        unit_id=unit_id,
        after={"step": step, "signer": facts.subject, "serial": facts.serial,
               "sha256": signature.pdf_sha256},
    )  # fmt: skip
    return signature
