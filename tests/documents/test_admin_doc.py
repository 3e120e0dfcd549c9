"""The administrative-document renderer: PDF (Typst) and DOCX, Nghị định 30/2020 layout."""

from __future__ import annotations

import io
import os
import re
import signal
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from tests.documents.samples import sample_decision, sample_plan
from thidua.documents.admin_doc import (
    normalise,
    render_docx,
    render_pdf,
    render_pdf_with_warnings,
)

A4_HEIGHT_PT = 842
TOP_MARGIN_PT = 20 / 25.4 * 72

KEY_STRINGS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN",
    "HUYỆN NGUYÊN BÌNH",
    "KẾ HOẠCH",
    "Phát động phong trào thi đua cải cách hành chính nhà nước huyện Nguyên Bình năm 2023",
    "Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2023 của cơ quan, đơn vị hoàn thành 100%",
    "Thực hiện nghiêm kỷ luật, kỷ cương hành chính",
    "Nâng cao ý thức trách nhiệm của các tập thể",
    "Biên bản họp Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị",
    "Ủy ban nhân dân huyện yêu cầu Thủ trưởng các cơ quan, đơn vị, các tổ chức cá nhân liên "
    "quan nghiêm túc tổ chức triển khai Kế hoạch này./.",
    "Nguyên Bình, ngày tháng 01 năm 2023",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Đào Nguyên Phong",
    "Nơi nhận:",
    "- TT Huyện ủy (b/c);",
    "Lưu: VT",
]


