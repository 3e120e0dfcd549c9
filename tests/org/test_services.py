import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_person, make_unit
from thidua.core.models import AuditLog
from thidua.org.enums import UnitKind
from thidua.org.models import Unit
from thidua.org.services import person_update, unit_update


def test_unit_create_stores_its_path_under_the_parent(world):
    assert world.commune_a.path == f"/{world.province.pk}/{world.district.pk}/{world.commune_a.pk}/"
    assert world.commune_a.depth == 2
    assert AuditLog.objects.filter(
        action="org.unit.create", object_id=str(world.commune_a.pk)
    ).exists()


def test_moving_a_unit_moves_its_subtree(world, secretariat):
    hamlet = make_unit("Tổ dân phố 1", parent=world.commune_a, kind=UnitKind.OTHER)
    unit_update(actor=secretariat, unit=world.commune_a, parent=world.province)
    hamlet.refresh_from_db()
    assert hamlet.path == f"/{world.province.pk}/{world.commune_a.pk}/{hamlet.pk}/"
    assert hamlet.depth == 2
    log = AuditLog.objects.get(action="org.unit.update")
    assert log.actor == secretariat
    assert log.before["parent"] == world.district.pk and log.after["parent"] == world.province.pk


def test_a_unit_cannot_move_under_its_own_subtree(world, secretariat):
    with pytest.raises(ValidationError):
        unit_update(actor=secretariat, unit=world.district, parent=world.commune_a)
    world.district.refresh_from_db()
    assert world.district.parent == world.province


def test_validity_end_before_start_is_refused(world):
    import datetime as dt

    with pytest.raises(ValidationError) as exc:
        make_unit(valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2022, 1, 1))
    assert "hiệu lực" in str(exc.value)
    assert not Unit.objects.filter(valid_from=dt.date(2023, 1, 1)).exists()


def test_person_update_normalises_keys_and_audits_before_and_after(world, focal_a):
    person = make_person(world.commune_a, "Lý Thị Mai")
    person_update(actor=focal_a, person=person, full_name="Lý  Thị   Mại", position="Chuyên viên")
    person.refresh_from_db()
    assert person.full_name == "Lý Thị Mại"
    assert person.search_key.startswith("ly thi mai")
    log = AuditLog.objects.get(action="org.person.update")
    assert log.changed_fields() == [
        ("full_name", "Lý Thị Mai", "Lý Thị Mại"),
        ("position", "", "Chuyên viên"),
    ]
    assert log.unit_id == world.commune_a.pk


def test_person_update_without_a_change_writes_no_audit_row(world, focal_a):
    before = AuditLog.objects.count()
    person_update(actor=focal_a, person=world.person_a, full_name=world.person_a.full_name)
    assert AuditLog.objects.count() == before
