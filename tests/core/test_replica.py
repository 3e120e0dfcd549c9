"""The read-replica router: only the listed read-only views, only thidua's own tables, and
only when a replica is configured; writes, sessions, cache and queue stay on the primary."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from thidua.core.replica import ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from thidua.org.models import Person

router = ReplicaRouter()


@pytest.fixture
def replica(settings):
    settings.REPLICA_DATABASE_URL = "postgres://reader@127.0.0.1:5433/thidua"


def test_without_a_replica_everything_reads_the_primary():
    with replica_reads():
        assert router.db_for_read(Person) is None


def test_inside_replica_reads_only_thiduas_tables_go_to_the_replica(replica):
    assert router.db_for_read(Person) is None
    with replica_reads():
        assert router.db_for_read(Person) == "replica"
        assert router.db_for_read(Session) is None  # sessions stay on the primary
        assert router.db_for_write(Person) is None
    assert router.db_for_read(Person) is None
    assert router.allow_migrate("replica", "org") is False
    assert router.allow_migrate("default", "org") is True


def _seen(path: str, method: str = "get") -> str | None:
    """Which database a read of Person would use while the middleware handles `path`."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Person))
        return HttpResponse()

    request = getattr(RequestFactory(), method)(path)
    request.resolver_match = resolve(path)
    middleware = ReplicaReadsMiddleware(lambda r: (middleware.process_view(r, view, (), {}),
                                                   view(r))[1])  # fmt: skip
    middleware(request)
    assert router.db_for_read(Person) is None  # reset after the response
    return seen[0]


def test_the_listed_pages_read_the_replica_and_the_others_the_primary(replica):
    assert _seen("/du-lieu-mo/") == "replica"
    assert _seen("/ket-qua/") == "replica"
    assert _seen("/phong-trao/1/bang-dieu-khien/") == "replica"
    assert _seen("/phong-trao/1/bang-dieu-khien/", "post") is None  # never a form's post
    assert _seen("/ca-nhan/") is None
