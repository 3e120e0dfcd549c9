"""Reads of signed documents: a person's signing key, and a document's signatures each
checked in the file as it is now (cached by content, documents.trust)."""

from __future__ import annotations

from thidua.documents.models import FileSignature, SignedFile, SigningCredential
from thidua.documents.trust import checked_signatures


def signing_credential_of(user) -> SigningCredential | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SigningCredential.objects.filter(user=user).first()


def signed_file_read(signed_file: SignedFile) -> bytes:
    with signed_file.pdf.open("rb") as f:
        return f.read()


def signed_file_signatures(
    signed_file: SignedFile | None, records: list[FileSignature] | None = None
) -> list[dict]:
    """The document's recorded signatures, each checked in the PDF as it is now: a file
    changed after signing shows its signatures invalid. Every step is listed, signed or not
    (`signed_at` None and `valid` False while waiting). `records`: its signatures when the
    caller has read them already."""
    if signed_file is None:
        return []
    if records is None:
        records = list(signed_file.signatures.all())
    records = {r.step: r for r in records}
    checks = {}
    if records:
        try:
            checks = {c.field: c for c in checked_signatures(signed_file_read(signed_file))}
        except (OSError, ValueError):
            checks = {}
    out = []
    for s in signed_file.steps:
        r = records.get(s["step"])
        check = checks.get(r.field_name) if r else None
        out.append({
            "step": s["step"], "step_label": s["label"], "signed": r is not None,
            "signer": r.signer_name if r else "", "signed_at": r.signed_at if r else None,
            "valid": bool(check and check.valid), "long_term": bool(check and check.long_term),
        })  # fmt: skip
    return out
