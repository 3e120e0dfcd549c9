"""Indicators (PAR INDEX, DDCI) and CCHC tasks: read only, through the reader's scope
(thidua.indicators.selectors); the frameworks themselves are in `frameworks`. Scores are the
published ones; an object outside the reader's reach is a 404, like an unknown id."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from thidua.api.auth import require_perm
from thidua.api.pagination import Pagination
from thidua.api.schemas_indicators import (
    ScoreFilters,
    ScoreOut,
    TaskFilters,
    TaskListOut,
)
from thidua.indicators import selectors
from thidua.org.selectors import unit_get_for

router = Router(tags=["Chỉ số CCHC, nhiệm vụ CCHC"])

BACKOFFICE = "org.access_backoffice"


@router.get(
    "/indicators/scores",
    response=list[ScoreOut],
    summary="Kết quả đã công bố: tổng điểm, tỷ lệ %, xếp loại, xếp hạng, điểm từng tiêu chí",
    description="Cán bộ đầu mối thấy kết quả của đơn vị mình; thường trực thi đua thấy mọi kết "
    "quả của các bộ chỉ số do mình tổ chức. Xếp hạng tính trên mọi đơn vị đã công bố của bộ "
    "chỉ số; bằng tỷ lệ thì cùng hạng.",
)
@paginate(Pagination)
def score_list(request: HttpRequest, filters: Query[ScoreFilters]):
    require_perm(request, BACKOFFICE)
    unit = unit_get_for(request.user, filters.unit) if filters.unit is not None else None
    if filters.framework is not None:
        selectors.framework_get_for(request.user, filters.framework)
    return selectors.ScoreRows(
        selectors.published_for(
            request.user, framework_id=filters.framework, year=filters.year, unit=unit
        )
    )


@router.get(
    "/tasks",
    response=TaskListOut,
    summary="Nhiệm vụ CCHC được giao và tỷ lệ hoàn thành theo đơn vị",
)
def task_list(request: HttpRequest, filters: Query[TaskFilters]):
    require_perm(request, BACKOFFICE)
    year = filters.year or timezone.localdate().year
    unit = unit_get_for(request.user, filters.unit) if filters.unit is not None else None
    completion = selectors.task_completion_rows(request.user, year=year)
    if unit is not None:
        completion = [c for c in completion if c.unit_id == unit.pk]
    return {
        "year": year,
        "completion": [
            {
                "unit_id": c.unit_id,
                "unit_name": c.unit_name,
                "completed": c.completed,
                "total": c.total,
                "percent": c.percent,
            }
            for c in completion
        ],
        "items": list(selectors.tasks_for(request.user, year=year, unit=unit)),
    }
