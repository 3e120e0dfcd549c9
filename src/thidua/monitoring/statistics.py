"""The statutory statistics of the Home Affairs sector on emulation and commendation
(Thông tư 18/2025/TT-BNV): one form per reporting level, its rows and columns held as data
(StatForm, StatRow, StatColumn), filled for a year and a reporting unit, written as an XLSX with
the official layout; and the year's summary report (báo cáo tổng kết công tác thi đua, khen
thưởng) as DOCX/PDF with the same figures.

What is counted, for the reporting unit's whole subtree and the campaigns of the year (the year
of the achievement, as the decisions name it):
- campaigns: the campaigns of that year launched (past their draft) by issuers in the subtree;
- awards: the awards of issued decisions of issuers in the subtree, by title or form code (the
  award's kind, else its form's legal kind); a row sums the codes it lists, every award when
  it lists none. Columns split them by subject type, count women and ethnic minorities among
  the individuals (ethnicity recorded and not Kinh), and add up the reward money.
Three queries (the form with its rows and columns, the awards, the campaigns), whatever the
number of awards.
"""

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from thidua.awards import selectors as award_selectors
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import SubjectType
from thidua.core.formatting import date_long, date_short, money
from thidua.core.text import search_key
from thidua.documents import admin_doc
from thidua.documents.kinds import AdminDoc
from thidua.monitoring.enums import StatLevel, StatMeasure, StatSource
from thidua.monitoring.models import StatForm
from thidua.org import selectors as org_selectors
from thidua.org.enums import Gender, UnitKind

LEVEL_OF_KIND = {
    UnitKind.PROVINCE: StatLevel.PROVINCE,
    UnitKind.DISTRICT: StatLevel.DISTRICT,
    UnitKind.COMMUNE: StatLevel.COMMUNE,
    UnitKind.WARD: StatLevel.COMMUNE,
    UnitKind.TOWNSHIP: StatLevel.COMMUNE,
}
MAJORITY = "kinh"
FIRST_YEAR = 2000
NO_FORM = "Chưa có biểu mẫu thống kê {level} đang áp dụng; quản trị viên cần nhập biểu mẫu."


def level_of(unit) -> str | None:
    return LEVEL_OF_KIND.get(unit.kind)


def reporting_units(user) -> list:
    """The administrative units (province, district, commune) the user manages: who reports
    for them (the secretariat, administrators)."""
    return list(org_selectors.units_managed_by(user).filter(kind__in=list(LEVEL_OF_KIND)))


def reporting_unit_get_for(user, pk):
    """One of reporting_units(user), else 404 (the same answer as a unit that does not exist)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy đơn vị.") from None
    unit = next((u for u in reporting_units(user) if u.pk == pk), None)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền lập báo cáo cho đơn vị này.")
    return unit


def years() -> list[int]:
    """The years offered, newest first."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError("Năm báo cáo phải là một số, ví dụ 2023.") from None
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(f"Năm báo cáo phải từ {FIRST_YEAR} đến {last}.")
    return year


def form_in_force(level: str, day: dt.date | None = None) -> StatForm:
    """The form of `level` in force on `day` (today), with its rows and columns."""
    day = day or timezone.localdate()
    forms = [
        f
        for f in StatForm.objects.filter(level=level).prefetch_related("rows", "columns")
        if f.in_force(day)
    ]
    if not forms:
        raise ValidationError(NO_FORM.format(level=StatLevel(level).label.lower()))
    return max(forms, key=lambda f: (f.valid_from, -f.position))


@dataclass
class Cell:
    measure: str
    value: int | None  # None: the column does not apply to the row (shown as "x")


@dataclass
class Line:
    ordinal: str
    label: str
    bold: bool
    cells: list[Cell]
    source: str = StatSource.AWARDS
    every_award: bool = False  # the row sums every award (no codes listed)

    def value(self, measure: str) -> int | None:
        return next((c.value for c in self.cells if c.measure == measure), None)


@dataclass
class Report:
    form: StatForm
    unit: object  # org.Unit
    year: int
    lines: list[Line] = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    made_at: dt.datetime = field(default_factory=timezone.now)

    def line(self, ordinal: str) -> Line:
        return next(x for x in self.lines if x.ordinal == ordinal)


