"""Drafts of dossier documents generated from the data, in the Nghị định 30 layout: Tờ trình,
Biên bản họp Hội đồng TĐKT of the unit, Báo cáo thành tích (one result per criterion, as
Nghị định 98/2023 Phụ lục I asks) and Bản tóm tắt thành tích. The unit edits the DOCX and
signs; the PDF is for printing."""

from django.utils import timezone

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import DossierItem
from thidua.core.formatting import date_long
from thidua.documents import admin_doc
from thidua.documents.kinds import AdminDoc, Block
from thidua.nominations.models import Nominee, Proposal


def _p(text: str, **opts) -> Block:
    return {"kind": "paragraph", "text": text, **opts}


def _issuer_lines(proposal: Proposal) -> list[str]:
    return [line.upper() for line in proposal.unit.name.split("\n")]


def _base(proposal: Proposal, *, doc_type: str, summary: str, symbol: str) -> AdminDoc:
    campaign = proposal.campaign
    return {
        "issuer_lines": _issuer_lines(proposal),
        "number": "",
        "symbol": symbol,
        "place": campaign.place,
        "date_text": date_long(timezone.localdate()),
        "doc_type": doc_type,
        "summary": summary,
        "blocks": [],
        "recipients": [f"{campaign.issuer.name} (qua Phòng Nội vụ);", "Lưu: VT."],
        "signature": {"authority": "", "title": "THỦ TRƯỞNG ĐƠN VỊ", "name": ""},
    }


def _nominee_rows(proposal: Proposal) -> list[list[str]]:
    rows = []
    for i, n in enumerate(proposal.nominees.select_related("award_form", "person", "unit"), 1):
        who = n.display_name + (
            f" – {n.person.position}, {n.unit.name}" if n.person_id and n.person.position else ""
        )
        rows.append([str(i), who, n.award_form.name])
    return rows


def to_trinh(proposal: Proposal) -> AdminDoc:
    campaign = proposal.campaign
    doc = _base(
        proposal,
        doc_type="TỜ TRÌNH",
        symbol="TTr",
        summary=f"Đề nghị khen thưởng trong phong trào {campaign.title[:1].lower()}"
        f"{campaign.title[1:]}",
    )
    doc["addressees"] = [campaign.issuer.name]
    doc["blocks"] = [
        _p(
            f"Căn cứ Kế hoạch {campaign.reference} của {campaign.issuer.name} về việc "
            f"{campaign.title[:1].lower()}{campaign.title[1:]};"
        ),
        _p(
            f"Căn cứ kết quả thực hiện phong trào thi đua và biên bản họp Hội đồng Thi đua – "
            f"Khen thưởng của {proposal.unit.name},"
        ),
        _p(
            f"{proposal.unit.name} đề nghị {campaign.issuer.name} xét, khen thưởng các tập thể, "
            "cá nhân sau:"
        ),
        {
            "kind": "table",
            "columns": ["TT", "Tập thể, cá nhân", "Hình thức khen thưởng"],
            "rows": _nominee_rows(proposal) or [["", "", ""]],
            "widths": [1, 6, 4],
            "align": ["center", "left", "left"],
            "size": 12,
        },
        _p("(Có hồ sơ, báo cáo thành tích kèm theo)"),
        _p(f"Kính đề nghị {campaign.issuer.name} xem xét, quyết định./."),
    ]
    return doc


def bien_ban(proposal: Proposal) -> AdminDoc:
    doc = _base(
        proposal,
        doc_type="BIÊN BẢN",
        symbol="BB-HĐTĐKT",
        summary="Họp Hội đồng Thi đua – Khen thưởng xét đề nghị khen thưởng",
    )
    doc["blocks"] = [
        _p("Thời gian: …… giờ …… ngày …… tháng …… năm ……"),
        _p("Địa điểm: ……………………………………"),
        _p("Thành phần: ……… thành viên Hội đồng; có mặt ……… thành viên, vắng ……… thành viên."),
        _p(
            "Hội đồng đã xem xét thành tích và biểu quyết đề nghị khen thưởng các tập thể, cá "
            "nhân sau:"
        ),
        {
            "kind": "table",
            "columns": ["TT", "Tập thể, cá nhân", "Hình thức khen thưởng"],
            "rows": _nominee_rows(proposal) or [["", "", ""]],
            "widths": [1, 6, 4],
            "align": ["center", "left", "left"],
            "size": 12,
        },
        _p("Biên bản kết thúc lúc …… giờ …… cùng ngày./."),
    ]
    doc["recipients"] = []
    doc["signature"] = [
        {"authority": "", "title": "THƯ KÝ", "name": ""},
        {"authority": "", "title": "CHỦ TỊCH HỘI ĐỒNG", "name": ""},
    ]
    return doc


