"""The organisation tree over time (issue 15, item 2): rename, merge and split with an
effective date; the old names and the old units stay, a ceased unit points to its successor."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_unit
from thidua.core.models import AuditLog
from thidua.org import selectors, services
from thidua.org.enums import SuccessionKind, UnitKind
from thidua.org.models import Person, Unit, UnitName, UnitSuccession

REFORM = dt.date(2025, 7, 1)


def _state():
    return (
        sorted(Unit.objects.values_list("pk", "name", "parent_id", "path", "valid_to")),
        sorted(Person.objects.values_list("pk", "unit_id")),
        UnitName.objects.count(),
        UnitSuccession.objects.count(),
        AuditLog.objects.count(),
    )


def test_rename_keeps_the_old_name_for_its_dates(world):
    unit = services.unit_rename(
        actor=None, unit=world.commune_a, name="Phường  Yên Lạc", effective_on=REFORM
    )
    assert unit.name == "Phường Yên Lạc"
    unit = Unit.objects.get(pk=unit.pk)
    assert selectors.unit_name_on(unit, dt.date(2024, 12, 31)) == "Xã Yên Lạc"
    assert selectors.unit_name_on(unit, dt.date(2025, 6, 30)) == "Xã Yên Lạc"
    assert selectors.unit_name_on(unit, REFORM) == "Phường Yên Lạc"
    second = services.unit_rename(actor=None, unit=unit, name="Phường Tĩnh Túc",
                                  effective_on=dt.date(2026, 1, 1))  # fmt: skip
    second = Unit.objects.get(pk=second.pk)
    assert selectors.unit_name_on(second, dt.date(2025, 8, 1)) == "Phường Yên Lạc"
    assert selectors.unit_name_on(second, dt.date(2025, 1, 1)) == "Xã Yên Lạc"
    row = AuditLog.objects.filter(action="org.unit.rename").first()
    assert row.before == {"name": "Phường Yên Lạc"}


def test_rename_on_a_date_not_after_the_last_rename_is_refused(world):
    services.unit_rename(
        actor=None, unit=world.commune_a, name="Phường Yên Lạc", effective_on=REFORM
    )
    before = _state()
    with pytest.raises(ValidationError, match="ngày đổi tên mới phải sau"):
        services.unit_rename(actor=None, unit=world.commune_a, name="Phường Khác",
                             effective_on=dt.date(2025, 3, 1))  # fmt: skip
    assert _state() == before


def test_merge_communes_into_a_new_one(world, secretariat):
    hamlet = make_unit("Tổ dân phố 1", parent=world.commune_b, kind=UnitKind.OTHER)
    target = services.unit_merge(
        actor=secretariat, units=[world.commune_a, world.commune_b], effective_on=REFORM,
        code="X09001", name="Xã Nguyên Bình", kind=UnitKind.COMMUNE,
    )  # fmt: skip
    a = Unit.objects.get(pk=world.commune_a.pk)
    assert (a.valid_to, a.name) == (dt.date(2025, 6, 30), "Xã Yên Lạc")
    assert (target.valid_from, target.parent) == (REFORM, world.district)
    assert set(UnitSuccession.objects.values_list("predecessor", "successor", "kind")) == {
        (world.commune_a.pk, target.pk, SuccessionKind.MERGE),
        (world.commune_b.pk, target.pk, SuccessionKind.MERGE),
    }
    # the people and the subordinate units now belong to the new commune
    assert set(Person.objects.filter(unit=target).values_list("pk", flat=True)) == {
        world.person_a.pk,
        world.person_b.pk,
    }
    hamlet.refresh_from_db()
    assert hamlet.parent == target and hamlet.path.startswith(target.path)
    # a report of the new commune over the years adds up its predecessors
    assert selectors.unit_lineage_ids(target) == {target.pk, world.commune_a.pk, world.commune_b.pk}
    assert selectors.ceased_message(a, on=dt.date(2027, 1, 1)) == (
        "Xã Yên Lạc đã thôi hoạt động từ 01/07/2025 (sáp nhập vào «Xã Nguyên Bình»); "
        "hãy chọn «Xã Nguyên Bình»."
    )
    assert AuditLog.objects.filter(action="org.unit.merge", actor=secretariat).count() == 2


def test_abolishing_a_district_moves_its_communes_up(world):
    services.unit_merge(
        actor=None, units=[world.district], into=world.province, effective_on=REFORM
    )
    for unit in (world.commune_a, world.commune_b, world.noivu):
        unit.refresh_from_db()
        assert unit.parent == world.province
        assert unit.path == f"{world.province.path}{unit.pk}/" and unit.depth == 1
    district = Unit.objects.get(pk=world.district.pk)
    assert district.valid_to == dt.date(2025, 6, 30)
    assert selectors.unit_successors_now(district) == [world.province]


def test_merge_into_one_of_the_merged_units_is_refused(world):
    before = _state()
    with pytest.raises(ValidationError) as refused:
        services.unit_merge(actor=None, units=[world.commune_a, world.commune_b],
                            into=world.commune_a, effective_on=REFORM)  # fmt: skip
    assert "không thể đồng thời là đơn vị được sáp nhập" in str(refused.value)
    assert _state() == before


def test_merge_of_a_unit_that_already_ceased_is_refused(world):
    services.unit_merge(actor=None, units=[world.commune_b], into=world.commune_a,
                        effective_on=REFORM)  # fmt: skip
    before = _state()
    with pytest.raises(ValidationError, match="đã thôi hoạt động"):
        services.unit_merge(actor=None, units=[world.commune_b], into=world.noivu,
                            effective_on=dt.date(2026, 1, 1))  # fmt: skip
    assert _state() == before


def test_merge_through_the_screen(client, world, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("web:unit_merge", args=[world.commune_b.pk]),
        {"mode": "existing", "into": world.commune_a.pk, "effective_on": "2025-07-01"},
    )
    assert response["Location"] == reverse("web:unit_detail", args=[world.commune_a.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Từ 01/07/2025: tiếp nhận" in page and "Xã Ca Thành" in page
    old = client.get(reverse("web:unit_detail", args=[world.commune_b.pk])).content.decode()
    assert "sáp nhập vào" in old and ">Sáp nhập</a>" not in old


def test_merge_form_says_what_is_missing_and_stores_nothing(client, world, secretariat):
    login(client, secretariat)
    before = _state()
    response = client.post(
        reverse("web:unit_merge", args=[world.commune_b.pk]), {"mode": "new", "effective_on": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nhập mã đơn vị mới." in page and "Nhập tên đơn vị mới." in page
    assert _state() == before


def test_split_makes_new_units_and_keeps_the_old_one(client, world, secretariat):
    login(client, secretariat)
    before = _state()
    bad = client.post(
        reverse("web:unit_split", args=[world.commune_a.pk]),
        {"parts": "X1; Xã Một\nkhông có dấu chấm phẩy", "effective_on": "2025-07-01"},
    ).content.decode()
    assert "Dòng 2: nhập theo mẫu «mã; tên»." in bad
    assert _state() == before
    client.post(
        reverse("web:unit_split", args=[world.commune_a.pk]),
        {"parts": "X1; Xã Một\nX2; Xã Hai", "effective_on": "2025-07-01"},
    )
    parts = list(Unit.objects.filter(code__in=["X1", "X2"]).order_by("code"))
    assert [(p.name, p.parent, p.valid_from) for p in parts] == [
        ("Xã Một", world.district, REFORM),
        ("Xã Hai", world.district, REFORM),
    ]
    a = Unit.objects.get(pk=world.commune_a.pk)
    assert a.valid_to == dt.date(2025, 6, 30)
    assert selectors.unit_successors_now(a) == parts or set(
        selectors.unit_successors_now(a)
    ) == set(parts)
    assert Person.objects.get(pk=world.person_a.pk).unit == a  # moved by hand, person by person


def test_focal_point_cannot_reorganise(client, world, focal_a):
    login(client, focal_a)
    before = _state()
    response = client.post(
        reverse("web:unit_rename", args=[world.commune_a.pk]),
        {"name": "Phường Yên Lạc", "effective_on": "2025-07-01"},
    )
    assert response.status_code == 404
    assert _state() == before
