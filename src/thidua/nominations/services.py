"""Every write to nominations. One function per state change; each writes its audit row.

Side effects run in this order: guard → save → history event and audit row → notification
(after commit). The council stages its outcome and the decision marks awardees only through
`nominee_stage_council_outcome` and `nominees_mark_awarded`.
"""

import datetime as dt
import json
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, JSONField, Q, When
from django.utils import timezone

from thidua.campaigns.enums import CampaignState, DossierScope, PhaseKind, SubjectType
from thidua.campaigns.models import AwardForm, Campaign, Criterion, DossierItem
from thidua.campaigns.services import focal_points_of
from thidua.core.bulk import delete_by_pk, insert_rows, update_by_pk
from thidua.core.formatting import deadline
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.tasks import enqueue
from thidua.core.text import nfc, slugify_vi
from thidua.core.transitions import transition
from thidua.core.uploads import CheckedUpload
from thidua.nominations import carry, selectors, trail
from thidua.nominations.enums import (
    FORWARDABLE_NOMINEE_STATES,
    PROPOSAL_TRANSITIONS,
    CouncilOutcome,
    DocumentKind,
    NomineeState,
    Outcome,
    ProposalState,
    TrailAction,
)
from thidua.nominations.models import (
    Answer,
    CriterionMapping,
    Document,
    Event,
    Nominee,
    Proposal,
    TrailStep,
    VerdictSet,
)
from thidua.nominations.verdicts import Verdict, decode, digest, encode, engine_text
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.models import Unit as U

NOMINEE_FIELDS = [
    "award_form",
    "subject_type",
    "unit",
    "person",
    "household_head",
    "address",
    "state",
    "achievement",
    "summary",
    "eligible",
    "council_outcome",
    "council_votes",
    "council_rank",
]


def _text(value: str) -> str:
    return "\n".join(nfc(line) for line in (value or "").replace("\r\n", "\n").split("\n")).strip()


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update().select_related("campaign", "unit").get(pk=proposal.pk)
    )


def _require_editable(proposal: Proposal) -> None:
    if proposal.state not in ProposalState.editable():
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái «{ProposalState(proposal.state).label}»; "
            "đơn vị chỉ sửa được hồ sơ đang soạn hoặc bị trả lại để bổ sung."
        )


def _event(proposal: Proposal, *, action: str, actor, note: str = "", details=None) -> Event:
    return Event.objects.create(
        proposal=proposal,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=timezone.now(),
        version=proposal.version,
        note=note,
        details=details or [],
    )


def nomination_window(campaign: Campaign):
    return campaign.phase(PhaseKind.NOMINATION)


