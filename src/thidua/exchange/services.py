"""Writes of the exchange app: declare a partner, send a decision as an edXML package (built
now, delivered over HTTP by the task queue), and receive a package: accepted into the recipient
unit's inbox, or refused with its reason into the quarantine list, with nothing created from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.awards.models import Decision
from thidua.awards.selectors import decision_trail_data
from thidua.awards.signing import checked_signatures
from thidua.core.services import audit_record, snapshot
from thidua.core.tasks import enqueue, enqueue_at
from thidua.core.text import nfc
from thidua.distribution import services as distribution_services
from thidua.distribution.enums import DocumentKind
from thidua.documents import edxml
from thidua.exchange.enums import IncomingState, OutgoingState, RefusalKind
from thidua.exchange.models import (
    IncomingPackage,
    OutgoingPackage,
    Partner,
    new_token,
    token_digest,
)
from thidua.nominations import received as received_proposals
from thidua.nominations.enums import ProposalState
from thidua.nominations.letter_signing import letter_of
from thidua.nominations.models import Proposal
from thidua.nominations.services import nomination_closed_reason
from thidua.org.models import Unit

logger = logging.getLogger(__name__)

#: Tries to deliver one package before it is left failed (the secretariat may send it again).
MAX_ATTEMPTS = 3
SEND_TIMEOUT = 60


# Partners ------------------------------------------------------------------------------------


@transaction.atomic
def partner_set(
    *, actor, organ_id: str, name: str, send_url: str = "", send_token: str = "",
    active: bool = True,
) -> Partner:  # fmt: skip
    """Declare (or change) a partner system by its organisation identifier."""
    organ_id, name = organ_id.strip(), nfc(name).strip()
    partner = Partner.objects.select_for_update().filter(organ_id=organ_id).first()
    fields = ["organ_id", "name", "send_url", "active"]
    before = snapshot(partner, fields) if partner else None
    partner = partner or Partner(organ_id=organ_id)
    partner.name, partner.send_url, partner.active = name, send_url.strip(), active
    if send_token:
        partner.send_token = send_token.strip()
    partner.full_clean()
    partner.save()
    audit_record(
        actor=actor, action="exchange.partner.set", obj=partner, before=before,
        after=snapshot(partner, fields),
    )  # fmt: skip
    return partner


@transaction.atomic
def partner_issue_token(*, actor, partner: Partner) -> str:
    """A new token the partner presents when it sends to us; returned once, only its digest is
    kept (an earlier token stops working)."""
    token = new_token()
    partner.receive_token_digest = token_digest(token)
    partner.save(update_fields=["receive_token_digest"])
    audit_record(actor=actor, action="exchange.partner.token", obj=partner)
    return token


def partner_for_token(token: str) -> Partner | None:
    if not token:
        return None
    return Partner.objects.filter(receive_token_digest=token_digest(token), active=True).first()


# Sending -------------------------------------------------------------------------------------


def decision_package(decision: Decision, partner: Partner) -> edxml.Package:
    """The issued decision as an edXML package for `partner`, its signed PDF attached."""
    with decision.pdf.open("rb") as f:
        pdf = f.read()
    issuer = decision.issuer
    return edxml.Package(
        sender=edxml.Organisation(issuer.code, issuer.name, decision.issuer_superior),
        recipients=(edxml.Organisation(partner.organ_id, partner.name),),
        code_number=str(decision.number),
        code_notation=decision.symbol,
        promulgation_date=decision.decided_on,
        place=decision.place,
        subject=decision.summary,
        signer_name=decision.signer_name,
        signer_position=decision.signer_title,
        competence=decision.signing_authority,
        type_code=2,
        type_name="Quyết định",
        attachments=(
            edxml.Attachment(
                name=f"quyet-dinh-{distribution_services.reference_slug(decision.reference)}.pdf",
                data=pdf, description=f"Quyết định số {decision.reference}",
            ),
        ),
        trace=((issuer.code, timezone.now()),),
    )  # fmt: skip


@transaction.atomic
def decision_send(*, actor, decision: Decision, partner: Partner) -> OutgoingPackage:
    """Send the issued, digitally signed decision to `partner` as an edXML package: built and
    stored now, delivered by the task queue. A package already delivered is not sent twice."""
    if not decision.is_issued or not decision.pdf:
        raise ValidationError("Chỉ gửi liên thông quyết định đã ban hành và đã có tệp PDF.")
    if not partner.active or not partner.send_url:
        raise ValidationError(
            f"Chưa khai báo địa chỉ nhận gói tin của {partner.name}: khai báo trong «Liên thông»."
        )
    with decision.pdf.open("rb") as f:
        checks = checked_signatures(f.read())
    if not checks or not all(c.valid for c in checks):
        raise ValidationError(
            "Quyết định chưa có chữ ký số hợp lệ: ký số quyết định trước khi gửi liên thông "
            "(bên nhận từ chối văn bản không có chữ ký số hợp lệ)."
        )
    source = f"awards.decision:{decision.pk}"
    out = OutgoingPackage.objects.select_for_update().filter(partner=partner, source=source)
    out = out.first()
    if out is not None and out.state != OutgoingState.FAILED:
        raise ValidationError(
            f"Quyết định số {decision.reference} đã được gửi tới {partner.name} "
            f"({out.get_state_display().lower()})."
        )
    package = decision_package(decision, partner)
    return _queue(
        actor=actor, out=out, partner=partner, source=source, package=package,
        unit=decision.issuer, reference=decision.reference, subject=decision.summary,
    )  # fmt: skip


def _queue(
    *, actor, out: OutgoingPackage | None, partner: Partner, source: str,
    package: edxml.Package, unit: Unit, reference: str, subject: str,
) -> OutgoingPackage:  # fmt: skip
    """Store the built package for `partner` (anew when an earlier try failed) and queue it."""
    data = edxml.build(package)
    out = out or OutgoingPackage(partner=partner, source=source)
    old_file = out.package.name if out.pk else ""
    out.unit = unit
    out.document_id, out.reference = package.document_id, reference
    out.subject, out.sha256 = subject[:500], hashlib.sha256(data).hexdigest()
    out.state, out.attempts, out.error, out.sent_at = OutgoingState.QUEUED, 0, "", None
    out.created_by = actor
    out.package.save(f"{out.sha256[:16]}.xml", ContentFile(data), save=False)
    out.save()
    if old_file:
        storage = out.package.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(
        actor=actor, action="exchange.package.send", obj=out, unit_id=unit.pk,
        after={"partner": partner.organ_id, "document_id": out.document_id,
               "sha256": out.sha256, "source": source},
    )  # fmt: skip
    enqueue("thidua.exchange.services.package_deliver", out.pk)
    return out


# Proposals sent up to another instance ---------------------------------------------------------

#: The attachment that carries the proposal as data (nominees, documents, trail): its content
#: type tells a proposal package from a plain document.
PROPOSAL_DATA = "application/vnd.thidua.proposal+json"
PROPOSAL_DATA_NAME = "ho-so-de-nghi.json"


def _document_attachment_name(doc: dict) -> str:
    return f"tai-lieu-{doc['id']}-{doc['name']}"[:200]


def _signed_letter(proposal: Proposal) -> bytes:
    """The proposal's tờ trình as the unit head signed it; refused when it is not signed or
    its signature does not check (the receiver would refuse it)."""
    letter = letter_of(proposal)
    pdf = b""
    if letter is not None and letter.document.pdf:
        with letter.document.pdf.open("rb") as f:
            pdf = f.read()
    checks = checked_signatures(pdf) if pdf else []
    if not checks or not all(c.valid for c in checks):
        raise ValidationError(
            "Tờ trình chưa được Thủ trưởng đơn vị ký số hợp lệ: lập và ký tờ trình trước khi "
            "xuất gói hồ sơ (bên nhận từ chối gói không có chữ ký số hợp lệ)."
        )
    return pdf


def _lower_decision(proposal: Proposal) -> Decision | None:
    """The lower level's issued decision the proposal carries as data, when it is this
    instance's and still the one recorded (its data hash unchanged)."""
    recorded = (proposal.forward_data or {}).get("decision") or {}
    decision = Decision.objects.filter(pk=recorded.get("id")).first() if recorded else None
    if decision is None or not decision.is_issued or not decision.pdf:
        return None
    if decision_trail_data(decision)["sha256"] != recorded.get("sha256"):
        return None
    return decision


