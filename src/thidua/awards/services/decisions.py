"""Decisions: draft, change, issue (with its guards: quota, date, caps, fund), the documents
and their sending to units' inboxes."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from thidua.awards.enums import (
    BasisDocument,
    CounterKind,
    DecisionState,
)
from thidua.awards.legal import amount_for, form_kinds_of, legal_tables
from thidua.awards.models import (
    Award,
    Certificate,
    Decision,
    FundEntry,
)
from thidua.awards.money import MoneyError
from thidua.awards.printing import authority, body_name
from thidua.awards.selectors import decision_trail_data
from thidua.awards.services._common import (
    _counter_locked,
    _fund_locked,
    _locked_decision,
    _new_code,
    _take_numbers,
    _user,
)
from thidua.awards.services.certificates import issuer_key_publish
from thidua.awards.services.fund import budget_problem
from thidua.awards.services.legal_rows import legal_basis_lines, rule_set_in_force
from thidua.awards.services.signatures import decision_document_issue
from thidua.awards.words import amount_words
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import AwardForm, Campaign
from thidua.campaigns.services import campaign_mark_decided, focal_points_of
from thidua.core.formatting import date_long
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc, search_key
from thidua.council.enums import SessionState
from thidua.council.models import AgendaItem
from thidua.distribution import services as distribution_services
from thidua.distribution.enums import DocumentKind
from thidua.distribution.models import Distribution
from thidua.documents.decision import render_decision
from thidua.documents.signing import sign_pdf, signing_config
from thidua.nominations.models import Nominee
from thidua.nominations.selectors import nominees_staged
from thidua.nominations.services import nominees_mark_awarded
from thidua.org.models import Unit
from thidua.records.selectors import cap_problems
from thidua.records.services import records_from_decision

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
    _store_documents(actor, decision, awards)
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


def _store_documents(actor, decision: Decision, awards: list[Award]) -> None:
    """The PDF becomes the decision's signed document (documents.SignedFile, with its steps),
    which the decision's `pdf` names; the DOCX stays on the decision."""
    pdf, docx = render_decision(decision_data(decision, awards))
    pdf = sign_pdf(pdf, signing_config(), reason=f"Quyết định số {decision.reference}")
    name = f"quyet-dinh-{decision.year}-{decision.number}-{decision.pk}"
    decision_document_issue(actor=_user(actor), decision=decision, pdf=pdf, filename=f"{name}.pdf")
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
