"""The bulk readers the nominations engine uses: exact answers, published data only, and a
constant number of queries whatever the number of ids."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_person, make_unit
from tests.indicators.conftest import (
    FULL_SELF,
    assessment_of,
    build_framework,
    leaf,
    publish_with,
    self_all,
    vn,
)
from thidua.campaigns.enums import AnnualRating
from thidua.indicators import selectors, services
from thidua.indicators.enums import Change, DisciplineForm, FrameworkKind, SubjectKind, TaskState
from thidua.indicators.selectors import ComponentChange, DisciplineItem
from thidua.indicators.services import NodeRow

D = Decimal
FULL = FULL_SELF | {"3.1": "9"}
DDCI_TREE = [
    NodeRow("D1", "Chi phí gia nhập thị trường", D("10")),
    NodeRow("D2", "Tiếp cận đất đai", D("10")),
    NodeRow("D4", "Tính năng động của lãnh đạo", D("10")),
]


def _ddci(world, year, scores, *, publish=True):
    fw = build_framework(
        world,
        year=year,
        kind=FrameworkKind.DDCI,
        tree=DDCI_TREE,
        subject_kind=SubjectKind.DISTRICT,
        units=[world.district],
        name=f"DDCI huyện năm {year}",
    )
    if publish:
        publish_with(world, fw, {world.district: scores})
    return fw


@pytest.fixture
def ddci(world):
    """DDCI of the district: 2022 and 2023 published; D1 to Phòng Nội vụ, D2 to commune A, D4
    (new in 2023) to Phòng Nội vụ."""
    fw22 = _ddci(world, 2022, {"D1": "6.5", "D2": "7"}, publish=False)
    # 2022 had no D4: rebuild without it
    fw22.nodes.filter(code="D4").delete()
    services._refresh_tree(fw22)
    publish_with(world, fw22, {world.district: {"D1": "6.5", "D2": "7"}})
    fw23 = _ddci(world, 2023, {"D1": "7.25", "D2": "6", "D4": "8"})
    for code, unit in (("D1", world.noivu), ("D2", world.commune_a), ("D4", world.noivu)):
        services.component_assign(actor=None, node=leaf(fw23, code), unit=unit)
    return fw23


def test_component_changes_by_unit(world, ddci):
    out = selectors.component_changes_by_unit(
        unit_ids=[world.noivu.pk, world.commune_a.pk, world.commune_b.pk], year=2023
    )
    assert out == {
        world.noivu.pk: [
            ComponentChange(
                "D1", "Chi phí gia nhập thị trường", "DDCI", D("6.50"), D("7.25"), world.district.pk
            ),
            ComponentChange(
                "D4", "Tính năng động của lãnh đạo", "DDCI", None, D("8.00"), world.district.pk
            ),
        ],
        world.commune_a.pk: [
            ComponentChange(
                "D2", "Tiếp cận đất đai", "DDCI", D("7.00"), D("6.00"), world.district.pk
            ),
        ],
        world.commune_b.pk: [],
    }
    d1, d4 = out[world.noivu.pk]
    assert (d1.change, d1.improved) == (Change.UP, True)
    # no 2022 value: "chưa có dữ liệu", never an improvement
    assert (d4.change, d4.improved, d4.change_label) == (Change.NO_DATA, False, "Chưa có dữ liệu")
    assert out[world.commune_a.pk][0].change == Change.DOWN
    assert selectors.component_changes_by_unit(
        unit_ids=[world.noivu.pk], year=2023, framework_kinds=["PAR_INDEX"]
    ) == {world.noivu.pk: []}


def test_unpublished_results_are_not_read(world):
    fw = _ddci(world, 2023, {}, publish=False)
    services.component_assign(actor=None, node=leaf(fw, "D1"), unit=world.noivu)
    a = assessment_of(fw, world.district)
    self_all(a, {"D1": "9", "D2": "9", "D4": "9"})
    out = selectors.component_changes_by_unit(unit_ids=[world.noivu.pk], year=2023)
    assert out[world.noivu.pk][0].current is None
    assert (
        selectors.indicator_values_by_unit(unit_ids=[world.district.pk], year=2023, code="DDCI")
        == {}
    )


def test_indicator_values_and_index_percent(world, ddci):
    par = build_framework(world, units=[world.commune_a, world.commune_b])
    publish_with(
        world,
        par,
        {world.commune_a: FULL | {"1.2": "6", "2.2": "10", "1.1.2": "2"}, world.commune_b: FULL},
    )
    ids = [world.commune_a.pk, world.commune_b.pk, world.noivu.pk, world.district.pk]
    assert selectors.index_percent_by_unit(unit_ids=ids, year=2023) == {
        world.commune_a.pk: D("92.50"),
        world.commune_b.pk: D("88.75"),
    }
    assert selectors.indicator_values_by_unit(unit_ids=ids, year=2023, code="DDCI") == {
        world.district.pk: D("70.83")  # 21.25 of 30
    }
    # a component code: the unit's own result, else an assigned component's
    assert selectors.indicator_values_by_unit(unit_ids=ids, year=2023, code="2.2") == {
        world.commune_a.pk: D("10.00"),
        world.commune_b.pk: D("10.00"),
    }
    assert selectors.indicator_values_by_unit(unit_ids=ids, year=2023, code="DDCI:D1") == {
        world.district.pk: D("7.25"),
        world.noivu.pk: D("7.25"),
    }
    assert selectors.indicator_values_by_unit(unit_ids=ids, year=2022, code="PAR_INDEX") == {}


def test_task_completion_by_unit(world, secretariat):
    for i, state in enumerate([TaskState.COMPLETED, TaskState.COMPLETED, TaskState.REPORTED]):
        task = services.task_create(
            actor=secretariat,
            issuer=world.district,
            unit=world.commune_a,
            year=2023,
            title=f"Nhiệm vụ {i}",
            deadline=dt.date(2023, 6, 30),
        )
        if state != TaskState.ASSIGNED:
            services.task_report(
                actor=None,
                task=task,
                progress=100,
                note="Xong.",
                done=True,
                evidence=_pdf(),
                now=vn(2023, 6, 1),
            )
        if state == TaskState.COMPLETED:
            services.task_confirm(actor=secretariat, task=task)
    services.task_create(
        actor=secretariat,
        issuer=world.district,
        unit=world.commune_b,
        year=2022,
        title="Năm trước",
        deadline=dt.date(2022, 6, 30),
    )
    assert selectors.task_completion_by_unit(
        unit_ids=[world.commune_a.pk, world.commune_b.pk], year=2023
    ) == {world.commune_a.pk: (2, 3), world.commune_b.pk: (0, 0)}


def _pdf():
    import hashlib

    from tests.indicators.conftest import demo_plan_pdf_bytes
    from thidua.core.uploads import CheckedUpload

    data = demo_plan_pdf_bytes()
    return CheckedUpload("pdf", len(data), hashlib.sha256(data).hexdigest(), data)


def test_ratings_and_discipline_by_person(world):
    services.rating_set(actor=None, person=world.person_a, year=2023, rating=AnnualRating.EXCELLENT)
    services.rating_set(actor=None, person=world.person_b, year=2022, rating=AnnualRating.GOOD)
    services.discipline_add(
        actor=None,
        person=world.person_b,
        form=DisciplineForm.KHIEN_TRACH,
        decision_number="12/QĐ-UBND",
        decided_on=dt.date(2022, 3, 15),
        months=12,
    )
    services.discipline_add(
        actor=None,
        person=world.person_a,
        form=DisciplineForm.CANH_CAO,
        decision_number="3/QĐ-UBND",
        decided_on=dt.date(2021, 1, 4),
        effective_to=dt.date(2021, 12, 31),
    )
    ids = [world.person_a.pk, world.person_b.pk]
    assert selectors.ratings_by_person(person_ids=ids, year=2023) == {
        world.person_a.pk: "excellent"
    }
    # 12 months from 15/03/2022 end on 14/03/2023: overlaps 2023
    assert selectors.discipline_by_person(
        person_ids=ids, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)
    ) == {
        world.person_b.pk: [
            DisciplineItem(
                "khien_trach",
                "12/QĐ-UBND",
                dt.date(2022, 3, 15),
                dt.date(2022, 3, 15),
                dt.date(2023, 3, 14),
            )
        ]
    }
    assert (
        selectors.discipline_by_person(
            person_ids=ids, start=dt.date(2023, 3, 15), end=dt.date(2023, 12, 31)
        )
        == {}
    )


@pytest.mark.parametrize("count", [1, 3])
def test_bulk_readers_use_a_constant_number_of_queries(
    world, ddci, count, django_assert_num_queries
):
    units = [world.noivu, world.commune_a] + [
        make_unit(parent=world.district) for _ in range(count)
    ]
    people = [make_person(u) for u in units]
    for u in units[2:]:
        services.component_assign(actor=None, node=leaf(ddci, "D2"), unit=u)
        services.task_create(
            actor=None,
            issuer=world.district,
            unit=u,
            year=2023,
            title="Nhiệm vụ",
            deadline=dt.date(2023, 6, 30),
        )
    unit_ids, person_ids = [u.pk for u in units], [p.pk for p in people]
    with django_assert_num_queries(1):
        selectors.task_completion_by_unit(unit_ids=unit_ids, year=2023)
    with django_assert_num_queries(3):
        out = selectors.component_changes_by_unit(unit_ids=unit_ids, year=2023)
    assert sum(len(v) for v in out.values()) == 3 + count
    with django_assert_num_queries(1):
        selectors.ratings_by_person(person_ids=person_ids, year=2023)
    with django_assert_num_queries(1):
        selectors.discipline_by_person(
            person_ids=person_ids, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)
        )
    with django_assert_num_queries(1):
        selectors.index_percent_by_unit(unit_ids=unit_ids, year=2023)
    with django_assert_num_queries(4):
        selectors.indicator_values_by_unit(unit_ids=unit_ids, year=2023, code="D2")
