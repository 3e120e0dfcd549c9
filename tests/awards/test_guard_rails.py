"""Guard rails of the decision: its date (never before the plan, the council or the nominations;
a future date or one before the council's session only when confirmed, and audited), a fund
overdrawn only with a reason from the fund's holder, and the default "Căn cứ" as data."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.awards import services
from thidua.awards.enums import BasisDocument, DecisionState
from thidua.awards.models import Certificate, Decision, Fund, LegalBasisTemplate, RuleSet
from thidua.campaigns.models import AwardForm
from thidua.core.models import AuditLog
from thidua.council import services as council_services
from thidua.council.enums import SessionState
from thidua.council.models import AgendaItem, CouncilSession


def _unchanged(decision, fund_spent):
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.state, decision.number) == (DecisionState.DRAFT, None)
    assert not Certificate.objects.filter(award__decision=decision).exists()
    assert sum(Fund.objects.values_list("spent", flat=True)) == fund_spent
    assert not AuditLog.objects.filter(action="awards.decision.issue").exists()


def test_a_decision_before_the_plan_is_refused(draft, chair):
    services.decision_update(actor=chair, decision=draft, decided_on=dt.date(2022, 12, 20))

    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=draft, confirm_date=True)

    assert exc.value.messages[0] == (
        "Ngày quyết định 20/12/2022 trước ngày ban hành Kế hoạch số 05/KH-UBND (05/01/2023). "
        "Sửa ngày quyết định tại trang dự thảo quyết định (mục Ngày quyết định)."
    )
    _unchanged(draft, 0)


def test_a_decision_before_the_nominations_is_refused(draft, chair):
    services.decision_update(actor=chair, decision=draft, decided_on=dt.date(2024, 1, 8))

    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=draft, confirm_date=True)

    assert exc.value.messages == [
        "Ngày quyết định 08/01/2024 trước ngày đơn vị gửi hồ sơ đề nghị khen thưởng "
        "(10/01/2024). Sửa ngày quyết định tại trang dự thảo quyết định (mục Ngày quyết định)."
    ]
    _unchanged(draft, 0)


def test_a_future_date_needs_a_confirmation_and_is_audited(draft, chair, secretariat, world):
    future = timezone.localdate() + dt.timedelta(days=20)
    # a form the rule set then in force knows (no district after 2025)
    AwardForm.objects.filter(campaign=draft.campaign).update(legal_kind="GIAY_KHEN_CHU_TICH_XA")
    services.fund_set_budget(
        actor=secretariat, unit=world.district, year=future.year, budget=50_000_000
    )
    services.decision_update(actor=chair, decision=draft, decided_on=future)

    with pytest.raises(services.DateNeedsConfirmation) as exc:
        services.decision_issue(actor=chair, decision=draft)

    assert exc.value.messages[0] == (
        f"Ngày quyết định {future:%d/%m/%Y} là ngày trong tương lai "
        f"(hôm nay {timezone.localdate():%d/%m/%Y})."
    )
    _unchanged(draft, 0)

    decision = services.decision_issue(actor=chair, decision=draft, confirm_date=True)

    assert (decision.state, decision.date_confirmed) == (DecisionState.ISSUED, True)
    log = AuditLog.objects.get(action="awards.decision.issue")
    assert log.after["date_confirmed"] == [exc.value.messages[0]]
    assert "là ngày trong tương lai" in log.note


def test_a_date_before_the_councils_session_needs_a_confirmation(draft, chair, world, staged):
    council = council_services.council_create(
        actor=None,
        issuer=world.district,
        name="Hội đồng TĐKT huyện",
        valid_from=dt.date(2023, 1, 1),
    )
    session = council_services.session_create(
        actor=None,
        council=council,
        campaign=draft.campaign,
        held_on=dt.date(2024, 2, 20),
        place="Hội trường UBND huyện",
    )
    nominee = staged.individuals[0]
    AgendaItem.objects.create(session=session, nominee=nominee, award_form=nominee.award_form)
    CouncilSession.objects.filter(pk=session.pk).update(state=SessionState.STAGED)

    with pytest.raises(services.DateNeedsConfirmation) as exc:
        services.decision_issue(actor=chair, decision=draft)

    assert exc.value.messages[0] == (
        "Ngày quyết định 05/02/2024 trước ngày họp Hội đồng Thi đua – Khen thưởng (20/02/2024)."
    )
    _unchanged(draft, 0)
    assert services.decision_issue(actor=chair, decision=draft, confirm_date=True).date_confirmed


def test_overdrawing_the_fund_needs_the_holder_and_a_reason(draft, chair, secretariat, world):
    services.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=1_000_000)

    with pytest.raises(services.OverBudget) as exc:
        services.decision_issue(
            actor=secretariat,
            decision=draft,
            confirm_over_budget=True,
            over_budget_reason="Cần khen kịp thời",
        )
    assert "Chỉ Chủ tịch (chủ tài khoản quỹ) hoặc quản trị hệ thống" in exc.value.messages[0]
    _unchanged(draft, 0)

    with pytest.raises(services.OverBudget) as exc:
        services.decision_issue(actor=chair, decision=draft, confirm_over_budget=True)
    assert exc.value.message_dict["over_budget_reason"][0].endswith(
        "Ghi rõ lý do chi vượt dự toán quỹ để ban hành."
    )
    _unchanged(draft, 0)

    decision = services.decision_issue(
        actor=chair,
        decision=draft,
        confirm_over_budget=True,
        over_budget_reason="  Bổ sung dự toán theo Quyết định số 9/QĐ-UBND  ",
    )
    assert decision.over_budget_reason == "Bổ sung dự toán theo Quyết định số 9/QĐ-UBND"
    assert Fund.objects.get(unit=world.district, year=2024).remaining == 1_000_000 - draft.total
    log = AuditLog.objects.get(action="awards.decision.issue")
    assert log.after["over_budget_reason"] == "Bổ sung dự toán theo Quyết định số 9/QĐ-UBND"


def test_default_legal_basis_follows_the_rule_set_in_force(draft):
    bases_2024 = draft.legal_bases.splitlines()
    assert bases_2024[0].startswith(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    )
    after_reform = services.decision_defaults(draft.campaign, dt.date(2026, 3, 2))["legal_bases"]
    lines = after_reform.splitlines()
    assert lines[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    assert "Căn cứ Nghị định 152/2025/NĐ-CP của Chính phủ" in lines[2]
    assert "2015" not in after_reform

    # the template is data: an issuer level gets its own lines
    template = LegalBasisTemplate.objects.create(
        rule_set=RuleSet.objects.get(code="152/2025/NĐ-CP"),
        issuer_level="district",
        document=BasisDocument.DECISION,
        text="Căn cứ Quy chế riêng của huyện;\nCăn cứ {ke_hoach};",
    )
    lines = services.decision_defaults(draft.campaign, dt.date(2026, 3, 2))["legal_bases"]
    assert lines.splitlines()[0] == "Căn cứ Quy chế riêng của huyện;"
    assert template.pk
