"""Receiving documents from other systems (edXML, QCVN 102:2016/BTTTT): a partner system POSTs
one package (the XML as the request body) with the token this instance issued to it
(`thidua exchange partner … --issue-token`). Accepted: the incoming document is in the
recipient unit's inbox. Refused (wrong schema, unknown sender, bad signature, duplicate
number): 422 with the reason, and the package is kept in the quarantine list.

A proposal sent up is exported as a package («Xuất gói hồ sơ») by the office that may send it,
with its user token."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from thidua.documents.edxml import MAX_BYTES
from thidua.exchange import services
from thidua.exchange.enums import IncomingState
from thidua.exchange.models import Partner
from thidua.nominations import selectors as nomination_selectors

router = Router(tags=["Liên thông văn bản"])

INVALID_PARTNER = "Mã truy cập liên thông không hợp lệ: dùng mã hệ thống này cấp cho cơ quan bạn."


class PartnerAuth(HttpBearer):
    """`Authorization: Bearer <mã liên thông>`: the token issued to a partner system (not a
    user's token)."""

    def __call__(self, request: HttpRequest) -> Partner:
        scheme, _, raw = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationError(message=INVALID_PARTNER)
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Partner:
        partner = services.partner_for_token(token)
        if partner is None:
            raise AuthenticationError(message=INVALID_PARTNER)
        return partner


class ReceiptOut(Schema):
    state: str
    document_id: str
    reference: str
    detail: str = ""


class RefusalOut(Schema):
    state: str
    refusal: str
    detail: str


@router.post(
    "/lien-thong/goi-tin",
    auth=PartnerAuth(),
    response={200: ReceiptOut, 413: RefusalOut, 422: RefusalOut},
    summary="Nhận một gói tin edXML từ hệ thống liên thông",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/xml": {"schema": {"type": "string"}}},
        }
    },
)
def exchange_receive(request: HttpRequest):
    data = request.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return Status(413, {
            "state": "refused", "refusal": "size",
            "detail": f"Gói tin quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).",
        })  # fmt: skip
    row = services.package_receive(data=data, partner=request.auth)
    if row.state == IncomingState.ACCEPTED:
        return {"state": row.state, "document_id": row.document_id, "reference": row.reference,
                "detail": f"Đã nhận vào hộp văn bản đến của {row.recipient.name}."}  # fmt: skip
    return Status(422, {"state": row.state, "refusal": row.refusal, "detail": row.reason})


class ProblemOut(Schema):
    detail: str


@router.get(
    "/nominations/{proposal_id}/exchange-package",
    response={200: None, 422: ProblemOut},
    summary="Xuất gói hồ sơ đề nghị đã gửi lên cấp trên (edXML)",
    openapi_extra={
        "responses": {200: {"content": {"application/xml": {"schema": {"type": "string"}}}}}
    },
)
def proposal_package_export(request: HttpRequest, proposal_id: int):
    proposal = nomination_selectors.proposal_get_for(
        request.user, proposal_id, "exchange.export_proposal"
    )
    try:
        name, data = services.proposal_export(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        return Status(422, {"detail": " ".join(exc.messages)})
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
