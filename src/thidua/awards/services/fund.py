"""The fund for emulation and commendation (quỹ thi đua, khen thưởng): budget and its check."""

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.awards.models import (
    Fund,
)
from thidua.awards.services._common import _fund_locked
from thidua.core.formatting import money
from thidua.core.services import audit_record, snapshot
from thidua.org.models import Unit


def budget_problem(fund: Fund, total: int) -> str:
    if fund.spent + total <= fund.budget:
        return ""
    return (
        f"Tổng tiền thưởng {money(total)} vượt số còn lại của quỹ thi đua, khen thưởng năm "
        f"{fund.year} của {fund.unit.name} ({money(max(fund.remaining, 0))}; dự toán "
        f"{money(fund.budget)}, đã chi {money(fund.spent)})."
    )


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
