"""Django's Redis cache, except that clearing it removes only this site's keys.

Django's ``RedisCache.clear()`` empties the whole Redis database (FLUSHDB): every other site,
worker or test run that shares the Redis server with a different ``KEY_PREFIX`` would lose its
keys too. Here ``clear()`` deletes the keys under this cache's prefix and nothing else.
"""

from __future__ import annotations

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

_GLOB = re.compile(r"([\\*?\[\]])")
_BATCH = 1000


class RedisCache(DjangoRedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = _GLOB.sub(r"\\\1", self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=_BATCH):
            batch.append(key)
            if len(batch) >= _BATCH:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