def nomination_open(campaign: Campaign, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    phase = nomination_window(campaign)
    return (
        campaign.state in {CampaignState.RUNNING, CampaignState.EVALUATING}
        and phase is not None
        and phase.starts_at <= now < phase.ends_at
    )


def _window_problem(campaign: Campaign, now: dt.datetime) -> str | None:
    phase = nomination_window(campaign)
    if phase is None:
        return "Phong trào chưa mở đợt đề nghị khen thưởng."
    if now < phase.starts_at:
        return (
            f"Chưa đến thời gian đề nghị khen thưởng (bắt đầu từ "
            f"{phase.starts_at.astimezone(timezone.get_current_timezone()):%H:%M} ngày "
            f"{phase.starts_at.astimezone(timezone.get_current_timezone()):%d/%m/%Y})."
        )
    if now >= phase.ends_at:
        return f"Đã hết thời gian đề nghị khen thưởng (hạn {deadline(phase.ends_at)})."
    if campaign.state not in {CampaignState.RUNNING, CampaignState.EVALUATING}:
        return (
            f"Phong trào đang ở giai đoạn «{campaign.get_state_display()}», không nhận hồ sơ "
            "đề nghị khen thưởng."
        )
    return None


def nomination_closed_reason(campaign: Campaign, now: dt.datetime | None = None) -> str | None:
    """Why the unit cannot send its dossier now (None while the window is open): the same
    words the submit refusal uses, so the badge and the refusal tell one story."""
    return _window_problem(campaign, now or timezone.now())


# Proposal and nominees -------------------------------------------------------------------------


@transaction.atomic
def proposal_open(*, actor, campaign: Campaign, unit: Unit) -> Proposal:
    """The unit's proposal for the campaign, created on first use (one per unit)."""
    if campaign.state not in CampaignState.visible_to_participants() or campaign.state in {
        CampaignState.DECIDED,
        CampaignState.CLOSED,
    }:
        raise ValidationError("Phong trào không nhận đề nghị khen thưởng.")
    if not campaign.participants.filter(unit=unit).exists():
        raise ValidationError("Đơn vị không thuộc danh sách tham gia phong trào.")
    proposal, created = Proposal.objects.get_or_create(
        campaign=campaign,
        unit=unit,
        defaults={"created_by": actor if actor and actor.is_authenticated else None},
    )
    if created:
        audit_record(
            actor=actor,
            action="nominations.proposal.create",
            obj=proposal,
            unit_id=unit.pk,
            after={"campaign": campaign.pk, "unit": unit.pk},
        )
    return proposal


def _check_subject(
    proposal: Proposal, award_form: AwardForm, person: Person | None, unit: Unit | None
) -> Unit:
    if award_form.campaign_id != proposal.campaign_id:
        raise ValidationError({"award_form": "Hình thức khen thưởng không thuộc phong trào này."})
    if award_form.subject_type == SubjectType.INDIVIDUAL:
        if person is None:
            raise ValidationError({"person": "Chọn cá nhân được đề nghị."})
        if not person.unit.path.startswith(proposal.unit.path):
            raise ValidationError(
                {
                    "person": f"{person.full_name} không thuộc "
                    f"{proposal.unit.name}; đơn vị chỉ đề nghị "
                    "khen thưởng người của đơn vị mình."
                }
            )
        return person.unit
    if person is not None:
        raise ValidationError({"person": "Hình thức này dành cho tập thể, không chọn cá nhân."})
    if award_form.subject_type == SubjectType.HOUSEHOLD:
        return proposal.unit
    unit = unit or proposal.unit
    if not unit.path.startswith(proposal.unit.path):
        raise ValidationError({"unit": f"{unit.name} không thuộc {proposal.unit.name}."})
    return unit


@transaction.atomic
def nominee_add(
    *,
    actor,
    proposal: Proposal,
    award_form: AwardForm,
    person: Person | None = None,
    unit: Unit | None = None,
    achievement: str = "",
    summary: str = "",
    household_head: str = "",
    address: str = "",
) -> Nominee:
    """Put a collective (the unit or one of its sub-units), one of the unit's people, or a
    household of the unit's area (its head and address) forward for an award form of the
    campaign. A title capped by the rules in force (Chiến sĩ thi đua cơ sở ≤ 15 % of the
    unit's Lao động tiên tiến) is refused one too many, counting the proposal's list and the
    year's recorded history."""
    proposal = _locked(proposal)
    _require_editable(proposal)
    subject_unit = _check_subject(proposal, award_form, person, unit)
    household_head, address = nfc(household_head).strip(), nfc(address).strip()
    household = award_form.subject_type == SubjectType.HOUSEHOLD
    if household and not (household_head and address):
        raise ValidationError(
            {"household_head": "Nhập họ tên chủ hộ và địa chỉ của hộ gia đình được đề nghị."}
        )
    if not household:
        household_head = address = ""
    exists = Nominee.objects.filter(proposal=proposal, award_form=award_form)
    if person:
        exists = exists.filter(person=person)
    elif household:
        exists = exists.filter(
            subject_type=SubjectType.HOUSEHOLD, household_head=household_head, address=address
        )
    else:
        exists = exists.filter(unit=subject_unit, subject_type=SubjectType.COLLECTIVE)
    if exists.exists():
        raise ValidationError(
            "Tập thể, cá nhân này đã có trong danh sách đề nghị với hình thức khen thưởng này."
        )
    nominee = Nominee(
        proposal=proposal,
        award_form=award_form,
        subject_type=award_form.subject_type,
        unit=subject_unit,
        person=person,
        household_head=household_head,
        address=address,
        achievement=_text(achievement),
        summary=_text(summary),
    )
    nominee.full_clean()
    if person is not None and award_form.legal_kind:
        problems = selectors.proposal_cap_problems(proposal, adding=nominee)
        if problems:
            raise ValidationError([f"Không thêm được {person.full_name}: {p}" for p in problems])
    nominee.save()
    audit_record(
        actor=actor,
        action="nominations.nominee.add",
        obj=nominee,
        unit_id=proposal.unit_id,
        after=snapshot(nominee, NOMINEE_FIELDS),
    )
    return nominee


@transaction.atomic
def nominee_update(*, actor, nominee: Nominee, achievement: str, summary: str) -> Nominee:
    proposal = _locked(nominee.proposal)
    _require_editable(proposal)
    before = snapshot(nominee, ["achievement", "summary"])
    nominee.achievement = _text(achievement)
    nominee.summary = _text(summary)
    nominee.save(update_fields=["achievement", "summary"])
    audit_record(
        actor=actor,
        action="nominations.nominee.update",
        obj=nominee,
        unit_id=proposal.unit_id,
        before=before,
        after=snapshot(nominee, ["achievement", "summary"]),
    )
    return nominee


@transaction.atomic
def nominee_remove(*, actor, nominee: Nominee) -> None:
    proposal = _locked(nominee.proposal)
    _require_editable(proposal)
    audit_record(
        actor=actor,
        action="nominations.nominee.remove",
        obj=nominee,
        unit_id=proposal.unit_id,
        before=snapshot(nominee, NOMINEE_FIELDS),
    )
    nominee.delete()


@transaction.atomic
def answer_set(
    *,
    actor,
    nominee: Nominee,
    criterion: Criterion,
    attested: bool,
    text: str = "",
    evidence: CheckedUpload | None = None,
) -> Answer:
    """The unit's result on one criterion (Báo cáo thành tích): its own words, whether it
    attests the criterion is met, and evidence."""
    proposal = _locked(nominee.proposal)
    _require_editable(proposal)
    if (
        criterion.campaign_id != proposal.campaign_id
        or criterion.subject_type != nominee.subject_type
    ):
        raise ValidationError("Tiêu chí không áp dụng cho tập thể, cá nhân này.")
    return _write_answer(
        actor=actor, proposal=proposal, nominee=nominee, criterion=criterion,
        attested=attested, text=text, evidence=evidence, action="nominations.answer.set",
    )  # fmt: skip


ANSWER_FIELDS = ["attested", "text", "evidence_name"]


def _write_answer(
    *, actor, proposal, nominee, criterion, attested, text, evidence, action, note=""
) -> Answer:
    answer = Answer.objects.filter(nominee=nominee, criterion=criterion).first() or Answer(
        nominee=nominee, criterion=criterion
    )
    before = snapshot(answer, ANSWER_FIELDS) if answer.pk else None
    answer.attested = bool(attested)
    answer.text = _text(text)
    if evidence is not None:
        answer.evidence.save(
            f"{proposal.pk}/{uuid.uuid4().hex[:16]}.{evidence.extension}",
            ContentFile(evidence.data),
            save=False,
        )
        answer.evidence_name = f"minh-chung-{criterion.pk}.{evidence.extension}"
    answer.save()
    audit_record(
        actor=actor,
        action=action,
        obj=nominee,
        unit_id=proposal.unit_id,
        before=before,
        after=snapshot(answer, ANSWER_FIELDS),
        note=f"tiêu chí {criterion.pk}" + (f"; {note}" if note else ""),
    )
    return answer


#: Where the receiving level fills in a forwarded nominee's answer to one of its criteria.
RECEIVED_STATES = frozenset({ProposalState.SUBMITTED, ProposalState.ACCEPTED})


@transaction.atomic
def answer_fill_received(
    *,
    actor,
    nominee: Nominee,
    criterion: Criterion,
    attested: bool,
    text: str = "",
    evidence: CheckedUpload | None = None,
) -> Answer:
    """The receiving level fills in, itself, a forwarded nominee's result on one of its own
    criteria the lower level did not answer (from the lower level's papers), while it checks
    the dossier or after accepting it; an accepted dossier is judged again at once."""
    proposal = _locked(nominee.proposal)
    if proposal.source_campaign_id is None:
        raise ValidationError("Chỉ điền kết quả tiêu chí cho hồ sơ do cấp dưới gửi lên.")
    if proposal.state not in RECEIVED_STATES:
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái «{ProposalState(proposal.state).label}»: chỉ điền khi "
            "đang xem xét hoặc đã tiếp nhận."
        )
    if nominee.proposal_id != proposal.pk or (
        criterion.campaign_id != proposal.campaign_id
        or criterion.subject_type != nominee.subject_type
    ):
        raise ValidationError("Tiêu chí không áp dụng cho tập thể, cá nhân này.")
    answer = _write_answer(
        actor=actor, proposal=proposal, nominee=nominee, criterion=criterion,
        attested=attested, text=text, evidence=evidence,
        action="nominations.answer.fill_received", note="cấp tiếp nhận điền",
    )  # fmt: skip
    if proposal.state == ProposalState.ACCEPTED:
        eligibility_evaluate(campaign=proposal.campaign)
    return answer


