"""Throttling what anonymous visitors may send (public comments, citizens' proposals): a fixed
window counter per address in the database (`core.ThrottleCounter`), so every worker process
and host counts the same hits. The address is hashed with the site's key before it is counted;
it is never stored in clear.

One statement counts a hit and reads the count back (`INSERT … ON CONFLICT DO UPDATE SET
count = count + 1 RETURNING count`, PostgreSQL and SQLite ≥ 3.35 alike): two requests at the
same instant get two different counts, so exactly `limit` attempts pass per window. (Django's
database cache, used when no Redis is configured, reads then writes: concurrent hits were
lost there.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from thidua.core.models import ThrottleCounter

#: A counter row is kept this long after its window ends, then deleted.
GRACE_SECONDS = 5


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


def _count_one(scope: str, who: str, bucket: int, expires_at: dt.datetime) -> int:
    meta = ThrottleCounter._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    cols = {f.name: quote(f.column) for f in meta.concrete_fields}
    sql = (
        f"INSERT INTO {table} ({cols['scope']}, {cols['who']}, {cols['bucket']}, "
        f"{cols['count']}, {cols['expires_at']}) VALUES (%s, %s, %s, 1, %s) "
        f"ON CONFLICT ({cols['scope']}, {cols['who']}, {cols['bucket']}) "
        f"DO UPDATE SET {cols['count']} = {table}.{cols['count']} + 1 "
        f"RETURNING {cols['count']}"
    )
    field = meta.get_field("expires_at")
    value = field.get_db_prep_value(expires_at, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, who, bucket, value])
        return cursor.fetchone()[0]


def hit(scope: str, who: str, *, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt of `who` (an address hash) in `scope`; allowed while the count in the
    current window of `window` seconds is at most `limit`. Exact under concurrency."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    ends = (bucket + 1) * window
    expires_at = dt.datetime.fromtimestamp(ends + GRACE_SECONDS, tz=dt.UTC)
    with transaction.atomic():
        count = _count_one(scope[:40], who[:64], bucket, expires_at)
        if count == 1:  # a new window: forget the ended ones
            ThrottleCounter.objects.filter(
                expires_at__lt=dt.datetime.fromtimestamp(now, tz=dt.UTC)
            ).delete()
    retry_after = int(ends - now) + 1
    return Verdict(allowed=count <= limit, count=count, retry_after=retry_after)
