"""A proposal exchanged between two instances (liên thông hồ sơ đề nghị): what a forwarded
proposal carries when it leaves (its nominees, its documents, its hash-chained trail, the
lower level's decision as data), what the receiving instance matches it to (the target
campaign by its plan's number and date, the award forms and checklist items by name, units and
people by their codes), and the write that creates it there as a received dossier.

The trail travels with the ids and times each step was hashed with at the sender; the received
steps keep them (TrailStep.origin_*) and the documents keep their sender's id
(Document.origin_id), so `selectors.trail_of` checks the received chain at the receiver as it
checked it at the sender. The exchange app builds and reads the package (edXML) around this.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import AwardForm, Campaign, DossierItem
from thidua.core.services import audit_record
from thidua.nominations import selectors, trail
from thidua.nominations.enums import NomineeState, ProposalState
from thidua.nominations.models import Document, Nominee, Proposal, TrailStep
from thidua.org.models import Person, Unit
from thidua.org.services import person_create

FORMAT = "thidua.proposal/1"


# What leaves -----------------------------------------------------------------------------------


def campaign_reference(campaign: Campaign) -> dict:
    """How another instance finds the campaign: its issuer's code and its plan's number, symbol
    and date (the title and year when the plan has no number)."""
    return {
        "issuer": campaign.issuer.code,
        "issuer_name": campaign.issuer.name,
        "year": campaign.year,
        "title": campaign.title,
        "doc_number": campaign.doc_number,
        "doc_symbol": campaign.doc_symbol,
        "issued_on": campaign.issued_on.isoformat() if campaign.issued_on else None,
    }


def _person(p: Person | None) -> dict | None:
    if p is None:
        return None
    return {
        "code": p.code,
        "full_name": p.full_name,
        "gender": p.gender,
        "position": p.position,
        "category": p.category,
        "birth_year": p.birth_year,
        "ethnicity": p.ethnicity,
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def exchange_data(proposal: Proposal) -> tuple[dict, dict[int, bytes]]:
    """The proposal as data for the exchange package, and the bytes of each of its documents
    (every version a trail step recorded, the superseded ones too) by document id."""
    nominees = list(
        Nominee.objects.filter(proposal=proposal)
        .select_related("award_form", "unit", "person")
        .order_by("pk")
    )
    documents = list(
        Document.objects.filter(proposal=proposal).select_related("item__award_form").order_by("pk")
    )
    files: dict[int, bytes] = {}
    for d in documents:
        with d.file.open("rb") as fh:
            files[d.pk] = fh.read()
    steps = list(TrailStep.objects.filter(proposal=proposal).order_by("seq"))
    unit = proposal.unit
    data = {
        "format": FORMAT,
        "proposal": {
            "id": proposal.pk,
            "version": proposal.version,
            "state": proposal.state,
            "submitted_at": _iso(proposal.submitted_at),
            "unit": {"code": unit.code, "name": unit.name},
            "forward_data": proposal.forward_data or {},
        },
        "campaign": campaign_reference(proposal.campaign),
        "nominees": [
            {
                "id": n.pk,
                "award_form": n.award_form.name,
                "subject_type": n.subject_type,
                "unit": {"code": n.unit.code, "name": n.unit.name},
                "person": _person(n.person),
                "household_head": n.household_head,
                "address": n.address,
                "state": n.state,
                "achievement": n.achievement,
                "summary": n.summary,
                "council_outcome": n.council_outcome,
                "council_votes": n.council_votes,
                "council_rank": n.council_rank,
            }
            for n in nominees
        ],
        "documents": [
            {
                "id": d.pk,
                "item": d.item.name,
                "award_form": d.item.award_form.name,
                "subject_type": d.item.award_form.subject_type,
                "nominee": d.nominee_id,
                "kind": d.kind,
                "name": d.name,
                "size": d.size,
                "sha256": d.sha256,
                "uploaded_at": _iso(d.uploaded_at),
                "superseded_at": _iso(d.superseded_at),
            }
            for d in documents
        ],
        "trail": [
            {
                "fields": selectors._recorded(s).fields,
                "unit_code": s.unit.code,
                "content_hash": s.content_hash,
                "prev_hash": s.prev_hash,
                "step_hash": s.step_hash,
            }
            for s in steps
        ],
    }
    return data, files


# What the receiver checks ----------------------------------------------------------------------


def received_trail_check(data: Mapping, files: Mapping[int, bytes]) -> trail.TrailCheck:
    """The package's trail checked as `selectors.trail_of` checks a stored one: every step's
    hash, the chain from the proposal's origin, and each recorded document against the bytes
    that came with the package."""
    steps = data.get("trail") or []
    pid = data["proposal"]["id"]
    recorded = [
        trail.RecordedStep(
            proposal_id=pid,
            seq=s["fields"]["seq"],
            label=str(s["fields"]["action"]),
            day=str(s["fields"]["at"])[:10],
            fields=s["fields"],
            content_hash=s["content_hash"],
            prev_hash=s["prev_hash"],
            step_hash=s["step_hash"],
        )
        for s in steps
    ]
    first = steps[0]["fields"] if steps else {}
    sources = (first.get("payload", {}).get("forwarded") or {}).get("sources", [])
    origin = trail.origin_hash(
        first.get("proposal", pid), [s["step_hash"] for s in sources if s.get("step_hash")]
    )
    current = {
        d["id"]: trail.CurrentDocument(
            id=d["id"],
            proposal_id=pid,
            name=d["name"],
            stored_sha256=d["sha256"],
            superseded=bool(d["superseded_at"]),
        )
        for d in data.get("documents", [])
    }
    result = trail.check(
        {pid: recorded},
        {pid: origin},
        current,
        lambda doc_id: trail.sha256(files[doc_id]) if doc_id in files else None,
    )
    if any(s["fields"].get("proposal") != pid for s in steps):
        result.problems.append("Nhật ký ghi các bước của một hồ sơ khác.")
    if not steps:
        result.problems.append("Gói hồ sơ không kèm nhật ký chuyển hồ sơ.")
    return result


def target_campaign(reference: Mapping) -> Campaign | None:
    """The campaign the package names, by its issuer's code and its plan's number and date."""
    found = Campaign.objects.filter(
        issuer__code=str(reference.get("issuer", "")), year=reference.get("year")
    ).select_related("issuer")
    if reference.get("doc_number"):
        found = found.filter(
            doc_number=str(reference["doc_number"]),
            doc_symbol=str(reference.get("doc_symbol", "")),
            issued_on=reference.get("issued_on"),
        )
    else:
        found = found.filter(title=str(reference.get("title", "")))
    return found.first()


@dataclass
class Matched:
    """What the receiver's database holds for the package's names and codes."""

    forms: dict[tuple[str, str], AwardForm]
    items: dict[tuple[str, str, str], DossierItem]
    units: dict[str, Unit]
    people: dict[str, Person]


def match(campaign: Campaign, unit: Unit, data: Mapping) -> tuple[Matched, list[str]]:
    """The award forms, checklist items, units and people the package names, found in the
    target campaign and the receiver's organisation (four queries), and what is missing, in
    Vietnamese."""
    forms = {(f.name, f.subject_type): f for f in AwardForm.objects.filter(campaign=campaign)}
    items = {
        (i.award_form.name, i.award_form.subject_type, i.name): i
        for i in DossierItem.objects.filter(award_form__campaign=campaign).select_related(
            "award_form"
        )
    }
    codes = {n["unit"]["code"] for n in data.get("nominees", [])}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    people = {
        p.code: p
        for p in Person.objects.filter(
            code__in=[n["person"]["code"] for n in data.get("nominees", []) if n.get("person")]
        ).select_related("unit")
    }
    problems = []
    for n in data.get("nominees", []):
        if (n["award_form"], n["subject_type"]) not in forms:
            problems.append(
                f"Phong trào «{campaign.title}» không có hình thức «{n['award_form']}» "
                f"({SubjectType(n['subject_type']).label.lower()})."
            )
        where = units.get(n["unit"]["code"])
        if where is None:
            problems.append(
                f"Đơn vị «{n['unit']['name']}» (mã {n['unit']['code']}) chưa có trong hệ thống."
            )
        elif not where.path.startswith(unit.path):
            problems.append(f"{where.name} không thuộc {unit.name}.")
    for d in data.get("documents", []):
        if (d["award_form"], d["subject_type"], d["item"]) not in items:
            problems.append(
                f"Hình thức «{d['award_form']}» của phong trào không có thành phần hồ sơ "
                f"«{d['item']}»."
            )
    return Matched(forms, items, units, people), list(dict.fromkeys(problems))


# The write -------------------------------------------------------------------------------------


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@transaction.atomic
def proposal_receive(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    data: Mapping,
    files: Mapping[int, bytes],
    origin: str,
    package: str,
) -> Proposal:
    """Create the dossier `unit` sent from another instance (`origin`: the sending office's
    code; `package`: the exchange package's document id) in `campaign`, as sent (waiting for
    the receiving secretariat): its nominees (people unknown here are added to the
    organisation from the package), its documents, and its trail steps as they were hashed
    there. Nothing is created when something does not match (ValidationError, in
    Vietnamese)."""
    if not campaign.participants.filter(unit=unit).exists():
        raise ValidationError(
            f"{unit.name} không thuộc danh sách tham gia phong trào «{campaign.title}»."
        )
    if Proposal.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(
            f"{unit.name} đã có hồ sơ đề nghị trong phong trào «{campaign.title}»."
        )
    matched, problems = match(campaign, unit, data)
    if problems:
        raise ValidationError(problems)
    sent = data["proposal"]
    proposal = Proposal.objects.create(
        campaign=campaign,
        unit=unit,
        state=ProposalState.SUBMITTED,
        submitted_at=_when(sent.get("submitted_at")) or timezone.now(),
        version=max(int(sent.get("version") or 1), 1),
        forward_data=dict(sent.get("forward_data") or {})
        | {"received": {"from": origin, "proposal": sent["id"], "package": package}},
    )
    nominees: dict[int, Nominee] = {}
    for n in data.get("nominees", []):
        where = matched.units[n["unit"]["code"]]
        person = None
        if n.get("person"):
            p = n["person"]
            person = matched.people.get(p["code"]) or person_create(
                actor=actor, code=p["code"], full_name=p["full_name"], gender=p["gender"],
                unit=where, category=p["category"], position=p.get("position", ""),
                birth_year=p.get("birth_year"), ethnicity=p.get("ethnicity", ""),
            )  # fmt: skip
            matched.people[p["code"]] = person
        nominee = Nominee(
            proposal=proposal,
            award_form=matched.forms[(n["award_form"], n["subject_type"])],
            subject_type=n["subject_type"],
            unit=person.unit if person else where,
            person=person,
            household_head=n.get("household_head", ""),
            address=n.get("address", ""),
            state=NomineeState.SUBMITTED,
            submitted_at=proposal.submitted_at,
            achievement=n.get("achievement", ""),
            summary=n.get("summary", ""),
            council_outcome=n.get("council_outcome", ""),
            council_votes=n.get("council_votes"),
            council_rank=n.get("council_rank"),
        )
        nominee.full_clean(exclude=["proposal"])
        nominee.save()
        nominees[n["id"]] = nominee
    for d in data.get("documents", []):
        content = files[d["id"]]
        doc = Document(
            proposal=proposal,
            nominee=nominees.get(d["nominee"]) if d["nominee"] else None,
            item=matched.items[(d["award_form"], d["subject_type"], d["item"])],
            kind=d["kind"],
            name=d["name"],
            size=len(content),
            sha256=trail.sha256(content),
            uploaded_at=_when(d["uploaded_at"]) or timezone.now(),
            superseded_at=_when(d["superseded_at"]),
            origin_id=d["id"],
        )
        extension = d["name"].rsplit(".", 1)[-1][:8] if "." in d["name"] else "bin"
        doc.file.save(
            f"{campaign.pk}/{proposal.pk}/{uuid.uuid4().hex[:16]}.{extension}",
            ContentFile(content),
            save=False,
        )
        doc.save()
    units = {
        u.code: u for u in Unit.objects.filter(code__in={s["unit_code"] for s in data["trail"]})
    }
    for s in data["trail"]:
        f = s["fields"]
        TrailStep.objects.create(
            proposal=proposal,
            seq=f["seq"],
            action=f["action"],
            actor=None,
            actor_name=f["actor_name"],
            unit=units.get(s["unit_code"], unit),
            unit_name=f["unit_name"],
            level=f["level"],
            at=_when(f["at"]),
            payload=f["payload"],
            content_hash=s["content_hash"],
            prev_hash=s["prev_hash"],
            step_hash=s["step_hash"],
            origin=origin,
            origin_proposal=f["proposal"],
            origin_unit=f["unit"],
            origin_actor=f["actor"],
            origin_at=f["at"],
        )
    audit_record(
        actor=actor,
        action="nominations.proposal.receive",
        obj=proposal,
        unit_id=campaign.issuer_id,
        after={
            "origin": origin,
            "package": package,
            "origin_proposal": sent["id"],
            "nominees": len(nominees),
            "documents": len(data.get("documents", [])),
            "trail": len(data["trail"]),
        },
    )
    return proposal
