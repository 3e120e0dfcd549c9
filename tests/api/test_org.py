import unicodedata

import pytest

from tests.factories import make_person, make_unit
from thidua.org.enums import StaffCategory, UnitKind

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item.get("full_name") or item["name"] for item in response.json()["items"]]


# People --------------------------------------------------------------------------------------


def test_secretariat_lists_every_person_of_its_district_in_vietnamese_order(
    api_get, bearer, secretariat
):
    assert names(api_get("/people", bearer(secretariat))) == [
        "Đặng Thị Bích Đào",
        "Nguyễn Văn Hưởng",
    ]


def test_a_person_is_returned_with_labels_and_its_unit(api_get, bearer, secretariat, world):
    person = world.person_a

    response = api_get(f"/people/{person.pk}", bearer(secretariat))

    assert response.status_code == 200
    assert response.json() == {
        "id": person.pk,
        "code": person.code,
        "full_name": "Nguyễn Văn Hưởng",
        "gender": "male",
        "gender_label": "Nam",
        "position": "Chủ tịch UBND",
        "unit": {"id": world.commune_a.pk, "code": "X01732", "name": "Xã Yên Lạc"},
        "category": "cong_chuc",
        "category_label": "Công chức",
        "birth_year": None,
        "ethnicity": "",
    }


def test_focal_point_of_commune_a_sees_only_commune_a_people(api_get, bearer, focal_a, world):
    assert names(api_get("/people", bearer(focal_a))) == ["Nguyễn Văn Hưởng"]


def test_focal_point_of_commune_a_gets_404_on_a_person_of_commune_b(
    api_get, bearer, focal_a, world
):
    response = api_get(f"/people/{world.person_b.pk}", bearer(focal_a))

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_out_of_scope_and_unknown_ids_get_the_same_404(api_get, bearer, focal_a, world):
    headers = bearer(focal_a)
    out_of_scope = api_get(f"/people/{world.person_b.pk}", headers)
    unknown = api_get("/people/999999", headers)

    assert (unknown.status_code, unknown.json()) == (out_of_scope.status_code, out_of_scope.json())


def test_focal_point_of_commune_a_gets_404_when_filtering_on_commune_b(
    api_get, bearer, focal_a, world
):
    response = api_get("/people", bearer(focal_a), unit_id=world.commune_b.pk)

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_filtering_on_a_unit_includes_its_subunits_only(api_get, bearer, secretariat, world):
    headers = bearer(secretariat)

    assert names(api_get("/people", headers, unit_id=world.commune_b.pk)) == ["Đặng Thị Bích Đào"]
    assert names(api_get("/people", headers, unit_id=world.district.pk)) == [
        "Đặng Thị Bích Đào",
        "Nguyễn Văn Hưởng",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "nguyen van huong",
        "NGUYEN VAN HUONG",
        "Nguyễn Văn Hưởng",
        unicodedata.normalize("NFD", "Nguyễn Văn Hưởng"),
        "huong nguyen",
    ],
)
def test_search_ignores_accents_case_and_word_order(api_get, bearer, secretariat, world, query):
    make_person(world.commune_a, "Nguyễn Văn Hùng")
    make_person(world.commune_b, "Trần Thị Hường")

    assert names(api_get("/people", bearer(secretariat), q=query)) == ["Nguyễn Văn Hưởng"]


def test_search_does_not_reach_people_outside_the_scope(api_get, bearer, focal_a, world):
    assert names(api_get("/people", bearer(focal_a), q="dang thi bich dao")) == []


def test_people_are_filtered_by_category(api_get, bearer, secretariat, world):
    make_person(world.commune_a, "Lò Văn Páo", category=StaffCategory.KHONG_CHUYEN_TRACH)

    response = api_get("/people", bearer(secretariat), category="khong_chuyen_trach")

    assert names(response) == ["Lò Văn Páo"]


def test_an_unknown_category_is_refused_with_a_vietnamese_422(api_get, bearer, secretariat):
    response = api_get("/people", bearer(secretariat), category="bo_truong")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "category"]
    assert error["type"] == "enum"
    assert error["msg"].startswith("Giá trị không hợp lệ; chỉ nhận một trong: 'can_bo'")


def test_a_non_numeric_id_is_refused_with_a_vietnamese_422(api_get, bearer, secretariat):
    response = api_get("/people/abc", bearer(secretariat))

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": ["path", "person_id"], "msg": "Phải là số nguyên.", "type": "int_parsing"}
        ],
    }