def proposal_package(proposal: Proposal, recipient: edxml.Organisation) -> edxml.Package:
    """The forwarded proposal as an edXML package for `recipient`: the signed tờ trình as the
    main document, the lower level's signed decision when it is at hand, every document of the
    dossier, and the proposal as data (nominees, documents, trail) in `PROPOSAL_DATA_NAME`."""
    if proposal.state != ProposalState.SUBMITTED or not proposal.source_campaign_id:
        raise ValidationError("Chỉ xuất gói hồ sơ đã gửi lên cấp trên (đang chờ cấp trên xem xét).")
    letter_pdf = _signed_letter(proposal)
    data, files = received_proposals.exchange_data(proposal)
    unit = proposal.unit
    letter = letter_of(proposal)
    signature = letter.document.signatures.order_by("signed_at").last()
    attachments = [
        edxml.Attachment(
            name=f"to-trinh-{proposal.pk}-lan-{letter.version}.pdf",
            data=letter_pdf,
            description=f"Tờ trình của {unit.name} (đã ký số)",
        )  # fmt: skip
    ]
    signed = [{"attachment": attachments[0].name, "role": "letter"}]
    decision = _lower_decision(proposal)
    if decision is not None:
        with decision.pdf.open("rb") as f:
            attachments.append(
                edxml.Attachment(
                    name=f"quyet-dinh-{distribution_services.reference_slug(decision.reference)}"
                    ".pdf",
                    data=f.read(),
                    description=f"Quyết định số {decision.reference}",
                )  # fmt: skip
            )
        signed.append({"attachment": attachments[-1].name, "role": "decision"})
    for doc in data["documents"]:
        doc["attachment"] = _document_attachment_name(doc)
        attachments.append(
            edxml.Attachment(
                name=doc["attachment"],
                data=files[doc["id"]],
                content_type="application/pdf"
                if doc["name"].endswith(".pdf")
                else "application/octet-stream",
                description=doc["item"],
            )  # fmt: skip
        )
    data["signed"] = signed
    attachments.append(
        edxml.Attachment(
            name=PROPOSAL_DATA_NAME,
            content_type=PROPOSAL_DATA,
            data=json.dumps(data, ensure_ascii=False, sort_keys=True).encode(),
            description="Hồ sơ đề nghị: danh sách, tài liệu và nhật ký chuyển hồ sơ",
        )  # fmt: skip
    )
    campaign = proposal.campaign
    day = timezone.localdate(proposal.submitted_at or timezone.now())
    return edxml.Package(
        sender=edxml.Organisation(unit.code, unit.name),
        recipients=(recipient,),
        code_number=f"{proposal.pk}.{proposal.version}",
        code_notation="TTr",
        promulgation_date=day,
        place="",
        subject=f"Tờ trình đề nghị khen thưởng của {unit.name} trong phong trào «{campaign.title}»"[
            :2000
        ],
        signer_name=signature.signer_name,
        signer_position=letter.document.step_label(signature.step),
        type_code=5,
        type_name="Tờ trình",
        attachments=tuple(attachments),
        trace=((unit.code, timezone.now()),),
    )


