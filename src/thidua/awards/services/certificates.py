"""Certificates: revocation, issuers' statement keys, print layouts and print batches."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.awards.enums import (
    BatchState,
    CertificateState,
)
from thidua.awards.models import (
    Certificate,
    CertificateBatch,
    Decision,
    IssuerKey,
    PrintLayout,
)
from thidua.awards.services._common import _user
from thidua.awards.statements import issuer_kid, issuer_private_key
from thidua.core import jws
from thidua.core.services import audit_record, snapshot
from thidua.core.tasks import enqueue
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.documents.certificate import render_certificates, render_many
from thidua.documents.signing import prepare_batch, sign_pdf, signing_config
from thidua.org.models import Unit

logger = logging.getLogger(__name__)


@transaction.atomic
def certificate_revoke(
    *, actor, certificate: Certificate, reason: str, reference: str
) -> Certificate:
    """Thu hồi: the certificate stays on record, marked revoked with why and by which
    document; the public page then says it is no longer valid."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason, reference = nfc(reason).strip(), nfc(reference).strip()
    errors = {}
    if certificate.state == CertificateState.REVOKED:
        raise ValidationError("Giấy khen này đã bị thu hồi.")
    if not reason:
        errors["reason"] = "Nhập lý do thu hồi."
    if not reference:
        errors["reference"] = "Nhập số, ngày văn bản thu hồi."
    if errors:
        raise ValidationError(errors)
    transition(
        certificate, to=CertificateState.REVOKED, allowed_from={CertificateState.VALID},
        actor=actor, action="awards.certificate.revoke", unit_id=certificate.issuer_id,
        what="giấy khen", refusal="Giấy khen này đã bị thu hồi.", timestamp="revoked_at",
        fields={"revoked_by": _user(actor), "revoke_reason": reason, "revoke_reference": reference},
        after={"reference": reference}, note=reason,
    )  # fmt: skip
    return certificate


@transaction.atomic
def issuer_key_publish(*, issuer_id: int) -> IssuerKey:
    """Publish the issuer's statement key under this server's secret (its public half), so
    what it signs can be checked offline; a key of an earlier secret is retired, and stays
    published. Idempotent: the usual call finds the key already there."""
    kid = issuer_kid(issuer_id)
    key = IssuerKey.objects.filter(kid=kid).first()
    if key is not None:
        return key
    now = timezone.now()
    IssuerKey.objects.filter(issuer_id=issuer_id, retired_at__isnull=True).update(retired_at=now)
    public = jws.public_key_bytes(issuer_private_key(issuer_id))
    key = IssuerKey.objects.create(issuer_id=issuer_id, kid=kid, public_key=jws.b64url(public))
    audit_record(
        actor=None,
        action="awards.issuer_key.publish",
        obj=key,
        unit_id=issuer_id,
        after={"kid": kid, "public_key": key.public_key},
    )
    return key


@transaction.atomic
def print_layout_set(
    *, actor, unit: Unit, shift_x_mm, shift_y_mm, fields: dict | None = None
) -> PrintLayout:
    """An office's calibration for printing on its pre-printed blanks."""
    layout, _ = PrintLayout.objects.get_or_create(unit=unit)
    before = snapshot(layout, ["shift_x_mm", "shift_y_mm", "fields"])
    layout.shift_x_mm, layout.shift_y_mm = shift_x_mm, shift_y_mm
    if fields is not None:
        layout.fields = fields
    layout.full_clean()
    layout.save()
    audit_record(
        actor=actor,
        action="awards.print_layout.set",
        obj=layout,
        unit_id=unit.pk,
        before=before,
        after=snapshot(layout, ["shift_x_mm", "shift_y_mm", "fields"]),
    )
    return layout


