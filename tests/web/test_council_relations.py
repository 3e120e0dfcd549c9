"""The conflicts-of-interest screen: a member declares their unit and relatives, the
secretariat may do it for any member, another member or a unit's focal point gets a 404."""

import datetime as dt
from fractions import Fraction

import pytest

from tests.conftest import login
from thidua.core.models import AuditLog
from thidua.council import services
from thidua.council.enums import BallotType, Denominator
from thidua.council.models import Recusal, Relation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def _url(member) -> str:
    return f"/hoi-dong/thanh-vien/{member.pk}/quan-he/"


def test_a_member_declares_a_relative_and_is_recused_on_them(client, session, board, world):
    member = board.members[4]
    login(client, member.user)
    response = client.post(_url(member), {
        "action": "add", "person_code": world.person_a.code.lower(), "kind": "sibling",
        "note": "Em gái",
    })  # fmt: skip
    assert response.status_code == 302
    relation = Relation.objects.get(member=member)
    assert (relation.person, relation.kind, relation.declared_by) == (
        world.person_a, "sibling", member.user,
    )  # fmt: skip
    page = client.get(_url(member)).content.decode()
    assert world.person_a.full_name in page and "Anh, chị, em ruột" in page
    # the session in preparation already shows the recusal
    assert Recusal.objects.get(member=member).item.nominee.person == world.person_a
    assert AuditLog.objects.filter(action="council.relation.declare").count() == 1

    client.post(_url(member), {"action": "remove", "relation": relation.pk})
    assert not Relation.objects.exists() and not Recusal.objects.filter(member=member).exists()


def test_an_unknown_code_is_refused_in_vietnamese_and_nothing_stored(client, session, board):
    member = board.members[4]
    login(client, member.user)
    page = client.post(
        _url(member), {"action": "add", "person_code": "KHONG-CO", "kind": "spouse"}
    ).content.decode()
    assert "Không tìm thấy cán bộ có mã «KHONG-CO»" in page
    assert not Relation.objects.exists()


def test_the_secretariat_sets_a_members_unit(client, session, board, world, secretariat):
    member = board.members[3]
    login(client, secretariat)
    response = client.post(
        _url(member), {"action": "profile", "person_code": "", "unit": world.commune_b.pk}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit == world.commune_b
    assert Recusal.objects.filter(member=member).count() == 2  # commune B and person B


def test_another_member_and_a_focal_point_get_404(client, session, board, world, focal_a):
    member = board.members[4]
    for user in (board.members[5].user, focal_a):
        login(client, user)
        assert client.get(_url(member)).status_code == 404
        response = client.post(_url(member), {
            "action": "add", "person_code": world.person_a.code, "kind": "spouse",
        })  # fmt: skip
        assert response.status_code == 404
    assert not Relation.objects.exists()


def test_a_written_vote_of_a_recused_absent_member_leaves_the_nominee_out(
    client, session, board, nominees, forms, world, secretariat
):
    collective, _ = forms
    services.pass_rule_set(
        actor=secretariat, form_kind=collective.legal_kind, subject_type=collective.subject_type,
        ballot_type=BallotType.SECRET, denominator=Denominator.ALL_MEMBERS,
        threshold=Fraction(2, 3), written_votes=True, quorum=Fraction(2, 3),
        valid_from=dt.date(2024, 1, 1),
    )  # fmt: skip
    cols, inds = nominees
    absent = board.members[8]
    services.member_profile_set(actor=secretariat, member=absent, person=None, unit=world.commune_a)
    services.agenda_set(actor=secretariat, session=session, nominees=cols + inds)
    services.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=session)
    items = session.items.filter(award_form=collective)
    login(client, secretariat)
    response = client.post(
        f"/hoi-dong/{session.pk}/phieu-van-ban/",
        {"member": absent.pk} | {f"item_{i.pk}": "agree" for i in items},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã ghi nhận phiếu gửi bằng văn bản." in page
    assert "Không tính phiếu của Sầm Thị Ngọc đối với Xã Yên Lạc" in page
    services.session_close_voting(actor=secretariat, session=session)
    tallied = services.tally(session)
    own = session.items.get(nominee=cols[0]).pk
    other = session.items.get(nominee=cols[1]).pk
    assert (tallied[own]["for"], tallied[own]["total"]) == (0, 8)  # recused: not counted
    assert (tallied[other]["for"], tallied[other]["taking_part"]) == (1, 9)
