"""Demo stage `council`: the district council (9 voting members and a secretary) met with 8
present, voted by secret ballot on the accepted, eligible nominees, closed, had one tie at the
quota's cut resolved by the chair, and staged its proposed list (pending the decision). The
minutes are generated on demand from the stored results."""

import datetime as dt
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import Campaign
from thidua.council import services
from thidua.council.enums import BallotType, Choice, CouncilRole, Denominator, SessionState
from thidua.council.models import Council, CouncilSession
from thidua.demo.org_data import DEMO_PASSWORD
from thidua.nominations.selectors import nominees_for_council
from thidua.org.enums import Role
from thidua.org.services import role_grant

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng huyện Nguyên Bình"
# (username, full name, title, role); chutich and hoidong are demo accounts already.
MEMBERS = [
    ("chutich", "Bế Văn Thắng", "Chủ tịch UBND huyện", CouncilRole.CHAIR),
    ("hoidong.pct", "Hoàng Văn Thịnh", "Phó Chủ tịch UBND huyện", CouncilRole.VICE_CHAIR),
    ("hoidong", "Đàm Văn Quân", "Trưởng phòng Nội vụ", CouncilRole.VICE_CHAIR),
    ("hoidong.vp", "Nông Thị Hạnh", "Chánh Văn phòng HĐND và UBND huyện", CouncilRole.MEMBER),
    ("hoidong.tckh", "Lục Văn Đức", "Trưởng phòng Tài chính – Kế hoạch", CouncilRole.MEMBER),
    ("hoidong.tp", "Bế Thị Mai", "Trưởng phòng Tư pháp", CouncilRole.MEMBER),
    ("hoidong.vhtt", "Triệu Văn Sơn", "Trưởng phòng Văn hóa và Thông tin", CouncilRole.MEMBER),
    ("hoidong.ldld", "Lý Thị Hồng", "Chủ tịch Liên đoàn Lao động huyện", CouncilRole.MEMBER),
    ("hoidong.mttq", "Sầm Thị Ngọc", "Phó Chủ tịch Ủy ban MTTQ huyện", CouncilRole.MEMBER),
]
SECRETARY = ("noivu", "Chuyên viên Phòng Nội vụ")
ABSENT_NOTE = "Đi công tác"
TIE_REASON = (
    "Hai trường hợp bằng số phiếu đồng ý tại ranh giới số lượng; Chủ tịch Hội đồng chọn trường "
    "hợp có sáng kiến cải cách thủ tục hành chính được áp dụng rộng rãi hơn."
)


def _user(username: str, full_name: str, unit):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        family, _, given = full_name.rpartition(" ")
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=given,
            last_name=family,
            email=f"{username}@nguyenbinh.example.vn",
        )
        role_grant(actor=None, user=user, role=Role.COUNCIL_MEMBER, unit=unit)
    return user


def _council(campaign: Campaign) -> Council:
    council = Council.objects.filter(issuer=campaign.issuer, name=COUNCIL_NAME).first()
    if council is not None:
        return council
    council = services.council_create(
        actor=None,
        issuer=campaign.issuer,
        name=COUNCIL_NAME,
        valid_from=campaign.period_start,
        established_by="Quyết định số 15/QĐ-UBND",
    )
    for i, (username, name, title, role) in enumerate(MEMBERS):
        services.member_add(
            actor=None,
            council=council,
            user=_user(username, name, council.issuer),
            full_name=name,
            title=title,
            role=role,
            position=i,
        )
    secretary = get_user_model().objects.filter(username=SECRETARY[0]).first()
    if secretary is not None:
        name = f"{secretary.last_name} {secretary.first_name}".strip() or secretary.username
        services.member_add(
            actor=None,
            council=council,
            user=secretary,
            full_name=name,
            title=SECRETARY[1],
            role=CouncilRole.SECRETARY,
            position=20,
        )
    return council


def _rules(campaign: Campaign, day: dt.date) -> None:
    for form in campaign.award_forms.all():
        level = campaign.issuer.kind
        if services.rule_in_force(
            form_kind=form.legal_kind, subject_type=form.subject_type, level=level, day=day
        ):
            continue
        collective = form.subject_type == SubjectType.COLLECTIVE
        services.pass_rule_set(
            actor=None,
            form_kind=form.legal_kind,
            subject_type=form.subject_type,
            level=level,
            ballot_type=BallotType.SECRET,
            denominator=Denominator.ALL_MEMBERS,
            threshold=Fraction(2, 3),
            quorum=Fraction(2, 3),
            written_votes=False,
            # collectives: the published PAR INDEX, then the time of submission; individuals:
            # equal votes at the cut go to the chair's decision
            tie_breakers=["par_index", "submitted_at"] if collective else [],
            basis="Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng huyện",
            valid_from=campaign.period_start,
        )


