"""Who may read and change what: each role against data inside and outside its reach."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.org.enums import Role
from thidua.org.selectors import people_search, unit_tree
from thidua.org.services import role_grant


def test_secretariat_reads_and_changes_everything_under_the_district(world, secretariat):
    for unit in (world.district, world.commune_a, world.commune_b):
        assert secretariat.has_perm("org.view_unit", unit)
        assert secretariat.has_perm("org.change_unit", unit)
    assert not secretariat.has_perm("org.view_unit", world.province)
    assert secretariat.has_perm("core.view_auditlog")


def test_focal_point_reaches_only_its_own_unit(world, focal_a):
    assert focal_a.has_perm("org.view_person", world.person_a)
    assert focal_a.has_perm("org.change_person", world.person_a)
    assert not focal_a.has_perm("org.view_person", world.person_b)
    assert not focal_a.has_perm("org.change_person", world.person_b)
    assert not focal_a.has_perm("org.change_unit", world.commune_a)
    assert not focal_a.has_perm("core.view_auditlog")
    assert not focal_a.has_perm("org.import_units")
    assert [p.full_name for p in people_search(focal_a)] == ["Nguyễn Văn Hưởng"]
    assert [r.unit.name for r in unit_tree(focal_a)] == ["Xã Yên Lạc"]


@pytest.mark.parametrize("persona", ["council_member", "chair", "editor", "observer"])
def test_readers_read_but_do_not_change_people(request, world, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm("org.view_person", world.person_b)
    assert not user.has_perm("org.change_person", world.person_b)
    assert not user.has_perm("org.add_person")
    assert not user.has_perm("core.view_auditlog")


def test_user_without_role_reaches_nothing(world, no_role_user):
    assert not no_role_user.has_perm("org.access_backoffice")
    assert not no_role_user.has_perm("org.view_person", world.person_a)
    assert list(people_search(no_role_user)) == []


def test_expired_role_grants_nothing(world, focal_b):
    from tests.factories import UserFactory

    user = UserFactory()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    role_grant(
        actor=None, user=user, role=Role.SECRETARIAT, unit=world.district, valid_to=yesterday
    )
    assert not user.has_perm("org.view_person", world.person_a)


def test_administrator_reaches_every_unit(world, admin_user):
    assert admin_user.has_perm("org.change_unit", world.province)
