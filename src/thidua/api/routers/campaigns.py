"""Campaigns (phong trào thi đua): read only, always through the reader's scope
(thidua.campaigns.selectors). A campaign outside the reader's reach is a 404, like an unknown id.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from thidua.api.auth import require_perm
from thidua.api.pagination import Pagination
from thidua.api.schemas_campaigns import (
    CampaignDetailOut,
    CampaignFilters,
    CampaignOut,
    RegistrationFilters,
    RegistrationRowOut,
)
from thidua.campaigns import selectors
from thidua.campaigns.models import CampaignParticipant

router = Router(tags=["Phong trào thi đua"])

BACKOFFICE = "org.access_backoffice"


@router.get("/campaigns", response=list[CampaignOut], summary="Danh sách phong trào thi đua")
@paginate(Pagination)
def campaign_list(request: HttpRequest, filters: Query[CampaignFilters]):
    require_perm(request, BACKOFFICE)
    campaigns = selectors.campaigns_for(request.user).prefetch_related("phases")
    if filters.state:
        campaigns = campaigns.filter(state=filters.state)
    if filters.year is not None:
        campaigns = campaigns.filter(year=filters.year)
    return campaigns


@router.get(
    "/campaigns/{campaign_id}",
    response=CampaignDetailOut,
    summary="Một phong trào: tiêu chí, hình thức khen thưởng và số lượng, các giai đoạn",
)
def campaign_detail(request: HttpRequest, campaign_id: int):
    require_perm(request, BACKOFFICE)
    campaign = selectors.campaign_get_for(request.user, campaign_id)
    participants = CampaignParticipant.objects.select_related("unit").order_by(
        "unit__position", "unit__name"
    )
    prefetch_related_objects([campaign], Prefetch("participants", queryset=participants))
    return campaign


@router.get(
    "/campaigns/{campaign_id}/registrations",
    response=list[RegistrationRowOut],
    summary="Đăng ký thi đua và kế hoạch của các đơn vị: đúng hạn, nộp muộn, chưa nộp",
    description="Người theo dõi phong trào thấy mọi đơn vị tham gia; cán bộ đầu mối của một "
    "đơn vị chỉ thấy đơn vị mình.",
)
def registration_list(request: HttpRequest, campaign_id: int, filters: Query[RegistrationFilters]):
    require_perm(request, BACKOFFICE)
    campaign = selectors.campaign_get_for(request.user, campaign_id)
    return selectors.registration_board(campaign, user=request.user, status=filters.status or "")
