"""The plan (Kế hoạch phát động phong trào thi đua) as a document, built from the campaign's
rows and rendered in the Nghị định 30/2020 layout by thidua.documents."""

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import Campaign
from thidua.core.formatting import date_long
from thidua.documents import admin_doc
from thidua.documents.kinds import AdminDoc, Block


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•").strip() for line in text.splitlines() if line.strip()]


def _bullets(text: str) -> list[dict]:
    return [{"kind": "bullet", "text": line} for line in _lines(text)]


def _h(level: int, text: str) -> Block:
    return {"kind": "heading", "level": level, "text": text}


def _p(text: str) -> Block:
    return {"kind": "paragraph", "text": text}


def _default_awards_lines(campaign: Campaign) -> list[str]:
    lines = []
    for form in campaign.award_forms.all():
        subject = SubjectType(form.subject_type).label.lower()
        quota = f"tối đa {form.quota:02d} {subject}" if form.quota else f"các {subject}"
        lines.append(f"{form.name}: {quota}.")
    return lines


def _dossier_lines(campaign: Campaign) -> list[str]:
    seen: dict[str, None] = {}
    for form in campaign.award_forms.all():
        for item in form.checklist.all():
            seen.setdefault(item.name + (f" ({item.note})" if item.note else ""))
    return list(seen)


def _period_text(campaign: Campaign) -> str:
    if campaign.period_text:
        return campaign.period_text
    return (
        f"Kể từ ngày ban hành Kế hoạch phát động phong trào thi đua này đến "
        f"{date_long(campaign.period_end)}."
    )


def _date_text(campaign: Campaign) -> str:
    if campaign.issued_on:
        return date_long(campaign.issued_on)
    month = campaign.period_start.month
    return f"ngày      tháng {month:02d} năm {campaign.period_start.year}"


def plan_dict(campaign: Campaign) -> AdminDoc:
    """The document data (see thidua.documents.admin_doc) for a campaign's plan."""
    blocks: list[dict] = []
    if campaign.parent_plan_ref or campaign.preamble:
        blocks.append(_p(" ".join(filter(None, [campaign.parent_plan_ref, campaign.preamble]))))
    blocks += [
        _h(1, "I. MỤC ĐÍCH, YÊU CẦU"),
        _h(2, "1. Mục đích"),
        *_bullets(campaign.purpose),
        _h(2, "2. Yêu cầu"),
        *_bullets(campaign.requirements),
    ]
    blocks += [
        _h(1, "II. ĐỐI TƯỢNG, TIÊU CHÍ, TỔ CHỨC THI ĐUA"),
        _h(2, "1. Đối tượng thi đua"),
        *_bullets(campaign.participants_text),
        _h(2, "2. Tiêu chí thi đua"),
    ]
    criteria = list(campaign.criteria.all())
    for letter, (subject, heading) in zip(
        "abc",
        [(SubjectType.COLLECTIVE, "Đối với tập thể"), (SubjectType.INDIVIDUAL, "Đối với cá nhân")],
        strict=False,
    ):
        items = [c for c in criteria if c.subject_type == subject]
        if items:
            blocks.append(_h(3, f"{letter}. {heading}"))
            blocks += [{"kind": "bullet", "text": c.text} for c in items]
    blocks += [_h(2, "3. Tổ chức thi đua"), _p(_period_text(campaign))]
    awards = _lines(campaign.awards_text) or _default_awards_lines(campaign)
    blocks += [
        _h(1, "III. CÔNG TÁC KHEN THƯỞNG"),
        _h(2, "1. Hình thức và số lượng khen thưởng"),
        *[{"kind": "bullet", "text": t} for t in awards + _lines(campaign.awards_note)],
        _h(2, "2. Hồ sơ đề nghị khen thưởng"),
        *[{"kind": "bullet", "text": t} for t in _dossier_lines(campaign)],
    ]
    if campaign.nomination_note:
        blocks += [_h(2, "3. Thời gian đề nghị xét khen thưởng"), _p(campaign.nomination_note)]
    blocks += [
        _h(1, "IV. MỨC CHI VÀ NGUỒN KINH PHÍ KHEN THƯỞNG"),
        _h(2, "1. Mức khen thưởng"),
        _p(campaign.reward_basis or "Theo quy định hiện hành."),
        _h(2, "2. Kinh phí"),
        _p(campaign.funding_source or ""),
    ]
    blocks.append(_h(1, "V. TỔ CHỨC THỰC HIỆN"))
    blocks += [_p(f"{i}. {a.text}") for i, a in enumerate(campaign.assignments.all(), start=1)]
    if campaign.closing_text:
        blocks.append(_p(campaign.closing_text))
    return {
        "issuer_superior": campaign.issuer_superior,
        "issuer_lines": _lines(campaign.issuer_display) or [campaign.issuer.name.upper()],
        "number": campaign.doc_number,
        "symbol": campaign.doc_symbol,
        "place": campaign.place,
        "date_text": _date_text(campaign),
        "doc_type": "KẾ HOẠCH",
        "summary": campaign.title,
        "blocks": blocks,
        "recipients": list(campaign.recipients),
        "signature": {
            "authority": campaign.signing_authority,
            "title": campaign.signer_title,
            "name": campaign.signer_name,
            "signed": False,
        },
    }


def plan_pdf(campaign: Campaign) -> bytes:
    return admin_doc.render_pdf(plan_dict(campaign))


def plan_docx(campaign: Campaign) -> bytes:
    return admin_doc.render_docx(plan_dict(campaign))