@transaction.atomic
def certificate_batch_start(
    *, actor, decision: Decision, blank_form: bool = False, background: bool = True
) -> CertificateBatch:
    """Queue the printing of a decision's certificates (`background=False`: the caller runs
    `certificate_batch_run` itself, as the demo does)."""
    if not decision.is_issued:
        raise ValidationError("Chỉ in giấy khen của quyết định đã ban hành.")
    total = Certificate.objects.filter(
        award__decision=decision, state=CertificateState.VALID
    ).count()
    batch = CertificateBatch.objects.create(
        decision=decision, blank_form=blank_form, total=total, created_by=_user(actor)
    )
    issuer_key_publish(issuer_id=decision.issuer_id)
    audit_record(
        actor=actor,
        action="awards.certificates.print",
        obj=decision,
        unit_id=decision.issuer_id,
        after={"batch": batch.pk, "blank": blank_form, "total": total},
    )
    if background:
        enqueue("thidua.awards.services.certificate_batch_task", batch.pk)
    return batch


def certificate_batch_task(batch_id: int) -> None:
    """The queued batch. Delivered again if its worker died: the batch is then still RUNNING
    and runs again from the start, replacing the files it had written (certificates are rows
    made at issue, never by printing, so none is ever made twice); a finished batch is left."""
    if CertificateBatch.objects.filter(
        pk=batch_id, state__in=[BatchState.PENDING, BatchState.RUNNING]
    ).exists():
        certificate_batch_run(batch_id=batch_id)


def _replace_file(field, name: str, data: bytes) -> None:
    """Store `data` under the field's `name`, replacing a file a killed run left there (the
    storage would otherwise keep both under suffixed names)."""
    path = field.field.generate_filename(field.instance, name)
    if field.storage.exists(path):
        field.storage.delete(path)
    field.save(name, ContentFile(data), save=False)


def certificate_batch_run(*, batch_id: int, processes: int | None = None) -> CertificateBatch:
    """Render the batch: a PDF per valid certificate (stored on it) and the print-ready file of
    all of them; `done` grows as chunks finish, for the progress bar. Runs outside a request
    transaction (a task of the queue, or the caller: the demo, tests)."""
    from thidua.awards.printing import print_options
    from thidua.awards.statements import certificate_print_items

    batch = CertificateBatch.objects.select_related("decision__issuer").get(pk=batch_id)
    batch.state = BatchState.RUNNING
    batch.save(update_fields=["state"])
    try:
        certificates = list(
            Certificate.objects.filter(award__decision=batch.decision, state=CertificateState.VALID)
            .select_related("award__person", "award__award_form", "award__decision__issuer")
            .order_by("register_number")
        )
        items = certificate_print_items(certificates)
        options = print_options(batch.decision.issuer, blank=batch.blank_form)

        def progress(done: int) -> None:
            CertificateBatch.objects.filter(pk=batch.pk).update(done=done)

        # B-LT: the revocation data is fetched once here, for every PDF and the print file
        signing = None if batch.blank_form else prepare_batch(signing_config())
        if processes is None:
            # Drawing a certificate costs ~1 ms, starting a pool's process ~0.4 CPU-s: a pool
            # pays for large batches only, or when each PDF is signed (~2.5 ms a signature,
            # B-LT adds a round trip to the time-stamping authority).
            processes = 1 if len(items) < (500 if signing else 2000) else None
        pdfs = render_many(
            items, processes=processes, progress=progress, signing=signing, **options
        )
        for cert, pdf in zip(certificates, pdfs, strict=True):
            if not batch.blank_form:
                _replace_file(cert.pdf, f"giay-khen-{cert.code}.pdf", pdf)
        if not batch.blank_form:
            Certificate.objects.bulk_update(certificates, ["pdf"])
        whole = sign_pdf(render_certificates(items, **options), signing, reason="Giấy khen")
        kind = "phoi" if batch.blank_form else "in"
        _replace_file(
            batch.print_pdf, f"giay-khen-{kind}-{batch.decision_id}-{batch.pk}.pdf", whole
        )
        batch.state, batch.done = BatchState.DONE, len(items)
    except Exception as exc:  # the row must say it failed; the log keeps the traceback
        logger.exception("certificate batch %s failed", batch.pk)
        batch.state, batch.error = BatchState.FAILED, f"Lỗi khi in giấy khen: {exc}"
    batch.finished_at = timezone.now()
    batch.save(update_fields=["state", "done", "print_pdf", "error", "finished_at"])
    return batch
