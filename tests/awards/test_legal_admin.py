"""The legal tables are seeded and editable by an administrator; each change leaves an audit
row with the values before and after."""

import datetime as dt
from decimal import Decimal

from tests.conftest import login
from thidua.awards.models import BaseSalary, Coefficient, RuleSet
from thidua.core.models import AuditLog


def test_migration_seeds_every_rule_set_and_base_salary(db):
    assert list(RuleSet.objects.values_list("code", "valid_from", "valid_to")) == [
        ("91/2017/NĐ-CP", dt.date(2017, 10, 1), dt.date(2023, 12, 31)),
        ("98/2023/NĐ-CP", dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
        ("152/2025/NĐ-CP", dt.date(2025, 7, 1), None),
    ]
    assert list(BaseSalary.objects.values_list("amount", flat=True)) == [
        1_210_000,
        1_300_000,
        1_390_000,
        1_490_000,
        1_800_000,
        2_340_000,
        2_530_000,
    ]
    assert set(RuleSet.objects.values_list("rounding_mode", "rounding_step")) == {("up", 10_000)}


def test_admin_change_of_base_salary_is_audited(client, admin_user):
    login(client, admin_user)
    row = BaseSalary.objects.get(valid_from=dt.date(2026, 7, 1))
    response = client.post(
        f"/admin/awards/basesalary/{row.pk}/change/",
        {"valid_from": "2026-07-01", "amount": "2600000", "decree": "161/2026/NĐ-CP"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.valid_from, row.amount) == (dt.date(2026, 7, 1), 2_600_000)
    log = AuditLog.objects.get(action="awards.basesalary.update")
    assert (log.actor, log.before["amount"], log.after["amount"]) == (
        admin_user,
        2_530_000,
        2_600_000,
    )


def test_admin_refuses_overlapping_rule_set(client, admin_user):
    login(client, admin_user)
    response = client.post(
        "/admin/awards/ruleset/add/",
        {
            "code": "1/2024/NĐ-CP",
            "name": "Nghị định 1/2024/NĐ-CP",
            "valid_from": "2024-03-01",
            "valid_to": "",
            "rounding_mode": "up",
            "rounding_step": "10000",
            "note": "",
            "coefficients-TOTAL_FORMS": "0",
            "coefficients-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Thời gian áp dụng trùng với Nghị định 98/2023/NĐ-CP." in response.content.decode()
    assert not RuleSet.objects.filter(code="1/2024/NĐ-CP").exists()


def test_admin_inline_coefficient_change_is_audited(client, admin_user):
    login(client, admin_user)
    rs = RuleSet.objects.get(code="91/2017/NĐ-CP")
    rows = list(rs.coefficients.order_by("id"))
    data = {
        "code": rs.code,
        "name": rs.name,
        "valid_from": "2017-10-01",
        "valid_to": "2023-12-31",
        "rounding_mode": "up",
        "rounding_step": "10000",
        "note": "",
        "coefficients-TOTAL_FORMS": str(len(rows)),
        "coefficients-INITIAL_FORMS": str(len(rows)),
    }
    for i, c in enumerate(rows):
        data |= {
            f"coefficients-{i}-id": c.pk,
            f"coefficients-{i}-rule_set": rs.pk,
            f"coefficients-{i}-form_kind": c.form_kind,
            f"coefficients-{i}-subject_type": c.subject_type,
            f"coefficients-{i}-coefficient": "0.35" if i == 0 else str(c.coefficient),
            f"coefficients-{i}-note": c.note,
        }
    response = client.post(f"/admin/awards/ruleset/{rs.pk}/change/", data)
    assert response.status_code == 302
    assert Coefficient.objects.get(pk=rows[0].pk).coefficient == Decimal("0.35")
    log = AuditLog.objects.get(action="awards.coefficient.update")
    assert (log.before["coefficient"], log.after["coefficient"]) == (
        str(rows[0].coefficient),
        "0.35",
    )
