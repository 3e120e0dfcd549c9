import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_person
from thidua.org.services import person_update


def test_login_page_is_in_vietnamese_and_rejects_bad_password(client, world, secretariat):
    page = client.get(reverse("login"))
    assert "Đăng nhập" in page.content.decode()
    response = client.post(reverse("login"), {"username": "noivu", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_home_shows_role_and_counts(client, world, secretariat):
    response = client.post(
        reverse("login"), {"username": "noivu", "password": "mat-khau-thu-nghiem"}
    )
    assert response["Location"] == reverse("web:home")
    home = client.get(reverse("web:home"))
    assert home.context["counts"] == {"units": 4, "communes": 2, "people": 2}
    assert "Thường trực thi đua" in home.content.decode()


def test_password_change_rejects_a_wrong_old_password(client, world, focal_a):
    response = login(client, focal_a).post(
        reverse("password_change"),
        {
            "old_password": "khong-dung",
            "new_password1": "Mat-khau-moi-2024",
            "new_password2": "Mat-khau-moi-2024",
        },
    )
    assert "không đúng" in str(response.context["form"].errors["old_password"])
    focal_a.refresh_from_db()
    assert focal_a.check_password("mat-khau-thu-nghiem")


def test_secretariat_reads_the_audit_trail_of_its_units(client, world, secretariat, focal_a):
    person_update(actor=focal_a, person=world.person_a, position="Phó Chủ tịch UBND")
    response = login(client, secretariat).get(
        reverse("web:audit_log"), {"action": "org.person.update"}
    )
    rows = list(response.context["page"])
    assert [(r.actor_name, r.object_repr) for r in rows] == [("daumoi.a", "Nguyễn Văn Hưởng")]
    assert "Phó Chủ tịch UBND" in response.content.decode()


@pytest.mark.parametrize("persona", ["focal_a", "observer", "council_member"])
def test_audit_trail_is_refused_to_non_secretariat(client, request, world, persona):
    response = login(client, request.getfixturevalue(persona)).get(reverse("web:audit_log"))
    assert response.status_code == 403


@pytest.mark.parametrize("extra", [1, 3])
def test_audit_list_query_count_is_pinned(
    client, world, secretariat, django_assert_num_queries, extra
):
    for i in range(extra):
        make_person(world.commune_a, f"Ma Văn Thêm {i}")
    login(client, secretariat)
    with django_assert_num_queries(6):
        response = client.get(reverse("web:audit_log"))
    assert response.status_code == 200


def test_health_check_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.content == b"ok" and response["Content-Type"].startswith("text/plain")
