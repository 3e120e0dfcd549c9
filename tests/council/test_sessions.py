"""A session from roll call to staged outcomes: secret ballot, pass rules, ranking under the
quota, the chair's tie decision, and everything that must be refused with nothing counted."""

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from tests.fixtures.council import AGREE, DISAGREE, HELD_ON, cast, items_by_nominee
from thidua.core.models import AuditLog
from thidua.council import services
from thidua.council.enums import BallotType, Denominator, SessionState
from thidua.council.models import (
    AgendaItem,
    BallotReceipt,
    OpenVote,
    SecretBallot,
    SecretVote,
    TieDecision,
)
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.models import Nominee
from thidua.nominations.selectors import nominees_staged

pytestmark = pytest.mark.django_db


def _vote_all(session, board, nominees, plan):
    """plan: nominee → number of the 8 present members agreeing (the first n agree)."""
    for k, member in enumerate(board.members[:8]):
        cast(session, member, {n: AGREE if k < agree else DISAGREE for n, agree in plan.items()})


def _results(session):
    return {
        i.nominee_id: (
            i.votes_for,
            i.votes_against,
            i.valid_ballots,
            i.needed,
            i.passed,
            i.rank,
            i.within_quota,
        )
        for i in session.items.all()
    }


def test_secret_ballot_pass_rules_and_ranking_under_the_quota(voting, board, nominees, secretariat):
    (c0, c1, c2, c3), (i0, i1, i2) = nominees
    _vote_all(voting, board, nominees, {c0: 8, c1: 6, c2: 6, c3: 5, i0: 8, i1: 4, i2: 5})

    services.session_close_voting(
        actor=secretariat, session=voting, par_index={c1.pk: 91.5, c2.pk: 88.0}
    )

    # collectives: ≥ 2/3 of all 9 members → 6; quota 2; c1 beats c2 on the PAR index
    # individuals: > 1/2 of 8 valid ballots → 5; quota 3
    assert _results(voting) == {
        c0.pk: (8, 0, 8, 6, True, 1, True),
        c1.pk: (6, 2, 8, 6, True, 2, True),
        c2.pk: (6, 2, 8, 6, True, 3, False),
        c3.pk: (5, 3, 8, 6, False, None, False),
        i0.pk: (8, 0, 8, 5, True, 1, True),
        i1.pk: (4, 4, 8, 5, False, None, False),
        i2.pk: (5, 3, 8, 5, True, 2, True),
    }
    item_c1 = voting.items.get(nominee=c1)
    assert (item_c1.decided_by, item_c1.tie_values["par_index"]) == ("par_index", 91.5)
    assert voting.items.get(nominee=c3).reason == (
        "Không đạt: 5/9 phiếu đồng ý, cần 6 (từ 2/3 tổng số thành viên Hội đồng trở lên)."
    )
    voting.refresh_from_db()
    assert voting.state == SessionState.CLOSED


def test_tallies_are_reproducible_from_the_stored_votes(voting, board, nominees, secretariat):
    (c0, c1, c2, c3), (i0, i1, i2) = nominees
    _vote_all(voting, board, nominees, {c0: 7, c1: 3, c2: 6, c3: 0, i0: 8, i1: 1, i2: 5})
    services.session_close_voting(actor=secretariat, session=voting)

    recount = services.tally(voting)

    for item in voting.items.all():
        t = recount[item.pk]
        assert (t["for"], t["against"], t["valid"]) == (
            item.votes_for,
            item.votes_against,
            item.valid_ballots,
        )
        agree = SecretVote.objects.filter(item=item, choice=AGREE).count()
        assert agree == item.votes_for
    assert SecretBallot.objects.filter(session=voting).count() == 8
    assert SecretVote.objects.filter(ballot__session=voting).count() == 8 * 7