@transaction.atomic
def proposal_export(*, actor, proposal: Proposal) -> tuple[str, bytes]:
    """The proposal's package addressed to the campaign's issuer, to hand over another way
    («Xuất gói hồ sơ»): its file name and bytes."""
    issuer = proposal.campaign.issuer
    package = proposal_package(proposal, edxml.Organisation(issuer.code, issuer.name))
    data = edxml.build(package)
    audit_record(
        actor=actor, action="exchange.proposal.export", obj=proposal,
        unit_id=proposal.unit_id,
        after={"document_id": package.document_id, "sha256": hashlib.sha256(data).hexdigest()},
    )  # fmt: skip
    return f"goi-ho-so-de-nghi-{proposal.pk}-lan-{proposal.version}.xml", data


@transaction.atomic
def proposal_send(*, actor, proposal: Proposal, partner: Partner) -> OutgoingPackage:
    """Send the forwarded proposal to `partner` (the higher level's instance) as an edXML
    package: built and stored now, delivered by the task queue. Each version is sent once."""
    if not partner.active or not partner.send_url:
        raise ValidationError(
            f"Chưa khai báo địa chỉ nhận gói tin của {partner.name}: khai báo trong «Liên thông»."
        )
    proposal = Proposal.objects.select_for_update().select_related(
        "campaign__issuer", "unit"
    ).get(pk=proposal.pk)  # fmt: skip
    source = f"nominations.proposal:{proposal.pk}:{proposal.version}"
    out = OutgoingPackage.objects.select_for_update().filter(partner=partner, source=source)
    out = out.first()
    if out is not None and out.state != OutgoingState.FAILED:
        raise ValidationError(
            f"Hồ sơ đề nghị (lần gửi {proposal.version}) đã được gửi tới {partner.name} "
            f"({out.get_state_display().lower()})."
        )
    package = proposal_package(proposal, edxml.Organisation(partner.organ_id, partner.name))
    return _queue(
        actor=actor, out=out, partner=partner, source=source, package=package,
        unit=proposal.unit, reference=f"{package.code_number}/{package.code_notation}",
        subject=package.subject,
    )  # fmt: skip


