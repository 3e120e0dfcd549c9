from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Numbered pages of 100 (a client may ask for fewer with page_size)."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="Số trang (từ 1)")
        page_size: int | None = Field(None, ge=1, description="Số bản ghi mỗi trang (tối đa 100)")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Tổng số bản ghi khớp điều kiện")
        page: int = Field(description="Trang hiện tại (từ 1)")
        page_size: int = Field(description="Số bản ghi mỗi trang")
        pages: int = Field(description="Tổng số trang")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=100, max_page_size=100, **kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        size = self._get_page_size(pagination.page_size)
        return result | {
            "page": pagination.page,
            "page_size": size,
            "pages": -(-result["count"] // size),
        }
