# ruff: noqa: F811  (pytest fixtures imported from tests.council.conftest)
"""The conflicts-of-interest screen: a member declares their unit and relatives, the
secretariat may do it for any member, another member or a unit's focal point gets a 404."""

import pytest

from tests.conftest import login
from tests.council.conftest import (  # noqa: F401
    _private_media,
    board,
    campaign,
    draft,
    forms,
    nominees,
    rules,
    session,
)
from thidua.core.models import AuditLog
from thidua.council.models import Recusal, Relation

pytestmark = pytest.mark.django_db


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