def test_nothing_stored_links_a_secret_vote_to_a_member(voting, board, nominees, secretariat):
    (c0, *_), _ = nominees
    cast(voting, board.members[0], {c0: DISAGREE})
    cast(voting, board.members[1], {})
    keys_while_open = set(SecretBallot.objects.values_list("pk", flat=True))

    # the ballot tables hold a random key, the session, the item and the choice — nothing else
    assert {f.name for f in SecretBallot._meta.concrete_fields} == {"id", "session", "sealed"}
    assert {f.name for f in SecretVote._meta.concrete_fields} == {"id", "ballot", "item", "choice"}
    # the receipt says who voted, without a time or anything pointing at a ballot
    assert {f.name for f in BallotReceipt._meta.concrete_fields} == {
        "id",
        "session",
        "member",
        "written",
    }
    assert sorted(BallotReceipt.objects.values_list("member_id", flat=True)) == sorted(
        [board.members[0].pk, board.members[1].pk]
    )
    # the audit rows of the casts name the member and never the choices
    casts = AuditLog.objects.filter(action="council.ballot.cast").order_by("id")
    assert [a.after for a in casts] == [
        {"member": board.members[0].pk},
        {"member": board.members[1].pk},
    ]
    assert all(a.before is None and a.note == "" for a in casts)
    # no open (named) vote was written for secret items
    assert OpenVote.objects.count() == 0

    services.session_close_voting(actor=secretariat, session=voting)

    # closing rewrites the ballots under new random keys in a random order
    keys_after = set(SecretBallot.objects.values_list("pk", flat=True))
    assert len(keys_after) == 2 and not keys_after & keys_while_open
    item = voting.items.get(nominee=c0)
    assert (item.votes_for, item.votes_against) == (1, 1)


def test_a_member_cannot_vote_twice_and_the_second_ballot_is_not_counted(voting, board):
    cast(voting, board.members[0], {})
    with pytest.raises(ValidationError) as exc:
        cast(voting, board.members[0], {})

    assert exc.value.messages == [services.ALREADY_VOTED]
    assert BallotReceipt.objects.count() == 1
    assert SecretBallot.objects.count() == 1


def test_absent_member_non_member_and_secretary_cannot_vote(voting, board, focal_a, secretariat):
    for user, message in [
        (board.members[8].user, services.ABSENT),
        (focal_a, services.NOT_A_MEMBER),
        (board.secretary.user, services.NOT_A_MEMBER),
        (secretariat, services.NOT_A_MEMBER),
    ]:
        choices = {pk: AGREE for pk in items_by_nominee(voting).values()}
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(actor=user, session=voting, choices=choices)
        assert exc.value.messages == [message]
    assert BallotReceipt.objects.count() == 0 and SecretVote.objects.count() == 0


def test_a_nominee_not_on_the_agenda_or_a_missing_choice_is_refused(voting, board, nominees):
    choices = {pk: AGREE for pk in items_by_nominee(voting).values()}
    with pytest.raises(ValidationError, match="không thuộc nội dung xét"):
        services.ballot_cast(
            actor=board.members[0].user, session=voting, choices=choices | {10**6: AGREE}
        )
    first = next(iter(choices))
    with pytest.raises(ValidationError, match="Phiếu chưa biểu quyết cho 1 trường hợp"):
        services.ballot_cast(
            actor=board.members[0].user,
            session=voting,
            choices={k: v for k, v in choices.items() if k != first},
        )
    with pytest.raises(ValidationError, match="chỉ chọn Đồng ý hoặc Không đồng ý"):
        services.ballot_cast(
            actor=board.members[0].user, session=voting, choices=choices | {first: "maybe"}
        )
    assert BallotReceipt.objects.count() == 0 and SecretVote.objects.count() == 0


def test_voting_before_opening_or_after_closing_is_refused(session, board, secretariat):
    services.attendance_set(actor=secretariat, session=session, present=board.members)
    choices = {pk: AGREE for pk in items_by_nominee(session).values()}
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(actor=board.members[0].user, session=session, choices=choices)
    assert exc.value.messages == [services.NOT_VOTING]

    services.session_open_voting(actor=secretariat, session=session)
    services.session_close_voting(actor=secretariat, session=session)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(actor=board.members[0].user, session=session, choices=choices)

    assert exc.value.messages == [services.NOT_VOTING]
    assert BallotReceipt.objects.count() == 0


