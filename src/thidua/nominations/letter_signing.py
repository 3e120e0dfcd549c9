"""The unit's tờ trình (the letter submitting its proposal) as a signed document: generated as
PDF from the proposal's data on demand (before or after submitting), stored with its SHA-256
and immutable, and signed by the unit head (thủ trưởng đơn vị: the org role UNIT_HEAD over the
proposing unit) with their own certificate (PKCS#11 token or remote-signing service;
documents.services does the signing). A tờ trình issued again while unsigned is a new version,
the earlier ones kept; once signed it is not issued again.

Writes here follow the services' rules (keyword-only, atomic, audited in documents.services);
the reads are at the end."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thidua.documents import admin_doc
from thidua.documents import services as documents
from thidua.documents.models import FileSignature
from thidua.documents.personal_signing import SoftwareKey
from thidua.documents.selectors import signed_file_signatures
from thidua.nominations.dossier_documents import to_trinh
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Proposal, ProposalLetter
from thidua.nominations.rules import heads_unit
from thidua.org.enums import Role

KIND = "proposal_letter"
STEPS = [{"step": Role.UNIT_HEAD.value, "label": "Thủ trưởng đơn vị ký"}]


@transaction.atomic
def letter_issue(*, actor, proposal: Proposal) -> ProposalLetter:
    """Generate the tờ trình from the proposal as it is now and store it, immutable."""
    if not actor.has_perm("nominations.issue_letter", proposal):
        raise PermissionDenied("Chỉ đơn vị đề nghị lập tờ trình của mình.")
    locked = _locked(proposal)
    last = letter_of(locked)
    if _signed(last):
        raise ValidationError(
            "Tờ trình đã được Thủ trưởng đơn vị ký số; văn bản đã ký không lập lại."
        )
    return _issue_new(actor, locked, last)


@transaction.atomic
def letter_issue_for_submission(*, actor, proposal_id: int, version: int) -> ProposalLetter | None:
    """The tờ trình made in the background when the unit sends its dossier (the `version`th
    time), so that the unit head finds it ready to sign. Made once per submission: nothing when
    the latest tờ trình is signed (a signed one is kept, never replaced), when one was already
    made for this submission (the queue delivering the task again), or when the dossier has
    moved on since (returned to the unit, or sent again: that submission queued its own).
    The submitter's permission was checked by the submit that queued it."""
    locked = _locked(Proposal(pk=proposal_id))
    if locked.version != version or locked.state in ProposalState.editable():
        return None
    last = letter_of(locked)
    if _signed(last) or (last is not None and last.for_version == version):
        return None
    return _issue_new(actor, locked, last)


def letter_issue_task(proposal_id: int, version: int, actor_id: int) -> None:
    """The queued task (core.tasks.enqueue, from nominations.services.proposal_submit)."""
    actor = get_user_model().objects.filter(pk=actor_id).first()
    if actor is not None:
        letter_issue_for_submission(actor=actor, proposal_id=proposal_id, version=version)


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign__issuer")
        .get(pk=proposal.pk)
    )


def _signed(letter: ProposalLetter | None) -> bool:
    return letter is not None and letter.document.signatures.exists()


def _issue_new(actor, locked: Proposal, last: ProposalLetter | None) -> ProposalLetter:
    version = last.version + 1 if last else 1
    document = documents.signed_file_issue(
        actor=actor, kind=KIND, title=f"Tờ trình của {locked.unit.name}",
        pdf=admin_doc.render_pdf(to_trinh(locked)),
        filename=f"to-trinh-{locked.pk}-lan-{version}.pdf", steps=STEPS, version=version,
        unit_id=locked.unit_id,
    )  # fmt: skip
    return ProposalLetter.objects.create(
        proposal=locked, version=version, document=document, for_version=locked.version
    )


def _unsigned_letter(actor, proposal: Proposal) -> ProposalLetter:
    if not heads_unit(actor, proposal):  # the role itself: an administrator does not sign
        raise PermissionDenied("Chỉ Thủ trưởng đơn vị ký tờ trình của đơn vị.")
    letter = letter_of(proposal)
    if letter is None:
        raise ValidationError("Tờ trình chưa được lập: lập tờ trình trước khi ký.")
    return letter


@transaction.atomic
def letter_sign(*, actor, proposal: Proposal, pin: str, secret: str = "") -> FileSignature:
    """The unit head signs the latest tờ trình with the key they declared."""
    letter = _unsigned_letter(actor, proposal)
    return documents.signed_file_sign(
        actor=actor, signed_file=letter.document, step=Role.UNIT_HEAD.value, pin=pin,
        secret=secret, unit_id=proposal.unit_id,
    )  # fmt: skip


@transaction.atomic
def letter_sign_with_key(*, actor, proposal: Proposal, key: SoftwareKey) -> FileSignature:
    """The same with a file-based key (the demo's unit head)."""
    letter = _unsigned_letter(actor, proposal)
    return documents.signed_file_sign_with_key(
        actor=actor, signed_file=letter.document, step=Role.UNIT_HEAD.value, key=key,
        unit_id=proposal.unit_id,
    )  # fmt: skip


# Reads -----------------------------------------------------------------------------------------


def letter_of(proposal: Proposal) -> ProposalLetter | None:
    return (
        ProposalLetter.objects.filter(proposal=proposal)
        .select_related("document")
        .order_by("-version")
        .first()
    )


def letter_signatures(proposal: Proposal) -> list[dict]:
    letter = letter_of(proposal)
    return signed_file_signatures(letter.document if letter else None)
