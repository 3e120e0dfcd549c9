"""Personal digital signatures: the signer's credential (PKCS#11 token or CSC remote service)
and the signing of an issued decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.awards.models import (
    CredentialKind,
    Decision,
    IssuedDecision,
    SignatureStep,
    SigningCredential,
)
from thidua.awards.services._common import _locked_decision
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.documents import personal_signing, remote_signing
from thidua.documents import services as documents
from thidua.documents.models import FileSignature, SignedFile


@transaction.atomic
def signing_credential_set(
    *, actor, module: str, token_label: str, key_label: str, certificate_pem: str
) -> SigningCredential:
    """Declare (or replace) the signer's own token and certificate."""
    errors = {}
    if module not in settings.THIDUA_PKCS11_MODULES:
        errors["module"] = (
            "Thư viện thiết bị này chưa được phép dùng trên máy chủ; liên hệ quản trị hệ thống "
            "để thêm vào THIDUA_PKCS11_MODULES."
        )
    token_label, key_label = nfc(token_label).strip(), nfc(key_label).strip()
    if not token_label:
        errors["token_label"] = "Nhập nhãn thiết bị (token)."
    if not key_label:
        errors["key_label"] = "Nhập nhãn khóa trên thiết bị."
    try:
        facts = personal_signing.certificate_facts(certificate_pem)
    except personal_signing.SigningError as exc:
        errors["certificate_pem"] = str(exc)
    else:
        if not facts.usable_for_signing:
            errors["certificate_pem"] = "Chứng thư số này không dùng để ký (thiếu mục đích ký số)."
        elif facts.not_after < timezone.now():
            errors["certificate_pem"] = (
                f"Chứng thư số đã hết hạn ngày {facts.not_after:%d/%m/%Y}: dùng chứng thư mới."
            )
    if errors:
        raise ValidationError(errors)
    return _credential_save(
        actor=actor,
        kind=CredentialKind.PKCS11,
        values={"module": module, "token_label": token_label, "key_label": key_label,
                "service_url": "", "api_version": "", "account": "", "credential_id": ""},
        certificate_pem=certificate_pem,
        facts=facts,
    )  # fmt: skip


def signing_credential_set_remote(
    *, actor, service_url: str, api_version: str, account: str, credential_id: str, secret: str
) -> SigningCredential:
    """Declare (or replace) the signer's account with a remote-signing service (CSC API): the
    service is asked for the credential and its certificate now (the password or token typed
    for it is not stored). The service is called before the transaction opens."""
    service_url = service_url.strip().rstrip("/")
    account, credential_id = nfc(account).strip(), credential_id.strip()
    errors = {}
    if service_url not in [u.rstrip("/") for u in settings.THIDUA_CSC_SERVICES]:
        errors["service_url"] = (
            "Dịch vụ ký số từ xa này chưa được phép dùng; liên hệ quản trị hệ thống để thêm "
            "vào THIDUA_CSC_SERVICES."
        )
    if api_version not in remote_signing.API_VERSIONS:
        errors["api_version"] = "Chọn phiên bản CSC API (v1 hoặc v2)."
    if not secret:
        errors["secret"] = "Nhập mật khẩu (hoặc mã truy cập) của tài khoản ký số từ xa."
    if errors:
        raise ValidationError(errors)
    try:
        credential_id, certificate_pem = remote_signing.csc_certificate(
            remote_signing.CscAccount(
                service_url=service_url,
                username=account,
                credential_id=credential_id,
                api_version=api_version,
                secret=secret,
            )  # fmt: skip
        )
        facts = personal_signing.certificate_facts(certificate_pem)
    except personal_signing.SigningError as exc:
        raise ValidationError(str(exc)) from exc
    if not facts.usable_for_signing:
        raise ValidationError("Chứng thư số này không dùng để ký (thiếu mục đích ký số).")
    if facts.not_after < timezone.now():
        raise ValidationError(
            f"Chứng thư số đã hết hạn ngày {facts.not_after:%d/%m/%Y}: dùng chứng thư mới."
        )
    return _credential_save(
        actor=actor,
        kind=CredentialKind.CSC,
        values={"service_url": service_url, "api_version": api_version, "account": account,
                "credential_id": credential_id, "module": "", "token_label": "",
                "key_label": ""},
        certificate_pem=certificate_pem,
        facts=facts,
    )  # fmt: skip


