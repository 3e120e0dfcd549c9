"""GET /api/v1/frameworks (old path /indicators/frameworks), /indicators/scores and /tasks:
exact bodies, the reader's scope (a focal point sees only its unit, an id out of reach is a
404), constant query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_unit
from tests.indicators.conftest import (
    FULL_SELF,
    _private_media,  # noqa: F401
    build_framework,
    publish_with,
)
from thidua.indicators import services

FULL = FULL_SELF | {"3.1": "9"}


@pytest.fixture
def published(world):
    framework = build_framework(world, units=[world.commune_a, world.commune_b])
    publish_with(
        world, framework, {world.commune_a: FULL | {"1.2": "6", "2.2": "12"}, world.commune_b: FULL}
    )
    return framework


def test_frameworks_list_the_tree_and_bands(api_get, bearer, secretariat, published):
    response = api_get("/frameworks", bearer(secretariat))
    assert "Deprecation" not in response
    body = response.json()
    assert body["count"] == 1
    fw = body["items"][0]
    assert (fw["kind"], fw["subject_kind"], fw["year"], fw["state"]) == (
        "PAR_INDEX",
        "commune",
        2023,
        "published",
    )
    assert Decimal(str(fw["max_score"])) == Decimal("40")
    assert [b["label"] for b in fw["bands"]] == ["Xuất sắc", "Tốt", "Khá", "Trung bình"]
    assert [n["code"] for n in fw["nodes"]][:3] == ["1", "1.1", "1.1.1"]
    assert fw["nodes"][2]["parent_code"] == "1.1" and fw["nodes"][2]["is_leaf"] is True


def test_the_old_frameworks_path_answers_the_same_marked_deprecated(
    api_get, bearer, secretariat, focal_b, published
):
    for token in (bearer(secretariat), bearer(focal_b)):
        old = api_get("/indicators/frameworks", token, kind="PAR_INDEX")
        assert old.json() == api_get("/frameworks", token, kind="PAR_INDEX").json()
        assert (old["Deprecation"], old["Link"]) == (
            "true",
            '</api/v1/frameworks>; rel="successor-version"',
        )
    refused = api_get("/indicators/frameworks")
    assert refused.status_code == 401 and refused["Deprecation"] == "true"


def test_scores_give_totals_percent_band_rank_and_components(
    api_get, bearer, focal_a, world, published
):
    response = api_get("/indicators/scores", bearer(focal_a), year=2023)
    body = response.json()
    assert body["count"] == 1  # commune A only
    row = body["items"][0]
    assert row["unit"]["code"] == "X01732"
    assert (
        Decimal(str(row["points"])),
        Decimal(str(row["percent"])),
        row["band"],
        row["rank"],
        row["peers"],
    ) == (Decimal("38.5"), Decimal("96.25"), "Xuất sắc", 1, 2)
    components = {c["code"]: Decimal(str(c["points"])) for c in row["components"]}
    assert components["2"] == Decimal("20") and components["2.2"] == Decimal("12")
    assert row["source_doc_number"] == "15/TB-UBND"


def test_scores_out_of_reach_are_404(api_get, bearer, focal_b, world, published):
    response = api_get("/indicators/scores", bearer(focal_b), unit=world.commune_a.pk)
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    assert api_get("/indicators/scores", bearer(focal_b), unit="abc").status_code == 422


@pytest.mark.parametrize("count", [1, 3])
def test_scores_query_count_is_constant(
    api_get, bearer, secretariat, world, count, django_assert_num_queries
):
    units = [make_unit(parent=world.district) for _ in range(count)]
    framework = build_framework(world, units=units)
    publish_with(world, framework, dict.fromkeys(units, FULL))
    headers = bearer(secretariat)
    api_get("/indicators/scores", headers)
    with django_assert_num_queries(9):
        body = api_get("/indicators/scores", headers, framework=framework.pk).json()
    assert body["count"] == count


def test_tasks_with_completion(api_get, bearer, secretariat, focal_a, focal_b, world):
    done = services.task_create(
        actor=None,
        issuer=world.district,
        unit=world.commune_a,
        year=2023,
        title="Công khai TTHC",
        deadline=dt.date(2023, 6, 30),
    )
    services.task_create(
        actor=None,
        issuer=world.district,
        unit=world.commune_a,
        year=2023,
        title="Số hóa hồ sơ",
        deadline=dt.date(2023, 9, 30),
    )
    services.task_create(
        actor=None,
        issuer=world.district,
        unit=world.commune_b,
        year=2023,
        title="Tuyên truyền CCHC",
        deadline=dt.date(2023, 9, 30),
    )
    from tests.indicators.test_bulk_readers import _pdf

    services.task_report(
        actor=None, task=done, progress=100, note="Xong", done=True, evidence=_pdf()
    )
    services.task_confirm(actor=None, task=done)
    body = api_get("/tasks", bearer(focal_a), year=2023).json()
    assert body["year"] == 2023
    assert [
        (c["unit_name"], c["completed"], c["total"], Decimal(str(c["percent"])))
        for c in body["completion"]
    ] == [("Xã Yên Lạc", 1, 2, Decimal("50.00"))]
    assert [t["title"] for t in body["items"]] == ["Công khai TTHC", "Số hóa hồ sơ"]
    assert body["items"][0]["state"] == "completed"
    all_units = api_get("/tasks", bearer(secretariat), year=2023).json()
    assert sorted(
        (c["unit_name"], c["completed"], c["total"]) for c in all_units["completion"]
    ) == [
        ("Xã Ca Thành", 0, 1),
        ("Xã Yên Lạc", 1, 2),
    ]
    assert api_get("/tasks", bearer(focal_b), unit=world.commune_a.pk).status_code == 404
