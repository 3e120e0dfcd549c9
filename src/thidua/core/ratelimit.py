"""Throttling what anonymous visitors may send (public comments, citizens' proposals): a fixed
window counter per address in the one shared cache (`CACHES`: Redis, else the database table),
so every worker process counts the same hits. The address is hashed with the site's key before
it becomes a cache key; it is never stored in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def address_hash(address: str) -> str:
    """A keyed hash of a visitor's address: the same address gives the same value (to count
    and to recognise a flood), the value gives back no address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"ip:{address}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


def hit(scope: str, who: str, *, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt of `who` (an address hash) in `scope`; allowed while the count in the
    current window of `window` seconds is at most `limit`."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    key = f"ratelimit:{scope}:{who[:40]}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    retry_after = int((bucket + 1) * window - now) + 1
    return Verdict(allowed=count <= limit, count=count, retry_after=retry_after)
