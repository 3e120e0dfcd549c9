"""Giấy khen: A4 landscape, the awardee's name with its diacritics, "GIẤY KHEN", the decision
number and the verification code in the text; blank-form mode prints only the fields; many
separate PDFs on every core through spawned processes."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.documents.samples import sample_certificate
from thidua.documents import certificate, qr
from thidua.documents.certificate import (
    DEFAULT_LAYOUT,
    layout_with,
    qr_svg,
    render_certificate,
    render_certificates,
    render_many,
    render_test_page,
)

A4_LANDSCAPE = (841.89, 595.28)


def _pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def _text(page) -> str:
    return " ".join(page.extract_text().split())


def _size(page) -> tuple[float, float]:
    return (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))


def test_certificate_is_one_a4_landscape_page_with_name_title_decision_and_code():
    pages = _pages(render_certificate(sample_certificate(7)))
    assert len(pages) == 1
    assert _size(pages[0]) == A4_LANDSCAPE
    text = _text(pages[0])
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
        "TẶNG",
        "GIẤY KHEN",
        "Bà Đặng Thị Bích Đào",
        "Đã có thành tích xuất sắc trong phong trào thi đua",
        "Quyết định số 25/QĐ-UBND ngày 05/02/2024",
        "Số sổ vàng: 7",
        "Mã xác thực: K7QM-2XDP-0007",
        "Nguyên Bình, ngày 05 tháng 02 năm 2024",
        "Đào Nguyên Phong",
    ]:
        assert expected in text, expected


def test_print_file_has_a_page_per_certificate_in_order():
    pages = _pages(render_certificates([sample_certificate(n) for n in range(1, 6)]))
    assert [f"Số sổ vàng: {n}" in _text(p) for n, p in enumerate(pages, start=1)] == [True] * 5


def test_blank_form_prints_only_the_fields():
    text = _text(_pages(render_certificate(sample_certificate(3), blank=True))[0])
    assert "Bà Đặng Thị Bích Đào" in text and "Số sổ vàng: 3" in text
    assert "GIẤY KHEN" not in text and "CỘNG HÒA" not in text


def test_calibrated_layout_overrides_defaults_and_ignores_unknown_fields():
    layout = layout_with({"name": {"x": 150, "y": "90.5"}, "nonsense": {"x": 1}})
    assert layout["name"] == {"x": 150.0, "y": 90.5, "w": 240, "align": "center"}
    assert "nonsense" not in layout and layout["qr"] == DEFAULT_LAYOUT["qr"]


def test_test_page_shows_each_field_box_with_its_position():
    text = _text(_pages(render_test_page(layout={"name": {"x": 150, "y": 90}}))[0])
    assert "name (150.0; 90.0)" in text or "name (150; 90)" in text
    assert "Trang thử căn chỉnh" in text


def test_qr_is_an_svg_of_the_verification_url():
    svg = qr_svg("https://thidua.example.vn/xac-thuc/K7QM-2XDP-0007")
    assert svg.startswith("<svg") and "<path" in svg


@pytest.mark.parametrize("processes", [1, 2])
def test_render_many_gives_one_pdf_per_certificate_in_order(processes):
    items = [sample_certificate(n) for n in range(1, 7)]
    seen = []
    pdfs = render_many(items, processes=processes, chunk=2, progress=seen.append)
    assert [f"Số sổ vàng: {n}" in _text(_pages(p)[0]) for n, p in enumerate(pdfs, 1)] == [True] * 6
    assert seen == [2, 4, 6]


# The direct writer (certificate_pdf) over Typst's background ---------------------------------


def _positions(pdf: bytes) -> dict[str, tuple[float, float]]:
    """Where each line of text starts (x, baseline y), by its first 20 characters."""
    out = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x, y = (cm[4], cm[5]) if (cm[4], cm[5]) != (0, 0) else (tm[4], tm[5])
            out[" ".join(text.split())[:20]] = (x, y)

    _pages(pdf)[0].extract_text(visitor_text=visit)
    return out


def _drawn_qr(pdf: bytes) -> tuple[str, ...]:
    """The QR code's modules read back from the page's rectangles."""
    content = _pages(pdf)[0].get_contents().get_data().decode("latin-1")
    runs = re.search(r"q 0 g [-\d. ]+ cm (.*?) f Q", content).group(1)
    cells = [(int(c), int(r), int(n)) for c, r, n in re.findall(r"(\d+) (\d+) (\d+) 1 re", runs)]
    size = max(r for _c, r, _n in cells) + 1
    rows = [["0"] * size for _ in range(size)]
    for c, r, n in cells:
        rows[r][c : c + n] = ["1"] * n
    return tuple("".join(row) for row in rows)


def test_drawn_certificate_places_every_text_where_typst_does():
    item = sample_certificate(7) | {
        "name": "Ông Nguyễn Văn Một Hai Ba Bốn Năm Sáu Bảy Tám Chín Mười Mười Một Mười Hai",
    }
    drawn = render_certificate(item)
    assert b"/BG Do" in _pages(drawn)[0].get_contents().get_data()
    assert PdfReader(io.BytesIO(drawn), strict=True).metadata.title == "Giấy khen"
    prepared = certificate._nfc(item)
    typst = certificate._typst_certificates([prepared], blank=False, layout=None, shift=(0, 0))
    expected, got = _positions(typst), _positions(drawn)
    assert set(got) == set(expected) and len(got) >= 15  # the name takes two lines
    for line, (x, y) in expected.items():
        assert abs(got[line][0] - x) < 1 and abs(got[line][1] - y) < 0.5, line


def test_drawn_qr_code_is_the_statements_matrix():
    statement = "eyJhbGciOiJFZERTQSIsImtpZCI6IkFCQ0RFRkdISUpLTCJ9." * 9
    item = sample_certificate(4)
    item["qr_url"] += "#" + statement
    assert _drawn_qr(render_certificate(item)) == qr.matrix(item["qr_url"])
    assert len(qr.matrix(item["qr_url"])) == 85


def test_a_character_the_font_lacks_is_left_to_typst():
    item = sample_certificate(5) | {"name": "Bà Lò Thị 𝔸 Vàng"}
    pdf = render_certificate(item)
    assert b"/BG Do" not in _pages(pdf)[0].get_contents().get_data()
    assert "Số sổ vàng: 5" in _text(_pages(pdf)[0])


def test_print_file_of_different_decisions_is_still_one_file_in_order():
    items = [
        sample_certificate(1),
        sample_certificate(2) | {"place_date": "Hà Nội, ngày 01 tháng 03 năm 2024"},
    ]
    pages = _pages(render_certificates(items))
    assert ["Số sổ vàng: 1" in _text(pages[0]), "Hà Nội, ngày 01" in _text(pages[1])] == [
        True,
        True,
    ]


def test_drawn_blank_places_each_field_in_its_calibrated_box_as_typst_does():
    item = sample_certificate(3) | {"signer_block": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"}
    layout, shift = {"name": {"x": 150, "y": 90}}, (1.5, -2)
    drawn = render_certificate(item, blank=True, layout=layout, shift=shift)
    assert b" Td <" in _pages(drawn)[0].get_contents().get_data()  # drawn, not Typst's
    prepared = certificate._nfc(item)
    typst = certificate._typst_certificates([prepared], blank=True, layout=layout, shift=shift)
    expected, got = _positions(typst), _positions(drawn)
    assert set(got) == set(expected) and "GIẤY KHEN" not in got
    for line, (x, y) in expected.items():
        assert abs(got[line][0] - x) < 1 and abs(got[line][1] - y) < 0.5, line
