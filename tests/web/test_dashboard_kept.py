"""The secretariat's dashboard as kept in the shared cache (with Redis): the reader's reach
decision per user and data version, the rendered head, figures and table per reach, filters
and version. A role revoked through the service is refused at the next request, with the
kept page still in the cache; a change made through a service shows at the next page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_unit
from tests.monitoring import conftest as fixtures
from thidua.org import services as org_services
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment

pytestmark = pytest.mark.django_db
NOW = fixtures.NOW
_private_media = fixtures._private_media
campaign = fixtures.campaign
commune_c = fixtures.commune_c
monitored = fixtures.monitored


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture(autouse=True)
def kept(settings):
    if not settings.REDIS_URL:
        # The SQLite run has no Redis: the cache is the database table, which these caches
        # otherwise leave alone. Their rules are the same; check them on that table.
        settings.REDIS_URL = "redis://configured-for-this-test"
    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 30
    settings.THIDUA_LIST_CACHE_SECONDS = 600  # the layout's menu and unread count, as deployed
    cache.clear()
    yield
    cache.clear()


def _url(campaign) -> str:
    return reverse("web:monitoring_dashboard", args=[campaign.pk])


def _role(user) -> RoleAssignment:
    return RoleAssignment.objects.get(user=user, role=Role.SECRETARIAT)


@pytest.fixture
def also_focal(secretariat, world):
    """The secretariat is also the focal point of a commune outside the campaign: without its
    secretariat role it stays in the back office (the layout lets it in) but out of reach."""
    outside = make_unit("Xã Ngoài Phong Trào", parent=world.district)
    org_services.role_grant(actor=None, user=secretariat, role=Role.FOCAL_POINT, unit=outside)


def test_the_reach_and_page_are_kept_behind_the_services_back(
    client, monitored, secretariat, also_focal
):
    login(client, secretariat)
    html = client.get(_url(monitored)).content.decode()
    assert '<span class="quota-use">1/5</span>' in html
    _role(secretariat).delete()  # not through the service: no audit row, nothing replaced
    again = client.get(_url(monitored))
    assert again.status_code == 200 and '<span class="quota-use">1/5</span>' in again.text


def test_a_role_revoked_through_the_service_is_refused_at_the_next_request(
    client, monitored, secretariat, also_focal, django_capture_on_commit_callbacks
):
    login(client, secretariat)
    assert client.get(_url(monitored)).status_code == 200  # decision and page now kept
    with django_capture_on_commit_callbacks(execute=True):
        org_services.role_revoke(actor=None, assignment=_role(secretariat))
    response = client.get(_url(monitored))
    assert response.status_code == 404
    assert "quota-use" not in response.content.decode()


def test_a_change_through_a_service_shows_at_the_next_page(
    client, monitored, secretariat, world, django_capture_on_commit_callbacks
):
    login(client, secretariat)
    assert "Xã Yên Lạc</td>" in client.get(_url(monitored)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        org_services.unit_update(actor=secretariat, unit=world.commune_a, name="Xã Yên Lạc Mới")
    assert "Xã Yên Lạc Mới</td>" in client.get(_url(monitored)).content.decode()


def test_each_filter_and_reach_has_its_own_page(client, monitored, secretariat, focal_a):
    login(client, secretariat)
    assert client.get(_url(monitored)).content.decode().count("<tr data-unit=") == 3
    only = client.get(_url(monitored), {"q": "X01738"}).content.decode()
    assert only.count("<tr data-unit=") == 1 and 'data-unit="X01738"' in only
    assert 'value="X01738"' in only  # the kept page's filter box, and the job form's
    html = login(client, focal_a).get(_url(monitored)).content.decode()
    assert "Việc của đơn vị trong phong trào" in html and "X01738" not in html


def test_a_kept_page_draws_the_forms_for_this_request(client, monitored, secretariat):
    login(client, secretariat)
    client.get(_url(monitored))
    client.cookies.pop("csrftoken", None)  # a new token for this reader: not the kept one
    html = client.get(_url(monitored)).content.decode()
    token = client.cookies["csrftoken"].value
    assert html.split("<main>", 1)[1].count('name="csrfmiddlewaretoken"') == 4
    assert "Nhắc 1 đơn vị chưa nộp kế hoạch" in html and token


def test_a_kept_page_costs_no_query(
    client, monitored, secretariat, django_assert_num_queries, settings
):
    login(client, secretariat)
    client.get(_url(monitored))
    # Was 7 (session, user, scope, the campaign, its phases and award forms, the frameworks):
    # the reach decision and the rendered parts come from the cache. With Redis the session,
    # the account and the scope are kept too: no query. The database cache (this test's
    # stand-in on the SQLite run) costs a query per lookup: the request's start reads the data
    # version with the unread count's version, then the account, scope, menu and unread count
    # (core.middleware.KeptMiddleware); then the decision and the page.
    redis = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    with django_assert_num_queries(0 if redis else 4):
        response = client.get(_url(monitored))
    assert '<span class="quota-use">1/5</span>' in response.content.decode()
