"""Every write to campaigns. One function per state change; each writes its audit row.

Side effects run in this order: guard → save → audit row → notification (after commit).
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.campaigns import criteria as criteria_kinds
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import (
    TRANSITIONS,
    AwardKind,
    CampaignState,
    LatePolicy,
    PhaseKind,
    SubjectType,
)
from thidua.campaigns.models import (
    Assignment,
    AwardForm,
    Campaign,
    CampaignParticipant,
    CampaignPhase,
    Criterion,
    DossierItem,
    Registration,
    Reminder,
    TitleRegistration,
)
from thidua.core.formatting import date_long, date_short, datetime_short, deadline
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.core.uploads import CheckedUpload
from thidua.distribution import services as distribution_services
from thidua.distribution.enums import DocumentKind
from thidua.distribution.models import Distribution
from thidua.org.enums import Role, StaffCategory
from thidua.org.models import Unit
from thidua.org.selectors import ceased_message

CAMPAIGN_FIELDS = [
    "year", "award_kind", "title", "issuer_superior", "issuer_display", "doc_number",
    "doc_symbol", "place", "issued_on", "parent_plan_ref", "preamble", "purpose", "requirements",
    "participants_text",
    "participant_categories", "period_start", "period_end", "period_text", "awards_text",
    "awards_note", "nomination_note", "reward_basis", "funding_source", "fund_unit",
    "closing_text", "recipients", "signing_authority", "signer_title", "signer_name",
    "late_policy", "reminder_days",
]  # fmt: skip
# What may still change once the plan is published: how the secretariat runs it, not the plan.
EDITABLE_AFTER_PUBLISH = {"late_policy", "reminder_days", "nomination_note"}


def _clean_text_fields(obj, fields) -> None:
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, str):
            setattr(obj, name, nfc(value) if "\n" not in value else _nfc_lines(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(obj, name, [nfc(v) for v in value if nfc(v)])


def _nfc_lines(text: str) -> str:
    return "\n".join(nfc(line) for line in text.replace("\r\n", "\n").split("\n")).strip()


def _validate_campaign(campaign: Campaign) -> None:
    errors = {}
    bad = [c for c in campaign.participant_categories if c not in StaffCategory.values]
    if bad:
        errors["participant_categories"] = f"Đối tượng không hợp lệ: {', '.join(bad)}."
    if (
        campaign.period_start
        and campaign.period_end
        and campaign.period_end < campaign.period_start
    ):
        errors["period_end"] = "Ngày kết thúc thi đua phải sau ngày bắt đầu."
    issuer = campaign.issuer if campaign.issuer_id else None
    if issuer is not None and campaign.period_end and not issuer.is_valid_on(campaign.period_end):
        errors["issuer"] = ceased_message(issuer, on=campaign.period_end)
    if campaign.parent_id and campaign.parent.issuer_id == campaign.issuer_id:
        errors["issuer"] = "Phong trào của đơn vị phải do chính đơn vị tham gia ban hành."
    if errors:
        raise ValidationError(errors)
    campaign.full_clean()


def _require_draft(campaign: Campaign) -> None:
    if campaign.state != CampaignState.DRAFT:
        raise ValidationError("Kế hoạch đã ban hành; không thể sửa nội dung kế hoạch nữa.")


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


# Campaign --------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor, issuer: Unit, parent: Campaign | None = None, **fields) -> Campaign:
    """A new campaign in draft. A sub-campaign (with `parent`) is issued by a participant unit
    of the parent and sets its own criteria and quotas."""
    if parent is not None and not parent.participants.filter(unit=issuer).exists():
        raise ValidationError(
            {
                "issuer": "Chỉ đơn vị tham gia phong trào cấp trên mới phát động "
                "phong trào của đơn vị mình."
            }
        )
    campaign = Campaign(issuer=issuer, parent=parent, **fields)
    _clean_text_fields(campaign, CAMPAIGN_FIELDS)
    _validate_campaign(campaign)
    campaign.save()
    audit_record(
        actor=actor,
        action="campaigns.campaign.create",
        obj=campaign,
        unit_id=issuer.pk,
        after=snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **changes) -> Campaign:
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    campaign = _locked(campaign)
    if campaign.state != CampaignState.DRAFT and not set(changes) <= EDITABLE_AFTER_PUBLISH:
        _require_draft(campaign)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for name, value in changes.items():
        setattr(campaign, name, value)
    _clean_text_fields(campaign, changes)
    _validate_campaign(campaign)
    _validate_phases(campaign, list(campaign.phases.all()))
    campaign.save()
    after = snapshot(campaign, CAMPAIGN_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="campaigns.campaign.update",
            obj=campaign,
            unit_id=campaign.issuer_id,
            before=before,
            after=after,
        )
    return campaign


def _ceased_participants(campaign: Campaign, units) -> list[str]:
    """Units that no longer exist at the end of the campaign's period (a commune merged in
    2025 cannot take part in a 2027 campaign), each with the successor to choose instead."""
    return [
        ceased_message(u, on=campaign.period_end)
        for u in units
        if not u.is_valid_on(campaign.period_end)
    ]


@transaction.atomic
def participants_set(*, actor, campaign: Campaign, units: list[Unit]) -> None:
    """The participant units; each must be in operation at the end of the campaign's period."""
    campaign = _locked(campaign)
    _require_draft(campaign)
    ceased = _ceased_participants(campaign, units)
    if ceased:
        raise ValidationError({"units": ceased})
    before = sorted(campaign.participants.values_list("unit_id", flat=True))
    campaign.participants.all().delete()
    CampaignParticipant.objects.bulk_create(
        [CampaignParticipant(campaign=campaign, unit=u) for u in {u.pk: u for u in units}.values()]
    )
    audit_record(
        actor=actor,
        action="campaigns.participants.set",
        obj=campaign,
        unit_id=campaign.issuer_id,
        before={"units": before},
        after={"units": sorted(u.pk for u in units)},
    )


