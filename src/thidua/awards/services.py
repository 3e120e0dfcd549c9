"""Every write to awards. One function per state change; each writes its audit row.

Side effects run in this order: guard → save → audit row → notification (after commit).
"""

import datetime as dt
import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from thidua.awards.enums import (
    BasisDocument,
    BatchState,
    CertificateState,
    CounterKind,
    DecisionState,
    ReissueKind,
)
from thidua.awards.legal import amount_for, form_kinds_of, legal_tables
from thidua.awards.models import (
    Annulment,
    Award,
    BaseSalary,
    Certificate,
    CertificateBatch,
    CertificateReissue,
    Coefficient,
    Counter,
    CredentialKind,
    Decision,
    DecisionSignature,
    Fund,
    FundEntry,
    IssuerKey,
    LegalBasisTemplate,
    PrintLayout,
    RuleSet,
    SignatureStep,
    SigningCredential,
)
from thidua.awards.money import MoneyError
from thidua.awards.printing import authority, body_name
from thidua.awards.selectors import decision_trail_data
from thidua.awards.signing import signing_trust
from thidua.awards.statements import issuer_kid, issuer_private_key
from thidua.awards.words import amount_words
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import AwardForm, Campaign
from thidua.campaigns.services import campaign_mark_decided, focal_points_of
from thidua.core import jws
from thidua.core.formatting import date_long, date_short, money
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.tasks import enqueue
from thidua.core.text import nfc, search_key
from thidua.core.transitions import transition
from thidua.council.enums import SessionState
from thidua.council.models import AgendaItem
from thidua.distribution import services as distribution_services
from thidua.distribution.enums import DocumentKind
from thidua.distribution.models import Distribution
from thidua.documents import personal_signing, remote_signing
from thidua.documents.certificate import render_certificates, render_many
from thidua.documents.decision import render_decision
from thidua.documents.services import signed_pdf_store
from thidua.documents.signing import sign_pdf, signing_config
from thidua.nominations.models import Nominee
from thidua.nominations.selectors import nominees_staged
from thidua.nominations.services import nominees_mark_awarded
from thidua.org.models import Unit
from thidua.records.selectors import cap_problems
from thidua.records.services import record_annul, records_from_decision

logger = logging.getLogger(__name__)

# Legal tables -----------------------------------------------------------------------------------

LEGAL_FIELDS: dict[type, list[str]] = {
    RuleSet: ["code", "name", "valid_from", "valid_to", "rounding_mode", "rounding_step", "note"],
    Coefficient: ["rule_set", "form_kind", "subject_type", "coefficient", "of_individual", "note"],
    BaseSalary: ["valid_from", "amount", "decree"],
    LegalBasisTemplate: ["rule_set", "issuer_level", "document", "text"],
}


def _legal_before(obj: models.Model) -> dict | None:
    if obj.pk is None:
        return None
    old = type(obj).objects.filter(pk=obj.pk).first()
    return snapshot(old, LEGAL_FIELDS[type(obj)]) if old is not None else None


@transaction.atomic
def legal_row_save(*, actor, obj: models.Model) -> models.Model:
    """Create or change a row of the legal tables (rule set, coefficient, base salary, form
    mapping); the audit row keeps the values before and after: the tables' history."""
    fields = LEGAL_FIELDS[type(obj)]
    before = _legal_before(obj)
    obj.full_clean()
    obj.save()
    after = snapshot(obj, fields)
    if after != before:
        action = "update" if before is not None else "create"
        audit_record(
            actor=actor,
            action=f"awards.{obj._meta.model_name}.{action}",
            obj=obj,
            before=before,
            after=after,
        )
    return obj


@transaction.atomic
def legal_row_delete(*, actor, obj: models.Model) -> None:
    audit_record(
        actor=actor,
        action=f"awards.{obj._meta.model_name}.delete",
        obj=obj,
        before=snapshot(obj, LEGAL_FIELDS[type(obj)]),
    )
    obj.delete()


LEGAL_WHERE = "Cấu hình › Khen thưởng"


def _save_row(actor, obj, **values):
    for name, value in values.items():
        if isinstance(value, str):  # NFC, line by line (a template keeps its lines)
            value = "\n".join(nfc(line).strip() for line in value.splitlines()).strip()
        setattr(obj, name, value)
    return legal_row_save(actor=actor, obj=obj)


@transaction.atomic
def rule_set_save(
    *,
    actor,
    code: str,
    name: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    rounding_mode: str = "up",
    rounding_step: int = 10_000,
    note: str = "",
    rule_set: RuleSet | None = None,
) -> RuleSet:
    """A decree that sets reward money, or a change to one; two rule sets never overlap."""
    return _save_row(
        actor,
        rule_set or RuleSet(),
        code=code,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        rounding_mode=rounding_mode,
        rounding_step=rounding_step,
        note=note,
    )


@transaction.atomic
def coefficient_save(
    *,
    actor,
    rule_set: RuleSet,
    form_kind: str,
    subject_type: str,
    value,
    of_individual: bool = False,
    note: str = "",
    coefficient: Coefficient | None = None,
) -> Coefficient:
    """A coefficient of a rule set: amount = value × base salary (or × the individual's
    amount with `of_individual`)."""
    return _save_row(
        actor,
        coefficient or Coefficient(),
        rule_set=rule_set,
        form_kind=form_kind,
        subject_type=subject_type,
        coefficient=value,
        of_individual=of_individual,
        note=note,
    )