def _carry_matches(proposal: Proposal) -> dict[int, int]:
    """Higher criterion id → lower criterion id, for the proposal's source campaign."""
    higher = [carry.crit_of(c) for c in Criterion.objects.filter(campaign=proposal.campaign_id)]
    lower = [
        carry.crit_of(c) for c in Criterion.objects.filter(campaign=proposal.source_campaign_id)
    ]
    mapping = dict(
        CriterionMapping.objects.filter(
            target__campaign=proposal.campaign_id, source_campaign=proposal.source_campaign_id
        ).values_list("target_id", "source_id")
    )
    return carry.match_criteria(higher, lower, mapping)


def _carry_answers(*, actor, proposal: Proposal) -> int:
    """Copy onto the proposal's forwarded nominees the lower level's answers (text, attestation,
    evidence file) to the criteria matching the higher level's (nominations/carry.py), where
    the nominee has no answer yet; returns how many. One audit row."""
    matches = _carry_matches(proposal)
    if not matches:
        return 0
    copies = list(proposal.nominees.filter(source_nominee__isnull=False))
    have = set(Answer.objects.filter(nominee__in=copies).values_list("nominee_id", "criterion_id"))
    lower = {
        (a.nominee_id, a.criterion_id): a
        for a in Answer.objects.filter(
            nominee__in=[c.source_nominee_id for c in copies], criterion__in=matches.values()
        )
    }
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in=matches)}
    carried = []
    for copy in copies:
        for higher_id, lower_id in matches.items():
            if criteria[higher_id].subject_type != copy.subject_type:
                continue
            source = lower.get((copy.source_nominee_id, lower_id))
            if source is None or (copy.pk, higher_id) in have:
                continue
            answer = Answer(
                nominee=copy, criterion_id=higher_id, attested=source.attested, text=source.text
            )
            if source.evidence:
                with source.evidence.open("rb") as fh:
                    data = fh.read()
                extension = source.evidence.name.rsplit(".", 1)[-1]
                answer.evidence.save(
                    f"{proposal.pk}/{uuid.uuid4().hex[:16]}.{extension}", ContentFile(data),
                    save=False,
                )  # fmt: skip
                answer.evidence_name = f"minh-chung-{higher_id}.{extension}"
            answer.save()
            carried.append({"nominee": copy.pk, "criterion": higher_id, "from": lower_id})
    if carried:
        audit_record(
            actor=actor,
            action="nominations.answer.carry",
            obj=proposal,
            unit_id=proposal.unit_id,
            after={"carried": carried},
        )
    return len(carried)


@transaction.atomic
def criterion_map_set(*, actor, target: Criterion, source: Criterion) -> CriterionMapping:
    """Say that the higher criterion `target` is answered by the lower campaign's criterion
    `source` for dossiers sent up from that campaign, and carry the answers over at once to
    the dossiers already received from it."""
    if target.campaign_id == source.campaign_id:
        raise ValidationError({"source": "Chọn tiêu chí của phong trào cấp dưới."})
    if target.subject_type != source.subject_type:
        raise ValidationError(
            {"source": "Tiêu chí cấp dưới phải áp dụng cho cùng đối tượng (tập thể, cá nhân)."}
        )
    mapping = CriterionMapping.objects.filter(
        target=target, source_campaign=source.campaign_id
    ).first() or CriterionMapping(target=target, source_campaign_id=source.campaign_id)
    before = {"source": mapping.source_id} if mapping.pk else None
    mapping.source = source
    mapping.created_by = actor if getattr(actor, "is_authenticated", False) else None
    mapping.save()
    audit_record(
        actor=actor,
        action="nominations.criterion.map",
        obj=mapping,
        unit_id=target.campaign.issuer_id,
        before=before,
        after={"target": target.pk, "source": source.pk},
    )
    for proposal in Proposal.objects.filter(
        campaign=target.campaign_id, source_campaign=source.campaign_id
    ):
        if _carry_answers(actor=actor, proposal=proposal) and (
            proposal.state == ProposalState.ACCEPTED
        ):
            eligibility_evaluate(campaign=proposal.campaign)
    return mapping


# Documents -------------------------------------------------------------------------------------


def _check_item(proposal: Proposal, item: DossierItem, nominee: Nominee | None) -> None:
    if item.award_form.campaign_id != proposal.campaign_id:
        raise ValidationError("Thành phần hồ sơ không thuộc phong trào này.")
    if item.scope == DossierScope.PER_NOMINEE:
        if nominee is None or nominee.proposal_id != proposal.pk:
            raise ValidationError("Tài liệu này lập cho từng tập thể, cá nhân được đề nghị.")
        if nominee.award_form_id != item.award_form_id:
            raise ValidationError("Tài liệu không thuộc hồ sơ của hình thức khen thưởng này.")
    elif nominee is not None:
        raise ValidationError("Tài liệu này lập một bản cho cả tờ trình của đơn vị.")


