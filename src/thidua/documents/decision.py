"""The award decision (Quyết định khen thưởng) as an administrative document (Nghị định 30
layout), rendered by admin_doc to PDF (Typst) and DOCX. Built from plain values, so this module
knows nothing of the database; thidua.awards passes them in.

``data`` keys: issuer_superior, issuer_lines [..], number, symbol, place, date_text (already
"ngày 05 tháng 02 năm 2024"), summary, issuer_title, legal_bases [..], proposal_text,
achievement, executors, recipients [..], signing_authority, signer_title, signer_name, signed,
rule_set_name, total, total_words, awards: [{"subject_type", "name", "detail", "amount",
"form"}], reference_text ("Quyết định số 25/QĐ-UBND ngày … của …").
"""

from typing import Any

from thidua.core.formatting import group_thousands
from thidua.documents.kinds import AdminDoc, Block

SECTIONS = [("collective", "TẬP THỂ"), ("household", "HỘ GIA ĐÌNH"), ("individual", "CÁ NHÂN")]
ROMAN = ["I", "II", "III", "IV"]


def _count(n: int) -> str:
    return f"{n:02d}"


def _recipients_phrase(awards: list[dict]) -> str:
    parts = []
    for subject, label in SECTIONS:
        n = sum(1 for a in awards if a["subject_type"] == subject)
        if n:
            parts.append(f"{_count(n)} {label.lower()}")
    return " và ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " và " + parts[-1]


def _p(text: str, **opts: Any) -> Block:
    return {"kind": "paragraph", "text": text, **opts}


def _article(n: int, text: str) -> Block:
    return {"kind": "paragraph", "runs": [{"text": f"Điều {n}. ", "bold": True}, {"text": text}]}


def _annex_blocks(awards: list[dict], total: int, total_words: str) -> list[dict]:
    blocks: list[dict] = []
    section = 0
    for subject, label in SECTIONS:
        rows = [a for a in awards if a["subject_type"] == subject]
        if not rows:
            continue
        heading = f"{ROMAN[section]}. {label} ({_count(len(rows))})"
        section += 1
        blocks.append({"kind": "heading", "level": 2, "text": heading, "indent": False})
        name_col = "Tên tập thể" if subject == "collective" else "Họ và tên"
        blocks.append(
            {
                "kind": "table",
                "columns": ["TT", name_col, "Chức vụ, đơn vị", "Số tiền (đồng)"],
                "widths": [1, 5, 6, 3],
                "align": ["center", "left", "left", "right"],
                "size": 12,
                "rows": [
                    [str(i), a["name"], a["detail"], group_thousands(a["amount"])]
                    for i, a in enumerate(rows, start=1)
                ],
            }
        )
    blocks.append(
        _p(
            f"Tổng cộng: {group_thousands(total)} đồng ({total_words}).",
            bold=True,
            indent=False,
            align="right",
        )
    )
    return blocks


def decision_doc(data: dict[str, Any]) -> AdminDoc:
    """The admin_doc dict of a decision: Căn cứ, Xét đề nghị, QUYẾT ĐỊNH:, Điều 1–3, Nơi nhận,
    signature, and the annex list of awardees with amounts and the total."""
    awards = data["awards"]
    blocks = [_p(data["issuer_title"], bold=True, align="center", indent=False)]
    blocks += [_p(line, italic=True) for line in data["legal_bases"]]
    if data.get("proposal_text"):
        blocks.append(_p(data["proposal_text"], italic=True))
    blocks.append(_p("QUYẾT ĐỊNH:", bold=True, align="center", indent=False))
    forms = sorted({a["form"] for a in awards}) or ["Giấy khen"]
    blocks.append(
        _article(
            1,
            (
                f"Tặng {', '.join(forms)} cho {_recipients_phrase(awards)} (có danh sách kèm theo) "
                f"{data['achievement']}."
            ),
        )
    )
    blocks.append(
        _article(
            2,
            (
                f"Mỗi tập thể, cá nhân được tặng kèm theo tiền thưởng theo quy định tại "
                f"{data['rule_set_name']}; tổng số tiền thưởng "
                f"{group_thousands(data['total'])} đồng ({data['total_words']}), chi từ quỹ "
                f"thi đua, khen thưởng của {data['fund_name']}."
            ),
        )
    )
    blocks.append(_article(3, f"{data['executors']} chịu trách nhiệm thi hành Quyết định này./."))
    return {
        "issuer_superior": data.get("issuer_superior", ""),
        "issuer_lines": data["issuer_lines"],
        "number": data.get("number", ""),
        "symbol": data["symbol"],
        "place": data["place"],
        "date_text": data["date_text"],
        "doc_type": "QUYẾT ĐỊNH",
        "summary": data["summary"],
        "blocks": blocks,
        "recipients": data["recipients"],
        "signature": {
            "authority": data.get("signing_authority", ""),
            "title": data["signer_title"],
            "name": data["signer_name"],
            "signed": bool(data.get("signed")),
        },
        "annex": {
            "title": "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
            "subtitle": f"(Kèm theo {data['reference_text']})",
            "blocks": _annex_blocks(awards, data["total"], data["total_words"]),
        },
    }


def render_decision(data: dict[str, Any]) -> tuple[bytes, bytes]:
    """(PDF, DOCX) of the decision."""
    from thidua.documents.admin_doc import render_docx, render_pdf

    doc = decision_doc(data)
    return render_pdf(doc), render_docx(doc)