def package_deliver(package_id: int) -> None:
    """Task: POST the stored package to the partner's endpoint. Safe to run twice (a package
    delivered is left alone); a failure is retried, then left failed with its reason."""
    out = OutgoingPackage.objects.select_related("partner").filter(pk=package_id).first()
    if out is None or out.state == OutgoingState.SENT:
        return
    with out.package.open("rb") as f:
        data = f.read()
    request = urllib.request.Request(
        out.partner.send_url, data=data, method="POST",
        headers={"Content-Type": "application/xml; charset=utf-8",
                 "Authorization": f"Bearer {out.partner.send_token}"},
    )  # fmt: skip
    answer, error, retry = {}, "", False
    try:
        with urllib.request.urlopen(request, timeout=SEND_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read() or b"{}")
        except ValueError:
            answer = {}
        error = answer.get("detail") or f"Bên nhận trả lời lỗi {exc.code}."
        retry = exc.code >= 500
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        error, retry = f"Không kết nối được bên nhận: {exc}", True
    _delivered(out.pk, answer=answer, error=error, retry=retry)


@transaction.atomic
def _delivered(package_id: int, *, answer: dict, error: str, retry: bool) -> None:
    out = OutgoingPackage.objects.select_for_update().get(pk=package_id)
    out.attempts += 1
    if not error:
        out.state, out.sent_at, out.error = OutgoingState.SENT, timezone.now(), ""
    else:
        out.state, out.error = OutgoingState.FAILED, str(error)[:2000]
        if retry and out.attempts < MAX_ATTEMPTS:
            out.state = OutgoingState.QUEUED
            enqueue_at(
                "thidua.exchange.services.package_deliver", out.pk,
                at=timezone.now() + dt.timedelta(minutes=5 * out.attempts),
            )  # fmt: skip
    out.save(update_fields=["attempts", "state", "sent_at", "error"])
    audit_record(
        actor=None, action="exchange.package.deliver", obj=out, unit_id=out.unit_id,
        after={"state": out.state, "error": out.error, "answer": answer.get("state", "")},
    )  # fmt: skip


# Receiving -----------------------------------------------------------------------------------


@dataclass
class _Refusal(Exception):
    kind: str
    reason: str


