"""The whole database in one digest: for tests that a page or action stores nothing."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connection


def database_digest() -> str:
    """A digest of every row of every table the project has."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            digest.update(model._meta.db_table.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()