def test_voting_does_not_open_without_quorum(session, board, secretariat):
    services.attendance_set(actor=secretariat, session=session, present=board.members[:5])

    with pytest.raises(ValidationError) as exc:
        services.session_open_voting(actor=secretariat, session=session)

    assert exc.value.messages == [
        "Không đủ số thành viên dự họp để xét Giấy khen của Chủ tịch UBND huyện: có mặt 5/9, "
        "cần ít nhất 6. Điểm danh lại khi đủ thành viên (mục Điểm danh của phiên họp) hoặc dời "
        "ngày họp."
    ]
    session.refresh_from_db()
    assert session.state == SessionState.DRAFT


def test_agenda_takes_only_accepted_eligible_nominees_of_the_campaign(
    session, nominees, secretariat
):
    (c0, *_), _ = nominees
    Nominee.objects.filter(pk=c0.pk).update(eligible=False)

    with pytest.raises(ValidationError, match="đã được tiếp nhận và đủ tiêu chuẩn"):
        services.agenda_set(actor=secretariat, session=session, nominees=[c0])
    assert session.items.count() == 7


def _tie_setup(voting, board, nominees, secretariat):
    (c0, c1, c2, c3), (i0, i1, i2) = nominees
    # c1 and c2 equal in votes, PAR index and submission time: a tie across the cut (quota 2)
    Nominee.objects.filter(pk=c2.pk).update(submitted_at=c1.submitted_at)
    _vote_all(voting, board, nominees, {c0: 8, c1: 7, c2: 7, c3: 7, i0: 8, i1: 8, i2: 8})
    services.session_close_voting(
        actor=secretariat, session=voting, par_index={c1.pk: 88.0, c2.pk: 88.0, c3.pk: 80.0}
    )
    return c0, c1, c2, c3


def test_a_tie_across_the_cut_is_shown_and_blocks_staging(voting, board, nominees, secretariat):
    c0, c1, c2, c3 = _tie_setup(voting, board, nominees, secretariat)

    rows = {i.nominee_id: (i.rank, i.within_quota) for i in voting.items.all()}
    assert [rows[n.pk] for n in (c0, c1, c2, c3)] == [(1, True), (2, None), (2, None), (4, False)]
    assert [i.nominee_id for i in services.ties_open(voting)[c1.award_form_id]] == [c1.pk, c2.pk]
    with pytest.raises(ValidationError, match="chưa được Chủ tịch Hội đồng quyết định"):
        services.session_stage_outcomes(actor=secretariat, session=voting)
    assert Nominee.objects.filter(council_outcome=CouncilOutcome.PROPOSED).count() == 0


def test_only_the_chair_resolves_a_tie_with_a_reason_and_it_is_audited(
    voting, board, nominees, secretariat
):
    c0, c1, c2, c3 = _tie_setup(voting, board, nominees, secretariat)
    item = items_by_nominee(voting)
    form = c1.award_form
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch Hội đồng"):
        services.tie_resolve(
            actor=board.members[1].user,
            session=voting,
            award_form=form,
            order=[item[c2.pk], item[c1.pk]],
            reason="x",
        )
    with pytest.raises(ValidationError, match="đúng và đủ"):
        services.tie_resolve(
            actor=board.chair.user,
            session=voting,
            award_form=form,
            order=[item[c2.pk], item[c3.pk]],
            reason="x",
        )
    assert TieDecision.objects.count() == 0

    services.tie_resolve(
        actor=board.chair.user,
        session=voting,
        award_form=form,
        order=[item[c2.pk], item[c1.pk]],
        reason="Xã Ca Thành có nhiều mô hình CCHC được nhân rộng.",
    )

    rows = {i.nominee_id: (i.rank, i.within_quota, i.decided_by) for i in voting.items.all()}
    assert rows[c2.pk] == (2, True, "decision") and rows[c1.pk] == (3, False, "decision")
    audit = AuditLog.objects.get(action="council.session.tie_resolve")
    assert (audit.actor_id, audit.note) == (
        board.chair.user.pk,
        "Xã Ca Thành có nhiều mô hình CCHC được nhân rộng.",
    )