@transaction.atomic
def base_salary_save(
    *,
    actor,
    valid_from: dt.date,
    amount: int,
    decree: str,
    valid_to: dt.date | None = None,
    salary: BaseSalary | None = None,
) -> BaseSalary:
    """A base salary from a date; one overlapping another's dates is refused with the reason."""
    changed = salary is not None and (salary.valid_from, salary.amount) != (valid_from, amount)
    if changed and Decision.objects.filter(base_salary=salary, state=DecisionState.ISSUED).exists():
        raise ValidationError(
            "Mức lương cơ sở này đã dùng để tính tiền thưởng của quyết định đã ban hành; "
            "không sửa ngày bắt đầu hoặc số tiền. Thêm mức mới từ ngày thay đổi."
        )
    return _save_row(
        actor,
        salary or BaseSalary(),
        valid_from=valid_from,
        valid_to=valid_to,
        amount=amount,
        decree=decree,
    )


@transaction.atomic
def basis_template_save(
    *,
    actor,
    rule_set: RuleSet,
    document: str,
    text: str,
    issuer_level: str = "",
    template: LegalBasisTemplate | None = None,
) -> LegalBasisTemplate:
    """The default "Căn cứ" lines of plans or decisions for a rule set and an issuer level."""
    text = "\n".join(nfc(line) for line in text.splitlines() if nfc(line))
    if not text:
        raise ValidationError({"text": "Nhập ít nhất một căn cứ (mỗi dòng một căn cứ)."})
    return _save_row(
        actor,
        template or LegalBasisTemplate(),
        rule_set=rule_set,
        document=document,
        issuer_level=issuer_level,
        text=text,
    )


@transaction.atomic
def legal_row_remove(*, actor, obj: models.Model) -> None:
    """Delete a row of the legal tables; one that an issued decision priced by is refused."""
    used = (isinstance(obj, RuleSet) and Decision.objects.filter(rule_set=obj).exists()) or (
        isinstance(obj, BaseSalary) and Decision.objects.filter(base_salary=obj).exists()
    )
    if used:
        raise ValidationError(
            f"«{obj}» đã được dùng để tính tiền thưởng của quyết định khen thưởng nên không xóa "
            "được; hãy nhập ngày hết áp dụng."
        )
    legal_row_delete(actor=actor, obj=obj)


# Registers (no gaps, no duplicates) -------------------------------------------------------------


def _counter_locked(*, issuer: Unit, year: int, kind: str) -> Counter:
    """The register row, locked until the transaction ends: whoever takes a number next waits.
    A rolled-back issue gives its number back, so numbers have no gaps."""
    Counter.objects.get_or_create(issuer=issuer, year=year, kind=kind)
    return Counter.objects.select_for_update().get(issuer=issuer, year=year, kind=kind)


def _take_numbers(*, issuer: Unit, year: int, kind: str, count: int = 1) -> list[int]:
    counter = _counter_locked(issuer=issuer, year=year, kind=kind)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return list(range(first, first + count))


# Decisions --------------------------------------------------------------------------------------

DECISION_FIELDS = [
    "decided_on", "symbol", "place", "issuer_superior", "issuer_display", "issuer_title",
    "summary", "achievement", "legal_bases", "proposal_text", "executors", "recipients",
    "signing_authority", "signer_title", "signer_name", "fund_unit",
]  # fmt: skip


class OverBudget(ValidationError):
    """Issuing would exceed the fund's budget; the fund's holder may confirm with a reason."""


def actor_may_overdraw(actor, decision: Decision) -> bool:
    """Spending beyond the fund's budget is the fund holder's call (the chair, Chủ tịch), or an
    administrator's; never the secretariat's alone."""
    return bool(actor is not None and actor.has_perm("awards.overdraw_fund", decision))


def _movement(campaign: Campaign) -> str:
    title = campaign.title.strip()
    lowered = search_key(title)
    for prefix in ("phat dong ", "ke hoach "):
        if lowered.startswith(prefix):
            title = title[len(prefix) :]
    return title[0].lower() + title[1:] if title else ""


def _issuer_lines(decision: Decision) -> list[str]:
    return [line.strip() for line in decision.issuer_display.splitlines() if line.strip()]


def decision_defaults(campaign: Campaign, decided_on: dt.date) -> dict:
    """What a new decision says unless the secretariat changes it, from the campaign."""
    movement = _movement(campaign)
    issuer_name = " ".join(campaign.issuer_display.split())
    title = campaign.signer_title or "CHỦ TỊCH"
    rule_set = rule_set_in_force(decided_on)
    plan = f"Kế hoạch số {campaign.reference}"
    if campaign.issued_on:
        plan += f" {date_long(campaign.issued_on)}"
    plan_text = f"{plan} của {body_name(campaign.issuer)} về việc {movement}"
    bases = legal_basis_lines(
        rule_set=rule_set,
        level=campaign.issuer.kind,
        document=BasisDocument.DECISION,
        plan=plan_text,
    )
    return {
        "issuer_superior": campaign.issuer_superior,
        "issuer_display": campaign.issuer_display,
        "issuer_title": nfc(f"{title} {issuer_name}".upper()),
        "place": campaign.place,
        "summary": f"Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc "
        f"trong {movement}",
        "achievement": f"đã có thành tích xuất sắc trong {movement}",
        "legal_bases": "\n".join(bases),
        "proposal_text": "Xét đề nghị của Thường trực Hội đồng Thi đua – Khen thưởng.",
        "executors": "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập "
        "thể, cá nhân có tên tại Điều 1",
        "recipients": ["Như Điều 3;", "Lưu: VT, NV."],
        "signing_authority": "",
        "signer_title": title,
        "signer_name": campaign.signer_name,
        "symbol": "QĐ-UBND",
    }


