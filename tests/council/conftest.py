"""A council of 9 voting members (chair, vice chair, 7 members) and a secretary, over the
district; a campaign with a collective form (quota 2, secret ballot, ≥ 2/3 of all members,
ties by PAR index then submission time) and an individual form (quota 3, secret ballot, > 1/2
of valid ballots); accepted, eligible nominees."""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import pytest
from django.utils import timezone

from tests.campaigns.conftest import _private_media, draft  # noqa: F401
from tests.factories import UserFactory, make_person, make_unit
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import DossierScope, SubjectType
from thidua.campaigns.models import AwardForm
from thidua.council import services
from thidua.council.enums import BallotType, Choice, CouncilRole, Denominator
from thidua.council.models import Council, CouncilMember, CouncilSession
from thidua.nominations.enums import NomineeState, ProposalState
from thidua.nominations.models import Nominee, Proposal

HELD_ON = dt.date(2024, 1, 20)
AGREE, DISAGREE = Choice.AGREE, Choice.DISAGREE


@dataclass
class Board:
    council: Council
    chair: CouncilMember
    members: list[CouncilMember]  # the 9 voting members, chair first
    secretary: CouncilMember


@pytest.fixture
def campaign(draft, secretariat):  # noqa: F811
    campaign_services.award_form_add(
        actor=secretariat,
        campaign=draft,
        name="Giấy khen của Chủ tịch UBND huyện",
        legal_kind="GIAY_KHEN_CHU_TICH_HUYEN",
        subject_type=SubjectType.INDIVIDUAL,
        quota=3,
        checklist=[("Báo cáo thành tích.", DossierScope.PER_NOMINEE)],
    )
    return draft


@pytest.fixture
def forms(campaign):
    collective, individual = sorted(campaign.award_forms.all(), key=lambda f: f.pk)
    # a small quota so that the cut falls among four collectives
    AwardForm.objects.filter(pk=collective.pk).update(quota=2)
    collective.refresh_from_db()
    return collective, individual


@pytest.fixture
def rules(forms, secretariat):
    collective, individual = forms
    return (
        services.pass_rule_set(
            actor=secretariat,
            form_kind=collective.legal_kind,
            subject_type=collective.subject_type,
            ballot_type=BallotType.SECRET,
            denominator=Denominator.ALL_MEMBERS,
            threshold=Fraction(2, 3),
            quorum=Fraction(2, 3),
            tie_breakers=["par_index", "submitted_at"],
            basis="Quy chế hoạt động của Hội đồng",
            valid_from=dt.date(2023, 1, 1),
        ),
        services.pass_rule_set(
            actor=secretariat,
            form_kind=individual.legal_kind,
            subject_type=individual.subject_type,
            ballot_type=BallotType.SECRET,
            denominator=Denominator.VALID_BALLOTS,
            threshold=Fraction(1, 2),
            strict=True,
            quorum=Fraction(1, 2),
            valid_from=dt.date(2023, 1, 1),
        ),
    )


MEMBER_NAMES = [
    "Đào Nguyên Phong",
    "Hoàng Văn Thịnh",
    "Nông Thị Hạnh",
    "Lục Văn Đức",
    "Bế Thị Mai",
    "Triệu Văn Sơn",
    "Lý Thị Hồng",
    "Đàm Văn Quý",
    "Sầm Thị Ngọc",
]


@pytest.fixture
def board(world, chair, council_member) -> Board:
    council = services.council_create(
        actor=None,
        issuer=world.district,
        name="Hội đồng Thi đua – Khen thưởng huyện Nguyên Bình",
        valid_from=dt.date(2023, 1, 1),
        established_by="Quyết định số 15/QĐ-UBND",
    )
    users = [chair, council_member] + [UserFactory(username=f"uyvien{i}") for i in range(7)]
    roles = [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR] + [CouncilRole.MEMBER] * 7
    members = [
        services.member_add(actor=None, council=council, user=u, full_name=n, role=r, position=i)
        for i, (u, n, r) in enumerate(zip(users, MEMBER_NAMES, roles, strict=True))
    ]
    secretary = services.member_add(
        actor=None,
        council=council,
        user=UserFactory(username="thuky"),
        full_name="Hà Thị Thu",
        role=CouncilRole.SECRETARY,
        title="Chuyên viên Phòng Nội vụ",
        position=20,
    )
    return Board(council, members[0], members, secretary)


def _aware(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def make_nominee(campaign, award_form, unit, person=None, *, submitted_at=None) -> Nominee:
    """An accepted, eligible nominee (the nominations app's end state, made directly)."""
    proposal, _ = Proposal.objects.get_or_create(
        campaign=campaign,
        unit=unit if person is None else person.unit,
        defaults={
            "state": ProposalState.ACCEPTED,
            "submitted_at": _aware(2024, 1, 5, 8),
            "version": 1,
        },
    )
    return Nominee.objects.create(
        proposal=proposal,
        award_form=award_form,
        subject_type=award_form.subject_type,
        unit=unit,
        person=person,
        state=NomineeState.ACCEPTED,
        eligible=True,
        submitted_at=submitted_at or _aware(2024, 1, 5, 8),
        achievement="Hoàn thành xuất sắc nhiệm vụ cải cách hành chính.",
    )


@pytest.fixture
def nominees(world, campaign, forms):
    """Four collectives and three individuals."""
    collective, individual = forms
    units = [world.commune_a, world.commune_b] + [
        make_unit(n, parent=world.district) for n in ("Xã Vũ Nông", "Xã Minh Tâm")
    ]
    cols = [
        make_nominee(campaign, collective, u, submitted_at=_aware(2024, 1, 5, 8 + i))
        for i, u in enumerate(units)
    ]
    people = [world.person_a, world.person_b, make_person(world.commune_a, "Lương Văn Khánh")]
    inds = [make_nominee(campaign, individual, p.unit, p) for p in people]
    return cols, inds


@pytest.fixture
def session(board, campaign, rules, nominees, secretariat) -> CouncilSession:
    session = services.session_create(
        actor=secretariat,
        council=board.council,
        campaign=campaign,
        held_on=HELD_ON,
        place="Hội trường UBND huyện Nguyên Bình",
    )
    cols, inds = nominees
    services.agenda_set(actor=secretariat, session=session, nominees=cols + inds)
    return session


@pytest.fixture
def voting(session, board, secretariat) -> CouncilSession:
    """8 of 9 present (the last member absent), voting open."""
    services.attendance_set(
        actor=secretariat,
        session=session,
        present=board.members[:8],
        notes={board.members[8].pk: "Đi công tác"},
    )
    services.session_open_voting(actor=secretariat, session=session)
    session.refresh_from_db()
    return session


def items_by_nominee(session) -> dict[int, int]:
    return {i.nominee_id: i.pk for i in session.items.all()}


def cast(session, member, votes: dict) -> None:
    """votes: nominee → choice; every other agenda item gets AGREE."""
    by_nominee = {
        i.nominee_id: i.pk
        for i in session.items.filter(rule__ballot_type__in=BallotType.electronic())
    }
    choices = {pk: AGREE for pk in by_nominee.values()}
    choices |= {by_nominee[n.pk]: c for n, c in votes.items()}
    services.ballot_cast(actor=member.user, session=session, choices=choices)
