"""The dashboard figures' shared cache and its invalidation.

Figures are cached in the project's one cache (Redis or the database table, so every web and
worker process sees the same entry) under a key that carries a *version*. Every change made
through a service writes an audit row; once that row's transaction commits, the version is
replaced, so every process computes fresh figures at its next read. The version is a random
token, never a counter, so a lost or evicted version can never bring back old entries.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "thidua:monitoring:figures-version"


def figures_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def figures_invalidate() -> None:
    """Every cached figure, in every process, is stale from now on."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_after_commit(sender, instance, created: bool, **kwargs) -> None:
    """post_save of an audit row: the figures change when its transaction commits."""
    if created:
        transaction.on_commit(figures_invalidate, using=kwargs.get("using"))