def _plan(items, quota: int | None, par: dict, *, mode: str) -> dict[int, int]:
    """Votes (of 8 present) per agenda item: a clear head, two items with equal votes at the
    quota's cut, a tail that passes outside the quota or fails.

    mode "tie": any two (their rule has no tie-breaker: the chair will decide);
    mode "par": two with different published PAR indexes (the index decides);
    mode "plain" (or no such pair): nobody equal at the cut."""
    items = list(items)
    if quota is None or quota == 0 or len(items) <= quota:
        votes = {i.pk: 8 for i in items}
        if len(items) > 1:
            votes[items[-1].pk] = 4  # below 2/3 of 9: shown as not passed
        return votes
    pair = None
    if mode == "tie":
        pair = (items[quota - 1], items[quota])
    elif mode == "par":
        value = {i.pk: par.get(i.nominee_id) for i in items}
        pair = next(
            (
                (a, b)
                for k, a in enumerate(items)
                for b in items[k + 1 :]
                if None not in (value[a.pk], value[b.pk]) and value[a.pk] != value[b.pk]
            ),
            None,
        )
    if pair is None:
        return {i.pk: 8 if k < quota else (6 if k % 2 else 5) for k, i in enumerate(items)}
    rest = [i for i in items if i not in pair]
    items = rest[: quota - 1] + list(pair) + rest[quota - 1 :]
    return {
        i.pk: 8 if k < quota - 1 else 7 if k <= quota else (6 if k % 2 else 5)
        for k, i in enumerate(items)
    }


# The council of the 2023 campaign meets after the dossiers (January 2024), before the decision.
HELD_ON = dt.date(2024, 1, 26)


@transaction.atomic
def build_council(campaign: Campaign) -> str:
    """Idempotent: a campaign that already has a closed session is left as it is."""

    done = CouncilSession.objects.filter(
        campaign=campaign, state__in=SessionState.with_results()
    ).first()
    if done is not None:
        return f"đã có phiên họp ngày {done.held_on:%d/%m/%Y}"
    today = HELD_ON
    council = _council(campaign)
    _rules(campaign, today)
    nominees = list(nominees_for_council(campaign=campaign))
    if not nominees:
        return "không có hồ sơ nào đã tiếp nhận và đủ tiêu chuẩn để đưa ra Hội đồng"
    secretary = council.members.filter(role=CouncilRole.SECRETARY).first()
    actor = secretary.user if secretary else None
    session = services.session_create(
        actor=actor,
        council=council,
        campaign=campaign,
        held_on=today,
        starts_at=dt.time(8, 0),
        place="Hội trường UBND huyện Nguyên Bình",
    )
    services.agenda_set(actor=actor, session=session, nominees=nominees)
    voters = services.voting_members(council, today)
    services.attendance_set(
        actor=actor, session=session, present=voters[:8], notes={voters[8].pk: ABSENT_NOTE}
    )
    services.session_open_voting(actor=actor, session=session)
    items = list(session.items.select_related("rule", "award_form", "nominee"))
    par = services.par_index_of(session, items)
    votes: dict[int, int] = {}
    tie_made = False
    for form_id in dict.fromkeys(i.award_form_id for i in items):
        group = [i for i in items if i.award_form_id == form_id]
        breakers = group[0].rule.tie_breakers
        mode = "par" if "par_index" in breakers else "plain" if breakers or tie_made else "tie"
        tie_made |= mode == "tie"
        votes |= _plan(group, group[0].award_form.quota, par, mode=mode)
    for k, member in enumerate(voters[:8]):
        choices = {pk: Choice.AGREE if k < n else Choice.DISAGREE for pk, n in votes.items()}
        services.ballot_cast(actor=member.user, session=session, choices=choices)
    services.session_close_voting(actor=actor, session=session, par_index=par)
    chair = council.members.filter(role=CouncilRole.CHAIR).select_related("user").first()
    ties = services.ties_open(session)
    for tied in ties.values():
        services.tie_resolve(
            actor=chair.user,
            session=session,
            award_form=tied[0].award_form,
            order=[i.pk for i in reversed(tied)],
            reason=TIE_REASON,
        )
    proposed = services.session_stage_outcomes(actor=actor, session=session)
    return (
        f"phiên họp ngày {today:%d/%m/%Y}: {len(items)} trường hợp, 8/9 thành viên có mặt, "
        f"{proposed} được đề nghị khen thưởng, {len(ties)} trường hợp bằng phiếu tại ranh "
        f"giới do Chủ tịch Hội đồng quyết định"
    )
