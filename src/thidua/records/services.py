"""Every write to award history, titles, caps and initiatives; each with its audit row."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.org.enums import UnitKind
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Initiative, Title, TitleCap
from thidua.records.selectors import title_on, titles_by_code

RULE_FIELDS = {
    Title: ["code", "name", "kind", "level", "for_individual", "for_collective", "for_household",
            "annual", "valid_from", "valid_to", "basis", "confirmed", "note", "position"],
    TitleCap: ["title_code", "basis_code", "percent", "valid_from", "valid_to", "source",
               "confirmed", "note"],
}  # fmt: skip
INITIATIVE_FIELDS = [
    "name", "unit", "year", "recognised_by", "scope", "decision_number", "decision_date", "summary",
]  # fmt: skip


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def rule_row_save(*, actor, obj: models.Model) -> models.Model:
    """Create or change a title or a cap (admin); the audit row keeps before and after."""
    fields = RULE_FIELDS[type(obj)]
    before = None
    if obj.pk:
        old = type(obj).objects.filter(pk=obj.pk).first()
        before = snapshot(old, fields) if old else None
    obj.full_clean()
    obj.save()
    after = snapshot(obj, fields)
    if after != before:
        audit_record(
            actor=actor,
            action=f"records.{obj._meta.model_name}.{'update' if before else 'create'}",
            obj=obj,
            before=before,
            after=after,
        )
    return obj


def issuer_name(unit) -> str:
    """Who decided, as the history says it: "Chủ tịch UBND huyện Nguyên Bình" for an
    administrative area (its chairman decides), else the unit's name."""
    if unit.kind in UnitKind.administrative():
        return f"Chủ tịch UBND {unit.name[:1].lower()}{unit.name[1:]}"
    return unit.name


@transaction.atomic
def records_from_decision(*, actor, decision, awards) -> list[AwardRecord]:
    """One history row per award of a decision being issued (called by
    awards.services.decision_issue inside its transaction, after pricing and numbering)."""
    titles = titles_by_code()
    campaign = decision.campaign
    rows = []
    for a in awards:
        title = title_on(titles, a.form_kind, decision.decided_on) if a.form_kind else None
        rows.append(
            AwardRecord(
                subject_type=a.subject_type,
                person_id=a.person_id,
                unit_id=a.unit_id,
                year=campaign.year,
                title=title,
                title_code=a.form_kind or "",
                form_name=a.award_form.name,
                level=title.level if title else "",
                issuer=issuer_name(decision.issuer),
                decision_number=decision.reference,
                decision_date=decision.decided_on,
                amount=a.amount,
                achievement=decision.achievement[:500],
                campaign_id=campaign.pk,
                award_id=a.pk,
                source=RecordSource.DECISION,
                created_by=_user(actor),
            )
        )
    AwardRecord.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="records.award_record.from_decision",
        obj=decision,
        unit_id=decision.issuer_id,
        after={"records": len(rows)},
    )
    return rows


@transaction.atomic
def record_annul(*, actor, award_id: int, on, reference: str) -> AwardRecord | None:
    """Mark the history row of an award as annulled (hủy bỏ), called by
    awards.services.award_annul inside its transaction: the row stays, marked, and no longer
    counts towards criteria or the "already awarded" check."""
    record = AwardRecord.objects.select_for_update().filter(award_id=award_id).first()
    if record is None:
        return None
    before = snapshot(record, ["annulled_on", "annulment_reference"])
    record.annulled_on, record.annulment_reference = on, nfc(reference).strip()[:200]
    record.save(update_fields=["annulled_on", "annulment_reference"])
    audit_record(
        actor=actor,
        action="records.award_record.annul",
        obj=record,
        unit_id=record.unit_id,
        before=before,
        after=snapshot(record, ["annulled_on", "annulment_reference"]),
    )
    return record


# Initiatives -----------------------------------------------------------------------------------


def _initiative_check(initiative: Initiative, authors) -> None:
    errors = {}
    if not authors:
        errors["authors"] = "Chọn ít nhất một tác giả."
    else:
        outside = [p.full_name for p in authors if not p.unit.path.startswith(initiative.unit.path)]
        if outside:
            errors["authors"] = (
                "Tác giả không thuộc đơn vị hoặc đơn vị cấp dưới: " + ", ".join(outside) + "."
            )
    if initiative.decision_date and initiative.decision_date.year < initiative.year:
        errors["decision_date"] = "Ngày công nhận không thể trước năm của sáng kiến."
    try:
        initiative.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _initiative_text(values: dict) -> dict:
    return {k: nfc(v).strip() if isinstance(v, str) else v for k, v in values.items()}


@transaction.atomic
def initiative_create(*, actor, authors, **values) -> Initiative:
    initiative = Initiative(**_initiative_text(values), created_by=_user(actor))
    authors = list(authors)
    _initiative_check(initiative, authors)
    initiative.save()
    initiative.authors.set(authors)
    audit_record(
        actor=actor,
        action="records.initiative.create",
        obj=initiative,
        unit_id=initiative.unit_id,
        after=snapshot(initiative, INITIATIVE_FIELDS) | {"authors": [p.pk for p in authors]},
    )
    return initiative


@transaction.atomic
def initiative_update(*, actor, initiative: Initiative, authors, **values) -> Initiative:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    before = snapshot(initiative, INITIATIVE_FIELDS) | {
        "authors": sorted(initiative.authors.values_list("pk", flat=True))
    }
    for name, value in _initiative_text(values).items():
        setattr(initiative, name, value)
    authors = list(authors)
    _initiative_check(initiative, authors)
    initiative.save()
    initiative.authors.set(authors)
    audit_record(
        actor=actor,
        action="records.initiative.update",
        obj=initiative,
        unit_id=initiative.unit_id,
        before=before,
        after=snapshot(initiative, INITIATIVE_FIELDS) | {"authors": sorted(p.pk for p in authors)},
    )
    return initiative


@transaction.atomic
def initiative_delete(*, actor, initiative: Initiative) -> None:
    audit_record(
        actor=actor,
        action="records.initiative.delete",
        obj=initiative,
        unit_id=initiative.unit_id,
        before=snapshot(initiative, INITIATIVE_FIELDS),
    )
    initiative.delete()
