"""Row counts of big lists kept in the shared cache, per query (and so per scope).

A paginated list's COUNT over a scoped join of 100,000 rows costs more than the page itself.
The count is cached under a digest of the query's SQL and parameters, which carry the user's
scope and filters: users of the same reach share an entry, users of different reach never
do. The key also carries the data version, replaced when any audited change commits (every
write goes through a service, and every service writes an audit row), so a count is never
older than the last change, whichever process or host made it; a time limit bounds it as well.

Only with Redis (REDIS_URL): with the database cache a lookup costs a query of its own.
"""

from __future__ import annotations

import hashlib
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils.functional import cached_property

VERSION_KEY = "thidua:core:data-version"

# Within one request the version is read once (the scope, the rows and the menu each key on
# it: three round trips to Redis became one); a change committed during the request forgets
# it, and outside a request (workers, commands) every call reads the cache.
_request = threading.local()


def _request_began(**kwargs) -> None:
    _request.active, _request.version = True, None


def _request_ended(**kwargs) -> None:
    _request.active, _request.version = False, None


request_started.connect(_request_began, dispatch_uid="thidua.core.counts.request_started")
request_finished.connect(_request_ended, dispatch_uid="thidua.core.counts.request_finished")


def data_version() -> str:
    active = getattr(_request, "active", False)
    if active and _request.version is not None:
        return _request.version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    if active:
        _request.version = version
    return version


def data_changed() -> None:
    """Every cached count, in every process, is stale from now on."""
    _request.version = None
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_after_commit(sender, instance, created: bool, **kwargs) -> None:
    """post_save of an audit row: the counts change when its transaction commits."""
    if created:
        transaction.on_commit(data_changed, using=kwargs.get("using"))


def enabled() -> bool:
    return bool(settings.REDIS_URL) and settings.THIDUA_LIST_CACHE_SECONDS > 0


def cached_count(queryset) -> int:
    if not enabled():
        return queryset.count()
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:40]
    key = f"thidua:count:{data_version()}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, settings.THIDUA_LIST_CACHE_SECONDS)
    return count


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from `cached_count`."""

    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list)


# Each user's unread notifications, read by every back-office page (the menu's badge): kept
# under a version of the user's own, replaced when a notification is created for them or
# marked read (core.services, after the transaction commits), so the next page shows it.
UNREAD_SECONDS = 600


def _unread_version_key(user_id) -> str:
    return f"thidua:core:unread-version:{user_id}"


def cached_unread(user_id, count) -> int:
    """`count()` for `user_id`, through the shared cache when Redis holds it."""
    if not enabled():
        return count()
    version_key = _unread_version_key(user_id)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, timeout=None)
        version = cache.get(version_key)
    key = f"thidua:core:unread:{user_id}:{version}"
    n = cache.get(key)
    if n is None:
        n = count()
        cache.set(key, n, UNREAD_SECONDS)
    return n


def unread_changed(user_ids) -> None:
    """The users' unread counts are stale once the current transaction commits."""
    keys = [_unread_version_key(pk) for pk in user_ids]
    if keys and enabled():
        transaction.on_commit(
            lambda: cache.set_many({k: uuid.uuid4().hex for k in keys}, timeout=None)
        )
