"""The REST API, mounted at /api/v1/: schema at openapi.json, interactive docs at docs."""

from ninja import NinjaAPI

from thidua.api import errors
from thidua.api.auth import TokenAuth
from thidua.api.routers import account, campaigns, nominations, org
from thidua.api.routers import awards as awards_router
from thidua.api.routers import council as council_router
from thidua.api.routers import indicators as indicators_router
from thidua.api.routers import records as records_router

DESCRIPTION = """API của hệ thống thi đua – khen thưởng.

Mọi yêu cầu cần mã truy cập trong tiêu đề `Authorization: Bearer <mã>`; tạo mã bằng lệnh
`thidua token create <tên đăng nhập>`. Mã mang đúng các quyền của tài khoản tạo ra nó:
người dùng chỉ thấy đơn vị và cá nhân trong phạm vi vai trò của mình.

Lỗi trả về dạng `{"detail": "…"}`: 401 khi thiếu mã hoặc mã không hợp lệ, 403 khi không có
quyền, 404 khi không tìm thấy (kể cả khi đối tượng nằm ngoài phạm vi), 422 khi dữ liệu gửi
lên không hợp lệ (kèm `errors`: vị trí và lý do từng lỗi).
"""

api = NinjaAPI(
    title="API thi đua – khen thưởng",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
)
errors.install(api)
api.add_router("", account.router)
api.add_router("", org.router)
api.add_router("", records_router.router)
api.add_router("", campaigns.router)
api.add_router("", nominations.router)
api.add_router("", council_router.router)
api.add_router("", indicators_router.router)
api.add_router("", awards_router.router)
