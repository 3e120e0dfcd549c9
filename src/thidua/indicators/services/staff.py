"""Staff ratings and discipline records."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.campaigns.enums import AnnualRating
from thidua.core.services import audit_record, snapshot
from thidua.core.text import nfc
from thidua.indicators.enums import (
    DisciplineForm,
)
from thidua.indicators.models import (
    DisciplineRecord,
    StaffRating,
)
from thidua.indicators.services._common import DISCIPLINE_FIELDS, _text
from thidua.org.models import Person

# Staff ratings and discipline ------------------------------------------------------------------


@transaction.atomic
def rating_set(
    *,
    actor,
    person: Person,
    year: int,
    rating: str,
    decision_number: str = "",
    decided_on: dt.date | None = None,
) -> StaffRating:
    if rating not in AnnualRating.values:
        raise ValidationError({"rating": "Xếp loại không hợp lệ."})
    item = StaffRating.objects.filter(person=person, year=year).first()
    before = snapshot(item, ["rating", "decision_number", "decided_on"]) if item else None
    item = item or StaffRating(person=person, year=year)
    item.rating, item.decision_number, item.decided_on = rating, nfc(decision_number), decided_on
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="indicators.rating.set",
        obj=item,
        unit_id=person.unit_id,
        before=before,
        after=snapshot(item, ["year", "rating", "decision_number", "decided_on"]),
    )
    return item


def add_months(day: dt.date, months: int) -> dt.date:
    """The last day of a discipline lasting `months` from `day` (12 months from 15/03/2023 end
    on 14/03/2024)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)) - dt.timedelta(days=1)


@transaction.atomic
def discipline_add(
    *,
    actor,
    person: Person,
    form: str,
    decision_number: str,
    decided_on: dt.date,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    months: int | None = None,
    reason: str = "",
) -> DisciplineRecord:
    """A discipline record. Its effect runs from `effective_from` (default: the decision date)
    to `effective_to`, or for `months` months."""
    if form not in DisciplineForm.values:
        raise ValidationError({"form": "Hình thức kỷ luật không hợp lệ."})
    effective_from = effective_from or decided_on
    if months is not None and effective_to is None:
        if months <= 0:
            raise ValidationError({"effective_to": "Thời hạn phải là số tháng dương."})
        effective_to = add_months(effective_from, months)
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError({"effective_to": "Ngày hết hiệu lực phải sau ngày có hiệu lực."})
    record = DisciplineRecord(
        person=person,
        form=form,
        decision_number=nfc(decision_number),
        decided_on=decided_on,
        effective_from=effective_from,
        effective_to=effective_to,
        reason=_text(reason),
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="indicators.discipline.add",
        obj=record,
        unit_id=person.unit_id,
        after=snapshot(record, DISCIPLINE_FIELDS),
    )
    return record


@transaction.atomic
def discipline_remove(*, actor, record: DisciplineRecord) -> None:
    audit_record(
        actor=actor,
        action="indicators.discipline.remove",
        obj=record,
        unit_id=record.person.unit_id,
        before=snapshot(record, DISCIPLINE_FIELDS),
    )
    record.delete()