_CREDENTIAL_FIELDS = [
    "kind", "module", "token_label", "key_label", "service_url", "account", "credential_id",
    "subject",
]  # fmt: skip


@transaction.atomic
def _credential_save(*, actor, kind, values, certificate_pem, facts) -> SigningCredential:
    credential = SigningCredential.objects.select_for_update().filter(user=actor).first()
    before = snapshot(credential, _CREDENTIAL_FIELDS) if credential else None
    credential = credential or SigningCredential(user=actor)
    credential.kind = kind
    for name, value in values.items():
        setattr(credential, name, value)
    credential.certificate_pem, credential.subject = certificate_pem.strip(), facts.subject
    credential.not_after = facts.not_after
    credential.full_clean(exclude=["user"])
    credential.save()
    audit_record(
        actor=actor,
        action="awards.signing_credential.set",
        obj=credential,
        before=before,
        after=snapshot(credential, _CREDENTIAL_FIELDS),
    )
    return credential


#: The decision's signing steps, in the order they are shown: the head of the office's check
#: (ký nháy) and the signature that issues it (ký ban hành).
STEPS = [
    {"step": SignatureStep.COUNTERSIGN.value, "label": SignatureStep.COUNTERSIGN.label},
    {"step": SignatureStep.ISSUE.value, "label": SignatureStep.ISSUE.label},
]
KIND = "award_decision"


def decision_document_issue(*, actor, decision: Decision, pdf: bytes, filename: str) -> SignedFile:
    """Store the issued decision's PDF once as a signed document with its steps; the decision's
    own `pdf` names the same stored file. Called by `decision_issue` inside its transaction."""
    document = documents.signed_file_issue(
        actor=actor, kind=KIND, title=f"Quyết định số {decision.reference}", pdf=pdf,
        filename=filename, steps=STEPS, unit_id=decision.issuer_id,
    )  # fmt: skip
    IssuedDecision.objects.create(decision=decision, version=1, document=document)
    decision.pdf.name = document.pdf.name
    return document


def _document(decision: Decision) -> SignedFile:
    issued = (
        IssuedDecision.objects.filter(decision=decision)
        .select_related("document")
        .order_by("-version")
        .first()
    )
    if not decision.is_issued or issued is None:
        raise ValidationError("Chỉ ký số quyết định đã ban hành và đã có tệp PDF.")
    return issued.document


def _follow(decision: Decision, signature: FileSignature) -> FileSignature:
    """The decision's `pdf` names the signed file as it is now."""
    decision.pdf.name = signature.signed_file.pdf.name
    decision.save(update_fields=["pdf"])
    return signature


@transaction.atomic
def decision_sign(
    *, actor, decision: Decision, pin: str, step: str = SignatureStep.ISSUE, secret: str = ""
) -> FileSignature:
    """The signer signs the issued decision's PDF at `step` with their own key (PAdES B-LT) on
    their token or through their remote-signing service (`secret`: the service password or
    token), through documents.services: the signed file replaces the current one and the
    signature is recorded and audited there."""
    decision = _locked_decision(decision)
    signature = documents.signed_file_sign(
        actor=actor, signed_file=_document(decision), step=step, pin=pin, secret=secret,
        unit_id=decision.issuer_id,
    )  # fmt: skip
    return _follow(decision, signature)


@transaction.atomic
def decision_sign_with_key(
    *, actor, decision: Decision, key: personal_signing.SoftwareKey,
    step: str = SignatureStep.ISSUE,
) -> FileSignature:  # fmt: skip
    """The signer signs the issued decision with a file-based key (the demo's signers, whose
    keys the demo's CA certified at build time): PAdES B-LT as with a token."""
    decision = _locked_decision(decision)
    signature = documents.signed_file_sign_with_key(
        actor=actor, signed_file=_document(decision), step=step, key=key,
        unit_id=decision.issuer_id,
    )  # fmt: skip
    return _follow(decision, signature)