def norm(text: str) -> str:
    """NFC, and every run of whitespace (line breaks included) as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    return [norm(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def top_margin_text(page) -> str:
    """Text drawn in the page's top margin (where page numbers go)."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > A4_HEIGHT_PT - TOP_MARGIN_PT:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def text_positions(page) -> dict[str, tuple[float, float]]:
    """Each non-blank text run on the page with its (x, y) start."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip():
            found.setdefault(norm(text), (x, y))

    page.extract_text(visitor_text=visit)
    return found


def pdf_font_names(pdf: bytes) -> set[str]:
    """BaseFont names (subset prefix removed) of every font on every page."""
    names: set[str] = set()

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return names


def docx_texts(data: bytes) -> list[str]:
    """Every paragraph, those in tables too, normalised, in document order."""
    document = Document(io.BytesIO(data))
    texts: list[str] = []

    def walk(container) -> None:
        for item in container.iter_inner_content():
            if hasattr(item, "rows"):
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                texts.append(norm(item.text))

    walk(document)
    return texts


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return render_pdf(sample_plan())


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    return render_docx(sample_plan())


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    return render_pdf(sample_decision())


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


def test_plan_pdf_is_a_pdf_with_the_documents_text(plan_pdf):
    assert plan_pdf.startswith(b"%PDF")
    text = " ".join(pdf_pages(plan_pdf))
    for expected in KEY_STRINGS:
        assert norm(expected) in text, expected


def test_plan_pdf_header_comes_first_and_signature_last(plan_pdf):
    pages = pdf_pages(plan_pdf)
    assert len(pages) >= 2
    assert pages[0].startswith("ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH CỘNG HÒA XÃ HỘI")
    assert "Số: /KH-UBND" in pages[0]  # number left blank until issue
    last = pages[-1]
    assert last.index("Nơi nhận:") < last.index("Lưu: VT") < last.index("Đào Nguyên Phong")


def test_page_numbers_from_page_two_only(plan_pdf):
    pages = PdfReader(io.BytesIO(plan_pdf)).pages
    assert top_margin_text(pages[0]) == ""
    for number, page in enumerate(pages[1:], start=2):
        assert top_margin_text(page) == str(number)


def test_pdf_is_set_in_the_shipped_font_whatever_the_host_has():
    pdf, warnings = render_pdf_with_warnings(sample_plan())
    # No fallback and no unknown family: Typst warns about neither here.
    assert warnings == []
    fonts = pdf_font_names(pdf)
    assert fonts
    # Tinos ships inside the package (documents/fonts), so every machine renders the same PDF.
    for name in fonts:
        assert "Tinos" in name, name


def test_markup_characters_in_data_render_literally():
    nasty = 'Dấu #set text(red) $x^2$ *đậm* _nghiêng_ `mã` <nhãn> @ref [a] \\ "trích" // c /* d'
    doc = sample_plan()
    doc["summary"] = nasty
    doc["issuer_lines"] = ["ỦY BAN #1 [X]", "HUYỆN $Y$"]
    doc["number"] = "12*"
    doc["blocks"] = [
        {"kind": "paragraph", "text": nasty},
        {"kind": "heading", "level": 2, "text": "_H_ #heading"},
        {"kind": "bullet", "text": "* not a list"},
        {"kind": "paragraph", "runs": [{"text": "#strong", "bold": True}, {"text": " ]) }"}]},
        {"kind": "table", "columns": ["#", "$"], "rows": [["@a", "<b>"]]},
    ]
    doc["recipients"] = ["#pagebreak()", "Lưu: VT."]
    pdf, warnings = render_pdf_with_warnings(doc)
    assert warnings == []
    text = " ".join(pdf_pages(pdf))
    for expected in [
        nasty,
        "ỦY BAN #1 [X]",
        "HUYỆN $Y$",
        "Số: 12*/KH-UBND",
        "_H_ #heading",
        "- * not a list",
        "#strong ]) }",
        "@a <b>",
        "- #pagebreak()",
    ]:
        assert norm(expected) in text, expected


def test_decomposed_input_is_normalised_to_nfc():
    doc = sample_plan()
    doc["blocks"] = [{"kind": "paragraph", "text": unicodedata.normalize("NFD", "Ủy ban Ễ ượ")}]
    raw = PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text()
    assert "Ủy ban Ễ ượ" in raw  # already composed, without our norm()
    assert norm("Ủy ban Ễ ượ") in docx_texts(render_docx(doc))


def test_issued_number_and_date(decision_pdf):
    first = pdf_pages(decision_pdf)[0]
    assert "Số: 15/QĐ-UBND" in first
    assert "Nguyên Bình, ngày 05 tháng 02 năm 2024" in first
    assert "QUYẾT ĐỊNH" in first
    assert "Điều 1. Tặng Giấy khen" in first
    assert "(Đã ký)" in first


def test_annex_table_on_a_later_page_numbered_on_its_own(decision_pdf):
    pages = pdf_pages(decision_pdf)
    signed_on = next(i for i, t in enumerate(pages) if "Đào Nguyên Phong" in t)
    annex_on = next(i for i, t in enumerate(pages) if "DANH SÁCH TẬP THỂ, CÁ NHÂN" in t)
    assert annex_on > signed_on
    annex_text = " ".join(pages[annex_on:])
    for cell in [
        "TT",
        "Họ và tên",
        "Chức vụ, đơn vị",
        "Phòng Tư pháp huyện",
        "Nguyễn Văn A",
        "Công chức Văn phòng - Thống kê xã Thể Dục",
    ]:
        assert cell in annex_text, cell
        assert all(cell not in t for t in pages[:annex_on] if cell != "TT")
    # The annex starts its own numbering: no number on its first page.
    assert top_margin_text(PdfReader(io.BytesIO(decision_pdf)).pages[annex_on]) == ""


def test_long_annex_table_repeats_its_header_and_numbers_pages():
    doc = sample_decision()
    rows = [[str(i), f"Nguyễn Văn Người {i}", "Ủy ban nhân dân xã Thể Dục"] for i in range(1, 81)]
    doc["annex"]["blocks"] = [
        {"kind": "table", "columns": ["TT", "Họ và tên", "Đơn vị"], "rows": rows}
    ]
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    annex_pages = [p for p in reader.pages if "Nguyễn Văn Người" in p.extract_text()]
    assert len(annex_pages) >= 2
    assert top_margin_text(annex_pages[0]) == ""
    assert top_margin_text(annex_pages[1]) == "2"
    assert norm(annex_pages[1].extract_text()).split(" ")[1:4] == ["TT", "Họ", "và"]


def test_several_signatures_side_by_side():
    doc = sample_plan()
    doc["doc_type"] = "Biên bản"
    doc["signature"] = [
        {"title": "Thư ký", "name": "Hoàng Thị B"},
        {"title": "Chủ trì", "name": "Đào Nguyên Phong"},
    ]
    pdf = render_pdf(doc)
    assert "BIÊN BẢN" in pdf_pages(pdf)[0]
    where = text_positions(PdfReader(io.BytesIO(pdf)).pages[-1])
    # Side by side: same line, secretary on the left; recipients below them.
    assert where["THƯ KÝ"][1] == pytest.approx(where["CHỦ TRÌ"][1])
    assert where["THƯ KÝ"][0] < where["CHỦ TRÌ"][0]
    assert where["Hoàng Thị B"][1] == pytest.approx(where["Đào Nguyên Phong"][1])
    assert where["Nơi nhận:"][1] < where["Hoàng Thị B"][1]
    docx = " ".join(docx_texts(render_docx(doc)))
    assert "THƯ KÝ" in docx and "CHỦ TRÌ" in docx


def test_addressees():
    doc = sample_plan()
    doc["addressees"] = ["Ủy ban nhân dân huyện Nguyên Bình"]
    assert "Kính gửi: Ủy ban nhân dân huyện Nguyên Bình" in pdf_pages(render_pdf(doc))[0]
    doc["addressees"] = ["Ủy ban nhân dân huyện", "Phòng Nội vụ"]
    first = pdf_pages(render_pdf(doc))[0]
    assert "Kính gửi:" in first and "- Ủy ban nhân dân huyện - Phòng Nội vụ" in first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"blocks": [{"kind": "poem", "text": "x"}]}, "blocks[0].kind"),
        ({"blocks": [{"kind": "heading", "level": 4, "text": "x"}]}, "blocks[0].level"),
        ({"blocks": [{"kind": "table", "columns": ["a"], "rows": [["1", "2"]]}]}, "rows[0]"),
        ({"blocks": [{"kind": "table", "columns": ["a"], "widths": [0]}]}, "widths"),
        ({"blocks": [{"kind": "paragraph", "text": "x", "align": "middle"}]}, "align"),
        ({"issuer_lines": []}, "issuer_lines"),
        ({"recipients": "Lưu: VT"}, "recipients"),
        ({"doc_type": ""}, "doc_type"),
    ],
)
def test_invalid_documents_are_refused_with_the_key(change, message):
    doc = sample_plan() | change
    with pytest.raises(ValueError, match=re.escape(message)):
        normalise(doc)


def test_normalise_fills_defaults_and_caps():
    data = normalise(
        {
            "issuer_lines": ["ủy ban nhân dân", "xã thể dục"],
            "doc_type": "tờ trình",
            "blocks": [],
            "signature": {"authority": "kt. chủ tịch", "title": "phó chủ tịch", "name": "X"},
        }
    )
    assert data["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "XÃ THỂ DỤC"]
    assert data["doc_type"] == "TỜ TRÌNH"
    assert data["signatures"][0]["authority"] == "KT. CHỦ TỊCH"
    assert data["recipients_title"] == "Nơi nhận:"
    assert data["annexes"] == [] and data["place_date"] == ""


def test_sample_plan_is_plain_json():
    import json

    assert json.loads(json.dumps(sample_plan())) == sample_plan()
    assert json.loads(json.dumps(sample_decision())) == sample_decision()


def test_render_in_a_forked_child_fails_fast_instead_of_hanging(plan_pdf):
    # plan_pdf: this process has compiled. A forked child would hang in Typst;
    # render_pdf must refuse at once.
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        signal.alarm(20)
        os.close(read_fd)
        try:
            render_pdf(sample_plan())
            result = b"rendered"
        except RuntimeError as exc:
            result = b"refused: " + str(exc).encode()
        except BaseException as exc:
            result = repr(exc).encode()
        os.write(write_fd, result)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        result = pipe.read()
    os.waitpid(pid, 0)
    assert result.startswith(b"refused: "), result
    assert b"spawn" in result


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def test_plan_docx_has_the_documents_text(plan_docx):
    joined = " ".join(docx_texts(plan_docx))
    for expected in KEY_STRINGS:
        if expected == "Nguyên Bình, ngày tháng 01 năm 2023":
            continue  # the blank day keeps its spaces in Word
        assert norm(expected) in joined, expected
    assert "Nguyên Bình, ngày tháng 01 năm 2023" in norm(joined)
    assert "- Lưu: VT." in docx_texts(plan_docx)


def test_plan_docx_page_and_fonts(plan_docx):
    document = Document(io.BytesIO(plan_docx))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(20)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(20)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5)
    assert abs(section.right_margin - Mm(15)) < Mm(0.5)
    assert section.different_first_page_header_footer
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    rfonts = normal.element.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert rfonts.get(qn(attr)) == "Times New Roman"
    # Runs inherit the typeface from Normal (tables and the page header too).
    runs = [r for p in document.paragraphs for r in p.runs]
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)
    assert document.styles["Header"].base_style.name == "Normal"
    for table in document.tables:
        assert table.style is None or table.style.font.name is None


def test_plan_docx_structure(plan_docx):
    document = Document(io.BytesIO(plan_docx))
    header, closing = document.tables[0], document.tables[-1]
    assert norm(header.cell(0, 0).paragraphs[0].text) == "ỦY BAN NHÂN DÂN"
    assert norm(header.cell(0, 1).paragraphs[0].text) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.cell(1, 0).text.startswith("Số:") and header.cell(1, 0).text.endswith("/KH-UBND")
    assert closing.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert closing.cell(0, 0).paragraphs[0].runs[0].font.bold
    assert closing.cell(0, 0).paragraphs[0].runs[0].font.italic
    assert closing.cell(0, 0).paragraphs[-1].text == "- Lưu: VT."
    assert [p.text for p in closing.cell(0, 1).paragraphs] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đào Nguyên Phong",
    ]
    heading = next(p for p in document.paragraphs if p.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.runs[0].font.bold and heading.paragraph_format.keep_with_next
    level3 = next(p for p in document.paragraphs if p.text == "a. Đối với tập thể")
    assert level3.runs[0].font.bold and level3.runs[0].font.italic


def test_decision_docx_annex_in_its_own_section():
    document = Document(io.BytesIO(render_docx(sample_decision())))
    assert len(document.sections) == 2
    annex = document.sections[1]
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert abs(annex.left_margin - Mm(30)) < Mm(0.5)
    annex_table = document.tables[-1]
    assert [c.text for c in annex_table.rows[0].cells] == ["TT", "Họ và tên", "Chức vụ, đơn vị"]
    assert annex_table.rows[2].cells[2].text == "Công chức Văn phòng - Thống kê xã Thể Dục"
    texts = docx_texts(render_docx(sample_decision()))
    assert texts.index("Đào Nguyên Phong") < texts.index(
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN"
    )
    bold_runs = [r.text for p in document.paragraphs for r in p.runs if r.font.bold]
    assert "Điều 1. " in bold_runs


def test_docx_keeps_markup_characters():
    doc = sample_plan()
    doc["blocks"] = [{"kind": "paragraph", "text": '#set $x$ *y* <z> & "q"'}]
    assert '#set $x$ *y* <z> & "q"' in docx_texts(render_docx(doc))
