"""Units and people: read only, always through the reader's scope (thidua.org.selectors)."""

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from thidua.api.auth import require_perm
from thidua.api.pagination import Pagination
from thidua.api.schemas import PeopleFilters, PersonOut, UnitFilters, UnitOut
from thidua.org import selectors

router = Router()

BACKOFFICE = "org.access_backoffice"


@router.get("/units", response=list[UnitOut], tags=["Đơn vị"], summary="Danh sách đơn vị")
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]):
    require_perm(request, BACKOFFICE)
    return selectors.units_search(request.user, query=filters.q, kind=filters.kind or "")


@router.get("/units/{unit_id}", response=UnitOut, tags=["Đơn vị"], summary="Một đơn vị")
def unit_detail(request: HttpRequest, unit_id: int):
    require_perm(request, BACKOFFICE)
    return selectors.unit_get_for(request.user, unit_id)


@router.get("/people", response=list[PersonOut], tags=["Cá nhân"], summary="Danh sách cá nhân")
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PeopleFilters]):
    require_perm(request, BACKOFFICE)
    unit = None
    if filters.unit_id is not None:
        unit = selectors.unit_get_for(request.user, filters.unit_id)
    return selectors.people_search(
        request.user, query=filters.q, unit=unit, category=filters.category or ""
    )


@router.get("/people/{person_id}", response=PersonOut, tags=["Cá nhân"], summary="Một cá nhân")
def person_detail(request: HttpRequest, person_id: int):
    require_perm(request, BACKOFFICE)
    return selectors.person_get_for(request.user, person_id)