def _store(
    *,
    actor,
    proposal: Proposal,
    item: DossierItem,
    nominee: Nominee | None,
    data: bytes,
    extension: str,
    sha256: str,
    kind: str,
    name: str,
) -> Document:
    now = timezone.now()
    Document.objects.filter(
        proposal=proposal, item=item, nominee=nominee, superseded_at__isnull=True
    ).update(superseded_at=now)
    doc = Document(
        proposal=proposal,
        nominee=nominee,
        item=item,
        kind=kind,
        name=name,
        size=len(data),
        sha256=sha256,
        uploaded_by=actor if actor and actor.is_authenticated else None,
        uploaded_at=now,
    )
    doc.file.save(
        f"{proposal.campaign_id}/{proposal.pk}/{uuid.uuid4().hex[:16]}.{extension}",
        ContentFile(data),
        save=False,
    )
    doc.save()
    audit_record(
        actor=actor,
        action=f"nominations.document.{kind}",
        obj=doc,
        unit_id=proposal.unit_id,
        after={
            "item": item.pk,
            "nominee": nominee.pk if nominee else None,
            "name": name,
            "sha256": sha256,
        },
    )
    return doc


def _doc_name(item: DossierItem, nominee: Nominee | None, extension: str) -> str:
    stem = slugify_vi(item.name)[:60]
    if nominee is not None:
        stem += "-" + slugify_vi(nominee.display_name)[:40]
    return f"{stem}.{extension}"


@transaction.atomic
def document_upload(
    *,
    actor,
    proposal: Proposal,
    item: DossierItem,
    upload: CheckedUpload,
    nominee: Nominee | None = None,
) -> Document:
    """Attach a checked file for a checklist item; a previous file is kept as superseded."""
    proposal = _locked(proposal)
    _require_editable(proposal)
    _check_item(proposal, item, nominee)
    return _store(
        actor=actor,
        proposal=proposal,
        item=item,
        nominee=nominee,
        data=upload.data,
        extension=upload.extension,
        sha256=upload.sha256,
        kind=DocumentKind.UPLOADED,
        name=_doc_name(item, nominee, upload.extension),
    )


@transaction.atomic
def document_generate(
    *, actor, proposal: Proposal, item: DossierItem, fmt: str, nominee: Nominee | None = None
) -> Document:
    """Generate the item's draft from the data (DOCX to edit, PDF to print) and attach it."""
    import hashlib

    from thidua.nominations import dossier_documents

    proposal = _locked(proposal)
    _require_editable(proposal)
    _check_item(proposal, item, nominee)
    data = dossier_documents.render(proposal=proposal, item=item, nominee=nominee, fmt=fmt)
    return _store(
        actor=actor,
        proposal=proposal,
        item=item,
        nominee=nominee,
        data=data,
        extension=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=DocumentKind.GENERATED,
        name=_doc_name(item, nominee, fmt),
    )


# Lifecycle -------------------------------------------------------------------------------------


def _move(
    *,
    actor,
    proposal: Proposal,
    to: str,
    nominee_state: str,
    note: str = "",
    details=None,
    extra: dict | None = None,
) -> Proposal:
    before = transition(
        proposal,
        to=to,
        allowed_from=PROPOSAL_TRANSITIONS,
        actor=actor,
        action=lambda before: f"nominations.proposal.{PROPOSAL_TRANSITIONS[(before, to)]}",
        unit_id=proposal.unit_id,
        what="hồ sơ",
        update_fields=["submitted_at", "version"],
        after={"version": proposal.version},
        note=note,
    )
    proposal.nominees.update(
        state=nominee_state,
        **({"submitted_at": proposal.submitted_at} if to == ProposalState.SUBMITTED else {}),
    )
    _event(
        proposal, action=PROPOSAL_TRANSITIONS[(before, to)], actor=actor, note=note,
        details=details,
    )  # fmt: skip
    trail_append(proposal=proposal, action=_trail_action(proposal, to), actor=actor, extra=extra)
    return proposal


def _trail_action(proposal: Proposal, to: str) -> str:
    if to == ProposalState.SUBMITTED:
        if proposal.version > 1:
            return TrailAction.RESEND
        return TrailAction.FORWARD if proposal.source_campaign_id else TrailAction.SUBMIT
    return {ProposalState.RETURNED: TrailAction.RETURN, ProposalState.ACCEPTED: TrailAction.ACCEPT}[
        to
    ]


@transaction.atomic
def proposal_submit(*, actor, proposal: Proposal, now: dt.datetime | None = None) -> Proposal:
    """Send the dossier to the secretariat: only inside the nomination window (server clock),
    only complete. The row lock makes two tabs submitting at once produce one version."""
    from thidua.nominations.selectors import dossier_missing

    now = now or timezone.now()
    proposal = _locked(proposal)
    if proposal.state == ProposalState.SUBMITTED:
        raise ValidationError("Hồ sơ đã được gửi; đang chờ Thường trực thi đua xem xét.")
    _require_editable(proposal)
    problem = _window_problem(proposal.campaign, now)
    if problem:
        raise ValidationError(problem)
    if not proposal.nominees.exists():
        raise ValidationError("Chưa có tập thể, cá nhân nào được đề nghị.")
    missing = dossier_missing(proposal)
    if missing:
        raise ValidationError(["Hồ sơ còn thiếu: " + m.label + "." for m in missing])
    proposal.submitted_at = now
    proposal.version += 1
    proposal = _move(
        actor=actor,
        proposal=proposal,
        to=ProposalState.SUBMITTED,
        nominee_state=NomineeState.SUBMITTED,
    )
    _notify_secretariat(proposal)
    if actor is not None:
        # The tờ trình for this submission, made in the background (a PDF render is no work for
        # the request) in the submitter's name, so that the unit head finds it ready to sign;
        # made once, a signed one kept. A dossier sent by no one (the demo's data) has no one
        # to issue it: the unit issues it on the proposal page.
        enqueue(
            "thidua.nominations.letter_signing.letter_issue_task", proposal.pk,
            proposal.version, actor.pk,
        )  # fmt: skip
    return proposal