def _sender(package: edxml.Package, partner: Partner | None) -> Partner:
    sender = Partner.objects.filter(organ_id=package.sender.organ_id, active=True).first()
    if sender is None:
        raise _Refusal(
            RefusalKind.UNKNOWN_SENDER,
            f"Cơ quan gửi «{package.sender.name}» (mã {package.sender.organ_id}) chưa được "
            "khai báo liên thông.",
        )
    if partner is not None and sender.pk != partner.pk:
        raise _Refusal(
            RefusalKind.UNKNOWN_SENDER,
            f"Gói tin ghi cơ quan gửi mã {package.sender.organ_id} nhưng được gửi bằng mã truy "
            f"cập của {partner.name} (mã {partner.organ_id}).",
        )
    return sender


def _recipients(package: edxml.Package) -> list[Unit]:
    codes = [r.organ_id for r in package.recipients]
    units = list(Unit.objects.filter(code__in=codes))
    if not units:
        raise _Refusal(
            RefusalKind.RECIPIENT,
            f"Không có đơn vị nào mang mã nơi nhận {', '.join(codes)} trong hệ thống.",
        )
    return units


def _check_signed(pdfs: list[edxml.Attachment]) -> None:
    if not pdfs:
        raise _Refusal(RefusalKind.SIGNATURE, "Gói tin không kèm tệp văn bản PDF đã ký số.")
    for attachment in pdfs:
        checks = checked_signatures(attachment.data)
        if not checks:
            raise _Refusal(RefusalKind.SIGNATURE, f"Tệp «{attachment.name}» không có chữ ký số.")
        bad = [c for c in checks if not c.valid]
        if bad:
            what = (
                "tệp đã bị thay đổi sau khi ký"
                if not all(c.intact and c.unchanged_after for c in bad)
                else "chứng thư ký không thuộc tổ chức chứng thực được tin cậy"
            )
            raise _Refusal(
                RefusalKind.SIGNATURE,
                f"Chữ ký số trên tệp «{attachment.name}» không hợp lệ: {what}.",
            )


def _not_received_before(package: edxml.Package, sender: Partner) -> None:
    duplicate = IncomingPackage.objects.filter(
        partner=sender, document_id=package.document_id, state=IncomingState.ACCEPTED
    ).first()
    if duplicate is not None:
        raise _Refusal(
            RefusalKind.DUPLICATE,
            f"Văn bản số {package.code_number}/{package.code_notation} ngày "
            f"{package.promulgation_date:%d/%m/%Y} của {sender.name} đã được nhận lúc "
            f"{timezone.localtime(duplicate.received_at):%H:%M ngày %d/%m/%Y}.",
        )


def _check(package: edxml.Package, partner: Partner | None):
    """(sender partner, recipient units, PDFs) of an acceptable package, or _Refusal."""
    sender = _sender(package, partner)
    units = _recipients(package)
    pdfs = [a for a in package.attachments if a.data.startswith(b"%PDF")]
    _check_signed(pdfs)
    _not_received_before(package, sender)
    return sender, units, pdfs


def _proposal_data(package: edxml.Package) -> edxml.Attachment | None:
    return next((a for a in package.attachments if a.content_type == PROPOSAL_DATA), None)


_SCHEMA_PROBLEM = "Dữ liệu hồ sơ đề nghị trong gói tin không đúng cấu trúc"


def _read_proposal(package: edxml.Package, attachment: edxml.Attachment):
    """The proposal's data and its documents' bytes (by the sender's document id), or a
    schema refusal."""
    try:
        data = json.loads(attachment.data)
        by_name = {a.name: a for a in package.attachments}
        if data.get("format") != received_proposals.FORMAT:
            raise ValueError(f"định dạng «{data.get('format')}» không được hỗ trợ")
        for key in ("proposal", "campaign", "nominees", "documents", "trail", "signed"):
            if key not in data:
                raise ValueError(f"thiếu mục «{key}»")
        files = {}
        for doc in data["documents"]:
            if doc["attachment"] not in by_name:
                raise ValueError(f"thiếu tệp «{doc['attachment']}»")
            files[doc["id"]] = by_name[doc["attachment"]].data
        signed = [by_name[s["attachment"]] for s in data["signed"]]
        if not any(s["role"] == "letter" for s in data["signed"]):
            raise ValueError("không có tờ trình đã ký số")
        int(data["proposal"]["id"])
        data["proposal"]["unit"]["code"]  # noqa: B018
        for step in data["trail"]:
            step["fields"]["seq"], step["fields"]["payload"], step["step_hash"]  # noqa: B018
        for n in data["nominees"]:
            n["id"], n["award_form"], n["subject_type"], n["unit"]["code"], n["unit"]["name"]  # noqa: B018
        for d in data["documents"]:
            d["item"], d["award_form"], d["subject_type"], d["name"], d["sha256"]  # noqa: B018
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _Refusal(RefusalKind.SCHEMA, f"{_SCHEMA_PROBLEM}: {exc}.") from exc
    return data, files, signed


