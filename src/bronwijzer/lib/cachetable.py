"""The database cache's table, created by ``migrate`` (and so by ``bronwijzer serve``).

Django leaves it to ``createcachetable``; running that after every ``migrate`` means a fresh
database, an upgrade and a switch back from Redis or Memcached all get the table, and an
existing one is left as it is.
"""

from __future__ import annotations

from django.core.management import call_command


def cache_table_create(using: str = "default", **kwargs: object) -> None:
    """A ``post_migrate`` receiver: create the table of every DatabaseCache that lacks it."""
    call_command("createcachetable", database=using, verbosity=0)
