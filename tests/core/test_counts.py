"""Cached list counts (core/counts.py): one entry per query, so per scope and filter; stale
after any audited change, in every process; off without Redis."""

import pytest

from tests.conftest import login
from thidua.core import counts
from thidua.org import services as org_services
from thidua.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_counts(settings):
    if not settings.REDIS_URL:
        # The suite's SQLite run has no Redis: the cache is the database table, which the
        # count cache leaves alone. Its rules are the same; check them on that table.
        settings.REDIS_URL = "redis://configured-for-this-test"
    settings.THIDUA_LIST_CACHE_SECONDS = 600


def test_a_count_is_kept_until_an_audited_change(redis_counts, world, secretariat,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    people = Person.objects.filter(unit=world.commune_a)
    first = counts.cached_count(people)
    assert first == people.count()
    Person.objects.filter(unit=world.commune_a).delete()  # behind the services' back
    assert counts.cached_count(people) == first  # the kept count
    assert counts.cached_count(Person.objects.filter(unit=world.commune_b)) == (
        Person.objects.filter(unit=world.commune_b).count()  # another query, its own entry
    )
    with django_capture_on_commit_callbacks(execute=True):
        org_services.unit_update(actor=secretariat, unit=world.commune_b, name="Xã mới")
    assert counts.cached_count(people) == 0  # any audited change: counted again


def test_off_without_redis(settings, world):
    settings.REDIS_URL = ""
    people = Person.objects.filter(unit=world.commune_a)
    before = counts.cached_count(people)
    Person.objects.filter(unit=world.commune_a).delete()
    assert before > 0 and counts.cached_count(people) == 0


def test_the_people_list_counts_per_scope(redis_counts, client, world, secretariat, focal_a):
    login(client, secretariat)
    everyone = client.get("/ca-nhan/").context["page"].paginator.count
    login(client, focal_a)
    own = client.get("/ca-nhan/").context["page"].paginator.count
    assert own == Person.objects.filter(unit=world.commune_a).count() < everyone


def test_the_data_version_is_read_once_a_request_and_always_outside_one(
    django_assert_num_queries, settings
):
    """A version another process sets is seen outside a request and at the next request,
    not within one. With the database cache each read is also a query to count. (The
    handlers are called as the request signals would call them: sending the signals here
    would also close the test's connection. test_list_caches counts the reads of a real
    request.)"""
    from django.core.cache import cache

    first = counts.data_version()
    cache.set(counts.VERSION_KEY, "another-process", timeout=None)
    assert counts.data_version() == "another-process"  # outside a request: always read
    counts._request_began()
    try:
        with django_assert_num_queries(0 if settings.REDIS_URL else 1):
            assert counts.data_version() == counts.data_version() == "another-process"
        counts.data_changed()  # a change committed during the request
        changed = counts.data_version()
        assert changed not in {first, "another-process"}
        cache.set(counts.VERSION_KEY, "yet-another", timeout=None)
        assert counts.data_version() == changed  # kept for the rest of this request
    finally:
        counts._request_ended()
    assert counts.data_version() == "yet-another"  # the next request reads it again
