import pytest

from tests.nominations import conftest as nomination_fixtures
from thidua.nominations import services

pytestmark = pytest.mark.django_db

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
filled_a = nomination_fixtures.filled_a
_private_media = nomination_fixtures._private_media


@pytest.fixture
def accepted(filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    return services.proposal_accept(actor=secretariat, proposal=filled_a)


def test_secretariat_lists_nominees_with_each_criterion(
    api_get, bearer, secretariat, campaign, accepted
):
    response = api_get(f"/campaigns/{campaign.pk}/nominees", bearer(secretariat))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_name = {n["name"]: n for n in body["items"]}
    person = by_name["Nguyễn Văn Hưởng"]
    assert (person["state"], person["eligible"], person["unit"]["name"]) == (
        "accepted",
        None,
        "Xã Yên Lạc",
    )
    assert [(c["kind"], c["result"]) for c in person["criteria"]] == [
        ("rating_at_least", "needs_review"),
        ("no_discipline", "met"),
    ]
    assert person["criteria"][1]["explanation"] == (
        "Không có quyết định kỷ luật trong kỳ 05/01/2023–30/12/2023."
    )


def test_filters_and_one_nominee(api_get, bearer, secretariat, campaign, accepted):
    headers = bearer(secretariat)
    listed = api_get(f"/campaigns/{campaign.pk}/nominees", headers, eligible="review").json()
    assert listed["count"] == 2
    assert (
        api_get(f"/campaigns/{campaign.pk}/nominees", headers, eligible="yes").json()["count"] == 0
    )
    nominee_id = listed["items"][0]["id"]
    one = api_get(f"/nominees/{nominee_id}", headers).json()
    assert one["id"] == nominee_id and len(one["criteria"]) in {2, 3}


def test_another_commune_sees_neither_list_rows_nor_the_nominee(
    api_get, bearer, focal_b, campaign, accepted
):
    headers = bearer(focal_b)
    listed = api_get(f"/campaigns/{campaign.pk}/nominees", headers)
    assert listed.status_code == 200 and listed.json()["count"] == 0
    nominee = accepted.nominees.first()
    response = api_get(f"/nominees/{nominee.pk}", headers)
    assert response.status_code == 404
    assert "Hưởng" not in response.content.decode()


def test_a_bad_filter_is_a_vietnamese_422(api_get, bearer, secretariat, campaign):
    response = api_get(f"/campaigns/{campaign.pk}/nominees", bearer(secretariat), eligible="x")
    assert response.status_code == 422
