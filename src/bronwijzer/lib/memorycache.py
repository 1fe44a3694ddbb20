"""Django's in-process cache (``LocMemCache``), bounded in bytes instead of in entries.

The page cache keeps the pages of each server process here (``CACHES["pages-local"]``). Pages
differ a hundredfold in size (a resource page against a long list of search results), so a
bound in entries says nothing about memory; ``OPTIONS["MAX_BYTES"]`` (from
``BRONWIJZER_PAGE_CACHE_BYTES``) does. Everything else, the least-recently-used order, expiry and
the lock, is Django's.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class BoundedMemoryCache(LocMemCache):
    """A ``LocMemCache`` whose pickled values together stay within ``OPTIONS["MAX_BYTES"]``."""

    # LocMemCache's own state, set in its __init__ (the stubs leave out these private attributes).
    _cache: OrderedDict[str, bytes]
    _expire_info: dict[str, float | None]
    _lock: threading.Lock

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.max_bytes = int(options.pop("MAX_BYTES", 32 * 1024 * 1024))
        options.setdefault("MAX_ENTRIES", 1_000_000)  # the byte bound below decides
        super().__init__(name, {**params, "OPTIONS": options})

    def size(self) -> int:
        """Bytes of every value kept (pickled), as counted against ``max_bytes``."""
        with self._lock:
            return sum(len(value) for value in self._cache.values())

    def _set(self, key: str, value: bytes, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        # Called under the lock. Django keeps the most recently used entry first: drop from the end.
        super()._set(key, value, timeout)  # type: ignore[misc]  # LocMemCache._set is private: not in the stubs
        if len(value) > self.max_bytes:  # never kept, and nothing else goes for it (a bound of 0: off)
            self._delete(key)  # type: ignore[attr-defined]  # private as _set: not in the stubs
            return
        total = sum(len(kept) for kept in self._cache.values())
        while total > self.max_bytes and self._cache:
            old_key, old = self._cache.popitem()
            del self._expire_info[old_key]
            total -= len(old)
