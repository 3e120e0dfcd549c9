"""Council sessions (phiên họp Hội đồng Thi đua – Khen thưởng): read only, through the same
permission as the web console (council.selectors.session_get_for). A session outside the
reader's reach is a 404, like an unknown id. Secret ballots are reported as counts only."""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from thidua.api.schemas import SignedDocumentOut, signed_document_out
from thidua.council import minutes_signing, selectors
from thidua.council.enums import BallotType, Denominator, SessionState

router = Router(tags=["Hội đồng Thi đua – Khen thưởng"])


class MemberOut(Schema):
    id: int
    full_name: str
    title: str
    role: str
    present: bool | None


class RuleOut(Schema):
    award_form_id: int
    award_form: str
    quota: int | None
    ballot_type: BallotType
    denominator: Denominator
    threshold: str  # exact fraction, "2/3"
    strict: bool
    quorum: str
    written_votes: bool
    text: str


class ItemOut(Schema):
    """One matter put to the vote: a ballot names it by `id`."""

    id: int
    nominee_id: int
    name: str
    unit: str
    award_form_id: int
    award_form: str


class SessionOut(Schema):
    id: int
    council: str
    campaign_id: int
    held_on: dt.date
    place: str
    state: SessionState
    members_total: int
    members_present: int
    ballots_cast: int
    written_votes: int
    nominees: int
    members: list[MemberOut]
    rules: list[RuleOut]
    items: list[ItemOut]
    minutes: SignedDocumentOut | None = Field(
        description="biên bản họp đã phát hành và chữ ký số; null khi chưa phát hành"
    )


class ResultOut(Schema):
    nominee_id: int
    name: str
    unit: str
    award_form_id: int
    votes_for: int
    votes_against: int
    valid_ballots: int
    needed: int | None
    passed: bool
    rank: int | None
    within_quota: bool | None  # null: tied across the cut, awaiting the chair's decision
    reason: str


def _fraction(num: int, den: int) -> str:
    return f"{num}/{den}"


@router.get(
    "/council-sessions/{session_id}",
    response=SessionOut,
    summary="Một phiên họp: thành phần, điểm danh, quy tắc xét chọn, tiến độ bỏ phiếu",
)
def session_detail(request: HttpRequest, session_id: int):
    session = selectors.session_get_for(request.user, session_id)
    attendance = {a.member_id: a.present for a in selectors.attendance(session)}
    progress = selectors.progress(session)
    items = selectors.agenda(session)
    rules = {i.award_form_id: i for i in items if i.rule}
    issued = minutes_signing.issued_minutes_of(session)
    return {
        "minutes": signed_document_out(issued.document, minutes_signing.minutes_signatures(session))
        if issued
        else None,
        "id": session.pk,
        "council": session.council.name,
        "campaign_id": session.campaign_id,
        "held_on": session.held_on,
        "place": session.place,
        "state": session.state,
        "members_total": progress.total,
        "members_present": progress.present,
        "ballots_cast": progress.voted,
        "written_votes": progress.written,
        "nominees": len(items),
        "members": [
            {
                "id": m.pk,
                "full_name": m.full_name,
                "title": m.title,
                "role": m.role,
                "present": attendance.get(m.pk),
            }
            for m in session.council.members.all()
            if m.is_valid_on(session.held_on)
        ],
        "rules": [
            {
                "award_form_id": i.award_form_id,
                "award_form": i.award_form.name,
                "quota": i.award_form.quota,
                "ballot_type": i.rule.ballot_type,
                "denominator": i.rule.denominator,
                "threshold": _fraction(i.rule.threshold_num, i.rule.threshold_den),
                "strict": i.rule.strict,
                "quorum": _fraction(i.rule.quorum_num, i.rule.quorum_den),
                "written_votes": i.rule.written_votes,
                "text": i.rule.rule_text,
            }
            for i in rules.values()
        ],
        "items": [
            {
                "id": i.pk,
                "nominee_id": i.nominee_id,
                "name": i.nominee.display_name,
                "unit": i.nominee.unit.name,
                "award_form_id": i.award_form_id,
                "award_form": i.award_form.name,
            }
            for i in items
        ],
    }


@router.get(
    "/council-sessions/{session_id}/results",
    response=list[ResultOut],
    summary="Kết quả: số phiếu đồng ý, không đồng ý, đạt hay không, xếp hạng, trong số lượng",
    description="Chỉ có sau khi kết thúc bỏ phiếu (404 trước đó).",
)
def session_results(request: HttpRequest, session_id: int):
    session = selectors.session_get_for(request.user, session_id)
    if session.state not in SessionState.with_results():
        raise Http404("Kết quả chỉ có sau khi kết thúc bỏ phiếu.")
    return [
        {
            "nominee_id": i.nominee_id,
            "name": i.nominee.display_name,
            "unit": i.nominee.unit.name,
            "award_form_id": i.award_form_id,
            "votes_for": i.votes_for or 0,
            "votes_against": i.votes_against or 0,
            "valid_ballots": i.valid_ballots or 0,
            "needed": i.needed,
            "passed": bool(i.passed),
            "rank": i.rank,
            "within_quota": i.within_quota if i.passed else False,
            "reason": i.reason,
        }
        for g in selectors.results(session)
        for i in g.items
    ]
