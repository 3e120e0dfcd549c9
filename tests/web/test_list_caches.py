"""What the people list and the layout keep in the shared cache (with Redis): the list's rows
per query and page, each user's menu and unread count. Each is kept until a change made
through a service (an audited change, a notification created or read) commits, and the next
page shows that change."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_person
from thidua.core.services import notifications_mark_read, notify
from thidua.org import services as org_services
from thidua.org.enums import Role, StaffCategory
from thidua.org.models import Person, RoleAssignment

pytestmark = pytest.mark.django_db
LIST = "/ca-nhan/"


@pytest.fixture
def redis_caches(settings):
    if not settings.REDIS_URL:
        # The SQLite run has no Redis: the cache is the database table, which these caches
        # otherwise leave alone. Their rules are the same; check them on that table.
        settings.REDIS_URL = "redis://configured-for-this-test"
    settings.THIDUA_LIST_CACHE_SECONDS = 600


def test_the_list_is_kept_until_a_person_is_changed_through_a_service(
    redis_caches, client, world, secretariat, django_capture_on_commit_callbacks
):
    login(client, secretariat)
    assert "Nguyễn Văn Hưởng" in client.get(LIST).content.decode()
    Person.objects.filter(pk=world.person_a.pk).update(full_name="Tên Đổi Ngầm")
    assert "Nguyễn Văn Hưởng" in client.get(LIST).content.decode()  # the kept rows
    with django_capture_on_commit_callbacks(execute=True):
        org_services.person_update(
            actor=secretariat, person=world.person_a, full_name="Nguyễn Văn Hưởng Mới"
        )
    html = client.get(LIST).content.decode()
    assert "Nguyễn Văn Hưởng Mới" in html and "2 cá nhân" in html
    with django_capture_on_commit_callbacks(execute=True):
        org_services.person_create(
            actor=secretariat, code="CB-NEW-1", full_name="Bế Thị An", gender="female",
            unit=world.commune_b, category=StaffCategory.values[0],
        )  # fmt: skip
    html = client.get(LIST).content.decode()
    assert "Bế Thị An" in html and "3 cá nhân" in html


def test_each_scope_and_filter_has_its_own_rows(redis_caches, client, world, secretariat, focal_a):
    make_person(world.commune_b, "Lục Văn Thêm")
    login(client, secretariat)
    assert "Lục Văn Thêm" in client.get(LIST).content.decode()
    assert "Lục Văn Thêm" not in client.get(LIST, {"q": "huong"}).content.decode()
    login(client, focal_a)  # commune A only: the secretariat's kept rows are not theirs
    html = client.get(LIST).content.decode()
    assert "Nguyễn Văn Hưởng" in html and "Lục Văn Thêm" not in html
    fragment = client.get(LIST, headers={"HX-Request": "true"}).content.decode()
    assert "Nguyễn Văn Hưởng" in fragment and "<html" not in fragment


def test_the_menu_follows_a_role_granted_through_the_service(
    redis_caches, client, world, focal_a, secretariat, django_capture_on_commit_callbacks
):
    audit_link = f'href="{reverse("web:audit_log")}"'
    login(client, focal_a)
    html = client.get(LIST).content.decode()
    assert audit_link not in html and html.count('href="/ca-nhan/"') == 2  # wide bar, phone menu
    RoleAssignment.objects.create(user=focal_a, role=Role.SECRETARIAT, unit=world.district)
    assert audit_link not in client.get(LIST).content.decode()  # behind the services: kept
    RoleAssignment.objects.filter(user=focal_a, role=Role.SECRETARIAT).delete()
    with django_capture_on_commit_callbacks(execute=True):
        org_services.role_grant(
            actor=secretariat, user=focal_a, role=Role.SECRETARIAT, unit=world.district
        )
    assert client.get(LIST).content.decode().count(audit_link) == 2


def test_the_unread_badge_follows_notifications_created_and_read(
    redis_caches, client, world, focal_a, django_capture_on_commit_callbacks
):
    login(client, focal_a)
    assert 'class="badge"' not in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[focal_a], title="Nhắc hạn nộp hồ sơ", email=False)
        notify(users=[focal_a], title="Nhắc hạn lần hai", email=False)
    assert client.get(LIST).content.decode().count('<span class="badge">2</span>') == 2
    with django_capture_on_commit_callbacks(execute=True):
        notifications_mark_read(user=focal_a)
    assert 'class="badge"' not in client.get(LIST).content.decode()


def test_a_role_granted_or_revoked_through_the_service_counts_at_the_next_request(
    redis_caches, client, world, focal_a, secretariat, django_capture_on_commit_callbacks
):
    """The reader's scope is kept under the data version: commune A's focal point sees commune
    B's people from the request after a role over the district is granted, and no longer from
    the request after it is revoked."""
    login(client, focal_a)
    assert "Đặng Thị Bích Đào" not in client.get(LIST).content.decode()
    assert client.get(f"/ca-nhan/{world.person_b.pk}/").status_code == 404
    RoleAssignment.objects.create(user=focal_a, role=Role.SECRETARIAT, unit=world.district)
    assert client.get(f"/ca-nhan/{world.person_b.pk}/").status_code == 404  # kept: no audit
    RoleAssignment.objects.filter(user=focal_a, role=Role.SECRETARIAT).delete()
    with django_capture_on_commit_callbacks(execute=True):
        grant = org_services.role_grant(
            actor=secretariat, user=focal_a, role=Role.SECRETARIAT, unit=world.district
        )
    assert "Đặng Thị Bích Đào" in client.get(LIST).content.decode()
    assert client.get(f"/ca-nhan/{world.person_b.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        org_services.role_revoke(actor=secretariat, assignment=grant)
    assert "Đặng Thị Bích Đào" not in client.get(LIST).content.decode()
    assert client.get(f"/ca-nhan/{world.person_b.pk}/").status_code == 404


def test_a_kept_list_costs_no_query(
    redis_caches, client, world, secretariat, django_assert_num_queries, settings
):
    login(client, secretariat)
    client.get(LIST)
    # With Redis the session, the account, the scope, the rows, the menu and the unread count
    # are all kept: no query. The database cache (this test's stand-in on the SQLite run)
    # costs a query per lookup, and the request's start reads its entries together
    # (core.middleware.KeptMiddleware): the data version with the unread count's version, then
    # the account, scope, menu and unread count; then the rows.
    with django_assert_num_queries(0 if settings.CACHES["default"]["BACKEND"].endswith(
        "RedisCache") else 3):  # fmt: skip
        response = client.get(LIST)
    assert "Nguyễn Văn Hưởng" in response.content.decode()


@pytest.fixture
def cache_reads(monkeypatch):
    """Every read of the shared cache (one round trip each with Redis), by method."""
    from django.core.cache import cache

    reads, inside = [], []
    for name in ("get", "get_many"):
        real = getattr(cache, name)

        def counted(*args, _name=name, _real=real, **kwargs):
            if not inside:  # the database cache's get() is its get_many() of one key
                reads.append(_name)
            inside.append(_name)
            try:
                return _real(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counted)
    return reads


def test_a_kept_list_reads_the_cache_four_times(redis_caches, client, world, secretariat,
                                                cache_reads, settings):  # fmt: skip
    """The session (kept in the shared cache with Redis), then the two reads of the request's start,
    then the page's rows: the data version, account, scope, menu and unread count each were a
    read of their own."""
    login(client, secretariat)
    client.get(LIST)
    cache_reads.clear()
    assert "Nguyễn Văn Hưởng" in client.get(LIST).content.decode()
    in_default = settings.SESSION_CACHE_ALIAS == "default"  # not so on the SQLite run
    assert cache_reads == ["get"] * in_default + ["get_many", "get_many", "get"]


def test_the_account_is_kept_until_it_is_changed_through_a_service(
    redis_caches, client, world, secretariat, focal_a, django_capture_on_commit_callbacks
):
    """The reader's account comes from the cache (core.logins.KeptAccountBackend): a change
    behind the services' back is not seen, an account turned off through the service is
    signed out at its next request, and a password set through the service ends the other
    sessions (Django's session hash, checked against the kept account)."""
    login(client, focal_a)
    assert client.get(LIST).status_code == 200
    type(focal_a).objects.filter(pk=focal_a.pk).update(first_name="Ngầm")
    assert client.get(LIST).context["user"].first_name == focal_a.first_name  # kept
    with django_capture_on_commit_callbacks(execute=True):
        org_services.account_set_active(
            actor=secretariat, account=focal_a, active=False, reason="Nghỉ hưu"
        )
    response = client.get(LIST)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]

    login(client, secretariat)
    assert client.get(LIST).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        org_services.account_password_set(
            actor=secretariat, account=secretariat, password="Mật-khẩu-mới-2026!", how="thử"
        )
    response = client.get(LIST)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
