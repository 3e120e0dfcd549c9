import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_unit
from thidua.core.models import AuditLog
from thidua.org.models import Unit


def _tree_names(response) -> list[str]:
    return [row.unit.name for row in response.context["rows"]]


def test_secretariat_sees_the_district_tree_in_order(client, world, secretariat):
    response = login(client, secretariat).get(reverse("web:unit_tree"))
    assert _tree_names(response) == [
        "Huyện Nguyên Bình",
        "Phòng Nội vụ",
        "Xã Ca Thành",
        "Xã Yên Lạc",
    ]
    assert [row.depth for row in response.context["rows"]] == [0, 1, 1, 1]
    assert "Tỉnh Cao Bằng" not in response.content.decode()


def test_unit_tree_search_ignores_diacritics(client, world, secretariat):
    response = login(client, secretariat).get(reverse("web:unit_tree"), {"q": "yen lac"})
    assert _tree_names(response) == ["Xã Yên Lạc"]


def test_focal_point_tree_holds_only_its_unit(client, world, focal_b):
    response = login(client, focal_b).get(reverse("web:unit_tree"))
    assert _tree_names(response) == ["Xã Ca Thành"]
    assert "Xã Yên Lạc" not in response.content.decode()


@pytest.mark.parametrize("extra", [1, 3])
def test_unit_tree_query_count_is_pinned(
    client, world, secretariat, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_unit(parent=world.commune_a)
    login(client, secretariat)
    with django_assert_num_queries(4):
        response = client.get(reverse("web:unit_tree"))
    assert len(response.context["rows"]) == 4 + extra


def test_unit_detail_lists_direct_people(client, world, secretariat):
    response = login(client, secretariat).get(reverse("web:unit_detail", args=[world.commune_a.pk]))
    assert [p.full_name for p in response.context["page"]] == ["Nguyễn Văn Hưởng"]
    assert response.context["can_edit"] is True


def test_secretariat_creates_a_unit_under_the_district(client, world, secretariat):
    response = login(client, secretariat).post(
        reverse("web:unit_create"),
        {
            "code": "X01744",
            "name": "Xã Vũ Nông",
            "kind": "commune",
            "parent": world.district.pk,
            "gso_code": "01744",
            "position": "0",
        },
    )
    unit = Unit.objects.get(code="X01744")
    assert response["Location"] == reverse("web:unit_detail", args=[unit.pk])
    assert unit.path == f"{world.district.path}{unit.pk}/"
    assert AuditLog.objects.filter(action="org.unit.create", actor=secretariat).count() == 1


def test_secretariat_cannot_create_a_unit_outside_its_subtree(client, world, secretariat):
    response = login(client, secretariat).post(
        reverse("web:unit_create"),
        {
            "code": "HA",
            "name": "Huyện Hà Quảng",
            "kind": "district",
            "parent": world.province.pk,
            "position": "0",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Unit.objects.filter(code="HA").exists()


def test_unit_edit_rejects_end_before_start(client, world, secretariat):
    response = login(client, secretariat).post(
        reverse("web:unit_edit", args=[world.commune_a.pk]),
        {
            "code": world.commune_a.code,
            "name": "Xã Yên Lạc",
            "kind": "commune",
            "parent": world.district.pk,
            "valid_from": "2023-01-01",
            "valid_to": "2022-01-01",
            "position": "0",
        },
    )
    assert response.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in response.content.decode()


def test_focal_point_cannot_edit_units(client, world, focal_a):
    login(client, focal_a)
    assert client.get(reverse("web:unit_edit", args=[world.commune_a.pk])).status_code == 404
    assert client.get(reverse("web:unit_create")).status_code == 403