DEFAULT_DECISION_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ {nghi_dinh} của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
    "khen thưởng;",
    "Căn cứ {ke_hoach};",
]


def basis_template(*, rule_set: RuleSet | None, level: str, document: str):
    """The template for the rule set and the issuer's level, else the one for every level."""
    if rule_set is None:
        return None
    rows = {
        t.issuer_level: t
        for t in LegalBasisTemplate.objects.filter(
            rule_set=rule_set, document=document, issuer_level__in=[level, ""]
        )
    }
    return rows.get(level) or rows.get("")


def rule_set_in_force(day: dt.date) -> RuleSet | None:
    """The rule set (decree) in force on the day, if any."""
    return (
        RuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


def plan_reward_basis(*, level: str, on: dt.date) -> str:
    """What a new plan says of its reward levels by default ("Theo Nghị định …"): the plan
    template of the rule set in force on the day for the issuer's level."""
    lines = legal_basis_lines(
        rule_set=rule_set_in_force(on), level=level, document=BasisDocument.PLAN
    )
    return "\n".join(lines)


def legal_basis_lines(
    *, rule_set: RuleSet | None, level: str, document: str, plan: str = ""
) -> list[str]:
    """The "Căn cứ" lines by default: the template of the rule set and level (data, edited in
    Cấu hình › Mẫu căn cứ pháp lý), with {nghi_dinh} and {ke_hoach} filled in."""
    template = basis_template(rule_set=rule_set, level=level, document=document)
    lines = (
        [x.strip() for x in template.text.splitlines() if x.strip()]
        if template is not None
        else list(DEFAULT_DECISION_BASES if document == BasisDocument.DECISION else [])
    )
    name = rule_set.name if rule_set is not None else ""
    out = []
    for line in lines:
        if ("{nghi_dinh}" in line and not name) or ("{ke_hoach}" in line and not plan):
            continue
        out.append(line.replace("{nghi_dinh}", name).replace("{ke_hoach}", plan))
    return out


def _award_detail(nominee: Nominee) -> str:
    if nominee.person_id:
        person = nominee.person
        return ", ".join(p for p in (person.position, nominee.unit.name) if p)
    parent = nominee.unit.parent
    return parent.name if parent is not None else ""


def _price(decision: Decision, awards: list[Award], *, strict: bool) -> None:
    """Amounts by the rule set and base salary in force on the decision date. `strict` raises
    the first Vietnamese refusal; otherwise an unknown amount is 0 with the reason shown."""
    tables = legal_tables()
    kinds = form_kinds_of({a.award_form_id: a.award_form for a in awards}.values())
    total = 0
    for a in awards:
        a.form_kind = kinds.get(a.award_form_id) or ""
        try:
            reward = amount_for(
                form_kind=a.form_kind or None,
                subject_type=a.subject_type,
                decision_date=decision.decided_on,
                tables=tables,
                form_label=a.award_form.name,
            )
        except MoneyError as exc:
            if strict:
                raise ValidationError(f"{a.name}: {exc}") from None
            a.coefficient, a.amount, a.explanation = None, 0, str(exc)
            continue
        a.coefficient, a.amount, a.explanation = (
            reward.coefficient,
            reward.amount,
            reward.explanation,
        )
        decision.rule_set_id, decision.base_salary_id = reward.rule_set.pk, reward.salary.pk
        total += reward.amount
    decision.total = total


def _clean_decision(decision: Decision) -> None:
    for name in DECISION_FIELDS:
        value = getattr(decision, name)
        if isinstance(value, str):
            setattr(decision, name, "\n".join(nfc(x).strip() for x in value.splitlines()).strip())
        elif isinstance(value, list):
            setattr(decision, name, [nfc(v).strip() for v in value if nfc(v).strip()])
    decision.year = decision.decided_on.year
    decision.full_clean()


@transaction.atomic
def decision_create(
    *,
    actor,
    campaign: Campaign,
    decided_on: dt.date,
    nominees: list[Nominee] | None = None,
    **fields,
) -> Decision:
    """A draft decision for the campaign, listing the council's staged nominees (or the given
    ones), with the amounts they would receive on `decided_on`."""
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    staged = list(nominees_staged(campaign=campaign)) if nominees is None else nominees
    if not staged:
        raise ValidationError("Chưa có tập thể, cá nhân nào được Hội đồng đề nghị khen thưởng.")
    decision = Decision(
        campaign=campaign,
        issuer=campaign.issuer,
        fund_unit=campaign.fund_unit or campaign.issuer,
        decided_on=decided_on,
        year=decided_on.year,
        created_by=_user(actor),
        **(decision_defaults(campaign, decided_on) | fields),
    )
    _clean_decision(decision)
    awards = [
        Award(
            decision=decision,
            nominee=n,
            award_form=n.award_form,
            subject_type=n.subject_type,
            unit=n.unit,
            person=n.person,
            name=n.display_name,
            detail=_award_detail(n),
            position=i,
        )
        for i, n in enumerate(staged, start=1)
    ]
    _price(decision, awards, strict=False)
    decision.save()
    for a in awards:
        a.decision = decision
    Award.objects.bulk_create(awards)
    audit_record(
        actor=actor,
        action="awards.decision.create",
        obj=decision,
        unit_id=decision.issuer_id,
        after=snapshot(decision, DECISION_FIELDS) | {"awards": len(awards)},
    )
    return decision


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _locked_decision(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update()
        .select_related("campaign", "issuer", "fund_unit")
        .get(pk=decision.pk)
    )


@transaction.atomic
def decision_update(*, actor, decision: Decision, **changes) -> Decision:
    """Change a draft (date, signer, Căn cứ …); the amounts follow the date."""
    unknown = set(changes) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    decision = _locked_decision(decision)
    if decision.state != DecisionState.DRAFT:
        raise ValidationError("Quyết định đã ban hành; không sửa được nữa.")
    before = snapshot(decision, DECISION_FIELDS)
    for name, value in changes.items():
        setattr(decision, name, value)
    _clean_decision(decision)
    awards = list(decision.awards.select_related("award_form"))
    _price(decision, awards, strict=False)
    decision.save()
    Award.objects.bulk_update(awards, ["form_kind", "coefficient", "amount", "explanation"])
    after = snapshot(decision, DECISION_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="awards.decision.update",
            obj=decision,
            unit_id=decision.issuer_id,
            before=before,
            after=after,
        )
    return decision


@transaction.atomic
def decision_remove_award(*, actor, decision: Decision, award: Award) -> None:
    decision = _locked_decision(decision)
    if decision.state != DecisionState.DRAFT or award.decision_id != decision.pk:
        raise ValidationError("Chỉ bỏ được người có tên trong dự thảo quyết định.")
    audit_record(
        actor=actor,
        action="awards.decision.remove_award",
        obj=decision,
        unit_id=decision.issuer_id,
        before={"award": award.name},
    )
    award.delete()
    awards = list(decision.awards.select_related("award_form"))
    _price(decision, awards, strict=False)
    decision.save(update_fields=["total", "rule_set", "base_salary"])


def _check_caps(decision: Decision, campaign: Campaign, awards: list[Award]) -> None:
    """Caps on titles in force on the decision date (Chiến sĩ thi đua cơ sở ≤ 15 % of the
    unit's Lao động tiên tiến …), counting the unit's recorded history of the campaign's year
    and what this decision adds (records.selectors.cap_problems)."""
    adding: dict[tuple[int, str], int] = {}
    for a in awards:
        if a.person_id and a.form_kind:
            key = (a.unit_id, a.form_kind)
            adding[key] = adding.get(key, 0) + 1
    problems = cap_problems(year=campaign.year, day=decision.decided_on, adding=adding)
    if problems:
        raise ValidationError(problems)


DATE_WHERE = "Sửa ngày quyết định tại trang dự thảo quyết định (mục Ngày quyết định)."


def decision_date_problems(
    decision: Decision, nominee_ids: list[int], *, today: dt.date | None = None
) -> tuple[list[str], list[str]]:
    """(refusals, warnings) about the decision's date. Refused: before the plan was issued,
    before the council that proposed the awards was established, before a nomination was
    submitted. To be confirmed (and audited): after today, or before the council's session."""
    day = decision.decided_on
    today = today or timezone.localdate()
    campaign = decision.campaign
    hard, confirm = [], []
    plan_day = campaign.issued_on or (
        timezone.localdate(campaign.published_at) if campaign.published_at else None
    )
    if plan_day and day < plan_day:
        hard.append(
            f"Ngày quyết định {day:%d/%m/%Y} trước ngày ban hành Kế hoạch số "
            f"{campaign.reference} ({plan_day:%d/%m/%Y}). {DATE_WHERE}"
        )
    sessions = {
        (i.session.held_on, i.session.council.valid_from, i.session.council.name)
        for i in AgendaItem.objects.filter(
            nominee_id__in=nominee_ids, session__state=SessionState.STAGED
        ).select_related("session__council")
    }
    for _held, since, name in sorted(sessions):
        if day < since:
            hard.append(
                f"Ngày quyết định {day:%d/%m/%Y} trước ngày thành lập {name} "
                f"({since:%d/%m/%Y}). {DATE_WHERE}"
            )
            break
    submitted = [
        timezone.localdate(t)
        for t in Nominee.objects.filter(pk__in=nominee_ids).values_list(
            "proposal__submitted_at", flat=True
        )
        if t is not None
    ]
    if submitted and day < max(submitted):
        hard.append(
            f"Ngày quyết định {day:%d/%m/%Y} trước ngày đơn vị gửi hồ sơ đề nghị khen thưởng "
            f"({max(submitted):%d/%m/%Y}). {DATE_WHERE}"
        )
    if day > today:
        confirm.append(
            f"Ngày quyết định {day:%d/%m/%Y} là ngày trong tương lai (hôm nay {today:%d/%m/%Y})."
        )
    held = max((h for h, _s, _n in sessions), default=None)
    if held is not None and day < held:
        confirm.append(
            f"Ngày quyết định {day:%d/%m/%Y} trước ngày họp Hội đồng Thi đua – Khen thưởng "
            f"({held:%d/%m/%Y})."
        )
    return hard, confirm


class DateNeedsConfirmation(ValidationError):
    """The decision's date is unusual (future, before the council's session); the caller may
    confirm and retry: the confirmation is recorded in the audit row."""


def _check_quota(campaign: Campaign, awards: list[Award]) -> None:
    """Within the campaign's row lock: awards already issued plus these stay within each award
    form's quota, and nobody is awarded twice."""
    form_ids = {a.award_form_id for a in awards}
    issued = dict(
        Award.objects.filter(award_form_id__in=form_ids, decision__state=DecisionState.ISSUED)
        .values("award_form_id")
        .annotate(n=Count("id"))
        .values_list("award_form_id", "n")
    )
    errors = []
    for form in AwardForm.objects.filter(pk__in=form_ids).order_by("position", "id"):
        mine = sum(1 for a in awards if a.award_form_id == form.pk)
        done = issued.get(form.pk, 0)
        if form.quota is not None and done + mine > form.quota:
            errors.append(
                f"Vượt số lượng khen thưởng của «{form}»: tối đa {form.quota:02d}, đã quyết "
                f"định {done:02d}, quyết định này thêm {mine:02d}."
            )
    twice = Award.objects.filter(
        nominee_id__in=[a.nominee_id for a in awards], decision__state=DecisionState.ISSUED
    ).values_list("name", flat=True)
    errors += [f"{name} đã được khen thưởng ở một quyết định khác." for name in twice]
    if errors:
        raise ValidationError(errors)


def _fund_locked(unit: Unit, year: int) -> Fund:
    Fund.objects.get_or_create(unit=unit, year=year, defaults={"budget": 0})
    return Fund.objects.select_for_update().get(unit=unit, year=year)


def budget_problem(fund: Fund, total: int) -> str:
    if fund.spent + total <= fund.budget:
        return ""
    return (
        f"Tổng tiền thưởng {money(total)} vượt số còn lại của quỹ thi đua, khen thưởng năm "
        f"{fund.year} của {fund.unit.name} ({money(max(fund.remaining, 0))}; dự toán "
        f"{money(fund.budget)}, đã chi {money(fund.spent)})."
    )


def _new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


@transaction.atomic
def decision_issue(
    *,
    actor,
    decision: Decision,
    number: int | None = None,
    confirm_over_budget: bool = False,
    over_budget_reason: str = "",
    confirm_date: bool = False,
) -> Decision:
    """Issue the decision. In order, under locks taken always in the same order (campaign →
    decision → fund → registers), so two people issuing at once are serialised:

    guard (draft, signer, campaign evaluating/decided, quota, nobody awarded twice) → amounts by
    the decision date → fund (over budget needs `confirm_over_budget`) → number from the
    issuer's register of the year (or the given one, refused if used) → golden-book numbers and
    verification codes → fund debit → nominees awarded (nominations service) → campaign decided
    (campaigns service) → PDF and DOCX → audit row → notifications to the awarded units.
    """
    campaign = Campaign.objects.select_for_update().get(pk=decision.campaign_id)
    decision = _locked_decision(decision)
    if decision.state != DecisionState.DRAFT:
        raise ValidationError("Quyết định đã được ban hành.")
    if not decision.signer_name.strip():
        raise ValidationError(
            "Chưa có người ký quyết định: nhập họ tên người ký trước khi ban hành."
        )
    if campaign.state not in (CampaignState.EVALUATING, CampaignState.DECIDED):
        raise ValidationError("Phong trào chưa chuyển sang giai đoạn xét khen thưởng.")
    awards = list(decision.awards.select_related("award_form", "nominee", "person", "unit"))
    if not awards:
        raise ValidationError("Quyết định chưa có tập thể, cá nhân nào được khen thưởng.")
    _check_quota(campaign, awards)
    hard, unusual = decision_date_problems(decision, [a.nominee_id for a in awards])
    if hard:
        raise ValidationError(hard)
    if unusual and not confirm_date:
        raise DateNeedsConfirmation(
            unusual + ["Kiểm tra lại ngày quyết định; nếu đúng, đánh dấu xác nhận rồi ban hành."]
        )
    decision.date_confirmed = bool(unusual)
    _price(decision, awards, strict=True)
    _check_caps(decision, campaign, awards)
    fund = _fund_locked(decision.fund_unit, decision.year)
    problem = budget_problem(fund, decision.total)
    over_budget_reason = nfc(over_budget_reason).strip()
    if problem and not confirm_over_budget:
        raise OverBudget(
            problem + " Để vẫn ban hành, Chủ tịch (chủ tài khoản quỹ) xác nhận chi vượt và ghi "
            "rõ lý do; hoặc tăng dự toán quỹ tại trang Quỹ thi đua, khen thưởng."
        )
    if problem and not actor_may_overdraw(actor, decision):
        raise OverBudget(
            problem + " Chỉ Chủ tịch (chủ tài khoản quỹ) hoặc quản trị hệ thống được quyết định "
            "chi vượt dự toán; đề nghị người có thẩm quyền ban hành, hoặc tăng dự toán quỹ tại "
            "trang Quỹ thi đua, khen thưởng."
        )
    if problem and not over_budget_reason:
        raise OverBudget(
            {"over_budget_reason": problem + " Ghi rõ lý do chi vượt dự toán quỹ để ban hành."}
        )
    decision.over_budget_confirmed = bool(problem)
    decision.over_budget_reason = over_budget_reason if problem else ""
    if number is not None:
        if number < 1:
            raise ValidationError("Số quyết định phải là số nguyên dương.")
        if Decision.objects.filter(
            issuer=decision.issuer, year=decision.year, number=number
        ).exists():
            raise ValidationError(
                f"Số {number}/{decision.symbol} năm {decision.year} đã được dùng "
                "cho một quyết định khác."
            )
        counter = _counter_locked(
            issuer=decision.issuer, year=decision.year, kind=CounterKind.DECISION
        )
        if number > counter.last:
            counter.last = number
            counter.save(update_fields=["last"])
        decision.number = number
    else:
        decision.number = _take_numbers(
            issuer=decision.issuer, year=decision.year, kind=CounterKind.DECISION
        )[0]
    now = timezone.now()
    decision.state, decision.issued_at, decision.issued_by = DecisionState.ISSUED, now, _user(actor)
    decision.save()
    Award.objects.bulk_update(awards, ["form_kind", "coefficient", "amount", "explanation"])
    registers = _take_numbers(
        issuer=decision.issuer, year=decision.year, kind=CounterKind.GOLDEN_BOOK, count=len(awards)
    )
    taken = set(Certificate.objects.values_list("code", flat=True))
    Certificate.objects.bulk_create(
        [
            Certificate(
                award=a,
                issuer=decision.issuer,
                year=decision.year,
                register_number=r,
                code=_new_code(taken),
            )
            for a, r in zip(awards, registers, strict=True)
        ]
    )
    issuer_key_publish(issuer_id=decision.issuer_id)
    FundEntry.objects.create(
        fund=fund,
        decision=decision,
        amount=decision.total,
        at=now,
        note=f"Chi thưởng theo Quyết định số {decision.reference}",
    )
    fund.spent += decision.total
    fund.save(update_fields=["spent"])
    nominees_mark_awarded(
        actor=actor, nominees=[a.nominee for a in awards], decision=decision_trail_data(decision)
    )
    decision.campaign = campaign
    records_from_decision(actor=actor, decision=decision, awards=awards)
    if campaign.state == CampaignState.EVALUATING:
        campaign_mark_decided(actor=actor, campaign=campaign)
    _store_documents(decision, awards)
    audit_record(
        actor=actor,
        action="awards.decision.issue",
        obj=decision,
        unit_id=decision.issuer_id,
        before={"state": DecisionState.DRAFT},
        after={
            "state": DecisionState.ISSUED,
            "number": decision.number,
            "total": decision.total,
            "awards": len(awards),
            "over_budget_confirmed": decision.over_budget_confirmed,
            "over_budget_reason": decision.over_budget_reason,
            "date_confirmed": unusual,
        },
        note=" ".join(unusual),
    )
    _notify_units(decision, awards)
    # Into every participant's and awardee's inbox ("Văn bản đến"); they were just notified.
    decision_distribute(actor=actor, decision=decision, notify_users=False)
    return decision


def decision_data(decision: Decision, awards: list[Award]) -> dict:
    """The plain values the decision document is made of (thidua.documents.decision)."""
    rule_set = decision.rule_set.name if decision.rule_set_id else ""
    return {
        "issuer_superior": decision.issuer_superior,
        "issuer_lines": _issuer_lines(decision),
        "number": str(decision.number or ""),
        "symbol": decision.symbol,
        "place": decision.place,
        "date_text": date_long(decision.decided_on),
        "summary": decision.summary,
        "issuer_title": decision.issuer_title,
        "legal_bases": [x for x in decision.legal_bases.splitlines() if x.strip()],
        "proposal_text": decision.proposal_text,
        "achievement": decision.achievement,
        "executors": decision.executors,
        "recipients": decision.recipients,
        "signing_authority": decision.signing_authority,
        "signer_title": decision.signer_title,
        "signer_name": decision.signer_name,
        "signed": decision.is_issued,
        "rule_set_name": rule_set,
        "fund_name": decision.fund_unit.name,
        "total": decision.total,
        "total_words": amount_words(decision.total).lower().capitalize(),
        "reference_text": f"Quyết định số {decision.reference} {date_long(decision.decided_on)} "
        f"của {authority(decision)}",
        "awards": [
            {
                "subject_type": a.subject_type,
                "name": a.name,
                "detail": a.detail,
                "amount": a.amount,
                "form": a.award_form.name,
            }
            for a in awards
        ],
    }


def _store_documents(decision: Decision, awards: list[Award]) -> None:
    pdf, docx = render_decision(decision_data(decision, awards))
    pdf = sign_pdf(pdf, signing_config(), reason=f"Quyết định số {decision.reference}")
    name = f"quyet-dinh-{decision.year}-{decision.number}-{decision.pk}"
    decision.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    decision.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    decision.save(update_fields=["pdf", "docx"])


def _notify_units(decision: Decision, awards: list[Award]) -> None:
    units = Unit.objects.filter(pk__in={a.unit_id for a in awards})
    users = focal_points_of(units)
    notify(
        users=users,
        title=f"Quyết định khen thưởng số {decision.reference}",
        body=f"{authority(decision)} đã ban hành Quyết định số "
        f"{decision.reference} {date_long(decision.decided_on)} tặng Giấy khen cho "
        f"{len(awards)} tập thể, cá nhân trong {_movement(decision.campaign)}; đơn vị "
        "có tập thể, cá nhân được khen thưởng.",
        url=f"/quyet-dinh/{decision.pk}/",
    )


# Fund -------------------------------------------------------------------------------------------


@transaction.atomic
def fund_set_budget(*, actor, unit: Unit, year: int, budget: int) -> Fund:
    """The fund's budget (dự toán) for a year; what was spent stays as the ledger says."""
    if budget < 0:
        raise ValidationError("Dự toán quỹ không được âm.")
    fund = _fund_locked(unit, year)
    before = snapshot(fund, ["budget", "spent"])
    fund.budget = budget
    fund.full_clean()
    fund.save(update_fields=["budget"])
    audit_record(
        actor=actor,
        action="awards.fund.set_budget",
        obj=fund,
        unit_id=unit.pk,
        before=before,
        after=snapshot(fund, ["budget", "spent"]),
    )
    return fund


# Certificates -----------------------------------------------------------------------------------

# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


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

        if processes is None:
            processes = 1 if len(items) < 200 else None
        signing = None if batch.blank_form else signing_config()
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


# Sending the decision to units' inboxes ------------------------------------------------------


def decision_distribute(
    *, actor, decision, units: Iterable[Unit] | None = None, notify_users: bool = True
) -> Distribution:
    """Send an issued decision (its PDF) to the campaign's participants and the awardees'
    units (or the given units)."""
    if decision.state != DecisionState.ISSUED or not decision.pdf:
        raise ValidationError("Chỉ gửi được quyết định đã ban hành.")
    if units is None:
        unit_ids = set(decision.campaign.participants.values_list("unit_id", flat=True))
        unit_ids |= set(decision.awards.values_list("unit_id", flat=True))
        units = list(Unit.objects.filter(pk__in=unit_ids))
    return distribution_services.document_distribute(
        actor=actor,
        kind=DocumentKind.DECISION,
        title=decision.summary,
        reference=decision.reference,
        units=units,
        sender_unit=decision.issuer,
        file=decision.pdf,
        file_name=f"quyet-dinh-{distribution_services.reference_slug(decision.reference)}.pdf",
        campaign=decision.campaign,
        source=f"awards.decision:{decision.pk}",
        notify_users=notify_users,
    )


# Personal digital signatures ---------------------------------------------------------------


@transaction.atomic
def signing_credential_set(
    *, actor, module: str, token_label: str, key_label: str, certificate_pem: str
) -> SigningCredential:
    """Declare (or replace) the signer's own token and certificate."""
    errors = {}
    if module not in settings.THIDUA_PKCS11_MODULES:
        errors["module"] = (
            "Thư viện thiết bị này chưa được phép dùng trên máy chủ; liên hệ quản trị hệ thống "
            "để thêm vào THIDUA_PKCS11_MODULES."
        )
    token_label, key_label = nfc(token_label).strip(), nfc(key_label).strip()
    if not token_label:
        errors["token_label"] = "Nhập nhãn thiết bị (token)."
    if not key_label:
        errors["key_label"] = "Nhập nhãn khóa trên thiết bị."
    try:
        facts = personal_signing.certificate_facts(certificate_pem)
    except personal_signing.SigningError as exc:
        errors["certificate_pem"] = str(exc)
    else:
        if not facts.usable_for_signing:
            errors["certificate_pem"] = "Chứng thư số này không dùng để ký (thiếu mục đích ký số)."
        elif facts.not_after < timezone.now():
            errors["certificate_pem"] = (
                f"Chứng thư số đã hết hạn ngày {facts.not_after:%d/%m/%Y}: dùng chứng thư mới."
            )
    if errors:
        raise ValidationError(errors)
    return _credential_save(
        actor=actor,
        kind=CredentialKind.PKCS11,
        values={"module": module, "token_label": token_label, "key_label": key_label,
                "service_url": "", "api_version": "", "account": "", "credential_id": ""},
        certificate_pem=certificate_pem,
        facts=facts,
    )  # fmt: skip


def signing_credential_set_remote(
    *, actor, service_url: str, api_version: str, account: str, credential_id: str, secret: str
) -> SigningCredential:
    """Declare (or replace) the signer's account with a remote-signing service (CSC API): the
    service is asked for the credential and its certificate now (the password or token typed
    for it is not stored). The service is called before the transaction opens."""
    service_url = service_url.strip().rstrip("/")
    account, credential_id = nfc(account).strip(), credential_id.strip()
    errors = {}
    if service_url not in [u.rstrip("/") for u in settings.THIDUA_CSC_SERVICES]:
        errors["service_url"] = (
            "Dịch vụ ký số từ xa này chưa được phép dùng; liên hệ quản trị hệ thống để thêm "
            "vào THIDUA_CSC_SERVICES."
        )
    if api_version not in remote_signing.API_VERSIONS:
        errors["api_version"] = "Chọn phiên bản CSC API (v1 hoặc v2)."
    if not secret:
        errors["secret"] = "Nhập mật khẩu (hoặc mã truy cập) của tài khoản ký số từ xa."
    if errors:
        raise ValidationError(errors)
    try:
        credential_id, certificate_pem = remote_signing.csc_certificate(
            remote_signing.CscAccount(
                service_url=service_url,
                username=account,
                credential_id=credential_id,
                api_version=api_version,
                secret=secret,
            )  # fmt: skip
        )
        facts = personal_signing.certificate_facts(certificate_pem)
    except personal_signing.SigningError as exc:
        raise ValidationError(str(exc)) from exc
    if not facts.usable_for_signing:
        raise ValidationError("Chứng thư số này không dùng để ký (thiếu mục đích ký số).")
    if facts.not_after < timezone.now():
        raise ValidationError(
            f"Chứng thư số đã hết hạn ngày {facts.not_after:%d/%m/%Y}: dùng chứng thư mới."
        )
    return _credential_save(
        actor=actor,
        kind=CredentialKind.CSC,
        values={"service_url": service_url, "api_version": api_version, "account": account,
                "credential_id": credential_id, "module": "", "token_label": "",
                "key_label": ""},
        certificate_pem=certificate_pem,
        facts=facts,
    )  # fmt: skip


_CREDENTIAL_FIELDS = [
    "kind", "module", "token_label", "key_label", "service_url", "account", "credential_id",
    "subject",
]  # fmt: skip


@transaction.atomic
def _credential_save(*, actor, kind, values, certificate_pem, facts) -> SigningCredential:
    credential = SigningCredential.objects.select_for_update().filter(user=actor).first()
    before = snapshot(credential, _CREDENTIAL_FIELDS) if credential else None
    credential = credential or SigningCredential(user=actor)
    credential.kind = kind
    for name, value in values.items():
        setattr(credential, name, value)
    credential.certificate_pem, credential.subject = certificate_pem.strip(), facts.subject
    credential.not_after = facts.not_after
    credential.full_clean(exclude=["user"])
    credential.save()
    audit_record(
        actor=actor,
        action="awards.signing_credential.set",
        obj=credential,
        before=before,
        after=snapshot(credential, _CREDENTIAL_FIELDS),
    )
    return credential


@transaction.atomic
def decision_sign(
    *, actor, decision: Decision, pin: str, step: str = SignatureStep.ISSUE, secret: str = ""
) -> DecisionSignature:
    """The signer signs the issued decision's PDF with their own key (PAdES B-LT) on their
    token or through their remote-signing service (`secret`: the service password or token);
    the signed file replaces the unsigned one and the signature is recorded."""
    decision = _locked_decision(decision)
    if not decision.is_issued or not decision.pdf:
        raise ValidationError("Chỉ ký số quyết định đã ban hành và đã có tệp PDF.")
    credential = SigningCredential.objects.filter(user=actor).first()
    if credential is None:
        raise ValidationError(
            "Bạn chưa khai báo chữ ký số: mở «Chữ ký số của tôi» để khai báo thiết bị và "
            "chứng thư số, rồi ký lại."
        )
    remote = credential.kind == CredentialKind.CSC
    allowed = (
        credential.service_url in [u.rstrip("/") for u in settings.THIDUA_CSC_SERVICES]
        if remote
        else credential.module in settings.THIDUA_PKCS11_MODULES
    )
    if not allowed:
        raise ValidationError(
            "Dịch vụ ký số từ xa của bạn không còn được phép dùng."
            if remote
            else "Thư viện thiết bị ký số của bạn không còn được phép dùng."
        )
    if step == SignatureStep.ISSUE and decision.signatures.filter(step=step).exists():
        raise ValidationError("Quyết định này đã được ký ban hành.")
    field_name = f"{step}-{decision.signatures.count() + 1}"
    with decision.pdf.open("rb") as f:
        unsigned = f.read()
    try:
        if remote:
            signed = remote_signing.sign_with_csc(
                unsigned,
                remote_signing.CscAccount(
                    service_url=credential.service_url, username=credential.account,
                    credential_id=credential.credential_id, api_version=credential.api_version,
                    secret=secret, pin=pin,
                ),
                trust=signing_trust(), field_name=field_name, reason=SignatureStep(step).label,
            )  # fmt: skip
        else:
            key = personal_signing.Pkcs11Key(
                module=credential.module, token_label=credential.token_label,
                key_label=credential.key_label, certificate_pem=credential.certificate_pem,
                pin=pin,
            )  # fmt: skip
            signed = personal_signing.sign_with_pkcs11(
                unsigned, key, trust=signing_trust(), field_name=field_name,
                reason=SignatureStep(step).label,
            )  # fmt: skip
    except personal_signing.SigningError as exc:
        raise ValidationError(str(exc)) from exc
    return _signature_record(
        actor=actor, decision=decision, step=step, field_name=field_name, signed=signed,
        certificate_pem=credential.certificate_pem,
    )  # fmt: skip


@transaction.atomic
def decision_sign_with_key(
    *, actor, decision: Decision, key: personal_signing.SoftwareKey,
    step: str = SignatureStep.ISSUE,
) -> DecisionSignature:  # fmt: skip
    """The signer signs the issued decision with a file-based key (the demo's signers, whose
    keys the demo's CA certified at build time): PAdES B-LT as with a token."""
    decision = _locked_decision(decision)
    if not decision.is_issued or not decision.pdf:
        raise ValidationError("Chỉ ký số quyết định đã ban hành và đã có tệp PDF.")
    if step == SignatureStep.ISSUE and decision.signatures.filter(step=step).exists():
        raise ValidationError("Quyết định này đã được ký ban hành.")
    field_name = f"{step}-{decision.signatures.count() + 1}"
    with decision.pdf.open("rb") as f:
        unsigned = f.read()
    try:
        signed = personal_signing.sign_with_software_key(
            unsigned, key, trust=signing_trust(), field_name=field_name,
            reason=SignatureStep(step).label,
        )  # fmt: skip
    except personal_signing.SigningError as exc:
        raise ValidationError(str(exc)) from exc
    return _signature_record(
        actor=actor, decision=decision, step=step, field_name=field_name, signed=signed,
        certificate_pem=key.certificate_pem.decode(),
    )  # fmt: skip


def _signature_record(
    *, actor, decision: Decision, step: str, field_name: str, signed: bytes,
    certificate_pem: str,
) -> DecisionSignature:  # fmt: skip
    """The signed file replaces the decision's PDF; the signature is recorded and audited."""
    facts, sha256 = signed_pdf_store(
        owner=decision, name=f"quyet-dinh-{decision.pk}-ky-{field_name}.pdf", signed=signed,
        certificate_pem=certificate_pem,
    )  # fmt: skip
    signature = DecisionSignature.objects.create(
        decision=decision, step=step, field_name=field_name, signer=actor,
        signer_name=facts.subject, certificate_serial=facts.serial, signed_at=timezone.now(),
        pdf_sha256=sha256,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="awards.decision.sign",
        obj=decision,
        unit_id=decision.issuer_id,
        after={"step": step, "signer": facts.subject, "serial": facts.serial,
               "sha256": signature.pdf_sha256},
    )  # fmt: skip
    return signature


# Annulment and re-issue (hủy bỏ khen thưởng; cấp lại, cấp đổi giấy khen) -----------------------


def _required(errors: dict, values: dict, messages: dict) -> None:
    for name, message in messages.items():
        if not values.get(name):
            errors[name] = message


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
