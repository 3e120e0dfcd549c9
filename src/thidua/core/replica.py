"""Heavy reads on a PostgreSQL read replica, when one is configured (REPLICA_DATABASE_URL).

The views named in `settings.THIDUA_REPLICA_VIEWS` (dashboards, reports, the public results
and open data: pages that only read, and read a lot) run their queries on the replica; every
other request, every write, and the session, cache, queue and login tables stay on the primary.
A replica lags the primary by a moment, so only views that may show data a few seconds old are
listed. Without a replica configured nothing changes.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading = ContextVar("thidua_replica_reads", default=False)


def replica_configured() -> bool:
    return bool(getattr(settings, "REPLICA_DATABASE_URL", ""))


@contextlib.contextmanager
def replica_reads():
    """Reads of the project's own tables inside this block go to the replica (if any)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Routes reads of thidua's own models to the replica inside `replica_reads()`."""

    def db_for_read(self, model, **hints):
        if _reading.get() and model.__module__.startswith("thidua.") and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    """Runs the GET and HEAD requests of the listed views inside `replica_reads()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_thidua_replica_token", None)
            if token is not None:
                _reading.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.THIDUA_REPLICA_VIEWS
        ):
            request._thidua_replica_token = _reading.set(True)
        return None
