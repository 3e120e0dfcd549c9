"""The decision: drafted from the council's staged list, priced by its date, issued once with a
number from the issuer's register; the fund is debited, nominees awarded, units notified."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from tests.awards.conftest import DECIDED_ON
from thidua.awards import services
from thidua.awards.enums import DecisionState
from thidua.awards.models import Certificate, Counter, Decision, Fund
from thidua.campaigns.enums import CampaignState
from thidua.core.models import AuditLog, Notification
from thidua.nominations.enums import NomineeState


def test_draft_lists_staged_nominees_with_amounts_by_decision_date(draft):
    awards = list(draft.awards.order_by("position"))
    assert [(a.subject_type, a.amount) for a in awards] == [
        ("collective", 1_080_000),
        ("collective", 1_080_000),
        ("individual", 540_000),
        ("individual", 540_000),
        ("individual", 540_000),
    ]
    assert draft.total == 2 * 1_080_000 + 3 * 540_000
    assert draft.rule_set.code == "98/2023/NĐ-CP"
    assert awards[2].explanation == (
        "0,3 × 1.800.000 đ = 540.000 đ (Nghị định 98/2023/NĐ-CP, "
        "mức lương cơ sở 1.800.000 đ từ 01/07/2023)"
    )
    assert draft.state == DecisionState.DRAFT and draft.number is None
    assert draft.issuer_title == "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH"
    assert draft.summary == (
        "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất "
        "sắc trong phong trào thi đua cải cách hành chính năm 2023"
    )


def test_changing_the_date_reprices_the_draft(draft, secretariat):
    draft = services.decision_update(
        actor=secretariat, decision=draft, decided_on=dt.date(2023, 6, 30)
    )
    assert (draft.rule_set.code, draft.total) == ("91/2017/NĐ-CP", 2 * 900_000 + 3 * 450_000)


def test_issue_numbers_debits_awards_decides_and_notifies(draft, chair, focal_a, focal_b):
    decision = services.decision_issue(actor=chair, decision=draft)
    assert (decision.state, decision.number, decision.reference) == (
        DecisionState.ISSUED,
        1,
        "1/QĐ-UBND",
    )
    fund = Fund.objects.get(unit=decision.fund_unit, year=2024)
    assert (fund.spent, fund.remaining) == (3_780_000, 50_000_000 - 3_780_000)
    assert set(n.state for n in (a.nominee for a in decision.awards.all())) == {
        NomineeState.AWARDED
    }
    decision.campaign.refresh_from_db()
    assert decision.campaign.state == CampaignState.DECIDED
    certs = list(Certificate.objects.filter(award__decision=decision).order_by("register_number"))
    assert [c.register_number for c in certs] == [1, 2, 3, 4, 5]
    assert len({c.code for c in certs}) == 5 and all(len(c.code) == 12 for c in certs)
    titles = set(
        Notification.objects.filter(
            user__in=[focal_a, focal_b], title__startswith="Quyết"
        ).values_list("user__username", "title")
    )
    assert titles == {
        ("daumoi.a", "Quyết định khen thưởng số 1/QĐ-UBND"),
        ("daumoi.b", "Quyết định khen thưởng số 1/QĐ-UBND"),
    }
    log = AuditLog.objects.get(action="awards.decision.issue")
    assert (log.actor, log.after["number"], log.after["total"]) == (chair, 1, 3_780_000)


def test_issued_pdf_holds_number_articles_annex_and_total(draft, chair):
    decision = services.decision_issue(actor=chair, decision=draft)
    with decision.pdf.open("rb") as f:
        text = "\n".join(p.extract_text() for p in PdfReader(f).pages)
    text = " ".join(text.split())
    for expected in [
        "Số: 1/QĐ-UBND",
        "QUYẾT ĐỊNH",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Xét đề nghị của Thường trực Hội đồng",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nghị định 98/2023/NĐ-CP",
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        "1.080.000",
        "Tổng cộng: 3.780.000 đồng",
        "Ba triệu bảy trăm tám mươi nghìn đồng",
        "Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2023 của Ủy ban nhân dân huyện Nguyên Bình",
        "của Chủ tịch Ủy ban nhân dân huyện Nguyên Bình)",
    ]:
        assert expected in text, expected
    with decision.docx.open("rb") as f:
        assert f.read(2) == b"PK"


def test_issue_without_signer_is_refused(draft, chair, secretariat):
    services.decision_update(actor=secretariat, decision=draft, signer_name="")
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=draft)
    assert exc.value.messages == [
        "Chưa có người ký quyết định: nhập họ tên người ký trước khi ban hành."
    ]
    assert Decision.objects.get(pk=draft.pk).state == DecisionState.DRAFT


def test_numbers_follow_the_register_and_a_used_number_is_refused(
    staged, secretariat, chair, funded, campaign, forms, world
):
    first, *rest = staged.individuals
    a = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=[first]
    )
    b = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=rest
    )
    services.decision_issue(actor=chair, decision=a, number=25)
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=b, number=25)
    assert exc.value.messages == ["Số 25/QĐ-UBND năm 2024 đã được dùng cho một quyết định khác."]
    b = services.decision_issue(actor=chair, decision=b)
    assert b.number == 26
    assert Counter.objects.get(issuer=world.district, year=2024, kind="decision").last == 26


def test_quota_is_enforced_at_issue(staged, secretariat, chair, funded, forms):
    forms["individual"].quota = 2
    forms["individual"].save(update_fields=["quota"])
    decision = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON
    )
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=decision)
    assert exc.value.messages == [
        "Vượt số lượng khen thưởng của «Giấy khen của Chủ tịch UBND huyện (cá nhân)»: tối đa "
        "02, đã quyết định 00, quyết định này thêm 03."
    ]
    assert not Certificate.objects.exists()
    assert Fund.objects.get(pk=funded.pk).spent == 0


def test_a_nominee_is_not_awarded_twice(staged, secretariat, chair, funded):
    nominee = staged.individuals[0]
    a = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=[nominee]
    )
    b = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON, nominees=[nominee]
    )
    services.decision_issue(actor=chair, decision=a)
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=b)
    assert exc.value.messages == [
        f"{nominee.display_name} đã được khen thưởng ở một quyết định khác."
    ]


def test_over_budget_warns_and_needs_confirmation(draft, chair, secretariat, world):
    services.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=3_000_000)
    with pytest.raises(services.OverBudget) as exc:
        services.decision_issue(actor=chair, decision=draft)
    assert exc.value.messages == [
        "Tổng tiền thưởng 3.780.000 đồng vượt số còn lại của quỹ thi đua, khen thưởng năm 2024 "
        "của Huyện Nguyên Bình (3.000.000 đồng; dự toán 3.000.000 đồng, đã chi 0 đồng). "
        "Để vẫn ban hành, Chủ tịch (chủ tài khoản quỹ) xác nhận chi vượt và ghi rõ lý do; hoặc "
        "tăng dự toán quỹ tại trang Quỹ thi đua, khen thưởng."
    ]
    with pytest.raises(services.OverBudget) as exc:
        services.decision_issue(actor=chair, decision=draft, confirm_over_budget=True)
    assert "Ghi rõ lý do chi vượt dự toán quỹ" in exc.value.messages[0]
    decision = services.decision_issue(
        actor=chair,
        decision=draft,
        confirm_over_budget=True,
        over_budget_reason="Bổ sung dự toán theo Quyết định số 9/QĐ-UBND",
    )
    fund = Fund.objects.get(unit=world.district, year=2024)
    assert (decision.over_budget_confirmed, fund.spent, fund.remaining) == (
        True,
        3_780_000,
        -780_000,
    )


def test_issue_is_refused_when_money_is_unknown(staged, secretariat, chair, funded):
    decision = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=dt.date(2025, 7, 2)
    )
    assert decision.total == 0
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=decision)
    assert exc.value.messages[0].endswith(
        "Nghị định 152/2025/NĐ-CP không quy định mức thưởng cho «Giấy khen của Chủ tịch UBND "
        "cấp huyện» (tập thể)."
    )


def test_revocation_needs_reason_and_reference_and_is_audited(draft, chair, secretariat):
    decision = services.decision_issue(actor=chair, decision=draft)
    cert = Certificate.objects.filter(award__decision=decision).first()
    with pytest.raises(ValidationError) as exc:
        services.certificate_revoke(actor=secretariat, certificate=cert, reason=" ", reference="")
    assert exc.value.message_dict == {
        "reason": ["Nhập lý do thu hồi."],
        "reference": ["Nhập số, ngày văn bản thu hồi."],
    }
    cert = services.certificate_revoke(
        actor=secretariat,
        certificate=cert,
        reason="Khai man thành tích.",
        reference="Quyết định số 40/QĐ-UBND ngày 01/03/2024",
    )
    assert (cert.state, cert.revoke_reference) == (
        "revoked",
        "Quyết định số 40/QĐ-UBND ngày 01/03/2024",
    )
    log = AuditLog.objects.get(action="awards.certificate.revoke")
    assert (log.actor, log.note) == (secretariat, "Khai man thành tích.")


def test_removing_an_awardee_from_a_draft_reprices_it(draft, secretariat):
    award = draft.awards.filter(subject_type="individual").first()
    services.decision_remove_award(actor=secretariat, decision=draft, award=award)
    draft.refresh_from_db()
    assert (draft.awards.count(), draft.total) == (4, 3_780_000 - 540_000)
    log = AuditLog.objects.get(action="awards.decision.remove_award")
    assert log.before == {"award": award.name}


def test_an_issued_decision_cannot_be_changed(draft, chair, secretariat):
    services.decision_issue(actor=chair, decision=draft)
    with pytest.raises(ValidationError) as exc:
        services.decision_update(actor=secretariat, decision=draft, signer_name="Người khác")
    assert exc.value.messages == ["Quyết định đã ban hành; không sửa được nữa."]
    award = draft.awards.first()
    with pytest.raises(ValidationError):
        services.decision_remove_award(actor=secretariat, decision=draft, award=award)
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=draft)
    assert exc.value.messages == ["Quyết định đã được ban hành."]
