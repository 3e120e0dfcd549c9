"""The meeting minutes as a signed document: once the vote is closed the secretariat (or the
council's secretary) issues them — the PDF is rendered once, stored with its SHA-256 and never
rendered again — and the chair and the secretary each sign them with their own certificate
(PKCS#11 token or remote-signing service; documents.services does the signing). A minutes
already issued is not issued again: what the members sign is what was issued.

Writes here follow the services' rules (keyword-only, atomic, audited in documents.services);
the reads are at the end."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.council import minutes as minutes_doc
from thidua.council.enums import CouncilRole, SessionState
from thidua.council.models import CouncilSession, IssuedMinutes
from thidua.council.services import member_of
from thidua.documents import services as documents
from thidua.documents.models import FileSignature
from thidua.documents.personal_signing import SoftwareKey
from thidua.documents.selectors import signed_file_signatures

KIND = "council_minutes"

#: Who signs the minutes, in order: the step is the council role that signs it.
STEPS = [
    {"step": CouncilRole.CHAIR.value, "label": "Chủ tịch Hội đồng ký"},
    {"step": CouncilRole.SECRETARY.value, "label": "Thư ký Hội đồng ký"},
]


def _locked_session(session: CouncilSession) -> CouncilSession:
    return (
        CouncilSession.objects.select_for_update(of=("self",))
        .select_related("council__issuer")
        .get(pk=session.pk)
    )


@transaction.atomic
def minutes_issue(*, actor, session: CouncilSession) -> IssuedMinutes:
    """Issue the session's meeting minutes: rendered now, stored, immutable."""
    if not actor.has_perm("council.issue_minutes", session):
        raise PermissionDenied("Chỉ Thường trực Hội đồng hoặc Thư ký Hội đồng phát hành biên bản.")
    locked = _locked_session(session)
    if locked.state not in SessionState.with_results():
        raise ValidationError("Chỉ phát hành biên bản sau khi kết thúc bỏ phiếu.")
    issued = IssuedMinutes.objects.filter(session=locked).select_related("document").first()
    if issued is not None:
        raise ValidationError(
            f"Biên bản đã phát hành ngày {issued.document.issued_at:%d/%m/%Y}; văn bản đã phát "
            "hành không sửa và không phát hành lại."
        )
    pdf = minutes_doc.render(session, minutes_doc.MINUTES, "pdf")
    document = documents.signed_file_issue(
        actor=actor, kind=KIND, title=f"Biên bản họp {locked.council.name}",
        pdf=pdf, filename=f"bien-ban-hop-{locked.pk}-{locked.held_on:%Y%m%d}.pdf",
        steps=STEPS, unit_id=locked.council.issuer_id,
    )  # fmt: skip
    return IssuedMinutes.objects.create(session=locked, version=1, document=document)


def _signing_step(actor, session: CouncilSession) -> str:
    member = member_of(session, actor)
    if member is None or member.role not in {CouncilRole.CHAIR, CouncilRole.SECRETARY}:
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng và Thư ký Hội đồng ký biên bản họp.")
    return member.role


def _issued(session: CouncilSession) -> IssuedMinutes:
    issued = issued_minutes_of(session)
    if issued is None:
        raise ValidationError("Biên bản chưa được phát hành: Thư ký phát hành trước khi ký.")
    return issued


@transaction.atomic
def minutes_sign(*, actor, session: CouncilSession, pin: str, secret: str = "") -> FileSignature:
    """The chair or the secretary signs the issued minutes, at their own step, with the key
    they declared (`secret`: the remote-signing service's password or token)."""
    step = _signing_step(actor, session)
    return documents.signed_file_sign(
        actor=actor, signed_file=_issued(session).document, step=step, pin=pin, secret=secret,
        unit_id=session.council.issuer_id,
    )  # fmt: skip


@transaction.atomic
def minutes_sign_with_key(*, actor, session: CouncilSession, key: SoftwareKey) -> FileSignature:
    """The same with a file-based key (the demo's chair and secretary)."""
    step = _signing_step(actor, session)
    return documents.signed_file_sign_with_key(
        actor=actor, signed_file=_issued(session).document, step=step, key=key,
        unit_id=session.council.issuer_id,
    )  # fmt: skip


# Reads -----------------------------------------------------------------------------------------


def issued_minutes_of(session: CouncilSession) -> IssuedMinutes | None:
    return (
        IssuedMinutes.objects.filter(session=session)
        .select_related("document")
        .order_by("-version")
        .first()
    )


def signing_step_of(session: CouncilSession, user) -> str | None:
    """The step at which `user` signs the session's minutes (their council role), if any."""
    member = member_of(session, user)
    roles = {s["step"] for s in STEPS}
    return member.role if member is not None and member.role in roles else None


def minutes_signatures(session: CouncilSession) -> list[dict]:
    """Each signing step of the issued minutes: signer, signed_at, and valid as the file is
    now (an empty list while not issued)."""
    issued = issued_minutes_of(session)
    return signed_file_signatures(issued.document if issued else None)
