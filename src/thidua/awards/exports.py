"""The payment list (danh sách chi thưởng) of a decision as .xlsx: one row per awardee with
the amount, its basis and a column to sign on receipt; the total in figures and in words."""

import io

from thidua.awards.models import Award, Decision
from thidua.awards.printing import authority
from thidua.awards.words import amount_words
from thidua.campaigns.enums import SubjectType
from thidua.core.formatting import date_long

COLUMNS = [
    ("TT", 5), ("Tập thể, cá nhân", 32), ("Chức vụ, đơn vị", 40), ("Đối tượng", 11),
    ("Hình thức khen thưởng", 30), ("Hệ số", 7), ("Số tiền (đồng)", 15), ("Cách tính", 60),
    ("Ký nhận", 14),
]  # fmt: skip


def payment_list_xlsx(decision: Decision, awards: list[Award]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })  # fmt: skip
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    centre = book.add_format({"italic": True, "align": "center"})
    head = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True,
                            "valign": "vcenter"})  # fmt: skip
    cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
    amount = book.add_format({"border": 1, "valign": "top", "num_format": "#,##0"})
    coefficient = book.add_format({"border": 1, "valign": "top", "num_format": "0.0##"})
    bold_amount = book.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    bold = book.add_format({"border": 1, "bold": True})
    sheet = book.add_worksheet("Danh sách chi thưởng")
    last = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last, "DANH SÁCH CHI THƯỞNG", title)
    sheet.merge_range(1, 0, 1, last, (
        f"(Kèm theo Quyết định số {decision.reference} {date_long(decision.decided_on)} của "
        f"{authority(decision)}; chi từ quỹ thi đua, khen thưởng năm "
        f"{decision.year} của {decision.fund_unit.name})"), centre)  # fmt: skip
    for c, (label, width) in enumerate(COLUMNS):
        sheet.set_column(c, c, width)
        sheet.write_string(3, c, label, head)
    sheet.freeze_panes(4, 0)
    row = 4
    for i, a in enumerate(awards, start=1):
        sheet.write_number(row, 0, i, cell)
        sheet.write_string(row, 1, a.name, cell)
        sheet.write_string(row, 2, a.detail, cell)
        sheet.write_string(row, 3, SubjectType(a.subject_type).label, cell)
        sheet.write_string(row, 4, a.award_form.name, cell)
        if a.coefficient is not None:
            sheet.write_number(row, 5, float(a.coefficient), coefficient)
        else:
            sheet.write_blank(row, 5, None, cell)
        sheet.write_number(row, 6, a.amount, amount)
        sheet.write_string(row, 7, a.explanation, cell)
        sheet.write_blank(row, 8, None, cell)
        row += 1
    total = sum(a.amount for a in awards)
    sheet.merge_range(row, 0, row, 5, "Tổng cộng", bold)
    sheet.write_number(row, 6, total, bold_amount)
    sheet.merge_range(row, 7, row, 8, "", bold)
    sheet.merge_range(row + 1, 0, row + 1, last, f"Bằng chữ: {amount_words(total)}.", centre)
    book.close()
    return buffer.getvalue()
