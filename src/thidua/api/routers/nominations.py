"""Nominees (tập thể, cá nhân được đề nghị khen thưởng) with the criteria engine's verdicts,
read through the reader's scope: a dossier outside it is a 404, like an unknown id."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from thidua.api.auth import require_perm
from thidua.api.pagination import Pagination
from thidua.api.schemas import UnitRef
from thidua.campaigns import selectors as campaign_selectors
from thidua.nominations import selectors
from thidua.nominations.enums import NomineeState, Outcome

router = Router(tags=["Đề nghị khen thưởng"])


class VerdictOut(Schema):
    criterion_id: int
    criterion: str = Field(alias="criterion.text")
    kind: str = Field(alias="criterion.kind")
    result: Outcome = Field(alias="final", description="met / not_met / needs_review")
    engine_result: Outcome = Field(alias="outcome")
    explanation: str
    override_reason: str = ""


class NomineeOut(Schema):
    id: int
    name: str = Field(alias="display_name")
    subject_type: str
    unit: UnitRef
    proposal_id: int
    award_form_id: int
    award_form: str = Field(alias="award_form.name")
    state: NomineeState
    eligible: bool | None = Field(description="true đủ, false không đủ, null cần xem xét")
    criteria: list[VerdictOut] = Field(alias="verdict_list")


class NomineeFilters(Schema):
    unit: int | None = None
    award_form: int | None = None
    state: NomineeState | None = None
    eligible: str | None = Field(None, pattern="^(yes|no|review)$")


def _with_verdicts(nominees):
    nominees = list(nominees)
    verdicts = selectors.verdicts_by_nominee(n.pk for n in nominees)
    for n in nominees:
        n.verdict_list = verdicts.get(n.pk, [])
    return nominees


@router.get(
    "/campaigns/{campaign_id}/nominees",
    response=list[NomineeOut],
    summary="Tập thể, cá nhân được đề nghị khen thưởng và kết quả từng tiêu chí",
)
@paginate(Pagination)
def nominee_list(request: HttpRequest, campaign_id: int, filters: Query[NomineeFilters]):
    require_perm(request, "org.access_backoffice")
    campaign = campaign_selectors.campaign_get_for(request.user, campaign_id)
    return _Lazy(
        selectors.nominees_for(
            request.user,
            campaign,
            unit=filters.unit,
            award_form=filters.award_form,
            state=filters.state,
            eligible=filters.eligible,
        )
    )


class _Lazy:
    """A queryset whose page gets its verdicts in one more query."""

    def __init__(self, qs):
        self.qs = qs

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return _with_verdicts(self.qs[item])


@router.get(
    "/nominees/{nominee_id}", response=NomineeOut, summary="Một tập thể, cá nhân được đề nghị"
)
def nominee_detail(request: HttpRequest, nominee_id: int):
    require_perm(request, "org.access_backoffice")
    return _with_verdicts([selectors.nominee_get_for(request.user, nominee_id)])[0]


class TrailStepOut(Schema):
    proposal_id: int = Field(description="Hồ sơ (đề nghị) của bước này; cấp dưới trước")
    seq: int = Field(description="Thứ tự bước trong hồ sơ đó")
    action: str = Field(description="submit, forward, resend, return, accept, decide")
    action_label: str = Field(alias="get_action_display")
    at: dt.datetime
    actor: str = Field(alias="actor_name")
    unit_id: int
    unit: str = Field(alias="unit_name")
    level: str
    payload: dict = Field(description="Nội dung ghi nhận: tài liệu và mã băm, danh sách, lý do")
    content_hash: str
    prev_hash: str
    step_hash: str
    changed_after: bool = Field(
        alias="broken", description="true khi hồ sơ đã bị thay đổi sau bước này"
    )


class TrailOut(Schema):
    proposal_id: int
    intact: bool = Field(description="true khi mọi bước và tài liệu khớp mã băm đã ghi nhận")
    problems: list[str]
    steps: list[TrailStepOut]


@router.get(
    "/nominations/{proposal_id}/trail",
    response=TrailOut,
    summary="Nhật ký chuyển hồ sơ qua các cấp, mã băm từng bước và kết quả kiểm tra",
)
def proposal_trail(request: HttpRequest, proposal_id: int):
    require_perm(request, "org.access_backoffice")
    proposal = selectors.proposal_get_for(request.user, proposal_id)
    result = selectors.trail_of(proposal)
    for step in result.steps:
        step.broken = (step.proposal_id, step.seq) in result.check.broken_steps
    return {
        "proposal_id": proposal.pk,
        "intact": result.check.intact,
        "problems": result.check.problems,
        "steps": result.steps,
    }
