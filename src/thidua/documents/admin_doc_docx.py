"""DOCX version of an administrative document (an editable draft for Word).

Works from :func:`thidua.documents.admin_doc.normalise` output and mirrors the
Typst template: A4, margins 20/20/30/15 mm, Times New Roman 14 pt (also as the
east-asian and complex-script font, so Word never substitutes another font for
Vietnamese), header and signature as borderless two-column tables, page
numbers centred at the top from page 2, each annex in its own section on a new
page with its own numbering. python-docx is imported inside functions (it is
slow to import and not needed on most requests).
"""

from __future__ import annotations

import io
import math
from typing import Any

FONT = "Times New Roman"
BODY_PT = 14
# Text width: 210 mm − 30 mm − 15 mm.
TEXT_WIDTH_MM = 165.0
# The header table reaches 10 mm into the left margin (as the PDF's does).
HEADER_OUTDENT_MM = 10.0
ISSUER_COL_MM = 70.0
# Width of "Độc lập - Tự do - Hạnh phúc", bold 14 pt, in Times/Tinos (measured).
SLOGAN_WIDTH_MM = 60.4
PT_MM = 25.4 / 72
# Word's default left/right cell margin (108 twips): rules inside cells are
# centred in the cell's text area.
CELL_PAD_MM = 1.905

# OOXML fixes the order of a w:pPr's / w:sectPr's children (Word refuses files
# that break it): elements that must come after the ones we insert.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_PGNUMTYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip


def _estimate_width_mm(text: str, size_pt: float, em_per_char: float) -> float:
    """A rough width (no font metrics here): enough to size the short rules."""
    return len(text) * em_per_char * size_pt * PT_MM


# ---------------------------------------------------------------------------
# Low-level helpers
# ---------------------------------------------------------------------------


def _set_run_font(run: Any, *, size: float | None = None, bold=None, italic=None) -> None:
    """Size and emphasis; the typeface comes from the Normal style (all four slots)."""
    from docx.shared import Pt

    font = run.font
    if size is not None and size != BODY_PT:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _para(
    container: Any,
    runs: list[tuple[str, dict[str, Any]]] | str = "",
    *,
    align: str = "justify",
    indent: bool = False,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    space_before: float = 0,
    space_after: float = 0,
    line_spacing: float = 1.0,
    keep_with_next: bool = False,
) -> Any:
    """Add a paragraph with every format set explicitly (nothing left to styles)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    pf.first_line_indent = Cm(1) if indent else Cm(0)
    pf.space_before = Pt(space_before)
    pf.space_after = Pt(space_after)
    pf.line_spacing = line_spacing
    pf.keep_with_next = True if keep_with_next else None
    if isinstance(runs, str):
        runs = [(runs, {})] if runs else []
    for text, fmt in runs:
        run = p.add_run(text)
        _set_run_font(
            run,
            size=size,
            bold=True if bold or fmt.get("bold") else None,
            italic=True if italic or fmt.get("italic") else None,
        )
    return p


def _first_para(cell: Any, *args: Any, **kwargs: Any) -> Any:
    """Fill a table cell: its first (empty) paragraph is replaced by ours."""
    p = _para(cell, *args, **kwargs)
    first = cell.paragraphs[0]
    if first is not p and not first.text:
        first._p.getparent().remove(first._p)
    return p


def _rule(container: Any, length_mm: float, box_mm: float, space_after: float = 0) -> Any:
    """A centred horizontal rule: an empty paragraph's bottom border, narrowed by indents."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    length_mm = max(5.0, min(length_mm, box_mm))
    p = _para(container, "", align="center", space_after=space_after)
    pf = p.paragraph_format
    side = (box_mm - length_mm) / 2
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.line_spacing = Pt(5)  # exact: the rule sits just under the line above
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)
    return p


