"""The award decision document: Căn cứ, Xét đề nghị, QUYẾT ĐỊNH:, Điều 1–3 and the annex with
amounts and total, in the ND30 layout (PDF) and as DOCX."""

import io

from docx import Document
from pypdf import PdfReader

from thidua.documents.admin_doc import normalise
from thidua.documents.decision import decision_doc, render_decision


def data(**over):
    return {
        "issuer_superior": "", "issuer_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NGUYÊN BÌNH"],
        "number": "25", "symbol": "QĐ-UBND", "place": "Nguyên Bình",
        "date_text": "ngày 05 tháng 02 năm 2024",
        "summary": "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc",
        "issuer_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
        "proposal_text": "Xét đề nghị của Trưởng phòng Nội vụ.",
        "achievement": "đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính",
        "executors": "Chánh Văn phòng, các tập thể, cá nhân có tên tại Điều 1",
        "recipients": ["Như Điều 3;", "Lưu: VT, NV."], "signing_authority": "",
        "signer_title": "CHỦ TỊCH", "signer_name": "Đào Nguyên Phong", "signed": True,
        "rule_set_name": "Nghị định 98/2023/NĐ-CP", "fund_name": "Huyện Nguyên Bình",
        "total": 1_620_000, "total_words": "Một triệu sáu trăm hai mươi nghìn đồng",
        "reference_text": "Quyết định số 25/QĐ-UBND ngày 05 tháng 02 năm 2024",
        "awards": [
            {"subject_type": "collective", "name": "Xã Yên Lạc", "detail": "Huyện Nguyên Bình",
             "amount": 1_080_000, "form": "Giấy khen của Chủ tịch UBND huyện"},
            {"subject_type": "individual", "name": "Đặng Thị Bích Đào",
             "detail": "Công chức Tư pháp – Hộ tịch, Xã Ca Thành", "amount": 540_000,
             "form": "Giấy khen của Chủ tịch UBND huyện"},
        ],
    } | over  # fmt: skip


def test_articles_count_the_recipients_and_cite_the_money():
    doc = normalise(decision_doc(data()))
    texts = [b["text"] for b in doc["blocks"]]
    assert texts[0] == "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH"
    assert texts[3] == "QUYẾT ĐỊNH:"
    assert texts[4] == (
        "Điều 1. Tặng Giấy khen của Chủ tịch UBND huyện cho 01 tập thể và 01 cá "
        "nhân (có danh sách kèm theo) đã có thành tích xuất sắc trong phong trào "
        "thi đua cải cách hành chính."
    )
    assert texts[5].startswith(
        "Điều 2. Mỗi tập thể, cá nhân được tặng kèm theo tiền thưởng theo "
        "quy định tại Nghị định 98/2023/NĐ-CP; tổng số tiền thưởng "
        "1.620.000 đồng"
    )
    assert texts[6].endswith("chịu trách nhiệm thi hành Quyết định này./.")
    annex = doc["annexes"][0]["blocks"]
    assert [b["text"] for b in annex if b["kind"] == "heading"] == [
        "I. TẬP THỂ (01)",
        "II. CÁ NHÂN (01)",
    ]
    assert annex[1]["rows"] == [["1", "Xã Yên Lạc", "Huyện Nguyên Bình", "1.080.000"]]


def test_pdf_and_docx_hold_the_number_annex_and_total():
    pdf, docx = render_decision(data())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for expected in [
        "Số: 25/QĐ-UBND",
        "Nguyên Bình, ngày 05 tháng 02 năm 2024",
        "QUYẾT ĐỊNH",
        "Điều 3.",
        "Đặng Thị Bích Đào",
        "540.000",
        "Tổng cộng: 1.620.000 đồng",
    ]:
        assert expected in text, expected
    paragraphs = " ".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Điều 1. Tặng Giấy khen" in paragraphs