def _tally(rows) -> dict[str, Counter]:
    """code → measure → count (or money) from the awards' grouped rows."""
    out: dict[str, Counter] = {}
    for r in rows:
        code = r["form_kind"] or r["award_form__legal_kind"] or ""
        c = out.setdefault(code, Counter())
        n = r["n"]
        c[StatMeasure.TOTAL] += n
        c[StatMeasure.AMOUNT] += r["amount"] or 0
        subject = r["subject_type"]
        if subject == SubjectType.COLLECTIVE:
            c[StatMeasure.COLLECTIVE] += n
        elif subject == SubjectType.HOUSEHOLD:
            c[StatMeasure.HOUSEHOLD] += n
        elif subject == SubjectType.INDIVIDUAL:
            c[StatMeasure.INDIVIDUAL] += n
            if r["person__gender"] == Gender.FEMALE:
                c[StatMeasure.FEMALE] += n
            ethnicity = search_key(r["person__ethnicity"] or "")
            if ethnicity and ethnicity != MAJORITY:
                c[StatMeasure.MINORITY] += n
    return out


def report_for(*, unit, year: int, day: dt.date | None = None) -> Report:
    """The form of the unit's level, filled for `year` over the unit's subtree."""
    level = level_of(unit)
    if level is None:
        raise ValidationError(
            "Chỉ tỉnh, huyện hoặc xã lập báo cáo thống kê; hãy chọn đơn vị hành chính."
        )
    year = check_year(year)
    form = form_in_force(level, day)
    by_code = _tally(award_selectors.award_tallies_of_area(path=unit.path, year=year))
    campaigns = campaign_selectors.campaigns_launched_in(path=unit.path, year=year)
    report = Report(form=form, unit=unit, year=year, campaigns=campaigns)
    columns = sorted(form.columns.all(), key=lambda c: c.position)
    for row in sorted(form.rows.all(), key=lambda r: r.position):
        cells = []
        for col in columns:
            if row.source == StatSource.AWARDS:
                codes = row.codes or list(by_code)
                value = sum(by_code.get(code, Counter())[col.measure] for code in codes)
            elif row.source == StatSource.CAMPAIGNS and col.measure == StatMeasure.TOTAL:
                value = len(campaigns)
            else:
                value = None
            cells.append(Cell(col.measure, value))
        report.lines.append(
            Line(row.ordinal, row.label, row.bold, cells, row.source, not row.codes)
        )
    return report


def report_with_decisions(*, unit, year: int) -> Report:
    report = report_for(unit=unit, year=year)
    report.decisions = award_selectors.decisions_of_area(path=unit.path, year=report.year)
    return report


# XLSX with the official layout --------------------------------------------------------------


def filename(report: Report, ext: str) -> str:
    unit = report.unit.code or report.unit.pk
    return f"thong-ke-tdkt-{report.form.level}-{unit}-{report.year}.{ext}"


