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
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property

VERSION_KEY = "thidua:core:data-version"


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def data_changed() -> None:
    """Every cached count, in every process, is stale from now on."""
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
