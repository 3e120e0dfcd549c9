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
from django.db import transaction
from django.utils import timezone

from thidua.awards.models import Decision
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
    data = edxml.build(package)
    out = out or OutgoingPackage(partner=partner, source=source)
    old_file = out.package.name if out.pk else ""
    out.unit = decision.issuer
    out.document_id, out.reference = package.document_id, decision.reference
    out.subject, out.sha256 = decision.summary[:500], hashlib.sha256(data).hexdigest()
    out.state, out.attempts, out.error, out.sent_at = OutgoingState.QUEUED, 0, "", None
    out.created_by = actor
    out.package.save(f"{out.sha256[:16]}.xml", ContentFile(data), save=False)
    out.save()
    if old_file:
        storage = out.package.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(
        actor=actor, action="exchange.package.send", obj=out, unit_id=decision.issuer_id,
        after={"partner": partner.organ_id, "document_id": out.document_id,
               "sha256": out.sha256},
    )  # fmt: skip
    enqueue("thidua.exchange.services.package_deliver", out.pk)
    return out


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


def _check(package: edxml.Package, partner: Partner | None):
    """(sender partner, recipient units, PDFs) of an acceptable package, or _Refusal."""
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
    codes = [r.organ_id for r in package.recipients]
    units = list(Unit.objects.filter(code__in=codes))
    if not units:
        raise _Refusal(
            RefusalKind.RECIPIENT,
            f"Không có đơn vị nào mang mã nơi nhận {', '.join(codes)} trong hệ thống.",
        )
    pdfs = [a for a in package.attachments if a.data.startswith(b"%PDF")]
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
    return sender, units, pdfs


@transaction.atomic
def package_receive(*, actor=None, data: bytes, partner: Partner | None = None) -> IncomingPackage:
    """Receive one edXML package, sent by `partner` (its token checked by the caller) or
    imported by the secretariat (`partner` None: the package's sender must be declared).
    Accepted: the incoming document goes to the inbox of the units the package names. Refused
    (wrong schema, unknown sender, no such recipient, a missing or bad signature, a document
    number already received): kept with its reason in the quarantine list, nothing else
    created. Never raises for a bad package."""
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
        sender, units, pdfs = _check(package, partner)
    except _Refusal as refusal:
        row.state, row.refusal, row.reason = IncomingState.QUARANTINED, refusal.kind, refusal.reason
        row.package.save(f"{digest[:16]}.xml", ContentFile(data), save=False)
        row.save()
        audit_record(
            actor=actor, action="exchange.package.refuse", obj=row,
            after={"sender": row.sender_organ_id, "refusal": row.refusal, "reason": row.reason},
        )  # fmt: skip
        return row
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