# Phases ----------------------------------------------------------------------------------------


def _validate_phases(campaign: Campaign, phases: list[CampaignPhase]) -> None:
    """Phases lie inside the campaign's time frame and the sequential ones do not overlap:
    the emulation phase inside the emulation period; registration closes by its end; nothing
    is nominated, judged or decided before the emulation starts (a 2027 campaign is not voted
    on in December 2026). Nomination, council and decision may run after the period ends."""
    tz = timezone.get_current_timezone()
    period_start = dt.datetime.combine(campaign.period_start, dt.time(), tz)
    period_end = dt.datetime.combine(campaign.period_end + dt.timedelta(days=1), dt.time(), tz)
    errors = []
    by_kind = {p.kind: p for p in phases}
    where = "Sửa lịch giai đoạn hoặc thời gian thi đua ở mục «Sửa kế hoạch»."
    for phase in phases:
        if phase.kind != PhaseKind.REGISTRATION and phase.starts_at < period_start:
            errors.append(
                f"Giai đoạn «{phase.get_kind_display()}» bắt đầu "
                f"({datetime_short(phase.starts_at)}) trước khi thi đua bắt đầu "
                f"({date_short(campaign.period_start)}). {where}"
            )
    emulation = by_kind.get(PhaseKind.EMULATION)
    if emulation and emulation.ends_at > period_end:
        errors.append(
            f"Giai đoạn «{emulation.get_kind_display()}» phải kết thúc trong thời gian thi đua "
            f"(đến hết {date_short(campaign.period_end)}). {where}"
        )
    reg = by_kind.get(PhaseKind.REGISTRATION)
    if reg and reg.ends_at > period_end:
        errors.append(
            "Hạn đăng ký và gửi kế hoạch không được sau ngày kết thúc thi đua "
            f"({date_long(campaign.period_end)})."
        )
    ordered = [by_kind[k] for k in PhaseKind.sequential() if k in by_kind]
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.starts_at < earlier.ends_at:
            errors.append(
                f"Giai đoạn «{later.get_kind_display()}» bắt đầu "
                f"({datetime_short(later.starts_at)}) trước khi giai đoạn "
                f"«{earlier.get_kind_display()}» kết thúc "
                f"({datetime_short(earlier.ends_at)})."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def phase_set(
    *,
    actor,
    campaign: Campaign,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    note: str = "",
) -> CampaignPhase:
    """Create or change a phase. Deadlines may move while registration runs (an extension),
    but never so that phases overlap."""
    campaign = _locked(campaign)
    if campaign.state not in (CampaignState.DRAFT, CampaignState.PUBLISHED, CampaignState.RUNNING):
        raise ValidationError(
            "Phong trào đã sang giai đoạn xét khen thưởng; không đổi lịch được nữa."
        )
    if ends_at <= starts_at:
        raise ValidationError("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
    phases = {p.kind: p for p in campaign.phases.all()}
    phase = phases.get(kind) or CampaignPhase(campaign=campaign, kind=kind)
    before = snapshot(phase, ["starts_at", "ends_at", "note"]) if phase.pk else None
    phase.starts_at, phase.ends_at, phase.note = starts_at, ends_at, nfc(note)
    phases[kind] = phase
    _validate_phases(campaign, list(phases.values()))
    phase.full_clean()
    phase.save()
    audit_record(
        actor=actor,
        action="campaigns.phase.set",
        obj=phase,
        unit_id=campaign.issuer_id,
        before=before,
        after=snapshot(phase, ["kind", "starts_at", "ends_at", "note"]),
    )
    return phase


# Criteria, award forms, assignments (plan content: draft only) --------------------------------


@transaction.atomic
def criterion_add(
    *,
    actor,
    campaign: Campaign,
    subject_type: str,
    text: str,
    kind: str,
    params: dict | None = None,
    position: int | None = None,
    data_period: str = "",
    data_years: int | None = None,
) -> Criterion:
    """A criterion and how it is judged; `data_period`/`data_years` say on which years'
    results (campaigns.enums.DataPeriod: a 2027 campaign may judge on 2025–2026)."""
    _require_draft(campaign)
    data_period, data_years = criteria_kinds.clean_data_period(kind, data_period, data_years)
    if position is None:
        position = campaign.criteria.filter(subject_type=subject_type).count() + 1
    criterion = Criterion(
        campaign=campaign,
        subject_type=subject_type,
        text=_nfc_lines(text),
        kind=kind,
        params=criteria_kinds.clean_params(kind, params),
        position=position,
        data_period=data_period,
        data_years=data_years,
    )
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor,
        action="campaigns.criterion.add",
        obj=criterion,
        unit_id=campaign.issuer_id,
        after=snapshot(
            criterion, ["subject_type", "text", "kind", "params", "data_period", "data_years"]
        ),
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    _require_draft(criterion.campaign)
    audit_record(
        actor=actor,
        action="campaigns.criterion.remove",
        obj=criterion,
        unit_id=criterion.campaign.issuer_id,
        before=snapshot(criterion, ["subject_type", "text", "kind", "params"]),
    )
    criterion.delete()


@transaction.atomic
def award_form_add(
    *,
    actor,
    campaign: Campaign,
    name: str,
    subject_type: str,
    quota: int | None,
    legal_kind: str = "",
    rule_set: str = "",
    checklist: list[tuple[str, str]] | None = None,
) -> AwardForm:
    """An award form with its legal kind (chosen among the forms of the rule set, never read
    from its name), its quota and dossier checklist [(item name, DossierScope)]. Whether the
    rule set in force on the planned decision date knows the kind is checked at launch."""
    _require_draft(campaign)
    form = AwardForm(
        campaign=campaign,
        name=nfc(name),
        subject_type=subject_type,
        legal_kind=legal_kind,
        quota=quota,
        rule_set=nfc(rule_set),
        position=campaign.award_forms.count() + 1,
    )
    form.full_clean()
    form.save()
    items = [
        DossierItem(award_form=form, name=nfc(n), scope=scope, position=i + 1)
        for i, (n, scope) in enumerate(checklist or [])
    ]
    for item in items:
        item.full_clean(exclude=["award_form"])
    DossierItem.objects.bulk_create(items)
    audit_record(
        actor=actor,
        action="campaigns.award_form.add",
        obj=form,
        unit_id=campaign.issuer_id,
        after=snapshot(form, ["name", "subject_type", "legal_kind", "quota", "rule_set"])
        | {"checklist": [i.name for i in items]},
    )
    return form


@transaction.atomic
def award_form_remove(*, actor, award_form: AwardForm) -> None:
    _require_draft(award_form.campaign)
    audit_record(
        actor=actor,
        action="campaigns.award_form.remove",
        obj=award_form,
        unit_id=award_form.campaign.issuer_id,
        before=snapshot(award_form, ["name", "subject_type", "quota", "rule_set"]),
    )
    award_form.delete()


@transaction.atomic
def assignment_add(*, actor, campaign: Campaign, text: str, unit: Unit | None = None) -> Assignment:
    _require_draft(campaign)
    assignment = Assignment(
        campaign=campaign,
        text=_nfc_lines(text),
        unit=unit,
        position=campaign.assignments.count() + 1,
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action="campaigns.assignment.add",
        obj=assignment,
        unit_id=campaign.issuer_id,
        after=snapshot(assignment, ["text", "unit"]),
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    _require_draft(assignment.campaign)
    audit_record(
        actor=actor,
        action="campaigns.assignment.remove",
        obj=assignment,
        unit_id=assignment.campaign.issuer_id,
        before=snapshot(assignment, ["text"]),
    )
    assignment.delete()


# Lifecycle -------------------------------------------------------------------------------------


def _transition(*, actor, campaign: Campaign, to: str, note: str = "") -> Campaign:
    campaign = _locked(campaign)
    transition(
        campaign,
        to=to,
        allowed_from=TRANSITIONS,
        actor=actor,
        action=lambda before: f"campaigns.campaign.{TRANSITIONS[(before, to)]}",
        unit_id=campaign.issuer_id,
        what="phong trào",
        update_fields=["updated_at"],
        note=note,
    )
    return campaign


# Checks an app above this one adds to the launch (awards: the award forms against the rule set
# in force on the planned decision date); each takes the campaign and its award forms and
# returns what to fix, in Vietnamese.
PUBLISH_CHECKS: list[Callable[[Campaign, list[AwardForm]], list[str]]] = []


def publish_problems(campaign: Campaign, *, participants: list[Unit] | None = None) -> list[str]:
    """What must be in a plan before it can be issued (`participants`: its participant units,
    when the caller has them already)."""
    problems = []
    units = participants
    if units is None:
        units = [p.unit for p in campaign.participants.select_related("unit")]
    if not units:
        problems.append("Chưa chọn đơn vị tham gia.")
    problems += [
        f"Đơn vị tham gia: {m} Sửa ở mục «Đơn vị tham gia»."
        for m in _ceased_participants(campaign, units)
    ]
    if (
        campaign_selectors.needs_registration(campaign)
        and not campaign.phases.filter(kind=PhaseKind.REGISTRATION).exists()
    ):
        problems.append("Chưa đặt hạn đăng ký thi đua và gửi kế hoạch của đơn vị.")
    forms = list(campaign.award_forms.all())
    if not forms:
        problems.append("Chưa có hình thức khen thưởng.")
    for check in PUBLISH_CHECKS:
        problems += check(campaign, forms)
    if not campaign.criteria.exists():
        problems.append("Chưa có tiêu chí thi đua.")
    if not campaign.signer_title:
        problems.append("Chưa có chức danh người ký.")
    return problems


def focal_points_of(units) -> list:
    """Active users who are focal points of the given units."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=Role.FOCAL_POINT,
            role_assignments__unit__in=units,
        )
        .distinct()
    )


@transaction.atomic
def campaign_publish(
    *, actor, campaign: Campaign, issued_on: dt.date | None = None, doc_number: str | None = None
) -> Campaign:
    """Issue the plan: draft → published. Generates the plan as PDF and DOCX, then tells
    every participant unit's focal points (in the app and by e-mail)."""
    from thidua.campaigns.plan_document import plan_docx, plan_pdf

    campaign = _locked(campaign)
    if campaign.state == CampaignState.DRAFT:
        problems = publish_problems(campaign)
        if problems:
            raise ValidationError(problems)
    if issued_on is not None:
        campaign.issued_on = issued_on
    if doc_number is not None:
        campaign.doc_number = nfc(doc_number)
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["issued_on", "doc_number", "published_at"])
    campaign = _transition(actor=actor, campaign=campaign, to=CampaignState.PUBLISHED)
    stem = f"ke-hoach-{campaign.pk}-{uuid.uuid4().hex[:8]}"
    campaign.plan_pdf.save(f"{stem}.pdf", ContentFile(plan_pdf(campaign)), save=False)
    campaign.plan_docx.save(f"{stem}.docx", ContentFile(plan_docx(campaign)), save=False)
    campaign.save(update_fields=["plan_pdf", "plan_docx"])
    units = [p.unit for p in campaign.participants.select_related("unit")]
    notify(
        users=focal_points_of(units),
        title=f"Kế hoạch {campaign.reference}: {campaign.title}",
        body=_registration_message(campaign),
        url=f"/phong-trao/{campaign.pk}/",
    )
    if units:  # the plan also lands in each participant's inbox (already notified above)
        plan_distribute(actor=actor, campaign=campaign, units=units, notify_users=False)
    return campaign


def _registration_message(campaign: Campaign) -> str:
    reg = campaign.phase(PhaseKind.REGISTRATION)
    when = f" {deadline(reg.ends_at)}" if reg else ""
    return (
        f"{campaign.issuer.name} đã ban hành Kế hoạch {campaign.reference} về việc "
        f"{campaign.title[:1].lower()}{campaign.title[1:]}. Đề nghị đơn vị đăng ký thi đua "
        f"và gửi kế hoạch của đơn vị{when}."
    )


@transaction.atomic
def campaign_start(*, actor, campaign: Campaign) -> Campaign:
    return _transition(actor=actor, campaign=campaign, to=CampaignState.RUNNING)


@transaction.atomic
def campaign_start_evaluation(*, actor, campaign: Campaign) -> Campaign:
    return _transition(actor=actor, campaign=campaign, to=CampaignState.EVALUATING)


@transaction.atomic
def campaign_mark_decided(*, actor, campaign: Campaign) -> Campaign:
    return _transition(actor=actor, campaign=campaign, to=CampaignState.DECIDED)


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    return _transition(actor=actor, campaign=campaign, to=CampaignState.CLOSED)


# Registration and unit plans -------------------------------------------------------------------


@transaction.atomic
def registration_submit(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    commitments: str,
    plan: CheckedUpload | None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register a participant unit and/or upload its plan. The deadline is the server's clock:
    after it, a plan is refused or accepted and flagged, as the campaign says."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state not in CampaignState.accepting_registrations():
        raise ValidationError("Phong trào không còn nhận đăng ký.")
    if not campaign.participants.filter(unit=unit).exists():
        raise ValidationError("Đơn vị không thuộc danh sách tham gia phong trào.")
    phase = campaign.phase(PhaseKind.REGISTRATION)
    late = phase is not None and now >= phase.ends_at
    if late and campaign.late_policy == LatePolicy.REFUSE:
        raise ValidationError(
            f"Đã quá hạn (hạn nộp {deadline(phase.ends_at)}); phong trào "
            "không nhận đăng ký, kế hoạch nộp sau hạn."
        )
    commitments = _nfc_lines(commitments)
    if not commitments:
        raise ValidationError({"commitments": "Nhập nội dung đăng ký thi đua."})
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    before = None
    if registration is None:
        registration = Registration(
            campaign=campaign, unit=unit, registered_at=now, registered_by=actor
        )
    else:
        before = snapshot(
            registration,
            ["commitments", "plan_name", "plan_sha256", "plan_uploaded_at", "plan_late"],
        )
    registration.commitments = commitments
    if plan is not None:
        registration.plan_file.save(
            f"{campaign.pk}/{unit.pk}-{uuid.uuid4().hex[:12]}.{plan.extension}",
            ContentFile(plan.data),
            save=False,
        )
        registration.plan_name = f"ke-hoach-{unit.code}.{plan.extension}"
        registration.plan_size = plan.size
        registration.plan_sha256 = plan.sha256
        registration.plan_uploaded_at = now
        registration.plan_late = late
    registration.save()
    audit_record(
        actor=actor,
        action="campaigns.registration.submit",
        obj=registration,
        unit_id=unit.pk,
        before=before,
        after=snapshot(
            registration,
            ["commitments", "plan_name", "plan_sha256", "plan_uploaded_at", "plan_late"],
        ),
    )
    return registration


TITLE_REG_FIELDS = ["campaign", "unit", "award_form", "subject_unit", "person"]


@transaction.atomic
def title_register(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    award_form: AwardForm,
    person=None,
    subject_unit: Unit | None = None,
    now: dt.datetime | None = None,
) -> TitleRegistration:
    """Đăng ký danh hiệu thi đua (the annual round, at the start of the year): one of the
    unit's people for an individual title, or the unit or one of its divisions for a
    collective title."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.award_kind != AwardKind.THUONG_XUYEN:
        raise ValidationError(
            "Chỉ đợt xét danh hiệu thi đua thường xuyên mới nhận đăng ký danh hiệu."
        )
    if campaign.state not in CampaignState.accepting_registrations():
        raise ValidationError("Phong trào không còn nhận đăng ký.")
    if not campaign.participants.filter(unit=unit).exists():
        raise ValidationError("Đơn vị không thuộc danh sách tham gia phong trào.")
    if award_form.campaign_id != campaign.pk:
        raise ValidationError({"award_form": "Danh hiệu không thuộc đợt xét này."})
    if award_form.subject_type == SubjectType.INDIVIDUAL:
        if person is None:
            raise ValidationError(
                {"subject": "Danh hiệu này dành cho cá nhân; hãy chọn một người."}
            )
        if not person.unit.path.startswith(unit.path):
            raise ValidationError({"subject": f"{person.full_name} không thuộc {unit.name}."})
        subject_unit = person.unit
        exists = TitleRegistration.objects.filter(
            campaign=campaign, award_form=award_form, person=person
        )
    elif award_form.subject_type == SubjectType.COLLECTIVE:
        if person is not None:
            raise ValidationError({"subject": "Danh hiệu này dành cho tập thể; hãy chọn đơn vị."})
        subject_unit = subject_unit or unit
        if not subject_unit.path.startswith(unit.path):
            raise ValidationError({"subject": f"{subject_unit.name} không thuộc {unit.name}."})
        exists = TitleRegistration.objects.filter(
            campaign=campaign, award_form=award_form, subject_unit=subject_unit, person=None
        )
    else:
        raise ValidationError({"award_form": "Hộ gia đình không đăng ký danh hiệu thi đua."})
    if exists.exists():
        raise ValidationError(
            f"{person.full_name if person else subject_unit.name} đã đăng ký «{award_form.name}»."
        )
    registration = TitleRegistration(
        campaign=campaign,
        unit=unit,
        award_form=award_form,
        subject_unit=subject_unit,
        person=person,
        registered_at=now,
        registered_by=actor if actor is not None and actor.is_authenticated else None,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="campaigns.title_registration.add",
        obj=registration,
        unit_id=unit.pk,
        after=snapshot(registration, TITLE_REG_FIELDS),
    )
    return registration


@transaction.atomic
def title_unregister(*, actor, registration: TitleRegistration) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=registration.campaign_id)
    if campaign.state not in CampaignState.accepting_registrations():
        raise ValidationError("Phong trào không còn nhận đăng ký.")
    audit_record(
        actor=actor,
        action="campaigns.title_registration.remove",
        obj=registration,
        unit_id=registration.unit_id,
        before=snapshot(registration, TITLE_REG_FIELDS),
    )
    registration.delete()


def _units_missing_plan(campaign: Campaign) -> list[Unit]:
    done = Registration.objects.filter(campaign=campaign, plan_uploaded_at__isnull=False)
    return list(
        Unit.objects.filter(campaign_participations__campaign=campaign)
        .exclude(pk__in=done.values("unit_id"))
        .order_by("position", "name")
    )


@transaction.atomic
def reminder_send(
    *, actor, campaign: Campaign, units: list[Unit] | None = None, now: dt.datetime | None = None
) -> int:
    """Remind units (by default every unit without a plan) by hand. Returns units reminded."""
    now = now or timezone.now()
    missing = {u.pk: u for u in _units_missing_plan(campaign)}
    targets = [missing[u.pk] for u in units if u.pk in missing] if units else list(missing.values())
    Reminder.objects.bulk_create(
        [
            Reminder(campaign=campaign, unit=u, kind=Reminder.MANUAL, sent_at=now, sent_by=actor)
            for u in targets
        ]
    )
    _notify_reminder(campaign, targets)
    audit_record(
        actor=actor,
        action="campaigns.reminder.send",
        obj=campaign,
        unit_id=campaign.issuer_id,
        after={"units": [u.pk for u in targets]},
    )
    return len(targets)


def _notify_reminder(campaign: Campaign, units: list[Unit]) -> None:
    if units:
        notify(
            users=focal_points_of(units),
            title=f"Nhắc hạn: {campaign.title}",
            body=_registration_message(campaign),
            url=f"/phong-trao/{campaign.pk}/",
        )


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Automatic reminders, for the worker: once per campaign and unit, `reminder_days` before
    the registration deadline, to units that have not sent their plan. Safe to run often and
    from several workers at once (a unique constraint keeps it to once)."""
    now = now or timezone.now()
    sent = 0
    phases = CampaignPhase.objects.filter(
        kind=PhaseKind.REGISTRATION,
        ends_at__gt=now,
        campaign__state__in=CampaignState.accepting_registrations(),
        campaign__reminder_days__gt=0,
    ).select_related("campaign")
    for phase in phases:
        campaign = phase.campaign
        if now < phase.ends_at - dt.timedelta(days=campaign.reminder_days):
            continue
        for unit in _units_missing_plan(campaign):
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        campaign=campaign, unit=unit, kind=Reminder.AUTO, sent_at=now
                    )
                    _notify_reminder(campaign, [unit])
                    audit_record(
                        actor=None,
                        action="campaigns.reminder.auto",
                        obj=campaign,
                        unit_id=unit.pk,
                        after={"unit": unit.pk},
                    )
            except IntegrityError:
                continue  # already reminded
            sent += 1
    return sent


# Clone -----------------------------------------------------------------------------------------


def _shift(value, years: int):
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def campaign_clone(*, actor, campaign: Campaign, year: int | None = None) -> Campaign:
    """A draft copy for another year: plan text, participants, criteria, award forms with
    checklists, assignments and phases (dates moved by the same number of years)."""
    year = year or campaign.year + 1
    years = year - campaign.year
    copy = Campaign.objects.get(pk=campaign.pk)
    copy.pk = None
    copy.state = CampaignState.DRAFT
    copy.year = year
    copy.doc_number = ""
    copy.issued_on = None
    copy.published_at = None
    copy.plan_pdf = copy.plan_docx = ""
    copy.period_start = _shift(campaign.period_start, years)
    copy.period_end = _shift(campaign.period_end, years)
    copy.title = campaign.title.replace(str(campaign.year), str(year))
    copy.save()
    CampaignParticipant.objects.bulk_create(
        [CampaignParticipant(campaign=copy, unit_id=p.unit_id) for p in campaign.participants.all()]
    )
    CampaignPhase.objects.bulk_create(
        [
            CampaignPhase(
                campaign=copy,
                kind=p.kind,
                note=p.note,
                starts_at=_shift(p.starts_at, years),
                ends_at=_shift(p.ends_at, years),
            )
            for p in campaign.phases.all()
        ]
    )
    Criterion.objects.bulk_create(
        [
            Criterion(
                campaign=copy,
                subject_type=c.subject_type,
                position=c.position,
                text=c.text.replace(str(campaign.year), str(year)),
                kind=c.kind,
                params=c.params,
                data_period=c.data_period,
                data_years=c.data_years,
            )
            for c in campaign.criteria.all()
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(campaign=copy, unit_id=a.unit_id, text=a.text, position=a.position)
            for a in campaign.assignments.all()
        ]
    )
    for form in campaign.award_forms.prefetch_related("checklist"):
        items = list(form.checklist.all())
        form.pk = None
        form.campaign = copy
        form.save()
        DossierItem.objects.bulk_create(
            [
                DossierItem(
                    award_form=form,
                    name=i.name,
                    scope=i.scope,
                    required=i.required,
                    note=i.note,
                    position=i.position,
                )
                for i in items
            ]
        )
    audit_record(
        actor=actor,
        action="campaigns.campaign.clone",
        obj=copy,
        unit_id=copy.issuer_id,
        after={"from": campaign.pk, "year": year},
    )
    return copy


# Sending the plan to units' inboxes ----------------------------------------------------------


def plan_distribute(
    *, actor, campaign, units: Iterable[Unit] | None = None, notify_users: bool = True
) -> Distribution:
    """Send a published campaign's plan (its PDF) to its participants (or the given units)."""
    if campaign.state not in CampaignState.visible_to_participants() or not campaign.plan_pdf:
        raise ValidationError("Chỉ gửi được kế hoạch đã ban hành.")
    if units is None:
        units = [p.unit for p in campaign.participants.select_related("unit")]
    return distribution_services.document_distribute(
        actor=actor,
        kind=DocumentKind.PLAN,
        title=campaign.title,
        reference=campaign.reference,
        units=units,
        sender_unit=campaign.issuer,
        file=campaign.plan_pdf,
        file_name=f"ke-hoach-{distribution_services.reference_slug(campaign.reference)}.pdf",
        campaign=campaign,
        url=f"/phong-trao/{campaign.pk}/",
        source=f"campaigns.campaign:{campaign.pk}:plan",
        notify_users=notify_users,
    )