def test_pages_report_count_page_size_and_number_of_pages(api_get, bearer, secretariat, world):
    headers = bearer(secretariat)

    first = api_get("/people", headers).json()
    second = api_get("/people", headers, page=2, page_size=1).json()

    assert {k: v for k, v in first.items() if k != "items"} == {
        "count": 2, "page": 1, "page_size": 100, "pages": 1,
    }  # fmt: skip
    assert [p["full_name"] for p in second.pop("items")] == ["Nguyễn Văn Hưởng"]
    assert second == {"count": 2, "page": 2, "page_size": 1, "pages": 2}


def test_page_size_is_capped_at_100(api_get, bearer, secretariat):
    response = api_get("/people", bearer(secretariat), page_size=1000)

    assert response.json()["page_size"] == 100


def test_page_zero_is_refused_with_a_vietnamese_422(api_get, bearer, secretariat):
    response = api_get("/people", bearer(secretariat), page=0)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Phải lớn hơn hoặc bằng 1."


@pytest.mark.parametrize("extra", [1, 3])
def test_people_list_runs_a_constant_number_of_queries(
    api_get, bearer, secretariat, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_person(make_unit(parent=world.district))
    headers = bearer(secretariat)
    api_get("/people", headers)  # stamps last_used_at; later requests within a minute do not

    # Token, roles, count, page (units joined).
    with django_assert_num_queries(4):
        response = api_get("/people", headers)
    assert response.json()["count"] == 2 + extra


@pytest.mark.parametrize("extra", [1, 3])
def test_people_list_filtered_on_a_unit_runs_a_constant_number_of_queries(
    api_get, bearer, secretariat, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_person(world.commune_a)
    headers = bearer(secretariat)
    api_get("/people", headers)

    # Token, roles, the unit, count, page.
    with django_assert_num_queries(5):
        response = api_get("/people", headers, unit_id=world.commune_a.pk, q="nguyen")
    assert response.json()["count"] == 1 + extra


# Units ---------------------------------------------------------------------------------------


def test_secretariat_lists_its_district_and_everything_below(api_get, bearer, secretariat):
    assert names(api_get("/units", bearer(secretariat))) == [
        "Huyện Nguyên Bình",
        "Phòng Nội vụ",
        "Xã Yên Lạc",
        "Xã Ca Thành",
    ]


def test_focal_point_of_commune_a_lists_only_commune_a(api_get, bearer, focal_a, world):
    assert names(api_get("/units", bearer(focal_a))) == ["Xã Yên Lạc"]


def test_a_unit_is_returned_with_its_kind_label_and_place_in_the_tree(
    api_get, bearer, secretariat, world
):
    unit = world.commune_a

    response = api_get(f"/units/{unit.pk}", bearer(secretariat))

    assert response.status_code == 200
    assert response.json() == {
        "id": unit.pk,
        "code": "X01732",
        "name": "Xã Yên Lạc",
        "kind": "commune",
        "kind_label": "Xã",
        "parent_id": world.district.pk,
        "gso_code": "01732",
        "valid_from": None,
        "valid_to": None,
        "depth": 2,
    }


def test_focal_point_of_commune_a_gets_404_on_commune_b(api_get, bearer, focal_a, world):
    response = api_get(f"/units/{world.commune_b.pk}", bearer(focal_a))

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("yen lac", ["Xã Yên Lạc"]),
        ("XA CA THANH", ["Xã Ca Thành"]),
        ("01738", ["Xã Ca Thành"]),
        ("nb-nv", ["Phòng Nội vụ"]),
        ("xa", ["Xã Yên Lạc", "Xã Ca Thành"]),
    ],
)
def test_units_are_found_by_name_without_accents_by_code_and_by_gso_code(
    api_get, bearer, secretariat, query, expected
):
    assert names(api_get("/units", bearer(secretariat), q=query)) == expected


def test_units_are_filtered_by_kind(api_get, bearer, secretariat):
    assert names(api_get("/units", bearer(secretariat), kind=UnitKind.AGENCY)) == ["Phòng Nội vụ"]


def test_an_unknown_kind_is_refused_with_a_vietnamese_422(api_get, bearer, secretariat):
    response = api_get("/units", bearer(secretariat), kind="galaxy")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "kind"]


@pytest.mark.parametrize("extra", [1, 3])
def test_unit_list_runs_a_constant_number_of_queries(
    api_get, bearer, secretariat, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_unit(parent=world.district)
    headers = bearer(secretariat)
    api_get("/units", headers)

    # Token, roles, count, page.
    with django_assert_num_queries(4):
        response = api_get("/units", headers)
    assert response.json()["count"] == 4 + extra
