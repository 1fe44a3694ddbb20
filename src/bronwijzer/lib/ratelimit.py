"""Rate limits counted in Django's cache, so every worker and every server shares one count.

A limit is a fixed window: at most ``limit`` takes per key in each ``window`` seconds. Each take
claims a numbered slot with ``cache.add``, which is atomic in every shared backend (a primary key
in the database cache, ``SET NX`` in Redis, ``add`` in Memcached), so two workers can never both
take the last slot. ``cache.incr`` is not used: the database cache implements it as a read and a
write, and two workers would then both count from the same number.
"""

from __future__ import annotations

import time

from django.core.cache import caches


def rate_limit_take(key: str, limit: int, window: int, *, alias: str = "default") -> bool:
    """Take one of the ``limit`` slots of ``key`` in the current window; False when none is left."""
    cache = caches[alias]
    now = time.time()
    base = f"rate:{key}:{int(now // window)}"
    timeout = int(window - now % window) + 1  # every slot of a window ends with it
    known = cache.get(f"{base}:n", 0)  # the highest slot taken, as far as anyone wrote it down
    for slot in range(known + 1, limit + 1):
        if cache.add(f"{base}:{slot}", 1, timeout):
            cache.set(f"{base}:n", slot, timeout)
            return True
    if known < limit:
        cache.set(f"{base}:n", limit, timeout)  # every slot taken: the next request asks only this
    return False
