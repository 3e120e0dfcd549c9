"""The fund per issuing unit and year, and the payment list exported to Excel."""

from python_calamine import CalamineWorkbook

from thidua.awards import selectors, services
from thidua.awards.exports import payment_list_xlsx
from thidua.awards.models import Fund, FundEntry
from thidua.core.models import AuditLog


def test_budget_change_is_audited_and_keeps_what_was_spent(draft, chair, secretariat, world):
    services.decision_issue(actor=chair, decision=draft)
    fund = services.fund_set_budget(
        actor=secretariat, unit=world.district, year=2024, budget=60_000_000
    )
    assert (fund.budget, fund.spent, fund.remaining) == (60_000_000, 3_780_000, 56_220_000)
    assert list(FundEntry.objects.values_list("amount", "note")) == [
        (3_780_000, "Chi thưởng theo Quyết định số 1/QĐ-UBND")
    ]
    log = AuditLog.objects.filter(action="awards.fund.set_budget").latest("id")
    assert (log.before, log.after) == (
        {"budget": 50_000_000, "spent": 3_780_000},
        {"budget": 60_000_000, "spent": 3_780_000},
    )


def test_funds_are_read_through_scope(funded, secretariat, focal_a):
    assert list(selectors.funds_for(secretariat)) == [funded]
    assert list(selectors.funds_for(focal_a)) == []
    assert Fund.objects.count() == 1


def test_payment_list_has_a_row_per_awardee_and_the_total(draft, chair, tmp_path):
    decision = services.decision_issue(actor=chair, decision=draft)
    path = tmp_path / "chi-thuong.xlsx"
    path.write_bytes(payment_list_xlsx(decision, selectors.awards_of(decision)))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "DANH SÁCH CHI THƯỞNG"
    assert rows[1][0].startswith("(Kèm theo Quyết định số 1/QĐ-UBND ngày 05 tháng 02 năm 2024")
    assert rows[3][:7] == [
        "TT",
        "Tập thể, cá nhân",
        "Chức vụ, đơn vị",
        "Đối tượng",
        "Hình thức khen thưởng",
        "Hệ số",
        "Số tiền (đồng)",
    ]
    body = rows[4:9]
    assert [(r[0], r[3], r[5], r[6]) for r in body] == [
        (1.0, "Tập thể", 0.6, 1_080_000.0),
        (2.0, "Tập thể", 0.6, 1_080_000.0),
        (3.0, "Cá nhân", 0.3, 540_000.0),
        (4.0, "Cá nhân", 0.3, 540_000.0),
        (5.0, "Cá nhân", 0.3, 540_000.0),
    ]
    assert (rows[9][0], rows[9][6]) == ("Tổng cộng", 3_780_000.0)
    assert rows[10][0] == "Bằng chữ: Ba triệu bảy trăm tám mươi nghìn đồng."
