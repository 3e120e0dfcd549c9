"""Decisions (quyết định khen thưởng) read through the reader's scope, and the public
certificate check. A decision outside the reader's reach is a 404, like an unknown id; an
unknown and a malformed certificate code are the same 404."""

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from thidua.api.auth import require_perm
from thidua.api.schemas import UnitRef
from thidua.awards import selectors
from thidua.awards.enums import CertificateState, DecisionState
from thidua.awards.printing import awardee_title, display_code

router = Router(tags=["Khen thưởng"])

BACKOFFICE = "org.access_backoffice"


class AwardOut(Schema):
    id: int
    name: str
    detail: str
    subject_type: str
    unit: UnitRef
    award_form_id: int
    award_form: str
    coefficient: Decimal | None
    amount: int
    explanation: str = Field(description="cách tính, dẫn văn bản và mức lương cơ sở")
    register_number: int | None = None
    certificate_code: str | None = None


class SignatureOut(Schema):
    signer: str = Field(description="người ký, theo chứng thư số")
    step: str = Field(description='bước ký: "issue" (ký ban hành), "countersign" (ký nháy)')
    signed_at: dt.datetime
    valid: bool = Field(
        description="chữ ký còn nguyên vẹn, chứng thư tin cậy, tệp không bị sửa sau khi ký"
    )


class DecisionOut(Schema):
    id: int
    campaign_id: int
    state: DecisionState
    number: int | None
    symbol: str
    reference: str = Field(description='ví dụ "25/QĐ-UBND"')
    decided_on: dt.date
    issuer: UnitRef
    summary: str
    signer: str
    rule_set: str | None = Field(description="văn bản quy định mức thưởng áp dụng")
    base_salary: int | None
    total: int
    awards: list[AwardOut]
    signatures: list[SignatureOut] = Field(description="các chữ ký số cá nhân trên tệp PDF")


class CertificateOut(Schema):
    code: str
    valid: bool
    state: CertificateState
    awardee: str
    detail: str
    award_form: str
    decision: str = Field(description='ví dụ "25/QĐ-UBND"')
    decided_on: dt.date
    issuer: str
    register_number: int
    revoked_on: dt.date | None = None
    revoke_reference: str = ""


class NotFoundOut(Schema):
    detail: str


@router.get(
    "/decisions/{decision_id}",
    response=DecisionOut,
    summary="Một quyết định khen thưởng: số, ngày, mức thưởng, danh sách và tổng tiền",
)
def decision_detail(request: HttpRequest, decision_id: int):
    require_perm(request, BACKOFFICE)
    return decision_out(selectors.decision_get_for(request.user, decision_id))


def decision_out(decision) -> "DecisionOut":
    awards = selectors.awards_of(decision)
    out = []
    for a in awards:
        cert = getattr(a, "certificate", None) if decision.is_issued else None
        out.append(AwardOut(
            id=a.pk, name=a.name, detail=a.detail, subject_type=a.subject_type,
            unit=a.unit, award_form_id=a.award_form_id,
            award_form=a.award_form.name, coefficient=a.coefficient, amount=a.amount,
            explanation=a.explanation,
            register_number=cert.register_number if cert else None,
            certificate_code=display_code(cert.code) if cert else None,
        ))  # fmt: skip
    return DecisionOut(
        id=decision.pk, campaign_id=decision.campaign_id, state=decision.state,
        number=decision.number, symbol=decision.symbol, reference=decision.reference,
        decided_on=decision.decided_on, issuer=decision.issuer,
        summary=decision.summary,
        signer=" ".join(x for x in (decision.signer_title, decision.signer_name) if x),
        rule_set=decision.rule_set.name if decision.rule_set_id else None,
        base_salary=decision.base_salary.amount if decision.base_salary_id else None,
        total=decision.total, awards=out,
        signatures=[
            SignatureOut(signer=x["signer"], step=x["step"], signed_at=x["signed_at"],
                         valid=x["valid"])
            for x in (selectors.decision_signatures(decision) if decision.is_issued else [])
        ],
    )  # fmt: skip


@router.get(
    "/certificates/{code}",
    auth=None,
    response={200: CertificateOut, 404: NotFoundOut},
    summary="Xác thực giấy khen theo mã (công khai, không cần mã truy cập)",
)
def certificate_check(request: HttpRequest, code: str):
    cert = selectors.certificate_public(code)
    if cert is None:
        raise Http404
    award, decision = cert.award, cert.award.decision
    return CertificateOut(
        code=display_code(cert.code), valid=cert.is_valid, state=cert.state,
        awardee=awardee_title(award), detail=award.detail, award_form=award.award_form.name,
        decision=decision.reference, decided_on=decision.decided_on,
        issuer=decision.issuer_title, register_number=cert.register_number,
        revoked_on=cert.revoked_at.date() if cert.revoked_at else None,
        revoke_reference=cert.revoke_reference,
    )  # fmt: skip
