"""Excel exports of the monitoring screens, written with the filters the screen had: each
export is the filtered list, row for row (the same selector, the same order)."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone

from thidua.core.excel import Column, write_workbook
from thidua.core.formatting import date_short

UNIT_COLUMNS = [
    Column("stt", "STT", width=6, text=False),
    Column("name", "Đơn vị", width=34),
    Column("code", "Mã đơn vị", width=12, text=True),
    Column("registration", "Kế hoạch của đơn vị", width=20),
    Column("plan_at", "Nộp kế hoạch ngày", width=16, text=False),
    Column("tasks_done", "Nhiệm vụ CCHC hoàn thành", width=14, text=False),
    Column("tasks_total", "Nhiệm vụ CCHC được giao", width=14, text=False),
    Column("tasks_percent", "Tỷ lệ hoàn thành (%)", width=12, text=False),
    Column("par", "Chỉ số CCHC (%)", width=12, text=False),
    Column("band", "Xếp loại", width=14),
    Column("proposal", "Hồ sơ đề nghị", width=20),
    Column("nominees", "Số được đề nghị", width=12, text=False),
    Column("eligible", "Đủ tiêu chuẩn", width=12, text=False),
    Column("owed", "Còn phải làm", width=60),
]

NOMINEE_COLUMNS = [
    Column("stt", "STT", width=6, text=False),
    Column("award_form", "Hình thức khen thưởng", width=30),
    Column("subject", "Đối tượng", width=10),
    Column("name", "Tập thể, cá nhân", width=30),
    Column("position", "Chức vụ", width=24),
    Column("unit", "Đơn vị đề nghị", width=30),
    Column("state", "Trạng thái hồ sơ", width=18),
    Column("eligible", "Tiêu chuẩn", width=14),
    Column("council", "Kết quả xét của Hội đồng", width=24),
]


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def _owed_text(owed) -> str:
    return "; ".join(o.what + (f" (hạn {date_short(o.due)})" if o.due else "") for o in owed)


def unit_rows(rows) -> Iterable[list]:
    for i, r in enumerate(rows, start=1):
        yield [i, r.name, r.code, r.registration_label, _date(r.plan_uploaded_at), r.tasks_done,
               r.tasks_total, r.tasks_percent, float(r.par_percent) if r.par_percent is not None
               else None, r.par_band, r.proposal_label, r.nominees, r.eligible,
               _owed_text(r.owed)]  # fmt: skip


def units_xlsx(rows) -> bytes:
    return write_workbook("Theo dõi đơn vị", UNIT_COLUMNS, unit_rows(rows))


ELIGIBLE_LABELS = {True: "Đủ tiêu chuẩn", False: "Chưa đủ", None: "Cần xem xét"}


def nominee_rows(nominees: Iterable, progress: Callable[[int], None] | None = None):
    for i, n in enumerate(nominees, start=1):
        if progress is not None and i % 1000 == 0:
            progress(i)
        yield [i, n.award_form.name, n.get_subject_type_display(), n.display_name,
               n.person.position if n.person_id else "", n.proposal.unit.name,
               n.get_state_display(), ELIGIBLE_LABELS[n.eligible],
               n.get_council_outcome_display() if n.council_outcome else ""]  # fmt: skip


def nominees_xlsx(nominees: Iterable, progress: Callable[[int], None] | None = None) -> bytes:
    return write_workbook("Danh sách đề nghị", NOMINEE_COLUMNS, nominee_rows(nominees, progress))
