"""The minutes (Biên bản họp Hội đồng, Biên bản kiểm phiếu) as PDF and DOCX: the figures and
the Vietnamese text read back from the files."""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from thidua.council import minutes as council_minutes
from thidua.council.minutes import MINUTES, TALLY, percent

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(pdf: bytes) -> str:
    return norm(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [
        (6, 9, "66,67%"),
        (2, 3, "66,67%"),
        (1, 8, "12,50%"),
        (9, 9, "100,00%"),
        (0, 9, "0,00%"),
        (1, 0, ""),
    ],
)
def test_percent_is_exact_with_a_decimal_comma(part, whole, text):
    assert percent(part, whole) == text


def test_meeting_minutes_pdf_carries_members_ballots_votes_and_the_proposed_list(closed):
    pdf = council_minutes.render(closed, MINUTES, "pdf")

    text = pdf_text(pdf)
    for expected in [
        "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN",
        "Nguyên Bình, ngày 20 tháng 01 năm 2024",
        "Có mặt 08/09 thành viên Hội đồng; vắng mặt 01 thành viên.",
        "Sầm Thị Ngọc",
        "Vắng mặt (Đi công tác)",
        "Số phiếu phát ra: 08; số phiếu thu về: 08; số phiếu hợp lệ: 08; "
        "số phiếu không hợp lệ: 00.",
        "từ 2/3 tổng số thành viên Hội đồng trở lên",
        "trên 1/2 số phiếu hợp lệ",
        "Xã Yên Lạc",
        "Đặng Thị Bích Đào",
        "88,89%",  # 8 of 9 members
        "66,67%",  # 6 of 9
        "Không đạt",
        "Ngoài số lượng",
        "02 tập thể được tặng Giấy khen của Chủ tịch UBND huyện",
        "02 cá nhân được tặng Giấy khen của Chủ tịch UBND huyện",
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC HỘI ĐỒNG ĐỀ NGHỊ KHEN THƯỞNG",
        "THƯ KÝ",
        "Hà Thị Thu",
        "CHỦ TỊCH HỘI ĐỒNG",
        "Đào Nguyên Phong",
    ]:
        assert expected in text, expected
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "council-minutes.pdf").write_bytes(pdf)


def test_tally_minutes_pdf_and_both_docx(closed):
    text = pdf_text(council_minutes.render(closed, TALLY, "pdf"))

    assert "Kiểm phiếu biểu quyết xét đề nghị khen thưởng" in text
    assert (
        "Tổng số thành viên Hội đồng: 09; có mặt: 08; vắng mặt: 01; phiếu gửi bằng văn bản "
        "của thành viên vắng mặt: 00."
    ) in text
    for kind in (MINUTES, TALLY):
        doc = Document(io.BytesIO(council_minutes.render(closed, kind, "docx")))
        cells = [norm(c.text) for t in doc.tables for r in t.rows for c in r.cells]
        assert "Lương Văn Khánh" in cells
        assert "62,50%" in cells  # 5 of 8 valid ballots
        assert "Đạt" in cells and "Không đạt" in cells


def test_minutes_refused_before_voting_closed(voting):
    with pytest.raises(ValueError, match="not closed"):
        council_minutes.build(voting, MINUTES)