def _criteria_rows(nominee: Nominee) -> list[list[str]]:
    answers = {a.criterion_id: a for a in nominee.answers.all()}
    rows = []
    criteria = nominee.proposal.campaign.criteria.filter(subject_type=nominee.subject_type)
    for i, c in enumerate(criteria.order_by("position", "id"), 1):
        a = answers.get(c.pk)
        rows.append([str(i), c.text, a.text if a and a.text else ""])
    return rows


def bao_cao(nominee: Nominee) -> AdminDoc:
    proposal = nominee.proposal
    who = "tập thể" if nominee.subject_type != SubjectType.INDIVIDUAL else "cá nhân"
    doc = _base(
        proposal,
        doc_type="BÁO CÁO THÀNH TÍCH",
        symbol="BC",
        summary=f"Đề nghị tặng {nominee.award_form.name} cho {who} {nominee.display_name}",
    )
    blocks = [{"kind": "heading", "level": 1, "text": "I. SƠ LƯỢC"}]
    if nominee.person_id:
        p = nominee.person
        blocks += [
            _p(f"Họ và tên: {p.full_name}"),
            _p(f"Chức vụ, đơn vị công tác: {p.position or '……'}, {nominee.unit.name}"),
        ]
    else:
        blocks += [_p(f"Tên tập thể: {nominee.unit.name}")]
    blocks += [
        {"kind": "heading", "level": 1, "text": "II. THÀNH TÍCH ĐẠT ĐƯỢC"},
        _p(nominee.achievement or "……"),
        {"kind": "heading", "level": 2, "text": "Kết quả theo từng tiêu chí"},
        {
            "kind": "table",
            "columns": ["TT", "Tiêu chí", "Kết quả đạt được"],
            "rows": _criteria_rows(nominee) or [["", "", ""]],
            "widths": [1, 5, 5],
            "align": ["center", "left", "left"],
            "size": 12,
        },
    ]
    doc["blocks"] = blocks
    doc["recipients"] = []
    return doc


def tom_tat(nominee: Nominee) -> AdminDoc:
    doc = _base(
        nominee.proposal,
        doc_type="BẢN TÓM TẮT THÀNH TÍCH",
        symbol="",
        summary=f"{nominee.display_name} – {nominee.award_form.name}",
    )
    doc["blocks"] = [_p(nominee.summary or nominee.achievement or "……")]
    doc["recipients"] = []
    return doc


# Which draft an item gets is read from its name, the words the plan uses.
KINDS = [
    ("tờ trình", to_trinh, False),
    ("biên bản", bien_ban, False),
    ("tóm tắt", tom_tat, True),
    ("báo cáo", bao_cao, True),
]


def builder_for(item: DossierItem):
    name = item.name.lower()
    for word, build, per_nominee in KINDS:
        if word in name:
            return build, per_nominee
    return None, False


def can_generate(item: DossierItem) -> bool:
    return builder_for(item)[0] is not None


def render(*, proposal: Proposal, item: DossierItem, nominee: Nominee | None, fmt: str) -> bytes:
    from django.core.exceptions import ValidationError

    build, per_nominee = builder_for(item)
    if build is None or fmt not in {"pdf", "docx"} or per_nominee != (nominee is not None):
        raise ValidationError(f"Hệ thống chưa có mẫu để tạo «{item.name}»; hãy tải tệp lên.")
    doc = build(nominee if per_nominee else proposal)
    return admin_doc.render_pdf(doc) if fmt == "pdf" else admin_doc.render_docx(doc)
