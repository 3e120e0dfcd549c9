"""Conflicts of interest in a session: members declare relations and their unit, the recusals
are fixed when voting opens, a recused member's ballot leaves the nominee out, and the quorum
and the threshold of that nominee count only the others."""

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures.council import AGREE, DISAGREE, items_by_nominee
from thidua.core.models import AuditLog
from thidua.council import services
from thidua.council.enums import BallotType, RecusalReason, RelationKind
from thidua.council.models import Recusal, SecretBallot, SecretVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(board, world, nominees, secretariat):
    """Members 6 and 7 work in commune A; member 2 is person B (of commune B); member 4 is
    married to person A."""
    m = board.members
    services.member_profile_set(actor=secretariat, member=m[6], person=None, unit=world.commune_a)
    services.member_profile_set(actor=secretariat, member=m[7], person=None, unit=world.commune_a)
    services.member_profile_set(actor=secretariat, member=m[2], person=world.person_b, unit=None)
    services.relation_declare(
        actor=m[4].user, member=m[4], person=world.person_a, kind=RelationKind.SPOUSE
    )
    return m


def _vote(session, member, choices_by_nominee, default=AGREE):
    """Choices for every electronic item the member is not recused on."""
    recused = services.recused_of(session)
    items = {
        i.nominee_id: i.pk
        for i in session.items.filter(rule__ballot_type__in=BallotType.electronic())
        if member.pk not in recused.get(i.pk, set())
    }
    choices = {pk: choices_by_nominee.get(n, default) for n, pk in items.items()}
    services.ballot_cast(actor=member.user, session=session, choices=choices)


def test_recusals_are_fixed_when_voting_opens(declared, session, nominees, world, secretariat):
    cols, inds = nominees
    services.attendance_set(actor=secretariat, session=session, present=declared[:8])
    services.session_open_voting(actor=secretariat, session=session)
    found = {
        (r.item.nominee_id, r.member_id): (r.reason, r.detail)
        for r in Recusal.objects.select_related("item")
    }
    m = declared
    assert found == {
        (cols[0].pk, m[6].pk): (RecusalReason.OWN_UNIT, ""),  # commune A itself
        (cols[0].pk, m[7].pk): (RecusalReason.OWN_UNIT, ""),
        (cols[1].pk, m[2].pk): (RecusalReason.OWN_UNIT, ""),  # person B's unit: commune B
        (inds[0].pk, m[4].pk): (RecusalReason.RELATIVE, "Vợ, chồng"),  # person A
        (inds[0].pk, m[6].pk): (RecusalReason.OWN_UNIT, ""),
        (inds[0].pk, m[7].pk): (RecusalReason.OWN_UNIT, ""),
        (inds[1].pk, m[2].pk): (RecusalReason.SELF, ""),  # person B
        (inds[2].pk, m[6].pk): (RecusalReason.OWN_UNIT, ""),  # a colleague in commune A
        (inds[2].pk, m[7].pk): (RecusalReason.OWN_UNIT, ""),
    }
    opened = AuditLog.objects.get(action="council.session.open_voting")
    assert str(m[4].pk) in str(opened.after["recusals"])


def test_declaring_is_frozen_while_voting_and_audited(declared, voting, world, board):
    assert AuditLog.objects.filter(action="council.relation.declare").count() == 1
    with pytest.raises(ValidationError, match="đang có phiên họp bỏ phiếu"):
        services.relation_declare(
            actor=board.members[1].user, member=board.members[1], person=world.person_b,
            kind=RelationKind.SIBLING,
        )  # fmt: skip


def test_a_relation_to_oneself_or_twice_is_refused(declared, world):
    m = declared
    with pytest.raises(ValidationError, match="chính thành viên"):
        services.relation_declare(
            actor=m[2].user, member=m[2], person=world.person_b, kind=RelationKind.OTHER
        )
    with pytest.raises(ValidationError, match="Đã khai báo"):
        services.relation_declare(
            actor=m[4].user, member=m[4], person=world.person_a, kind=RelationKind.CHILD
        )


