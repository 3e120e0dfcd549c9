"""The REST API, mounted at /api/v1/: schema at openapi.json, interactive docs at docs."""

from typing import Any

from ninja import NinjaAPI

from thidua.api import errors
from thidua.api.auth import TokenAuth
from thidua.api.idempotency import HEADER, MAX_KEY_LENGTH, idempotent
from thidua.api.routers import (
    account,
    campaign_writes,
    campaigns,
    decision_writes,
    exchange,
    frameworks,
    nomination_writes,
    nominations,
    org,
    unit_history,
    users,
)
from thidua.api.routers import awards as awards_router
from thidua.api.routers import council as council_router
from thidua.api.routers import indicators as indicators_router
from thidua.api.routers import legal as legal_router
from thidua.api.routers import records as records_router
from thidua.api.routers import statistics as statistics_router

DESCRIPTION = """API của hệ thống thi đua – khen thưởng.

Mọi yêu cầu cần mã truy cập trong tiêu đề `Authorization: Bearer <mã>`; tạo mã bằng lệnh
`thidua token create <tên đăng nhập>` (thêm `--scope write` để được ghi). Mã mang đúng các
quyền của tài khoản tạo ra nó: người dùng chỉ thấy và chỉ sửa đơn vị, cá nhân, hồ sơ trong
phạm vi vai trò của mình. Mã chỉ đọc gửi POST, PUT, PATCH, DELETE nhận 403.

Lỗi trả về dạng `{"detail": "…"}`: 401 khi thiếu mã hoặc mã không hợp lệ, 403 khi không có
quyền, 404 khi không tìm thấy (kể cả khi đối tượng nằm ngoài phạm vi). Dữ liệu không hợp lệ
nhận 422 với từng lỗi theo trường: `{"detail": [{"loc": ["body", "ten_truong"], "msg": "…"}]}`.

Gửi lại an toàn: mỗi POST có thể kèm tiêu đề `Idempotency-Key` (tối đa 255 ký tự, ví dụ một
UUID). Gửi lại đúng yêu cầu với cùng khóa trong 24 giờ nhận lại đúng câu trả lời lần đầu
(tiêu đề `Idempotent-Replayed: true`), không ghi lần thứ hai; dùng lại khóa cho yêu cầu khác
nhận 422.

Đường dẫn cũ: một thao tác đã chuyển về đường dẫn của đối tượng vẫn trả lời ở đường dẫn cũ,
được đánh dấu lỗi thời (deprecated), kèm tiêu đề `Deprecation: true` và `Link: <đường dẫn
mới>; rel="successor-version"`.
"""

WRITE_METHODS = ("post", "put", "patch", "delete")


class ThiduaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Declare the Idempotency-Key header on every POST and the 403/404/422 answers of
        every write (the decorators that give them are invisible to ninja)."""
        schema = super().get_openapi_schema(**kwargs)
        for methods in schema.get("paths", {}).values():
            for method, operation in methods.items():
                if method not in WRITE_METHODS:
                    continue
                responses = operation.setdefault("responses", {})
                for code, text in WRITE_ANSWERS.items():
                    responses.setdefault(code, {"description": text})
                if method == "post":
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
        return schema


WRITE_ANSWERS = {
    "403": "Mã chỉ đọc, hoặc tài khoản không có quyền này",
    "404": "Không tìm thấy (hoặc ngoài phạm vi của tài khoản)",
    "422": "Dữ liệu không hợp lệ: từng lỗi theo trường, bằng tiếng Việt",
}
IDEMPOTENCY_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "Khóa chống ghi lặp: gửi lại cùng yêu cầu với cùng khóa (trong 24 giờ) "
    "nhận lại câu trả lời lần đầu, không ghi lần nữa.",
    "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
}

api = ThiduaAPI(
    title="API thi đua – khen thưởng",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
)
# The write operations register themselves on the read routers of their paths.
WRITES = (campaign_writes, nomination_writes, decision_writes)
errors.install(api)
api.add_decorator(idempotent, mode="view")
api.add_router("", account.router)
api.add_router("", org.router)
api.add_router("", users.router)
api.add_router("", unit_history.router)
api.add_router("", records_router.router)
api.add_router("", campaigns.router)
api.add_router("", nominations.router)
api.add_router("", legal_router.councils)
api.add_router("", legal_router.legal)
api.add_router("", council_router.router)
api.add_router("", indicators_router.router)
api.add_router("", frameworks.router)
api.add_router("", awards_router.router)
api.add_router("", statistics_router.router)
api.add_router("", exchange.router)