def _plain_table(
    container: Any, rows: int, widths_mm: list[float], *, borders: bool, outdent_mm: float = 0
) -> Any:
    """A fixed-layout table, centred, or ``outdent_mm`` into the left margin; borderless
    unless ``borders``."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    tblpr = table._tbl.tblPr
    tblborders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if borders:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        tblborders.append(el)
    tblpr.insert_element_before(
        tblborders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    if outdent_mm:
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(round(-outdent_mm / 25.4 * 1440)))
        indent.set(qn("w:type"), "dxa")
        tblpr.insert_element_before(indent, "w:tblBorders")
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def _page_number_field(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("2")
    _set_run_font(run, size=13)
    field.append(run._r)
    paragraph._p.append(field)


def _setup_section(section: Any, *, restart_numbering: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # No number on a first page: the first-page header stays empty.
    section.different_first_page_header_footer = True
    if restart_numbering:
        sectpr = section._sectPr
        pgnum = OxmlElement("w:pgNumType")
        pgnum.set(qn("w:start"), "1")
        sectpr.insert_element_before(pgnum, *_AFTER_PGNUMTYPE)


def _setup_styles(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    rpr.append(lang)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(1)
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.2


# ---------------------------------------------------------------------------
# Document parts
# ---------------------------------------------------------------------------


def _header(document: Any, d: dict[str, Any]) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    right_mm = TEXT_WIDTH_MM + HEADER_OUTDENT_MM - ISSUER_COL_MM
    table = _plain_table(
        document, 2, [ISSUER_COL_MM, right_mm], borders=False, outdent_mm=HEADER_OUTDENT_MM
    )
    issuer, motto = table.cell(0, 0), table.cell(0, 1)
    number, date = table.cell(1, 0), table.cell(1, 1)

    first = True
    lines = ([(d["issuer_superior"], False)] if d["issuer_superior"] else []) + [
        (line, True) for line in d["issuer_lines"]
    ]
    for text, bold in lines:
        (_first_para if first else _para)(issuer, text, align="center", size=13, bold=bold)
        first = False
    last = d["issuer_lines"][-1]
    _rule(issuer, 0.45 * _estimate_width_mm(last, 13, 0.63), ISSUER_COL_MM - 2 * CELL_PAD_MM)

    _first_para(motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", size=13, bold=True)
    _para(motto, "Độc lập - Tự do - Hạnh phúc", align="center", size=14, bold=True)
    _rule(motto, SLOGAN_WIDTH_MM, right_mm - 2 * CELL_PAD_MM)

    blank = "\u00a0" * 10  # room for the number written in at issue
    text = "Số: " + (d["number"] or blank)
    if d["symbol"]:
        text += "/" + d["symbol"]
    _first_para(number, text, align="center", size=13, space_before=6)
    _first_para(date, d["place_date"], align="center", size=14, italic=True, space_before=6)
    for cell in (number, date):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM


def _title(document: Any, d: dict[str, Any]) -> None:
    _para(document, d["doc_type"], align="center", bold=True, space_before=18)
    if d["summary"]:
        from docx.shared import Mm

        summary = _para(document, d["summary"], align="center", bold=True)
        # Balance a long summary over its lines (narrower paragraph), as the PDF does.
        estimate = _estimate_width_mm(d["summary"], BODY_PT, 0.5)
        lines = math.ceil(estimate / TEXT_WIDTH_MM)
        width = min(TEXT_WIDTH_MM, estimate / lines * 1.15)
        if lines > 1:
            summary.paragraph_format.left_indent = Mm((TEXT_WIDTH_MM - width) / 2)
            summary.paragraph_format.right_indent = Mm((TEXT_WIDTH_MM - width) / 2)
        _rule(document, width / 3, TEXT_WIDTH_MM)
    names = d["addressees"]
    if len(names) == 1:
        _para(document, f"Kính gửi: {names[0]}", align="center", space_before=6)
    elif names:
        from docx.shared import Cm

        _para(document, "Kính gửi:", align="center", space_before=6)
        for name in names:
            p = _para(document, f"- {name}", align="left")
            p.paragraph_format.left_indent = Cm(4)
    _para(document, "", space_after=6)


def _block(document: Any, b: dict[str, Any]) -> None:
    kind = b["kind"]
    body = {"space_after": 6, "line_spacing": 1.2}
    if kind == "paragraph":
        runs = [(r["text"], r) for r in b["runs"]] if "runs" in b else b["text"]
        _para(
            document,
            runs,
            align=b["align"],
            indent=b["indent"],
            bold=b["bold"],
            italic=b["italic"],
            **body,
        )
    elif kind == "heading":
        _para(
            document,
            b["text"],
            align=b["align"],
            indent=b["indent"],
            bold=True,
            italic=b["level"] >= 3,
            keep_with_next=True,
            **body,
        )
    elif kind == "bullet":
        _para(document, "- " + b["text"], indent=True, **body)
    elif kind == "table":
        _table(document, b)
    elif kind == "pagebreak":
        from docx.enum.text import WD_BREAK

        _para(document).add_run().add_break(WD_BREAK.PAGE)


def _table(document: Any, b: dict[str, Any]) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    total = sum(b["widths"])
    widths = [TEXT_WIDTH_MM * w / total for w in b["widths"]]
    table = _plain_table(document, 1 + len(b["rows"]), widths, borders=True)
    # The header row repeats on every page.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    size = b["size"]
    # Row by row: `table.cell(i, j)` walks every cell of the table each time, so a decision's
    # annex of 296 awardees took 16.9 CPU-s to write (1.0 row by row).
    rows = table.rows
    for cell, text in zip(rows[0].cells, b["columns"], strict=True):
        _first_para(cell, text, align="center", size=size, bold=True, space_before=2, space_after=2)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row, values in zip(rows[1:], b["rows"], strict=True):
        for j, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _first_para(cell, text, align=b["align"][j], size=size, space_before=2, space_after=2)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _para(document, "", size=6)  # Word needs a paragraph between adjacent tables


def _recipients(container: Any, d: dict[str, Any], *, first: bool) -> None:
    if not d["recipients"]:
        return
    add = _first_para if first else _para
    add(container, d["recipients_title"], align="left", size=12, bold=True, italic=True)
    for item in d["recipients"]:
        _para(container, f"- {item}", align="left", size=11)


def _signature(cell: Any, s: dict[str, Any]) -> None:
    from docx.shared import Cm

    first = True
    for text in (s["authority"], s["title"]):
        if text:
            (_first_para if first else _para)(cell, text, align="center", bold=True)
            first = False
    if s["signed"]:
        _para(cell, "(Đã ký)", align="center", italic=True, space_before=12, space_after=12)
        _para(cell, s["name"], align="center", bold=True)
    else:
        p = _para(cell, s["name"], align="center", bold=True)
        p.paragraph_format.space_before = Cm(2.6)


def _closing(document: Any, d: dict[str, Any]) -> None:
    sigs = d["signatures"]
    if len(sigs) <= 1:
        table = _plain_table(
            document, 1, [TEXT_WIDTH_MM * 0.45, TEXT_WIDTH_MM * 0.55], borders=False
        )
        _recipients(table.cell(0, 0), d, first=True)
        if sigs:
            _signature(table.cell(0, 1), sigs[0])
    else:
        table = _plain_table(document, 1, [TEXT_WIDTH_MM / len(sigs)] * len(sigs), borders=False)
        for i, s in enumerate(sigs):
            _signature(table.cell(0, i), s)
        _para(document, "", space_after=6)
        _recipients(document, d, first=False)


def _annex(document: Any, annex: dict[str, Any]) -> None:
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, restart_numbering=True)
    if annex["label"]:
        _para(document, annex["label"], align="center", bold=True)
    _para(document, annex["title"], align="center", bold=True)
    if annex["subtitle"]:
        _para(document, annex["subtitle"], align="center", italic=True)
    width = min(_estimate_width_mm(annex["title"], BODY_PT, 0.63), TEXT_WIDTH_MM)
    _rule(document, min(width / 3, 55), TEXT_WIDTH_MM, space_after=12)
    for b in annex["blocks"]:
        _block(document, b)


def build_docx(d: dict[str, Any]) -> bytes:
    """Build the DOCX for normalised data ``d``; see :func:`admin_doc.render_docx`."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    props = document.core_properties
    props.title = f"{d['doc_type']} {d['summary']}".strip()
    props.language = "vi-VN"
    props.author = props.last_modified_by = " ".join(d["issuer_lines"])
    props.comments = ""
    _setup_styles(document)
    section = document.sections[0]
    _setup_section(section, restart_numbering=False)
    number = section.header.paragraphs[0]
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = 0
    number.paragraph_format.space_after = 0
    _page_number_field(number)

    _header(document, d)
    _title(document, d)
    for b in d["blocks"]:
        _block(document, b)
    _para(document, "", space_after=0)
    _closing(document, d)
    for annex in d["annexes"]:
        _annex(document, annex)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