def _check_proposal(package: edxml.Package, partner: Partner | None, attachment):
    """(sender partner, target campaign, proposing unit, data, files) of an acceptable
    proposal package, or _Refusal: the signatures on the tờ trình (and the lower decision),
    the trail's hash chain against the files that came, the target campaign open for
    proposals."""
    sender = _sender(package, partner)
    data, files, signed = _read_proposal(package, attachment)
    _check_signed(signed)
    _not_received_before(package, sender)
    check = received_proposals.received_trail_check(data, files)
    if not check.intact:
        raise _Refusal(
            RefusalKind.TRAIL,
            "Nhật ký chuyển hồ sơ không còn nguyên vẹn: " + " ".join(check.problems),
        )
    reference = data["campaign"]
    campaign = received_proposals.target_campaign(reference)
    if campaign is None:
        number = (
            f"số {reference.get('doc_number')}/{reference.get('doc_symbol')} "
            if (reference.get("doc_number"))
            else ""
        )
        raise _Refusal(
            RefusalKind.CAMPAIGN,
            f"Không có phong trào «{reference.get('title')}» (kế hoạch {number}năm "
            f"{reference.get('year')}) của cơ quan mã {reference.get('issuer')} trong hệ "
            "thống.",
        )
    closed = nomination_closed_reason(campaign)
    if closed:
        raise _Refusal(
            RefusalKind.CAMPAIGN,
            f"Phong trào «{campaign.title}» không nhận hồ sơ đề nghị: {closed}",
        )
    if campaign.issuer.code not in {r.organ_id for r in package.recipients}:
        raise _Refusal(
            RefusalKind.RECIPIENT,
            f"Gói hồ sơ không gửi tới {campaign.issuer.name}, cơ quan ban hành phong trào.",
        )
    code = data["proposal"]["unit"]["code"]
    unit = Unit.objects.filter(code=code).first()
    if unit is None or code != package.sender.organ_id:
        raise _Refusal(
            RefusalKind.PROPOSAL,
            f"Đơn vị đề nghị mã {code} không phải cơ quan gửi hoặc chưa có trong hệ thống.",
        )
    return sender, campaign, unit, data, files


def _refuse(row: IncomingPackage, refusal: _Refusal, data: bytes, digest: str, actor):
    row.state, row.refusal, row.reason = IncomingState.QUARANTINED, refusal.kind, refusal.reason
    row.package.save(f"{digest[:16]}.xml", ContentFile(data), save=False)
    row.save()
    audit_record(
        actor=actor, action="exchange.package.refuse", obj=row,
        after={"sender": row.sender_organ_id, "refusal": row.refusal, "reason": row.reason},
    )  # fmt: skip
    return row


