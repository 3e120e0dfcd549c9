"""`thidua demo --stage nominated`: most participant units have submitted a proposal (the unit
itself and one or two of its people), the secretariat has accepted most; some nominees are
ineligible for visible reasons (a discipline record, a component that went down, tasks at
90 %); one dossier was returned for a missing minutes file and resubmitted."""

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import CampaignState, DossierScope, PhaseKind, SubjectType
from thidua.campaigns.models import Campaign
from thidua.core.formatting import number
from thidua.core.uploads import CheckedUpload
from thidua.indicators.selectors import indicator_values_by_unit
from thidua.indicators.services import discipline_add
from thidua.nominations import services
from thidua.nominations.enums import NomineeState, Outcome, ProposalState
from thidua.nominations.models import Nominee, Proposal
from thidua.nominations.selectors import dossier_missing, verdicts_by_nominee
from thidua.org.models import Person

# Units that send nothing (their focal points will be reminded) and the one returned once.
SILENT = {"X01771", "X01780", "NB-YT"}
RETURNED_ONCE = "X01744"  # Vũ Nông: the minutes were missing at first
LEFT_SUBMITTED = {"X01762", "NB-TP"}  # still waiting for the secretariat


def evidence_pdf(title: str) -> CheckedUpload:
    """A small valid PDF standing in for a scanned, signed document (every demo stage's
    evidence and dossier files)."""
    from thidua.demo.campaigns import demo_plan_pdf

    class _U:  # demo_plan_pdf only prints a code
        code = title[:40].encode("ascii", "ignore").decode() or "hoso"

    data = demo_plan_pdf(_U())
    return CheckedUpload(
        kind="pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
    )


