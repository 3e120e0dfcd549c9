"""Annulment of an award (hủy bỏ khen thưởng), recovery of its money, and re-issue of a
certificate (cấp lại, cấp đổi)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.awards.enums import (
    CertificateState,
    CounterKind,
    DecisionState,
    ReissueKind,
)
from thidua.awards.models import (
    Annulment,
    Award,
    Certificate,
    CertificateReissue,
    Decision,
    Fund,
    FundEntry,
)
from thidua.awards.services._common import _fund_locked, _new_code, _required, _take_numbers, _user
from thidua.core.formatting import date_short, money
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.records.services import record_annul


@transaction.atomic
def award_annul(
    *,
    actor,
    award: Award,
    number: str,
    decided_on: dt.date,
    signer_name: str,
    signer_title: str,
    reason: str,
    to_recover: int | None = None,
) -> Annulment:
    """Hủy bỏ khen thưởng by the annulling decision (number, date, signer, reason).

    guard (decision issued, award not yet annulled, the sum to recover within what was paid)
    → annulment row → certificate revoked with the annulling decision as its reference → award
    history marked (records service) → audit row. The money is owed from now on (phải thu
    hồi); `annulment_record_recovery` brings it back into the fund."""
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("decision", "certificate")
        .get(pk=award.pk)
    )
    decision = award.decision
    if decision.state != DecisionState.ISSUED:
        raise ValidationError("Chỉ hủy bỏ được khen thưởng của quyết định đã ban hành.")
    if Annulment.objects.filter(award=award).exists():
        raise ValidationError(f"Khen thưởng của {award.name} đã bị hủy bỏ.")
    values = {
        "number": nfc(number or "").strip(),
        "signer_name": nfc(signer_name or "").strip(),
        "signer_title": nfc(signer_title or "").strip(),
        "reason": nfc(reason or "").strip(),
        "decided_on": decided_on,
    }
    errors: dict[str, str] = {}
    _required(errors, values, {
        "number": "Nhập số quyết định hủy bỏ, ví dụ 15/QĐ-UBND.",
        "decided_on": "Nhập ngày quyết định hủy bỏ.",
        "signer_name": "Nhập họ tên người ký quyết định hủy bỏ.",
        "signer_title": "Nhập chức danh người ký.",
        "reason": "Nhập lý do hủy bỏ khen thưởng.",
    })  # fmt: skip
    if decided_on and decided_on < decision.decided_on:
        errors["decided_on"] = (
            "Ngày quyết định hủy bỏ không thể trước ngày quyết định khen thưởng "
            f"({date_short(decision.decided_on)})."
        )
    if decided_on and decided_on > timezone.localdate():
        errors["decided_on"] = "Ngày quyết định hủy bỏ không thể sau hôm nay."
    owed = award.amount if to_recover is None else to_recover
    if owed < 0:
        errors["to_recover"] = "Số tiền phải thu hồi không được âm."
    elif owed > award.amount:
        errors["to_recover"] = (
            f"Số tiền phải thu hồi không thể lớn hơn tiền thưởng đã chi ({money(award.amount)})."
        )
    if errors:
        raise ValidationError(errors)
    annulment = Annulment(award=award, to_recover=owed, created_by=_user(actor), **values)
    annulment.full_clean()
    annulment.save()
    certificate = getattr(award, "certificate", None)
    if certificate is not None and certificate.state == CertificateState.VALID:
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        transition(
            certificate, to=CertificateState.REVOKED, allowed_from={CertificateState.VALID},
            actor=actor, action="awards.certificate.revoke", unit_id=certificate.issuer_id,
            what="giấy khen", refusal="Giấy khen này đã bị thu hồi.", timestamp="revoked_at",
            fields={"revoked_by": _user(actor), "revoke_reason": values["reason"],
                    "revoke_reference": annulment.reference},
            after={"reference": annulment.reference}, note=values["reason"],
        )  # fmt: skip
    record_annul(actor=actor, award_id=award.pk, on=decided_on, reference=annulment.reference)
    audit_record(
        actor=actor,
        action="awards.award.annul",
        obj=annulment,
        unit_id=decision.issuer_id,
        after={
            "award": award.pk, "name": award.name, "decision": decision.reference,
            "number": annulment.number, "decided_on": decided_on.isoformat(),
            "signer": f"{annulment.signer_title} {annulment.signer_name}",
            "to_recover": owed,
        },
        note=values["reason"],
    )  # fmt: skip
    return annulment


def _fund_of_award(decision: Decision) -> Fund:
    """The fund the reward was paid from (its decision's ledger line), locked."""
    entry = FundEntry.objects.filter(decision=decision).select_related("fund").first()
    if entry is not None:
        return Fund.objects.select_for_update().get(pk=entry.fund_id)
    return _fund_locked(decision.fund_unit, decision.year)


@transaction.atomic
def annulment_record_recovery(
    *, actor, annulment: Annulment, amount: int, note: str = ""
) -> FundEntry:
    """Money of an annulled award paid back: a credit in the ledger of the fund it was paid
    from (the fund's spending goes down by as much), and the sum still owed goes down."""
    annulment = (
        Annulment.objects.select_for_update(of=("self",))
        .select_related("award__decision")
        .get(pk=annulment.pk)
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Số tiền thu hồi phải lớn hơn 0."})
    if amount > annulment.outstanding:
        raise ValidationError({"amount": (
            f"Số tiền thu hồi lớn hơn số còn phải thu ({money(annulment.outstanding)})."
        )})  # fmt: skip
    decision = annulment.award.decision
    fund = _fund_of_award(decision)
    text = nfc(note or "").strip()
    entry = FundEntry.objects.create(
        fund=fund,
        annulment=annulment,
        amount=-amount,
        at=timezone.now(),
        note=(
            f"Thu hồi tiền thưởng của {annulment.award.name} theo {annulment.reference}"
            + (f" ({text})" if text else "")
        )[:300],
    )
    fund.spent = max(0, fund.spent - amount)
    fund.save(update_fields=["spent"])
    before = {"recovered": annulment.recovered}
    annulment.recovered += amount
    annulment.save(update_fields=["recovered"])
    audit_record(
        actor=actor,
        action="awards.annulment.recover",
        obj=annulment,
        unit_id=decision.issuer_id,
        before=before,
        after={"recovered": annulment.recovered, "amount": amount, "fund": fund.pk},
        note=text,
    )
    return entry


def _code_taken() -> set[str]:
    return set(Certificate.objects.values_list("code", flat=True)) | set(
        CertificateReissue.objects.values_list("old_code", flat=True)
    )


@transaction.atomic
def certificate_reissue(
    *,
    actor,
    certificate: Certificate,
    kind: str,
    reason: str,
    reference: str,
    decided_on: dt.date,
) -> CertificateReissue:
    """Cấp lại (lost) or cấp đổi (damaged): a new golden-book number of the issuer's register
    for the year of `decided_on` and a new verification code. The superseded copy's number,
    code and file are kept on the re-issue row, linked; the old code then answers "đã được cấp
    lại" publicly and is listed among the revoked codes. A revoked certificate is not
    re-issued."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("award__decision")
        .get(pk=certificate.pk)
    )
    if certificate.state != CertificateState.VALID:
        raise ValidationError("Giấy khen đã bị thu hồi: không cấp lại, cấp đổi được.")
    reason, reference = nfc(reason or "").strip(), nfc(reference or "").strip()
    errors: dict[str, str] = {}
    if kind not in ReissueKind.values:
        errors["kind"] = "Chọn cấp lại (bị mất) hoặc cấp đổi (bị hư hỏng)."
    _required(errors, {"reason": reason, "reference": reference, "decided_on": decided_on}, {
        "reason": "Nhập lý do cấp lại, cấp đổi.",
        "reference": "Nhập số, ngày văn bản cấp lại, cấp đổi.",
        "decided_on": "Nhập ngày cấp lại, cấp đổi.",
    })  # fmt: skip
    if decided_on and decided_on < certificate.award.decision.decided_on:
        errors["decided_on"] = "Ngày cấp lại không thể trước ngày quyết định khen thưởng."
    if decided_on and decided_on > timezone.localdate():
        errors["decided_on"] = "Ngày cấp lại không thể sau hôm nay."
    if errors:
        raise ValidationError(errors)
    register = _take_numbers(
        issuer=certificate.issuer, year=decided_on.year, kind=CounterKind.GOLDEN_BOOK
    )[0]
    new_code = _new_code(_code_taken())
    reissue = CertificateReissue(
        certificate=certificate, kind=kind, reason=reason, reference=reference,
        decided_on=decided_on, created_by=_user(actor),
        old_code=certificate.code, old_year=certificate.year,
        old_register_number=certificate.register_number, old_pdf=certificate.pdf.name or "",
        new_code=new_code, new_year=decided_on.year, new_register_number=register,
    )  # fmt: skip
    reissue.full_clean()
    reissue.save()
    before = snapshot(certificate, ["code", "year", "register_number"])
    certificate.code, certificate.year, certificate.register_number = (
        new_code,
        decided_on.year,
        register,
    )
    certificate.pdf = ""  # printed again, with the new number and code, when next downloaded
    certificate.full_clean()
    certificate.save(update_fields=["code", "year", "register_number", "pdf"])
    audit_record(
        actor=actor,
        action="awards.certificate.reissue",
        obj=certificate,
        unit_id=certificate.issuer_id,
        before=before,
        after=snapshot(certificate, ["code", "year", "register_number"])
        | {"kind": kind, "reference": reference},
        note=reason,
    )
    return reissue
