"""Error bodies in Vietnamese: {"detail": "…"}; for 422, {"detail": [{"loc", "msg", "type"}]},
one entry per field at fault — whether the schema refused the input or a service did (a
service's django ValidationError names its fields; they are reported under "body")."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thidua.api.auth import FORBIDDEN, MISSING

INVALID_DATA = "Dữ liệu không hợp lệ."
NOT_FOUND = "Không tìm thấy."
TOO_LARGE = "Giá trị số quá lớn (mã, số lượng vượt giới hạn lưu trữ)."
UNREADABLE = "Không đọc được nội dung gửi lên: phải là JSON hợp lệ (UTF-8)."

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
    "json_type": "Nội dung phải là JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "dict_type": "Phải là một đối tượng JSON.",
    "list_type": "Phải là một danh sách.",
    "decimal_parsing": "Phải là số.",
    "decimal_type": "Phải là số.",
    "decimal_max_digits": "Không được có quá {max_digits} chữ số.",
    "decimal_max_places": "Không được có quá {decimal_places} chữ số thập phân.",
    "decimal_whole_digits": "Phần nguyên không được có quá {whole_digits} chữ số.",
    "finite_number": "Phải là số hữu hạn.",
    "float_type": "Phải là số.",
    "bool_type": "Phải là true hoặc false.",
    "date_type": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_from_datetime_inexact": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "datetime_type": "Thời điểm không hợp lệ (định dạng ISO 8601).",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ (định dạng ISO 8601).",
    "string_pattern_mismatch": "Không đúng định dạng.",
    "string_unicode": "Phải là chuỗi ký tự hợp lệ.",
    "too_short": "Phải có ít nhất {min_length} phần tử.",
    "too_long": "Không được có quá {max_length} phần tử.",
    "extra_forbidden": "Trường này không được nhận.",
    "value_error": "{error}",
    "assertion_error": "{error}",
    "int_parsing_size": "Số quá lớn.",
    "uuid_parsing": "Mã UUID không hợp lệ.",
    "url_parsing": "Địa chỉ URL không hợp lệ.",
    "none_required": "Phải để trống.",
    "union_tag_invalid": "Giá trị không hợp lệ.",
    "is_instance_of": "Giá trị không hợp lệ.",
}


def _message(error: dict) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        return "Giá trị không hợp lệ."
    if template == "{error}":
        # Our own validators raise ValueError with a Vietnamese message; pydantic prefixes it.
        message = str((error.get("ctx") or {}).get("error", "")) or error.get("msg", "")
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    ctx = dict(error.get("ctx") or {})
    if isinstance(ctx.get("expected"), str):
        ctx["expected"] = ctx["expected"].replace(" or ", " hoặc ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split(";")[0].rstrip(".") + "."


def _loc(error: dict) -> list:
    """ninja names the body parameter in the location ("body", "payload", "name"); the API
    reports ("body", "name"), as for the forms' and services' errors. Body parameters of the
    write operations are all called `payload`."""
    loc = list(error.get("loc", ()))
    if loc[:2] == ["body", "payload"]:
        del loc[1]
    return loc


def _errors(exc: ValidationError) -> list[dict]:
    return [{"loc": _loc(e), "msg": _message(e), "type": e.get("type", "")} for e in exc.errors]


def _path(field: str) -> list:
    """A field of a list item, "nodes.1.max_score", located as the schema would: nodes, 1,
    max_score."""
    return [int(part) if part.isdigit() else part for part in field.split(".")]


def service_errors(exc: DjangoValidationError) -> list[dict]:
    """A service's refusal as 422 entries: one per message, at the field it names."""
    out = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            loc = ["body"] if field in (None, "__all__") else ["body", *_path(field)]
            for error in errors:
                for message in error.messages:
                    out.append({"loc": loc, "msg": message, "type": error.code or "invalid"})
    else:
        for error in exc.error_list:
            for message in error.messages:
                out.append({"loc": ["body"], "msg": message, "type": error.code or "invalid"})
    return out or [{"loc": ["body"], "msg": INVALID_DATA, "type": "invalid"}]


def install(api: NinjaAPI) -> None:
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": _errors(exc)}, status=422)

    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": service_errors(exc)}, status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            body = {"detail": [{"loc": ["body"], "msg": UNREADABLE, "type": "json_invalid"}]}
            return api.create_response(request, body, status=422)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or FORBIDDEN
        return api.create_response(request, {"detail": message}, status=403)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # One message whether the id is unknown or out of scope: existence must not leak.
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if exc.message != "Unauthorized" else MISSING
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return response

    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(DjangoValidationError, refused)
    api.add_exception_handler(PermissionDenied, forbidden)

    def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A number no column can hold (an id of 30 digits): nothing to find, nothing to store.
        body = {"detail": [{"loc": [], "msg": TOO_LARGE, "type": "too_large"}]}
        return api.create_response(request, body, status=422)

    api.add_exception_handler(OverflowError, too_large)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
