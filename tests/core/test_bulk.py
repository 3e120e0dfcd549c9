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