def _notify_secretariat(proposal: Proposal) -> None:
    from django.contrib.auth import get_user_model

    issuer = proposal.campaign.issuer
    ancestors = U.objects.filter(pk__in=[int(p) for p in issuer.path.strip("/").split("/")])
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=Role.SECRETARIAT,
            role_assignments__unit__in=ancestors,
        )
        .distinct()
    )
    notify(
        users=users,
        title=f"Hồ sơ đề nghị khen thưởng của {proposal.unit.name}",
        body=f"{proposal.unit.name} đã gửi hồ sơ đề nghị khen thưởng (lần {proposal.version}) "
        f"trong phong trào «{proposal.campaign.title}».",
        url=f"/de-nghi/{proposal.pk}/",
    )


@transaction.atomic
def proposal_return(
    *,
    actor,
    proposal: Proposal,
    reasons: list[dict],
    note: str = "",
    justification: str = "",
) -> Proposal:
    """Return the dossier for supplement ("trả lại để bổ sung") with a reason per document:
    reasons = [{"item": DossierItem, "nominee": Nominee | None, "reason": str}], or per
    unanswered criterion of a forwarded nominee ({"criterion": Criterion, "nominee": …}).

    One-stop rule: a dossier is returned once, with every reason at once. A second return of
    the same dossier is refused unless `justification` records why (kept in the history, the
    trail and the audit row)."""
    proposal = _locked(proposal)
    justification = _text(justification)
    earlier = list(
        proposal.events.filter(action=PROPOSAL_TRANSITIONS[(ProposalState.SUBMITTED,
                                                              ProposalState.RETURNED)])
        .order_by("at")
        .values_list("at", flat=True)
    )  # fmt: skip
    if earlier and not justification and proposal.state == ProposalState.SUBMITTED:
        first = timezone.localtime(earlier[0])
        raise ValidationError(
            {
                "justification": (
                    f"Hồ sơ này đã được trả lại để bổ sung {len(earlier)} lần (lần đầu ngày "
                    f"{first:%d/%m/%Y}). Theo nguyên tắc trả lại một lần và nêu đủ mọi lý do, "
                    "muốn trả lại lần nữa phải ghi rõ lý do chính đáng vào ô «Lý do trả lại "
                    "lần nữa»."
                )
            }
        )
    details = []
    for r in reasons:
        reason = _text(r.get("reason", ""))
        if not reason:
            continue
        item, nominee, criterion = r.get("item"), r.get("nominee"), r.get("criterion")
        name = item.name if item else ""
        if criterion is not None:  # a higher criterion the lower level left unanswered
            name = f"Kết quả tiêu chí «{criterion.text[:120]}»"
        details.append(
            {
                "item": item.pk if item else None,
                "item_name": name,
                "nominee": nominee.pk if nominee else None,
                "nominee_name": nominee.display_name if nominee else "",
                "reason": reason,
            }
            | ({"criterion": criterion.pk} if criterion is not None else {})
        )
    note = _text(note)
    if not details and not note:
        raise ValidationError(
            "Ghi rõ lý do trả lại (ít nhất một tài liệu cần bổ sung hoặc một ghi chú chung)."
        )
    if justification:
        note = (note + "\n" if note else "") + f"Lý do trả lại lần nữa: {justification}"
    proposal = _move(
        actor=actor,
        proposal=proposal,
        to=ProposalState.RETURNED,
        nominee_state=NomineeState.RETURNED,
        note=note,
        details=details,
        extra={
            "reasons": details,
            "note": note,
            "return_number": len(earlier) + 1,
            "justification": justification,
        },
    )
    notify(
        users=focal_points_of([proposal.unit]),
        title="Hồ sơ đề nghị khen thưởng bị trả lại để bổ sung",
        body="; ".join(
            [d["item_name"] + ": " + d["reason"] for d in details] + ([note] if note else [])
        ),
        url=f"/de-nghi/{proposal.pk}/",
    )
    return proposal