# The 2023 campaign's dossiers reach the district in January 2024.
SUBMITTED_AT = dt.datetime(2024, 1, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def ensure_window(campaign: Campaign, now: dt.datetime, until: dt.datetime) -> Campaign:
    """The nomination window holds the demo's submissions (`now`) and stays open until after
    `until` (the real clock), so the silent units can still submit."""
    if campaign.state == CampaignState.PUBLISHED:
        campaign = campaign_services.campaign_start(actor=None, campaign=campaign)
    phase = campaign.phase(PhaseKind.NOMINATION)
    if phase is None or not (phase.starts_at <= now and max(now, until) < phase.ends_at):
        campaign_services.phase_set(
            actor=None,
            campaign=campaign,
            kind=PhaseKind.NOMINATION,
            starts_at=now - dt.timedelta(days=7),
            ends_at=max(now, until) + dt.timedelta(days=14),
            note="Đợt đề nghị khen thưởng (dữ liệu mẫu)",
        )
        campaign.refresh_from_db()
    return campaign


def _people_for(unit, n: int) -> list[Person]:
    return list(Person.objects.filter(unit=unit).order_by("sort_key")[:n])


def _fill(proposal: Proposal, forms: dict, people: list[Person], *, skip_minutes=False) -> None:
    services.nominee_add(
        actor=None,
        proposal=proposal,
        award_form=forms[SubjectType.COLLECTIVE],
        achievement=f"{proposal.unit.name} hoàn thành các nhiệm vụ cải cách "
        "hành chính năm 2023 được giao.",
        summary="Thực hiện tốt cơ chế một cửa, một cửa liên thông.",
    )
    for person in people:
        services.nominee_add(
            actor=None,
            proposal=proposal,
            award_form=forms[SubjectType.INDIVIDUAL],
            person=person,
            achievement=f"{person.position or 'Công chức'}: tham mưu, triển "
            "khai tốt nhiệm vụ cải cách hành chính năm 2023.",
        )
    attested = list(proposal.campaign.criteria.filter(kind="attested"))
    for nominee in proposal.nominees.all():
        for c in attested:
            if c.subject_type == nominee.subject_type:
                services.answer_set(
                    actor=None,
                    nominee=nominee,
                    criterion=c,
                    attested=True,
                    text="Đã hoàn thành; có văn bản, báo cáo kèm theo.",
                    evidence=evidence_pdf(f"minh chung {nominee.pk}"),
                )
    for m in dossier_missing(proposal):
        if skip_minutes and m.item.scope == DossierScope.PER_PROPOSAL and "Biên bản" in m.item.name:
            continue
        services.document_upload(
            actor=None,
            proposal=proposal,
            item=m.item,
            nominee=m.nominee,
            upload=evidence_pdf(m.label),
        )


def _discipline_one(proposal: Proposal) -> None:
    """A visible reason: one nominated person was reprimanded in 2023."""

    nominee = proposal.nominees.filter(person__isnull=False).first()
    if nominee is not None and not nominee.person.discipline.exists():
        discipline_add(
            actor=None,
            person=nominee.person,
            form="khien_trach",
            decision_number="45/QĐ-UBND",
            decided_on=dt.date(2023, 8, 14),
            months=12,
            reason="Chậm giải quyết hồ sơ thủ tục hành chính (dữ liệu mẫu).",
        )


@transaction.atomic
def build_nominated(campaign: Campaign, *, now: dt.datetime | None = None) -> int:
    """Idempotent: units that already have a proposal are left as they are. The dossiers are
    submitted in January 2024 (`SUBMITTED_AT`), before the 2023 campaign's council and
    decision: a decision may not predate the nominations."""
    now = now or SUBMITTED_AT
    campaign = ensure_window(campaign, now, timezone.now())
    forms = {f.subject_type: f for f in campaign.award_forms.all()}
    done = set(campaign.proposals.values_list("unit_id", flat=True))
    participants = [
        p.unit
        for p in campaign.participants.select_related("unit").order_by(
            "unit__position", "unit__code"
        )
    ]
    made = 0
    for i, unit in enumerate(participants):
        if unit.code in SILENT or unit.pk in done:
            continue
        proposal = services.proposal_open(actor=None, campaign=campaign, unit=unit)
        returned = unit.code == RETURNED_ONCE
        _fill(proposal, forms, _people_for(unit, 1 + i % 2), skip_minutes=returned)
        if i == 3:
            _discipline_one(proposal)
        if returned:
            proposal = _return_once(proposal, now)
        else:
            proposal = services.proposal_submit(actor=None, proposal=proposal, now=now)
            if unit.code not in LEFT_SUBMITTED:
                services.proposal_accept(
                    actor=None, proposal=proposal, note="Hồ sơ đầy đủ (dữ liệu mẫu)."
                )
        made += 1
    services.eligibility_evaluate(campaign=campaign, now=now)
    _judge_communes_without_components(campaign)
    return made


def _judge_communes_without_components(campaign: Campaign) -> None:
    """Communes answer for no PAR/DDCI component of their own, so the engine asks a person;
    the secretariat judges them on the commune's own PAR INDEX, year over year, and says so."""

    accepted = dict(
        Nominee.objects.filter(
            proposal__campaign=campaign, state=NomineeState.ACCEPTED
        ).values_list("pk", "unit_id")
    )
    waiting = [
        v
        for _, verdicts in sorted(verdicts_by_nominee(accepted).items())
        for v in verdicts
        if v.criterion.kind == "components_improved"
        and v.outcome == Outcome.NEEDS_REVIEW
        and not v.override
    ]
    units = [accepted[v.nominee_id] for v in waiting]
    this_year = indicator_values_by_unit(unit_ids=units, year=campaign.year, code="PAR_INDEX")
    last_year = indicator_values_by_unit(unit_ids=units, year=campaign.year - 1, code="PAR_INDEX")
    for v in waiting:
        unit = accepted[v.nominee_id]
        cur, prev = this_year.get(unit), last_year.get(unit)
        if cur is None or prev is None:
            continue
        services.verdict_override(
            actor=None,
            verdict=v,
            outcome=Outcome.MET if cur > prev else Outcome.NOT_MET,
            reason=f"Đơn vị không được giao chỉ số thành phần riêng; xét theo PAR INDEX của đơn "
            f"vị: {campaign.year - 1} = {number(prev)}%, {campaign.year} = {number(cur)}% "
            "(dữ liệu mẫu).",
        )


def _return_once(proposal: Proposal, now: dt.datetime) -> Proposal:
    """Submitted without its minutes would be refused, so the secretariat's return is for a
    minutes file that was unsigned; the unit uploads a signed one and resubmits."""
    minutes = next(m for m in dossier_missing(proposal) if "Biên bản" in m.item.name)
    services.document_upload(
        actor=None, proposal=proposal, item=minutes.item, upload=evidence_pdf("bien ban chua ky")
    )
    proposal = services.proposal_submit(actor=None, proposal=proposal, now=now)
    proposal = services.proposal_return(
        actor=None,
        proposal=proposal,
        reasons=[
            {
                "item": minutes.item,
                "nominee": None,
                "reason": "Biên bản họp Hội đồng chưa có chữ ký của Chủ tịch Hội đồng và Thư ký.",
            }
        ],
    )
    services.document_upload(
        actor=None, proposal=proposal, item=minutes.item, upload=evidence_pdf("bien ban da ky")
    )
    proposal = services.proposal_submit(actor=None, proposal=proposal, now=now)
    assert proposal.state == ProposalState.SUBMITTED
    return proposal
