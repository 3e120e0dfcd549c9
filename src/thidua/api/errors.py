"""Error bodies in Vietnamese: {"detail": "…"} (and, for 422, the fields at fault)."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from thidua.api.auth import MISSING

INVALID_DATA = "Dữ liệu không hợp lệ."
NOT_FOUND = "Không tìm thấy."

# Pydantic error types → Vietnamese; the context fills the placeholders.
_MESSAGES = {
    "missing": "Thiếu giá trị bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "float_parsing": "Phải là số.",
    "bool_parsing": "Phải là true hoặc false.",
    "date_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "datetime_parsing": "Thời điểm không hợp lệ (định dạng ISO 8601).",
    "enum": "Giá trị không hợp lệ; chỉ nhận một trong: {expected}.",
    "literal_error": "Giá trị không hợp lệ; chỉ nhận một trong: {expected}.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "string_too_short": "Phải có ít nhất {min_length} ký tự.",
    "string_too_long": "Không được dài quá {max_length} ký tự.",
    "string_type": "Phải là chuỗi ký tự.",
    "json_invalid": "Nội dung JSON không hợp lệ.",
}


def _message(error: dict) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        return f"Giá trị không hợp lệ ({error.get('msg', '')})."
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split(";")[0].rstrip(".") + "."


def _errors(exc: ValidationError) -> list[dict]:
    return [
        {"loc": list(e.get("loc", ())), "msg": _message(e), "type": e.get("type", "")}
        for e in exc.errors
    ]


def install(api: NinjaAPI) -> None:
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = {"detail": INVALID_DATA, "errors": _errors(exc)}
        return api.create_response(request, body, status=422)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # One message whether the id is unknown or out of scope: existence must not leak.
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if exc.message != "Unauthorized" else MISSING
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return response

    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
