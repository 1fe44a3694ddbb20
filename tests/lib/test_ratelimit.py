"""Rate limits in the shared cache (bronwijzer.lib.ratelimit)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from bronwijzer.lib.ratelimit import rate_limit_take

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def test_a_limit_gives_exactly_its_number_of_takes_per_window():
    assert [rate_limit_take("a", 3, 3600) for _ in range(5)] == [True, True, True, False, False]
    assert rate_limit_take("b", 3, 3600), "another key has its own count"


def test_a_lost_note_of_the_count_never_gives_more_takes():
    """The slots themselves are the count: the note of the highest one only saves look-ups."""
    assert all(rate_limit_take("a", 4, 3600) for _ in range(2))
    for key in list(_keys("a")):
        if key.endswith(":n"):
            cache.delete(key)
    assert [rate_limit_take("a", 4, 3600) for _ in range(4)] == [True, True, False, False]


def test_the_counts_are_kept_in_django_s_database_cache_table():
    from django.conf import settings

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    rate_limit_take("a", 1, 3600)
    assert any(True for _ in _keys("a"))


def _keys(name: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM bronwijzer_cache")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall() if f"rate:{name}:" in row[0]]