def report_xlsx(report: Report) -> bytes:
    """The form as the ministry lays it out: the title block (form code and basis on the left,
    the title and period in the middle, the reporting and receiving units on the right), two
    header rows (group headers merged across their columns, ungrouped headers merged down),
    the column codes row (A, B, 1, 2 …), the figures, and the signatures. Written with
    xlsxwriter, as every export of the app."""
    import xlsxwriter

    form = report.form
    columns = sorted(form.columns.all(), key=lambda c: c.position)
    width = 2 + len(columns)
    last = width - 1
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(form.code.replace("/", "-")[:31])
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter",
            "text_wrap": True}  # fmt: skip

    def fmt(**kw):
        return wb.add_format({**base, **kw})

    bold_c, italic_c = fmt(bold=True, align="center"), fmt(italic=True, align="center")
    bold_l, italic_l, plain_l = fmt(bold=True), fmt(italic=True), fmt()
    head = fmt(bold=True, align="center", border=1)
    code_f = fmt(italic=True, align="center", border=1)
    cell_f = {
        (b, kind): fmt(bold=b, border=1, align=a, **({"num_format": "#,##0"} if kind == "money"
                                                     else {}))
        for b in (False, True)
        for kind, a in (("label", "left"), ("ordinal", "center"), ("num", "right"),
                        ("money", "right"), ("x", "center"))
    }  # fmt: skip
    third = max(1, width // 3)
    mid_from, mid_to, right_from = third, last - third, last - third + 1

    def span(row, c1, c2, value, f):
        if c2 > c1:
            ws.merge_range(row, c1, row, c2, value, f)
        else:
            ws.write(row, c1, value, f)

    # Title block: rows 1–3 (0-based 0–2).
    span(0, 0, third - 1, f"Biểu số: {form.code}", bold_l)
    span(1, 0, third - 1, f"Ban hành kèm theo {form.basis}", italic_l)
    span(2, 0, third - 1, f"Ngày nhận báo cáo: {form.deadline_note}", italic_l)
    span(0, mid_from, mid_to, form.name.upper(), bold_c)
    span(1, mid_from, mid_to, f"{form.get_period_display()} {report.year}", bold_c)
    span(2, mid_from, mid_to, f"({form.get_level_display()})", italic_c)
    span(0, right_from, last, f"Đơn vị báo cáo: {report.unit.name}", plain_l)
    span(1, right_from, last, f"Đơn vị nhận báo cáo: {form.receiver}", plain_l)
    span(2, right_from, last, f"Đơn vị tính: {form.unit_note}", italic_l)
    # Headers: rows 6–7, the codes row 8 (0-based 5, 6, 7).
    top, sub, codes = 5, 6, 7
    ws.merge_range(top, 0, sub, 0, "STT", head)
    ws.merge_range(top, 1, sub, 1, "Chỉ tiêu", head)
    ws.write(codes, 0, "A", code_f)
    ws.write(codes, 1, "B", code_f)
    i = 0
    while i < len(columns):
        col = columns[i]
        if not col.group:
            ws.merge_range(top, 2 + i, sub, 2 + i, col.label, head)
            i += 1
            continue
        j = i
        while j + 1 < len(columns) and columns[j + 1].group == col.group:
            j += 1
        span(top, 2 + i, 2 + j, col.group, head)
        for k in range(i, j + 1):
            ws.write(sub, 2 + k, columns[k].label, head)
        i = j + 1
    for k, col in enumerate(columns):
        ws.write(codes, 2 + k, col.code, code_f)
    # Figures.
    r = codes
    for line in report.lines:
        r += 1
        b = line.bold
        ws.write(r, 0, line.ordinal, cell_f[(b, "ordinal")])
        ws.write(r, 1, line.label, cell_f[(b, "label")])
        for k, cell in enumerate(line.cells):
            if cell.value is None:
                ws.write(r, 2 + k, "x", cell_f[(b, "x")])
            else:
                kind = "money" if cell.measure == StatMeasure.AMOUNT else "num"
                ws.write_number(r, 2 + k, cell.value, cell_f[(b, kind)])
    # Signatures.
    r += 2
    span(r, right_from, last, f"{report.unit.name}, ngày ... tháng ... năm ...", italic_c)
    r += 1
    span(r, 0, third - 1, "NGƯỜI LẬP BIỂU", bold_c)
    span(r, right_from, last, "THỦ TRƯỞNG ĐƠN VỊ", bold_c)
    r += 1
    span(r, 0, third - 1, "(Ký, ghi rõ họ tên)", italic_c)
    span(r, right_from, last, "(Ký, họ tên, đóng dấu)", italic_c)
    if not form.confirmed:
        r += 2
        span(r, 0, last, f"Ghi chú: {form.note}", italic_l)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 42)
    ws.set_column(2, last, 14)
    ws.set_row(sub, 45)
    ws.freeze_panes(codes + 1, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    wb.close()
    return out.getvalue()


# The year's summary report (DOCX / PDF) -----------------------------------------------------


def _decision_name(d) -> str:
    return f"Quyết định số {d.number or '…'}/{d.symbol} ngày {date_short(d.decided_on)}"


def _n(line: Line | None, measure: str) -> int:
    return (line.value(measure) or 0) if line else 0


def summary_doc(report: Report) -> AdminDoc:
    """Báo cáo tổng kết công tác thi đua, khen thưởng năm `year`, its figures from the form."""
    unit, year = report.unit, report.year
    awards = next(
        (x for x in report.lines if x.source == StatSource.AWARDS and x.every_award), None
    )
    total = _n(awards, StatMeasure.TOTAL)
    individuals = _n(awards, StatMeasure.INDIVIDUAL)
    blocks: list[dict] = [
        {
            "kind": "paragraph",
            "text": (
                f"{unit.name} báo cáo tổng kết công tác thi đua, khen thưởng năm {year} như sau:"
            ),
        },
        {"kind": "heading", "level": 1, "text": "I. CÔNG TÁC TỔ CHỨC PHONG TRÀO THI ĐUA"},
        {
            "kind": "paragraph",
            "text": (
                f"Trong năm {year}, đã phát động {len(report.campaigns)} phong trào thi đua"
                + (
                    ": " + "; ".join(c.title for c in report.campaigns) + "."
                    if report.campaigns
                    else "."
                )
            ),
        },
        {"kind": "heading", "level": 1, "text": "II. KẾT QUẢ CÔNG TÁC KHEN THƯỞNG"},
        {
            "kind": "paragraph",
            "text": (
                f"Đã ban hành {len(report.decisions)} quyết định khen thưởng"
                + (
                    " (" + "; ".join(map(_decision_name, report.decisions)) + ")"
                    if report.decisions
                    else ""
                )
                + f", khen thưởng {total} lượt tập thể, cá nhân, hộ gia đình: "
                f"{_n(awards, StatMeasure.COLLECTIVE)} tập thể, {individuals} cá nhân "
                f"(trong đó {_n(awards, StatMeasure.FEMALE)} nữ, "
                f"{_n(awards, StatMeasure.MINORITY)} người dân tộc thiểu số), "
                f"{_n(awards, StatMeasure.HOUSEHOLD)} hộ gia đình; tổng tiền thưởng "
                f"{money(_n(awards, StatMeasure.AMOUNT))}."
            ),  # fmt: skip
        },
    ]
    rows = [
        [x.ordinal, x.label, str(x.value(StatMeasure.TOTAL) or 0),
         str(x.value(StatMeasure.COLLECTIVE) or 0), str(x.value(StatMeasure.INDIVIDUAL) or 0)]
        for x in report.lines
        if x.source == StatSource.AWARDS and not x.every_award
    ]  # fmt: skip
    if rows:
        blocks.append({
            "kind": "table", "columns": ["STT", "Danh hiệu, hình thức", "Tổng số", "Tập thể",
                                         "Cá nhân"],
            "rows": rows, "widths": [1, 5, 1.3, 1.3, 1.3],
            "align": ["center", "left", "center", "center", "center"], "size": 12,
        })  # fmt: skip
    blocks += [
        {"kind": "heading", "level": 1, "text": "III. ĐÁNH GIÁ CHUNG"},
        {
            "kind": "paragraph",
            "text": (
                f"Số liệu được tổng hợp từ hệ thống quản lý thi đua – khen thưởng lúc "
                f"{timezone.localtime(report.made_at):%H:%M} {date_long(report.made_at)}, "
                f"khớp với biểu thống kê {report.form.code} ({report.form.basis})."
            ),
        },
    ]
    return {
        "issuer_superior": "",
        "issuer_lines": [unit.name.upper()],
        "number": "",
        "symbol": "BC",
        "place": unit.name,
        "date_text": f"ngày      tháng      năm {timezone.localdate().year}",
        "doc_type": "BÁO CÁO",
        "summary": f"Tổng kết công tác thi đua, khen thưởng năm {year}",
        "blocks": blocks,
        "recipients_title": "Nơi nhận:",
        "recipients": [f"{report.form.receiver};", "Lưu: VT."],
        "signature": {"authority": "", "title": "THỦ TRƯỞNG ĐƠN VỊ", "name": ""},
    }


def summary_docx(report: Report) -> bytes:
    return admin_doc.render_docx(summary_doc(report))


def summary_pdf(report: Report) -> bytes:
    return admin_doc.render_pdf(summary_doc(report))


FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def report_file(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """(content, file name, content type): the form as XLSX, or the year's summary report as
    DOCX or PDF; `fmt` is a key of FILE_TYPES."""
    if fmt == "xlsx":
        return report_xlsx(report), filename(report, "xlsx"), FILE_TYPES[fmt]
    render = summary_docx if fmt == "docx" else summary_pdf
    return render(report), f"bao-cao-tong-ket-tdkt-{report.year}.{fmt}", FILE_TYPES[fmt]
