"""BoundedMemoryCache: Django's LocMemCache, bounded in bytes; the least recently used go first."""

from __future__ import annotations

import pickle

from bronwijzer.lib.memorycache import BoundedMemoryCache


def test_the_cache_stays_within_its_bytes_and_drops_the_least_recently_used():
    cache = BoundedMemoryCache("test-bounded", {"OPTIONS": {"MAX_BYTES": 10_000}})
    cache.clear()
    page = b"x" * 3000
    size = len(pickle.dumps(page, pickle.HIGHEST_PROTOCOL))
    for name in ("a", "b", "c"):
        cache.set(name, page)
    assert cache.get("a") == page  # used: now the most recent
    cache.set("d", page)
    assert cache.size() <= 10_000 and cache.size() == 3 * size
    assert cache.get("b") is None  # the least recently used went
    assert {name for name in "acd" if cache.get(name) == page} == {"a", "c", "d"}


def test_many_small_entries_are_not_limited_by_count():
    cache = BoundedMemoryCache("test-many", {"OPTIONS": {"MAX_BYTES": 1_000_000}})
    cache.clear()
    for number in range(1000):  # Django's LocMemCache keeps 300 by default
        cache.set(f"k{number}", number)
    assert cache.get("k0") == 0 and cache.get("k999") == 999


def test_a_cache_of_zero_bytes_keeps_nothing_and_a_value_over_the_bound_is_not_kept():
    off = BoundedMemoryCache("test-off", {"OPTIONS": {"MAX_BYTES": 0}})
    off.clear()
    off.set("page", b"x" * 5000)
    assert off.get("page") is None and off.size() == 0
    small = BoundedMemoryCache("test-small", {"OPTIONS": {"MAX_BYTES": 1000}})
    small.clear()
    small.set("kept", b"x" * 100)
    small.set("too-big", b"x" * 5000)
    assert small.get("too-big") is None and small.get("kept") == b"x" * 100
