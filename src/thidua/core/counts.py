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
from django.utils import timezone
from django.utils.functional import cached_property

VERSION_KEY = "thidua:core:data-version"

# Within one request the version is read once (the scope, the rows and the menu each key on
# it: three round trips to Redis became one); a change committed during the request forgets
# it, and outside a request (workers, commands) every call reads the cache. Once the session
# names the reader (core.middleware.KeptMiddleware), the entries every page of theirs reads
# are fetched together (`prefetch_for`): two round trips instead of one per entry.
_request = threading.local()


def _request_began(**kwargs) -> None:
    _request.active, _request.version = True, None
    _request.asked, _request.found, _request.unread = frozenset(), {}, None


def _request_ended(**kwargs) -> None:
    _request.active, _request.version = False, None
    _request.asked, _request.found, _request.unread = frozenset(), {}, None


request_started.connect(_request_began, dispatch_uid="thidua.core.counts.request_started")
request_finished.connect(_request_ended, dispatch_uid="thidua.core.counts.request_finished")


def _version(key: str, found: dict | None = None) -> str:
    """The token under `key` (read, or taken from `found`), set if there is none yet."""
    version = found.get(key) if found is not None else cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def data_version() -> str:
    active = getattr(_request, "active", False)
    if active and _request.version is not None:
        return _request.version
    version = _version(VERSION_KEY)
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


def _unread_key(user_id, version: str) -> str:
    return f"thidua:core:unread:{user_id}:{version}"


def cached_unread(user_id, count) -> int:
    """`count()` for `user_id`, through the shared cache when Redis holds it."""
    if not enabled():
        return count()
    prefetched = getattr(_request, "unread", None)
    if prefetched is not None and prefetched[0] == user_id:
        version = prefetched[1]
    else:
        version = _version(_unread_version_key(user_id))
    key = _unread_key(user_id, version)
    n = _lookup(key)
    if n is None:
        n = count()
        _keep(key, n, UNREAD_SECONDS)
    return n


def unread_changed(user_ids) -> None:
    """The users' unread counts are stale once the current transaction commits."""
    user_ids = set(user_ids)
    if not user_ids or not enabled():
        return

    def changed() -> None:
        keys = [_unread_version_key(pk) for pk in user_ids]
        cache.set_many({k: uuid.uuid4().hex for k in keys}, timeout=None)
        prefetched = getattr(_request, "unread", None)
        if prefetched is not None and prefetched[0] in user_ids:
            _request.unread = None  # this request's later reads see the change too

    transaction.on_commit(changed)


# Entries kept per reader under the data version and the day (roles are valid by day): the
# reader's scope (org.scope), header (web) and account (core.logins). Each owner names its kind
# once at import (`user_kind`), so the request's prefetch knows every key it will ask.
_USER_KINDS: set[str] = set()


def user_kind(kind: str) -> str:
    _USER_KINDS.add(kind)
    return kind


def _user_key(kind: str, user_id, version: str) -> str:
    return f"thidua:kept:{kind}:{version}:{user_id}:{timezone.localdate().isoformat()}"


def kept_for_user(kind: str, user_id, build, seconds: int):
    """`build()` kept for the reader `user_id` under the data version and the day, for at most
    `seconds` (a value of None is not kept). Only with Redis: without, built every time."""
    if not enabled() or user_id is None:
        return build()
    key = _user_key(kind, user_id, data_version())
    value = _lookup(key)
    if value is None:
        value = build()
        if value is not None:
            _keep(key, value, seconds)
    return value


def _lookup(key: str):
    """`key`'s value: from the request's prefetch when it asked for this key (found or not),
    else from the cache."""
    if key in getattr(_request, "asked", ()):
        return _request.found.get(key)
    return cache.get(key)


def _keep(key: str, value, seconds: int) -> None:
    cache.set(key, value, seconds)
    if key in getattr(_request, "asked", ()):
        _request.found[key] = value  # a second lookup in this request finds it


def prefetch_for(user_id) -> None:
    """At a request's start, once the session names the reader: the data version and their
    unread count's version in one round trip, then every kept entry of theirs (scope, header,
    account, unread count) in a second, where one round trip each was made before."""
    if not enabled() or not getattr(_request, "active", False) or user_id is None:
        return
    unread_key = _unread_version_key(user_id)
    found = cache.get_many([VERSION_KEY, unread_key])
    version = _request.version = _version(VERSION_KEY, found)
    unread = _version(unread_key, found)
    _request.unread = (user_id, unread)
    asked = [_user_key(kind, user_id, version) for kind in sorted(_USER_KINDS)]
    asked.append(_unread_key(user_id, unread))
    _request.asked, _request.found = frozenset(asked), cache.get_many(asked)