def test_staging_writes_the_outcome_onto_the_nominees_through_nominations(
    voting, board, nominees, secretariat, campaign
):
    (c0, c1, c2, c3), (i0, i1, i2) = nominees
    _vote_all(voting, board, nominees, {c0: 8, c1: 6, c2: 6, c3: 5, i0: 8, i1: 4, i2: 5})
    services.session_close_voting(
        actor=secretariat, session=voting, par_index={c1.pk: 91.5, c2.pk: 88.0}
    )

    proposed = services.session_stage_outcomes(actor=secretariat, session=voting)

    assert proposed == 4
    staged = [(n.pk, n.council_votes, n.council_rank) for n in nominees_staged(campaign=campaign)]
    assert staged == [(c0.pk, 8, 1), (c1.pk, 6, 2), (i0.pk, 8, 1), (i2.pk, 5, 2)]
    assert Nominee.objects.get(pk=c2.pk).council_outcome == CouncilOutcome.NOT_PROPOSED
    assert Nominee.objects.get(pk=i1.pk).council_outcome == CouncilOutcome.NOT_PROPOSED
    assert AuditLog.objects.filter(action="nominations.nominee.stage_council_outcome").count() == 7
    voting.refresh_from_db()
    assert voting.state == SessionState.STAGED


def test_absent_members_written_vote_counts_where_the_rule_allows_it(
    session, board, nominees, forms, secretariat
):
    collective, individual = forms
    # 90 % of all members, absent members vote in writing (91/2017 Điều 45 k.8)
    services.pass_rule_set(
        actor=secretariat,
        form_kind=collective.legal_kind,
        subject_type=collective.subject_type,
        ballot_type=BallotType.SECRET,
        denominator=Denominator.ALL_MEMBERS,
        threshold=Fraction(9, 10),
        written_votes=True,
        quorum=Fraction(2, 3),
        valid_from=dt.date(2024, 1, 1),
    )
    cols, inds = nominees
    services.agenda_set(actor=secretariat, session=session, nominees=cols + inds)
    services.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=session)
    for member in board.members[:8]:
        cast(session, member, {})
    absent = board.members[8]
    col_items = [i.pk for i in session.items.filter(award_form=collective)]
    with pytest.raises(ValidationError, match="chỉ dành cho thành viên vắng mặt"):
        services.ballot_cast_written(
            actor=secretariat,
            session=session,
            member=board.members[0],
            choices={pk: AGREE for pk in col_items},
        )

    services.ballot_cast_written(
        actor=secretariat, session=session, member=absent, choices={pk: AGREE for pk in col_items}
    )
    services.session_close_voting(actor=secretariat, session=session)

    item = session.items.get(nominee=cols[0])
    # 9 of 9 with the written vote: 90 % of 9 is 9 (8.1 up)
    assert (item.votes_for, item.taking_part, item.needed, item.passed) == (9, 9, 9, True)
    ind = session.items.get(nominee=inds[0])
    assert (ind.votes_for, ind.taking_part) == (8, 8)  # the individual form takes no written votes
    assert BallotReceipt.objects.get(member=absent).written is True


