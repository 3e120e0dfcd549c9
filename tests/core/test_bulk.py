"""core.bulk: plain rows in and out of a table (COPY on PostgreSQL, executemany elsewhere),
dates and decimals kept exactly."""

import datetime as dt

import pytest

from thidua.core.bulk import insert_rows, update_rows
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_insert_rows_writes_each_row_as_given(world):
    written = insert_rows(
        Person,
        [
            "code",
            "full_name",
            "gender",
            "unit_id",
            "category",
            "sort_key",
            "search_key",
            "position",
            "ethnicity",
        ],  # fmt: skip
        [
            (f"B{i}", f"Lò Văn {i}", "male", world.commune_a.pk, "cong_chuc", f"{i}", "", "", "")
            for i in range(3)
        ],  # fmt: skip
    )
    assert written == 3
    assert list(
        Person.objects.filter(code__startswith="B").order_by("code").values_list("code", "unit")
    ) == [(f"B{i}", world.commune_a.pk) for i in range(3)]


def test_update_rows_sets_columns_by_primary_key(world):
    a, b = world.commune_a, world.commune_b
    assert update_rows(
        Unit, ["name", "valid_from"],
        [("Xã Một", dt.date(2025, 7, 1), a.pk), ("Xã Hai", None, b.pk)],
    ) == 2  # fmt: skip
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.name, a.valid_from, b.name, b.valid_from) == (
        "Xã Một", dt.date(2025, 7, 1), "Xã Hai", None,
    )  # fmt: skip
    assert update_rows(Unit, ["name"], []) == 0


def test_update_by_pk_and_delete_by_pk_touch_only_the_rows_named(world):
    from thidua.core.bulk import delete_by_pk, update_by_pk

    people = [
        Person.objects.create(code=f"K{i}", full_name=f"Lò Thị {i}", unit=world.commune_a)
        for i in range(4)
    ]
    day = dt.date(2024, 2, 29)
    named = [p.pk for p in people[:3]]
    assert update_by_pk(Person, named, position="Kế toán", service_start=day) == 3
    assert update_by_pk(Person, [], position="x") == 0
    rows = Person.objects.filter(code__startswith="K").order_by("code")
    assert list(rows.values_list("code", "position", "service_start")) == [
        ("K0", "Kế toán", day), ("K1", "Kế toán", day), ("K2", "Kế toán", day), ("K3", "", None),
    ]  # fmt: skip
    assert delete_by_pk(Person, [people[0].pk, people[3].pk]) == 2
    assert delete_by_pk(Person, []) == 0
    assert sorted(Person.objects.filter(code__startswith="K").values_list("code", flat=True)) == [
        "K1", "K2",
    ]  # fmt: skip