@transaction.atomic
def package_receive(*, actor=None, data: bytes, partner: Partner | None = None) -> IncomingPackage:
    """Receive one edXML package, sent by `partner` (its token checked by the caller) or
    imported by the secretariat (`partner` None: the package's sender must be declared).
    Accepted: the incoming document goes to the inbox of the units the package names; a
    proposal package becomes the sending unit's dossier in the target campaign, as sent.
    Refused (wrong schema, unknown sender, no such recipient, a missing or bad signature, a
    document number already received, a broken trail, no such campaign or one closed to
    proposals): kept with its reason in the quarantine list, nothing else created. Never
    raises for a bad package."""
    if partner is not None:  # one package of a partner at a time: duplicates are seen
        Partner.objects.select_for_update().filter(pk=partner.pk).first()
    digest = hashlib.sha256(data).hexdigest()
    row = IncomingPackage(partner=partner, sha256=digest)
    if partner is not None:
        row.sender_organ_id, row.sender_name = partner.organ_id, partner.name
    try:
        try:
            package = edxml.parse(data)
        except edxml.EdxmlError as exc:
            raise _Refusal(RefusalKind.SCHEMA, str(exc)) from exc
        row.sender_organ_id = package.sender.organ_id[:64]
        row.sender_name = package.sender.name[:255]
        row.document_id = package.document_id[:255]
        row.reference = f"{package.code_number}/{package.code_notation}"[:100]
        row.subject = package.subject[:500]
        proposal_data = _proposal_data(package)
        if proposal_data is not None:
            try:
                checked = _check_proposal(package, partner, proposal_data)
                return _accept_proposal(row, package, checked, data, digest, actor)
            except (KeyError, TypeError, ValueError, AttributeError, IntegrityError) as exc:
                raise _Refusal(RefusalKind.SCHEMA, f"{_SCHEMA_PROBLEM}: {exc!r}.") from exc
        sender, units, pdfs = _check(package, partner)
    except _Refusal as refusal:
        return _refuse(row, refusal, data, digest, actor)
    row.partner, row.recipient, row.state = sender, units[0], IncomingState.ACCEPTED
    row.package.save(f"{digest[:16]}.xml", ContentFile(data), save=False)
    row.save()
    main = pdfs[0]
    row.distribution = distribution_services.document_distribute(
        actor=actor,
        kind=DocumentKind.DECISION if package.type_name == "Quyết định" else DocumentKind.OTHER,
        title=package.subject,
        units=units,
        sender_unit=units[0],
        external_sender=sender.name,
        file=(main.name, main.data),
        file_name=main.name,
        reference=row.reference,
        source=f"exchange.incoming:{row.pk}",
    )
    row.save(update_fields=["distribution"])
    audit_record(
        actor=actor, action="exchange.package.accept", obj=row, unit_id=units[0].pk,
        after={"sender": sender.organ_id, "document_id": row.document_id, "sha256": digest},
    )  # fmt: skip
    return row


def _accept_proposal(row, package, checked, data: bytes, digest: str, actor) -> IncomingPackage:
    """Create the received dossier (in a savepoint: a mismatch found while creating it leaves
    nothing behind and refuses the package)."""
    sender, campaign, unit, proposal_data, files = checked
    try:
        proposal = received_proposals.proposal_receive(
            actor=actor, campaign=campaign, unit=unit, data=proposal_data, files=files,
            origin=sender.organ_id, package=package.document_id,
        )  # fmt: skip
    except ValidationError as exc:
        raise _Refusal(RefusalKind.PROPOSAL, " ".join(exc.messages)) from exc
    row.partner, row.recipient, row.state = sender, campaign.issuer, IncomingState.ACCEPTED
    row.proposal = proposal
    row.package.save(f"{digest[:16]}.xml", ContentFile(data), save=False)
    row.save()
    name = next(s["attachment"] for s in proposal_data["signed"] if s["role"] == "letter")
    letter = next(a for a in package.attachments if a.name == name)  # the signed tờ trình,
    row.distribution = distribution_services.document_distribute(  # in the issuer's inbox
        actor=actor, kind=DocumentKind.OTHER, title=package.subject, units=[campaign.issuer],
        sender_unit=campaign.issuer, external_sender=sender.name,
        file=(letter.name, letter.data), file_name=letter.name, reference=row.reference,
        source=f"exchange.incoming:{row.pk}",
    )  # fmt: skip
    row.save(update_fields=["distribution"])
    audit_record(
        actor=actor, action="exchange.package.accept", obj=row, unit_id=campaign.issuer_id,
        after={"sender": sender.organ_id, "document_id": row.document_id, "sha256": digest,
               "proposal": proposal.pk},
    )  # fmt: skip
    return row