def test_paper_ballot_entered_by_the_secretary(session, board, nominees, forms, secretariat):
    collective, individual = forms
    services.pass_rule_set(
        actor=secretariat,
        form_kind=individual.legal_kind,
        subject_type=individual.subject_type,
        ballot_type=BallotType.PAPER,
        denominator=Denominator.VALID_BALLOTS,
        threshold=Fraction(1, 2),
        strict=True,
        valid_from=dt.date(2024, 1, 1),
    )
    cols, (i0, i1, i2) = nominees
    services.agenda_set(actor=secretariat, session=session, nominees=cols + [i0, i1, i2])
    services.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=session)
    for member in board.members[:8]:
        cast(session, member, {})  # the collectives, electronically
    item = items_by_nominee(session)
    with pytest.raises(ValidationError, match="Số phiếu không hợp lý"):
        services.paper_tally_enter(
            actor=secretariat,
            session=session,
            award_form=individual,
            issued=9,
            returned=8,
            valid=7,
            votes_for={},
        )
    with pytest.raises(ValidationError, match="từ 0 đến 7"):
        services.paper_tally_enter(
            actor=secretariat,
            session=session,
            award_form=individual,
            issued=8,
            returned=8,
            valid=7,
            votes_for={item[i0.pk]: 8, item[i1.pk]: 3, item[i2.pk]: 4},
        )
    with pytest.raises(ValidationError, match="Chưa nhập kết quả kiểm phiếu giấy"):
        services.session_close_voting(actor=secretariat, session=session)

    services.paper_tally_enter(
        actor=secretariat,
        session=session,
        award_form=individual,
        issued=8,
        returned=8,
        valid=7,
        votes_for={item[i0.pk]: 7, item[i1.pk]: 3, item[i2.pk]: 4},
    )
    services.session_close_voting(actor=secretariat, session=session)

    rows = {
        i.nominee_id: (i.votes_for, i.votes_against, i.valid_ballots, i.needed, i.passed)
        for i in AgendaItem.objects.filter(award_form=individual)
    }
    assert rows == {
        i0.pk: (7, 0, 7, 4, True),
        i1.pk: (3, 4, 7, 4, False),
        i2.pk: (4, 3, 7, 4, True),
    }


def test_the_rule_in_force_on_the_session_date_applies(forms, rules, secretariat):
    collective, _ = forms
    later = services.pass_rule_set(
        actor=secretariat,
        form_kind=collective.legal_kind,
        subject_type=collective.subject_type,
        ballot_type=BallotType.OPEN,
        denominator=Denominator.PRESENT,
        threshold=Fraction(1, 2),
        valid_from=HELD_ON + dt.timedelta(days=1),
    )

    def in_force(day):
        return services.rule_in_force(
            form_kind=collective.legal_kind, subject_type="collective", level="district", day=day
        )

    assert in_force(HELD_ON) == rules[0]
    assert in_force(HELD_ON + dt.timedelta(days=1)) == later


def test_open_ballot_stores_named_votes_and_counts_them(
    session, board, nominees, forms, secretariat
):
    _, individual = forms
    services.pass_rule_set(
        actor=secretariat,
        form_kind=individual.legal_kind,
        subject_type=individual.subject_type,
        ballot_type=BallotType.OPEN,
        denominator=Denominator.PRESENT,
        threshold=Fraction(1, 2),
        strict=True,
        valid_from=dt.date(2024, 1, 1),
    )
    cols, (i0, i1, i2) = nominees
    services.agenda_set(actor=secretariat, session=session, nominees=cols + [i0, i1, i2])
    services.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=session)
    for k, member in enumerate(board.members[:8]):
        cast(session, member, {i0: AGREE if k < 4 else DISAGREE, i1: AGREE})

    services.session_close_voting(actor=secretariat, session=session, par_index={})

    named = OpenVote.objects.filter(item__nominee=i0).order_by("member__position")
    assert [(v.member_id, v.choice) for v in named] == [
        (m.pk, AGREE if k < 4 else DISAGREE) for k, m in enumerate(board.members[:8])
    ]
    # > 1/2 of the 8 present: 4 is not enough, 8 is
    assert session.items.get(nominee=i0).passed is False
    assert (session.items.get(nominee=i1).votes_for, session.items.get(nominee=i1).passed) == (
        8,
        True,
    )
    # the collectives stayed secret on the same ballots
    assert SecretVote.objects.filter(item__nominee=cols[0]).count() == 8
    assert SecretVote.objects.filter(item__nominee=i0).count() == 0
