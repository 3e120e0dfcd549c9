"""Award history (quá trình khen thưởng) of a person and of a unit: read only, through the
reader's scope (a person or unit outside it is a 404)."""

from django.http import HttpRequest
from ninja import Router

from thidua.api.auth import require_perm
from thidua.api.schemas import AwardRecordOut
from thidua.org import selectors as org_selectors
from thidua.records import selectors

router = Router()

BACKOFFICE = "org.access_backoffice"


@router.get(
    "/people/{person_id}/awards",
    response=list[AwardRecordOut],
    tags=["Cá nhân"],
    summary="Quá trình khen thưởng của một cá nhân",
)
def person_awards(request: HttpRequest, person_id: int):
    require_perm(request, BACKOFFICE)
    person = org_selectors.person_get_for(request.user, person_id)
    return selectors.records_of_person(person)


@router.get(
    "/units/{unit_id}/awards",
    response=list[AwardRecordOut],
    tags=["Đơn vị"],
    summary="Quá trình khen thưởng của một đơn vị (tập thể)",
)
def unit_awards(request: HttpRequest, unit_id: int):
    require_perm(request, BACKOFFICE)
    unit = org_selectors.unit_get_for(request.user, unit_id)
    return selectors.records_of_unit(unit)
