"""Demo stages of the seed campaign: `launched` (the plan issued) and `registered` (most units
registered with their plans, some late, some missing)."""

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from thidua.campaigns import services
from thidua.campaigns.enums import PhaseKind
from thidua.campaigns.models import Campaign, Registration
from thidua.core.uploads import CheckedUpload
from thidua.demo import campaigns_data as d
from thidua.org.enums import UnitKind
from thidua.org.models import Unit

PARTICIPANT_KINDS = {UnitKind.AGENCY, UnitKind.PUBLIC_SERVICE, *UnitKind.commune_level()}


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value, timezone.get_current_timezone())


def seed_campaign() -> Campaign | None:
    return Campaign.objects.filter(
        year=d.CAMPAIGN["year"], title=d.CAMPAIGN["title"], parent__isnull=True
    ).first()


@transaction.atomic
def build_launched(units: dict[str, Unit]) -> Campaign:
    existing = seed_campaign()
    if existing:
        return existing
    district = units["NB"]
    campaign = services.campaign_create(
        actor=None, issuer=district, fund_unit=district, **d.CAMPAIGN
    )
    services.participants_set(
        actor=None,
        campaign=campaign,
        units=[u for u in units.values() if u.kind in PARTICIPANT_KINDS],
    )
    services.phase_set(
        actor=None,
        campaign=campaign,
        kind=PhaseKind.REGISTRATION,
        starts_at=_aware(d.REGISTRATION[0]),
        ends_at=_aware(d.REGISTRATION[1]),
        note="Gửi kế hoạch về UBND huyện (qua Phòng Nội vụ)",
    )
    services.phase_set(
        actor=None,
        campaign=campaign,
        kind=PhaseKind.EMULATION,
        starts_at=_aware(d.EMULATION[0]),
        ends_at=_aware(d.EMULATION[1]),
    )
    for subject, rows in (
        ("collective", d.COLLECTIVE_CRITERIA),
        ("individual", d.INDIVIDUAL_CRITERIA),
    ):
        for text, kind, params in rows:
            services.criterion_add(
                actor=None,
                campaign=campaign,
                subject_type=subject,
                text=text,
                kind=kind,
                params=params,
            )
    for name, subject, quota in d.AWARD_FORMS:
        services.award_form_add(
            actor=None,
            campaign=campaign,
            name=name,
            subject_type=subject,
            legal_kind=d.AWARD_FORM_KIND,
            quota=quota,
            rule_set=d.RULE_SET,
            checklist=d.CHECKLIST,
        )
    for code, text in d.ASSIGNMENTS:
        services.assignment_add(
            actor=None, campaign=campaign, text=text, unit=units.get(code) if code else None
        )
    return services.campaign_publish(
        actor=None, campaign=campaign, issued_on=d.ISSUED_ON, doc_number=d.DOC_NUMBER
    )


def demo_plan_pdf(unit: Unit) -> bytes:
    """A small valid one-page PDF standing in for a unit's own plan."""
    text = f"Ke hoach thi dua CCHC 2023 - {unit.code}".encode()
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@transaction.atomic
def build_registered(campaign: Campaign) -> int:
    """Registrations for most participants: on time, 3 late (flagged), 3 missing."""
    if Registration.objects.filter(campaign=campaign).exists():
        return 0
    units = list(
        Unit.objects.filter(campaign_participations__campaign=campaign).order_by("position", "name")
    )
    missing, late = units[-3:], units[-6:-3]
    count = 0
    for i, unit in enumerate(units):
        if unit in missing:
            continue
        # Wall-clock times in Vietnam, made aware by _aware() below.
        when = (
            dt.datetime(2023, 1, 11, 9, 30)  # noqa: DTZ001
            if unit in late
            else dt.datetime(2023, 1, 6 + i % 4, 8 + i % 9, 15)  # noqa: DTZ001
        )
        pdf = demo_plan_pdf(unit)
        plan = CheckedUpload(
            kind="pdf", size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(), data=pdf
        )
        services.registration_submit(
            actor=None,
            campaign=campaign,
            unit=unit,
            plan=plan,
            now=_aware(when),
            commitments=f"{unit.name} đăng ký phấn đấu hoàn thành 100% nhiệm vụ cải cách hành "
            "chính năm 2023; không có hồ sơ thủ tục hành chính trễ hạn.",
        )
        count += 1
    return count