def test_a_recused_member_cannot_vote_on_the_nominee(declared, voting, nominees):
    cols, _ = nominees
    item = items_by_nominee(voting)[cols[0].pk]
    everything = {i.pk: AGREE for i in voting.items.all()}
    with pytest.raises(ValidationError, match="không tham gia biểu quyết đối với Xã Yên Lạc"):
        services.ballot_cast(actor=declared[7].user, session=voting, choices=everything)
    assert not voting.receipts.exists()
    _vote(voting, declared[7], {})  # without the recused items: accepted
    assert voting.receipts.filter(member=declared[7]).exists()
    assert item in services.recused_of(voting)


def test_a_recusal_lowers_the_quorum_and_the_threshold_of_that_nominee(
    declared, voting, nominees, secretariat
):
    cols, inds = nominees
    m = declared
    # On commune A (2/3 of all members): members 0–4 agree, 5 disagrees; 6 and 7 are recused.
    for i in range(8):
        _vote(voting, m[i], {cols[0].pk: AGREE if i < 5 else DISAGREE})
    services.session_close_voting(actor=secretariat, session=voting)
    item = voting.items.get(nominee=cols[0])
    # 5 of the 7 members left (not 9): 2/3 × 7 → 5 needed, passed; unrecused it would fail (6)
    assert (item.votes_for, item.valid_ballots, item.taking_part) == (5, 6, 6)
    assert (item.needed, item.passed) == (5, True)
    assert item.reason.startswith("Đạt: 5/7 phiếu đồng ý, cần 5")
    t = services.tally(voting)[item.pk]
    assert (t["total"], t["recused"]) == (7, 2)
    other = voting.items.get(nominee=cols[2])  # nobody recused: 8 agree of 9
    assert (other.votes_for, other.needed) == (8, 6)


def test_after_closing_no_ballot_links_a_members_votes_when_someone_was_recused(
    declared, voting, nominees, secretariat
):
    for i in range(8):
        _vote(voting, declared[i], {})
    services.session_close_voting(actor=secretariat, session=voting)
    assert SecretBallot.objects.filter(session=voting, sealed__isnull=False).count() == 0
    per_ballot = {b.pk: b.votes.count() for b in SecretBallot.objects.filter(session=voting)}
    assert set(per_ballot.values()) == {1}
    # 8 ballots × 7 nominees, less the 9 recusals (all of present members)
    assert SecretVote.objects.filter(ballot__session=voting).count() == 8 * 7 - 9


def test_a_paper_tally_cannot_count_a_recused_members_vote(
    declared, session, nominees, secretariat, rules, forms
):
    collective, _ = forms
    rule = rules[0]
    rule.ballot_type = BallotType.PAPER
    rule.save()
    services.attendance_set(actor=secretariat, session=session, present=declared[:8])
    services.session_open_voting(actor=secretariat, session=session)
    cols, _ = nominees
    counts = {str(session.items.get(nominee=n).pk): 6 for n in cols}
    counts[str(session.items.get(nominee=cols[0]).pk)] = 7  # 8 valid, 2 present recused → ≤ 6
    with pytest.raises(ValidationError, match="không quá 6"):
        services.paper_tally_enter(
            actor=secretariat, session=session, award_form=collective, issued=8, returned=8,
            valid=8, votes_for=counts,
        )  # fmt: skip
    counts[str(session.items.get(nominee=cols[0]).pk)] = 5
    services.paper_tally_enter(
        actor=secretariat, session=session, award_form=collective, issued=8, returned=8,
        valid=8, votes_for=counts,
    )  # fmt: skip
    t = services.tally(session)[session.items.get(nominee=cols[0]).pk]
    assert (t["for"], t["valid"], t["taking_part"], t["total"]) == (5, 6, 6, 7)
