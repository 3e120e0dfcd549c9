"""Response shapes of the indicators API: frameworks (PAR INDEX, DDCI), published scores and
CCHC tasks. Scores are decimals with two places, given as strings-free JSON numbers."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from thidua.api.schemas import UnitRef
from thidua.indicators.enums import (
    AssessmentState,
    FrameworkKind,
    FrameworkState,
    ResultSource,
    SubjectKind,
    TaskState,
)


def _blank_to_none(value):
    return None if value == "" else value


class FrameworkFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Năm đánh giá")
    kind: FrameworkKind | None = Field(None, description="Bộ chỉ số")
    subject_kind: SubjectKind | None = Field(None, description="Đối tượng đánh giá")

    _blank = field_validator("year", "kind", "subject_kind", mode="before")(_blank_to_none)


class BandOut(Schema):
    label: str = Field(description="Xếp loại")
    min_percent: Decimal = Field(description="Từ tỷ lệ (%) trở lên")


class NodeOut(Schema):
    code: str
    name: str
    max_score: Decimal = Field(description="Điểm tối đa")
    parent_code: str | None = Field(description="Mã tiêu chí cấp trên; null với lĩnh vực")
    depth: int = Field(description="0: lĩnh vực, 1: tiêu chí, 2: tiêu chí thành phần")
    is_leaf: bool = Field(description="Tiêu chí được chấm điểm trực tiếp")
    is_survey: bool = Field(description="Thuộc phần điều tra xã hội học")


class FrameworkOut(Schema):
    id: int
    kind: FrameworkKind
    subject_kind: SubjectKind
    year: int
    name: str
    issuer: UnitRef = Field(description="Cơ quan tổ chức đánh giá")
    state: FrameworkState
    state_label: str
    max_score: Decimal = Field(description="Tổng điểm tối đa")
    self_deadline: dt.datetime | None = Field(description="Hạn tự chấm (trước thời điểm này)")
    published_at: dt.datetime | None
    source_doc_number: str = Field(description="Số văn bản công bố kết quả")
    source_doc_date: dt.date | None = Field(description="Ngày văn bản công bố kết quả")
    bands: list[BandOut]
    nodes: list[NodeOut]

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_max_score(obj) -> Decimal:
        return sum((n.max_score for n in obj.nodes.all() if n.parent_id is None), Decimal(0))

    @staticmethod
    def resolve_self_deadline(obj):
        return timezone.localtime(obj.self_deadline) if obj.self_deadline else None

    @staticmethod
    def resolve_published_at(obj):
        return timezone.localtime(obj.published_at) if obj.published_at else None

    @staticmethod
    def resolve_bands(obj) -> list:
        return list(obj.bands.all())

    @staticmethod
    def resolve_nodes(obj) -> list[dict]:
        codes = {n.pk: n.code for n in obj.nodes.all()}
        return [
            {
                "code": n.code,
                "name": n.name,
                "max_score": n.max_score,
                "parent_code": codes.get(n.parent_id),
                "depth": n.depth,
                "is_leaf": n.is_leaf,
                "is_survey": n.is_survey,
            }
            for n in obj.nodes.all()
        ]


class ScoreFilters(Schema):
    framework: int | None = Field(None, ge=1, description="Mã (id) bộ chỉ số")
    year: int | None = Field(None, ge=2000, le=2100, description="Năm đánh giá")
    unit: int | None = Field(None, ge=1, description="Mã (id) đơn vị được đánh giá")

    _blank = field_validator("framework", "year", "unit", mode="before")(_blank_to_none)


class ComponentOut(Schema):
    code: str
    name: str
    depth: int
    points: Decimal = Field(description="Điểm đạt được")
    applicable_max: Decimal = Field(description="Điểm tối đa được đánh giá")


class ScoreOut(Schema):
    framework_id: int
    framework_name: str
    kind: FrameworkKind
    year: int
    unit: UnitRef
    state: AssessmentState
    source: ResultSource = Field(description="Chấm trên hệ thống hay nhập từ văn bản công bố")
    points: Decimal | None = Field(description="Tổng điểm")
    applicable_max: Decimal | None = Field(
        description="Điểm tối đa được đánh giá (không tính tiêu chí không áp dụng)"
    )
    percent: Decimal | None = Field(description="Tỷ lệ % điểm tối đa được đánh giá")
    band: str = Field(description="Xếp loại")
    rank: int | None = Field(
        description="Xếp hạng trong các đơn vị cùng bộ chỉ số (bằng điểm thì cùng hạng)"
    )
    peers: int = Field(description="Số đơn vị đã công bố kết quả trong bộ chỉ số")
    source_doc_number: str
    source_doc_date: dt.date | None
    published_at: dt.datetime | None
    components: list[ComponentOut] = Field(description="Điểm từng lĩnh vực, tiêu chí")


class TaskFilters(Schema):
    unit: int | None = Field(None, ge=1, description="Mã (id) đơn vị thực hiện")
    year: int | None = Field(None, ge=2000, le=2100, description="Năm; mặc định năm hiện tại")

    _blank = field_validator("unit", "year", mode="before")(_blank_to_none)


class TaskOut(Schema):
    id: int
    code: str
    title: str
    year: int
    unit: UnitRef
    issuer: UnitRef
    deadline: dt.date
    state: TaskState
    state_label: str
    progress: int = Field(description="Tiến độ (%)")
    completed_on: dt.date | None
    late: bool = Field(description="Hoàn thành sau thời hạn")

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class CompletionOut(Schema):
    unit_id: int
    unit_name: str
    completed: int = Field(description="Số nhiệm vụ đã được xác nhận hoàn thành")
    total: int = Field(description="Số nhiệm vụ được giao")
    percent: Decimal | None = Field(description="Tỷ lệ hoàn thành (%)")


class TaskListOut(Schema):
    year: int
    completion: list[CompletionOut] = Field(description="Tỷ lệ hoàn thành theo đơn vị")
    items: list[TaskOut]
