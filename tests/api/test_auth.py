import datetime as dt

import pytest
from django.utils import timezone

from thidua.api.auth import INVALID, MISSING
from thidua.core.models import ApiToken
from thidua.core.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_schema_lists_every_endpoint_and_the_bearer_scheme(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "API thi đua – khen thưởng"
    assert schema["info"]["description"].startswith("API của hệ thống thi đua – khen thưởng")
    assert set(schema["paths"]) >= {
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign_id}",
        "/api/v1/campaigns/{campaign_id}/registrations",
        "/api/v1/campaigns/{campaign_id}/nominees",
        "/api/v1/nominees/{nominee_id}",
        "/api/v1/council-sessions/{session_id}",
        "/api/v1/council-sessions/{session_id}/results",
        "/api/v1/frameworks",
        "/api/v1/indicators/frameworks",
        "/api/v1/indicators/scores",
        "/api/v1/tasks",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/certificates/{code}",
    }
    # an old path of a moved operation is marked deprecated; its canonical path is not
    paths = schema["paths"]
    assert paths["/api/v1/indicators/frameworks"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/api/v1/frameworks"]["get"]
    old_ballot = paths["/api/v1/councils/sessions/{session_id}/ballot"]["post"]
    assert old_ballot["deprecated"] is True
    assert "deprecated" not in paths["/api/v1/council-sessions/{session_id}/ballot"]["post"]
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"},
        # the exchange endpoint takes a partner system's token, not a user's
        "PartnerAuth": {"type": "http", "scheme": "bearer"},
    }


def test_docs_page_points_at_the_schema(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content


def test_docs_page_loads_swagger_from_our_own_server_not_a_cdn(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle" in response.content
    assert b"cdn." not in response.content


@pytest.mark.parametrize("path", ["/me", "/units", "/people", "/people/1", "/units/1"])
def test_every_endpoint_without_a_header_is_refused_with_401(api_get, world, path):
    response = api_get(path)

    assert response.status_code == 401
    assert response.json() == {"detail": MISSING}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_scheme_than_bearer_is_treated_as_no_token(api_get, world):
    response = api_get("/people", {"Authorization": "Basic bm9pdnU6eA=="})

    assert response.status_code == 401
    assert response.json() == {"detail": MISSING}


def test_a_session_login_alone_does_not_open_the_api(client, api_get, secretariat):
    client.force_login(secretariat)

    response = api_get("/people")

    assert response.status_code == 401
    assert response.json() == {"detail": MISSING}


def test_an_unknown_token_is_refused(api_get, world):
    response = api_get("/people", {"Authorization": "Bearer td_khong-ton-tai"})

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID}


def test_a_revoked_token_is_refused(api_get, secretariat):
    token, raw = api_token_create(user=secretariat, name="cũ", actor=None)
    api_token_revoke(token=token, actor=None)

    response = api_get("/people", {"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID}


def test_a_token_of_an_inactive_user_is_refused(api_get, bearer, secretariat):
    headers = bearer(secretariat)
    secretariat.is_active = False
    secretariat.save(update_fields=["is_active"])

    response = api_get("/people", headers)

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID}


def test_me_describes_the_token_user_and_the_roles_it_carries(api_get, bearer, focal_a, world):
    focal_a.first_name, focal_a.last_name = "Hưởng", "Nguyễn Văn"
    focal_a.save()

    response = api_get("/me", bearer(focal_a))

    assert response.status_code == 200
    assert response.json() == {
        "username": "daumoi.a",
        "full_name": "Nguyễn Văn Hưởng",
        "roles": [
            {
                "role": "focal_point",
                "role_label": "Cán bộ đầu mối",
                "unit_id": world.commune_a.pk,
                "unit_name": "Xã Yên Lạc",
            }
        ],
    }


def test_a_user_without_roles_gets_403_on_people_although_people_exist(
    api_get, bearer, no_role_user, world
):
    headers = bearer(no_role_user)

    assert api_get("/me", headers).json()["roles"] == []
    for path in ["/people", f"/people/{world.person_a.pk}", "/units"]:
        response = api_get(path, headers)
        assert response.status_code == 403
        assert response.json() == {"detail": "Bạn không có quyền dùng chức năng này."}


def test_first_use_stamps_last_used_at_and_later_uses_within_a_minute_do_not_write(
    api_get, secretariat, django_assert_num_queries
):
    token, raw = api_token_create(user=secretariat, name="đồng bộ", actor=None)
    headers = {"Authorization": f"Bearer {raw}"}
    assert token.last_used_at is None

    api_get("/me", headers)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    # Token lookup and the user's roles: no UPDATE while the stamp is fresh.
    with django_assert_num_queries(2):
        api_get("/me", headers)
    token.refresh_from_db()
    assert token.last_used_at == first_use


def test_a_use_more_than_a_minute_after_the_stamp_writes_a_new_one(api_get, secretariat):
    token, raw = api_token_create(user=secretariat, name="đồng bộ", actor=None)
    long_ago = timezone.now() - dt.timedelta(minutes=1, seconds=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)

    api_get("/me", {"Authorization": f"Bearer {raw}"})

    token.refresh_from_db()
    assert token.last_used_at > long_ago + dt.timedelta(minutes=1)