@transaction.atomic
def proposal_accept(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    """Accept the dossier; its nominees are then judged by the criteria engine."""
    proposal = _locked(proposal)
    proposal = _move(
        actor=actor,
        proposal=proposal,
        to=ProposalState.ACCEPTED,
        nominee_state=NomineeState.ACCEPTED,
        note=_text(note),
    )
    eligibility_evaluate(campaign=proposal.campaign)
    notify(
        users=focal_points_of([proposal.unit]),
        title="Hồ sơ đề nghị khen thưởng đã được tiếp nhận",
        body=f"Thường trực thi đua đã tiếp nhận hồ sơ của {proposal.unit.name}.",
        url=f"/de-nghi/{proposal.pk}/",
    )
    return proposal


# Trail across levels (nhật ký chuyển hồ sơ) ---------------------------------------------------


def _person_name(user) -> str:
    if user is None or not user.is_authenticated:
        return "hệ thống"
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _manifest(proposal: Proposal) -> dict:
    """What a step sees of the dossier: its current documents with their hashes and its
    nominees with what the level decided on them (two queries)."""
    documents = [
        {
            "id": d.origin_id or d.pk,  # a received document: by its id at the sender
            "item": d.item_id,
            "item_name": d.item.name,
            "nominee": d.nominee_id,
            "name": d.name,
            "sha256": d.sha256,
        }
        for d in Document.objects.filter(proposal=proposal, superseded_at__isnull=True)
        .select_related("item")
        .order_by("pk")
    ]
    nominees = [
        {
            "id": n.pk,
            "name": n.display_name,
            "award_form": n.award_form.name,
            "state": n.state,
            "council_outcome": n.council_outcome,
            "source_nominee": n.source_nominee_id,
        }
        for n in Nominee.objects.filter(proposal=proposal)
        .select_related("person", "unit", "award_form")
        .order_by("pk")
    ]
    return {"documents": documents, "nominees": nominees}


def trail_append(*, proposal: Proposal, action: str, actor, extra: dict | None = None) -> TrailStep:
    """Append a step to the proposal's trail: the acting unit is the sending unit for a send,
    the campaign's issuer (the receiving level) otherwise. Called inside the caller's
    transaction, with the proposal row locked."""
    sending = action in {TrailAction.SUBMIT, TrailAction.FORWARD, TrailAction.RESEND}
    unit = proposal.unit if sending else proposal.campaign.issuer
    last = TrailStep.objects.filter(proposal=proposal).order_by("-seq").first()
    payload = _manifest(proposal) | {"version": proposal.version}
    if proposal.source_campaign_id:
        payload["forwarded"] = proposal.forward_data
    payload |= extra or {}
    if last is None:
        sources = (proposal.forward_data or {}).get("sources", [])
        prev = trail.origin_hash(proposal.pk, [s["step_hash"] for s in sources if s["step_hash"]])
    else:
        prev = last.step_hash
    at = timezone.now().replace(microsecond=0)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    fields = trail.step_fields(
        proposal_id=proposal.pk,
        seq=(last.seq + 1) if last else 1,
        action=str(action),
        actor_id=actor_id,
        actor_name=_person_name(actor),
        unit_id=unit.pk,
        unit_name=unit.name,
        level=unit.get_kind_display(),
        at=at.isoformat(),
        payload=payload,
    )
    content = trail.content_hash(fields)
    return TrailStep.objects.create(
        proposal=proposal,
        seq=fields["seq"],
        action=action,
        actor_id=actor_id,
        actor_name=fields["actor_name"],
        unit=unit,
        unit_name=unit.name,
        level=fields["level"],
        at=at,
        payload=payload,
        content_hash=content,
        prev_hash=prev,
        step_hash=trail.step_hash(prev, content),
    )


def _decision_data(decision: Mapping | None) -> dict | None:
    if not decision:
        return None
    keep = {"id", "reference", "date", "summary", "issuer", "sha256"}
    return {k: (str(v) if k != "id" else v) for k, v in decision.items() if k in keep}


def _item_key(name: str) -> str:
    return nfc(name).strip().rstrip(".").casefold()


@transaction.atomic
def proposal_forward_prepare(
    *,
    actor,
    source_campaign: Campaign,
    target_campaign: Campaign,
    award_form: AwardForm,
    nominees: list[Nominee],
    decision: Mapping | None = None,
    note: str = "",
) -> Proposal:
    """Prepare the package a level sends up: in the higher level's campaign (or regular round),
    the proposal of this level's issuer, carrying the chosen nominees this level checked or
    decided (with its council's outcome), their documents where the higher checklist asks for
    the same item, and this level's decision as data. Sending it (`proposal_submit`) records
    the step «Gửi lên cấp trên»; the higher level then receives, returns or accepts it as any
    dossier."""
    issuer = source_campaign.issuer
    higher = target_campaign.issuer
    if higher.pk == issuer.pk or not issuer.path.startswith(higher.path):
        raise ValidationError(
            {"target": f"Chỉ gửi lên phong trào của cơ quan cấp trên của {issuer.name}."}
        )
    if award_form.campaign_id != target_campaign.pk:
        raise ValidationError(
            {"award_form": "Hình thức khen thưởng không thuộc phong trào cấp trên đã chọn."}
        )
    chosen = list(
        Nominee.objects.filter(pk__in=[n.pk for n in nominees]).select_related(
            "proposal", "person__unit", "unit", "award_form"
        )
    )
    if not chosen:
        raise ValidationError({"nominees": "Chọn ít nhất một tập thể, cá nhân để gửi lên."})
    problems = []
    for n in chosen:
        if n.proposal.campaign_id != source_campaign.pk:
            problems.append(f"{n.display_name} không thuộc phong trào «{source_campaign.title}».")
        elif n.state not in FORWARDABLE_NOMINEE_STATES:
            problems.append(
                f"{n.display_name}: hồ sơ «{NomineeState(n.state).label}», chỉ gửi lên hồ sơ "
                "đã được cấp mình tiếp nhận hoặc khen thưởng."
            )
        elif n.subject_type != award_form.subject_type:
            problems.append(
                f"{n.display_name} là {SubjectType(n.subject_type).label.lower()}, không "
                f"thuộc đối tượng của hình thức «{award_form.name}»."
            )
    if problems:
        raise ValidationError({"nominees": problems})
    proposal = _locked(proposal_open(actor=actor, campaign=target_campaign, unit=issuer))
    _require_editable(proposal)
    if proposal.source_campaign_id not in {None, source_campaign.pk}:
        raise ValidationError(
            f"Hồ sơ của {issuer.name} trong phong trào này đã mang danh sách của phong trào khác."
        )
    already = set(proposal.nominees.values_list("source_nominee_id", flat=True))
    items = [
        i
        for i in DossierItem.objects.filter(award_form=award_form)
        if i.scope == DossierScope.PER_NOMINEE
    ]
    by_name = {_item_key(i.name): i for i in items}
    source_docs: dict[int, list[Document]] = {}
    for d in Document.objects.filter(nominee__in=chosen, superseded_at__isnull=True).select_related(
        "item"
    ):
        source_docs.setdefault(d.nominee_id, []).append(d)
    last_steps = {
        s.proposal_id: s.step_hash
        for s in TrailStep.objects.filter(proposal__in={n.proposal_id for n in chosen}).order_by(
            "proposal_id", "seq"
        )
    }
    added = []
    for n in sorted(chosen, key=lambda n: n.pk):
        if n.pk in already:
            continue
        copy = nominee_add(
            actor=actor,
            proposal=proposal,
            award_form=award_form,
            person=n.person,
            unit=None if n.person_id else n.unit,
            achievement=n.achievement,
            summary=n.summary,
        )
        copy.source_nominee = n
        copy.save(update_fields=["source_nominee"])
        for d in source_docs.get(n.pk, []):
            item = by_name.get(_item_key(d.item.name))
            if item is None:
                continue
            with d.file.open("rb") as fh:
                data = fh.read()
            _store(
                actor=actor,
                proposal=proposal,
                item=item,
                nominee=copy,
                data=data,
                extension=d.name.rsplit(".", 1)[-1],
                sha256=trail.sha256(data),
                kind=d.kind,
                name=_doc_name(item, copy, d.name.rsplit(".", 1)[-1]),
            )
        added.append(copy)
    data = dict(proposal.forward_data or {})
    sources = {s["proposal"]: s for s in data.get("sources", [])}
    for pid in sorted({n.proposal_id for n in chosen}):
        sources[pid] = {"proposal": pid, "step_hash": last_steps.get(pid, "")}
    data.update(
        {
            "source_campaign": source_campaign.pk,
            "source_campaign_title": source_campaign.title,
            "source_issuer": issuer.name,
            "sources": [sources[k] for k in sorted(sources)],
            "decision": _decision_data(decision) or data.get("decision"),
            "note": _text(note) or data.get("note", ""),
            "nominees": sorted(set(data.get("nominees", [])) | {n.pk for n in chosen}),
        }
    )
    proposal.source_campaign = source_campaign
    proposal.forward_data = data
    proposal.save(update_fields=["source_campaign", "forward_data"])
    _carry_answers(actor=actor, proposal=proposal)
    audit_record(
        actor=actor,
        action="nominations.proposal.forward_prepare",
        obj=proposal,
        unit_id=issuer.pk,
        after={
            "source_campaign": source_campaign.pk,
            "target_campaign": target_campaign.pk,
            "nominees": [n.pk for n in added],
            "decision": data["decision"],
        },
    )
    return proposal


# Criteria engine -------------------------------------------------------------------------------


@transaction.atomic
def eligibility_evaluate(*, campaign: Campaign, now: dt.datetime | None = None) -> int:
    """Judge every nominee past draft on every criterion of its subject type, keep the
    verdicts, and set each nominee's eligibility: all met → eligible; any not met → not;
    otherwise it needs a human judgement. A secretariat override stays while the engine's own
    result is unchanged; when the result changes the override no longer applies.

    A nominee's verdicts are one row (models.VerdictSet) written only when the engine's result
    for it changed (its digest differs): an unchanged re-run reads one small column per
    nominee and writes nothing. Rows are written in bulk and the eligibility in at most three
    set-based UPDATEs (one per value), so the cost does not grow with a query per nominee. On
    PostgreSQL the nominees are written before the verdicts: the verdicts' foreign-key checks
    then find rows this transaction already holds (bench/README.md, eligibility)."""
    from thidua.nominations.engine import evaluate_nominees, without_gc

    now = now or timezone.now()
    with without_gc():
        return _eligibility_store(campaign, evaluate_nominees(campaign), now)


def _eligibility_store(campaign: Campaign, results: dict[int, list], now: dt.datetime) -> int:
    # One query: each stored row's digest, and its verdicts only where it holds an override.
    stored, overridden = {}, {}
    rows = (
        VerdictSet.objects.filter(nominee__proposal__campaign=campaign)
        .annotate(kept=Case(When(overridden=True, then="verdicts"), output_field=JSONField()))
        .values_list("nominee_id", "digest", "kept")
    )
    for nominee_id, fingerprint, kept in rows.iterator(chunk_size=20_000):
        stored[nominee_id] = fingerprint
        if kept is not None:
            overridden[nominee_id] = kept
    replace, create = [], []
    eligible: dict[int, bool | None] = {}
    # Most nominees share their result (the same few verdicts): its text, digest and
    # eligibility are made once per distinct result, each distinct entry encoded once.
    made: dict[tuple, tuple[str, int, bool | None]] = {}
    encoded: dict = {}
    for nominee_id, entries in results.items():
        key = tuple(entries)
        known = made.get(key)
        if known is None:
            text = engine_text(entries, encoded)
            outcomes = [outcome for _, outcome, _ in entries]
            known = made[key] = (text, digest(text), _conjunction(outcomes))
        text, fingerprint, value = known
        kept = False
        if nominee_id in overridden:  # few: the secretariat's judgements
            verdicts = _keep_overrides(nominee_id, entries, overridden[nominee_id])
            kept = any(v.override for v in verdicts)
            eligible[nominee_id] = _conjunction([v.final for v in verdicts])
            if kept:
                text = _encode_json(encode(verdicts))
        else:
            eligible[nominee_id] = value
        old = stored.pop(nominee_id, None)
        if old == fingerprint:
            continue  # the same result: the row, with its overrides, stays as it is
        if old is not None:
            replace.append(nominee_id)
        create.append((nominee_id, text, fingerprint, kept))
    replace += list(stored)  # nominees no longer judged (back to draft, or no criterion)
    written = _store_eligibility(campaign, eligible, now)
    delete_by_pk(VerdictSet, replace)
    insert_rows(VerdictSet, ["nominee_id", "verdicts", "digest", "overridden"], create)
    return written


def _keep_overrides(nominee_id: int, entries: list[tuple[int, str, str]], stored: list):
    """The engine's new verdicts with each stored override whose engine outcome is unchanged
    (an override applies to the result it overrode, not to a new one)."""
    before = {v.criterion_id: v for v in decode(nominee_id, stored)}
    out = []
    for criterion_id, outcome, explanation in entries:
        v = Verdict(nominee_id, criterion_id, outcome, explanation)
        old = before.get(criterion_id)
        if old is not None and old.override and old.outcome == outcome:
            v.override, v.override_reason = old.override, old.override_reason
            v.overridden_by_id, v.overridden_at = old.overridden_by_id, old.overridden_at
        out.append(v)
    return out


def _encode_json(data: list) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _store_eligibility(campaign: Campaign, eligible: Mapping[int, bool | None], now) -> int:
    """Set each judged nominee's eligibility (from the final outcomes of its verdicts: the
    override where one stays, else the engine's), writing only the nominees whose eligibility
    changed or that were never judged: an unchanged re-run writes no row (on PostgreSQL every
    UPDATE writes a new version of the row, changed or not). `evaluated_at` is thus when the
    nominee's current eligibility was first found. A nominee no criterion applies to is
    eligible. Returns the rows written."""
    to_write: dict[bool | None, list[int]] = {True: [], False: [], None: []}
    judged = (
        Nominee.objects.filter(proposal__campaign=campaign)
        .exclude(state=NomineeState.DRAFT)
        .annotate(never=ExpressionWrapper(Q(evaluated_at=None), output_field=BooleanField()))
        .values_list("pk", "eligible", "never")  # not the datetimes: 100,000 conversions
    )
    for pk, was, never in judged.iterator(chunk_size=10_000):
        value = eligible.get(pk, True)
        if never or value != was:
            to_write[value].append(pk)
    return sum(
        update_by_pk(Nominee, pks, eligible=value, evaluated_at=now)
        for value, pks in to_write.items()
    )


def _conjunction(outcomes: list[str]) -> bool | None:
    if Outcome.NOT_MET in outcomes:
        return False
    if outcomes and all(o == Outcome.MET for o in outcomes):
        return True
    return None if outcomes else True


@transaction.atomic
def verdict_override(*, actor, verdict: Verdict, outcome: str, reason: str) -> Verdict:
    """The secretariat's judgement in place of the engine's, only with a written reason."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "Ghi rõ lý do khi thay đổi kết quả đánh giá tiêu chí."})
    if outcome not in {Outcome.MET, Outcome.NOT_MET}:
        raise ValidationError({"outcome": "Chọn «Đạt» hoặc «Không đạt»."})
    row = (
        VerdictSet.objects.select_for_update()
        .select_related("nominee__proposal")
        .filter(nominee_id=verdict.nominee_id)
        .first()
    )
    verdicts = decode(row.nominee_id, row.verdicts) if row is not None else []
    current = next((v for v in verdicts if v.criterion_id == verdict.criterion_id), None)
    if current is None:
        raise ValidationError("Tiêu chí chưa được đánh giá.")
    before = {"outcome": current.outcome, "override": current.override}
    current.override = outcome
    current.override_reason = reason
    current.overridden_by_id = actor.pk if actor is not None else None
    current.overridden_at = timezone.now()
    row.verdicts = encode(verdicts)
    row.overridden = True
    row.save(update_fields=["verdicts", "overridden"])
    nominee = row.nominee
    nominee.eligible = _conjunction([v.final for v in verdicts])
    nominee.save(update_fields=["eligible"])
    audit_record(
        actor=actor,
        action="nominations.verdict.override",
        obj=nominee,
        unit_id=nominee.proposal.unit_id,
        before=before,
        after={
            "criterion": current.criterion_id,
            "override": outcome,
            "eligible": nominee.eligible,
        },
        note=reason,
    )
    current.overridden_by = actor
    return current


# Council and decision (the only write paths other apps use) ------------------------------------


@transaction.atomic
def nominee_stage_council_outcome(
    *, actor, nominee: Nominee, outcome: str, votes: int | None, rank: int | None
) -> Nominee:
    """The council's outcome, staged on the nominee until the decision is issued."""
    if outcome not in CouncilOutcome.values:
        raise ValidationError("Kết quả xét của Hội đồng không hợp lệ.")
    nominee = Nominee.objects.select_for_update().select_related("proposal").get(pk=nominee.pk)
    if nominee.state != NomineeState.ACCEPTED:
        raise ValidationError(f"{nominee.display_name}: chỉ xét hồ sơ đã được tiếp nhận.")
    before = snapshot(nominee, ["council_outcome", "council_votes", "council_rank"])
    nominee.council_outcome, nominee.council_votes, nominee.council_rank = outcome, votes, rank
    nominee.save(update_fields=["council_outcome", "council_votes", "council_rank"])
    audit_record(
        actor=actor,
        action="nominations.nominee.stage_council_outcome",
        obj=nominee,
        unit_id=nominee.proposal.unit_id,
        before=before,
        after=snapshot(nominee, ["council_outcome", "council_votes", "council_rank"]),
    )
    return nominee


@transaction.atomic
def nominees_mark_awarded(
    *, actor, nominees: list[Nominee], decision: Mapping | None = None
) -> int:
    """The decision's awardees: staged, accepted nominees become awarded. Each proposal they
    came in gets the step «Quyết định khen thưởng» on its trail, with the decision as data."""
    ids = [n.pk for n in nominees]
    locked = list(Nominee.objects.select_for_update().filter(pk__in=ids))
    bad = [
        n
        for n in locked
        if n.state != NomineeState.ACCEPTED or n.council_outcome != CouncilOutcome.PROPOSED
    ]
    if bad or len(locked) != len(set(ids)):
        raise ValidationError("Chỉ khen thưởng những tập thể, cá nhân được Hội đồng đề nghị.")
    Nominee.objects.filter(pk__in=ids).update(state=NomineeState.AWARDED)
    for n in locked:
        audit_record(
            actor=actor,
            action="nominations.nominee.award",
            obj=n,
            unit_id=n.unit_id,
            before={"state": NomineeState.ACCEPTED},
            after={"state": NomineeState.AWARDED},
        )
    proposals = (
        Proposal.objects.select_for_update()  # one writer appends to a trail at a time
        .filter(pk__in={n.proposal_id for n in locked})
        .select_related("campaign__issuer", "unit")
    )
    for proposal in proposals.order_by("pk"):
        trail_append(
            proposal=proposal,
            action=TrailAction.DECIDE,
            actor=actor,
            extra={
                "decision": _decision_data(decision),
                "awarded": sorted(n.pk for n in locked if n.proposal_id == proposal.pk),
            },
        )
    return len(locked)
