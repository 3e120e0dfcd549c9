"""From certificates to the plain values thidua.documents.certificate prints."""

from django.conf import settings

from thidua.awards.models import Certificate, PrintLayout
from thidua.campaigns.enums import SubjectType
from thidua.core.formatting import date_long, date_short
from thidua.org.enums import Gender, UnitKind
from thidua.org.models import Unit

SALUTATION = {Gender.MALE: "Ông", Gender.FEMALE: "Bà"}


def body_name(unit: Unit) -> str:
    """The body that decides, as written in running text: "Ủy ban nhân dân huyện Nguyên Bình"
    for an administrative unit, the unit's own name otherwise."""
    if unit.kind in UnitKind.administrative():
        return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"
    return unit.name


def authority(decision) -> str:
    """ "Chủ tịch Ủy ban nhân dân huyện Nguyên Bình": who signs, in running text."""
    title = decision.signer_title.strip()
    title = title[:1].upper() + title[1:].lower() if title else "Chủ tịch"
    return f"{title} {body_name(decision.issuer)}"


def display_code(code: str) -> str:
    """ "K7QM2XDP9RTA" → "K7QM-2XDP-9RTA"."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verify_url(code: str) -> str:
    return f"{settings.THIDUA_BASE_URL}/xac-thuc/{display_code(code)}"


def awardee_title(award) -> str:
    if award.subject_type == SubjectType.INDIVIDUAL and award.person_id:
        prefix = SALUTATION.get(award.person.gender)
        return f"{prefix} {award.name}" if prefix else award.name
    return award.name


def certificate_item(cert: Certificate) -> dict[str, str]:
    award = cert.award
    decision = award.decision
    signer = "\n".join(x for x in (decision.signing_authority, decision.signer_title) if x)
    achievement = decision.achievement
    return {
        "issuer_title": decision.issuer_title,
        "name": awardee_title(award),
        "detail": award.detail,
        "achievement": achievement[:1].upper() + achievement[1:],
        "decision_line": f"Quyết định số {decision.reference} ngày "
        f"{date_short(decision.decided_on)}",
        "register_line": f"Số sổ vàng: {cert.register_number}",
        "place_date": f"{decision.place}, {date_long(decision.decided_on)}",
        "signer_block": signer.upper(),
        "signer_name": decision.signer_name,
        "code_line": f"Mã xác thực: {display_code(cert.code)}",
        "qr_url": verify_url(cert.code),
    }


def print_options(unit: Unit, *, blank: bool) -> dict:
    """Renderer options: blank-form mode with the unit's calibrated layout and shift."""
    if not blank:
        return {}
    layout = PrintLayout.objects.filter(unit=unit).first()
    if layout is None:
        return {"blank": True}
    return {
        "blank": True,
        "layout": layout.fields,
        "shift": (float(layout.shift_x_mm), float(layout.shift_y_mm)),
    }
