"""Django's ``migrate``, which first creates the SQLite database file when there is none.

The site's SQLite backend never creates the file (``bronwijzer.lib.sqlitefile``: a web
process that did could lose commits); creating it is the job of ``migrate`` and ``serve``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from bronwijzer.lib.sqlitefile import sqlite_files_create


class Command(migrate.Command):
    # before the system checks, which open a connection
    def execute(self, *args: Any, **options: Any) -> str | None:
        sqlite_files_create(options.get("database") or DEFAULT_DB_ALIAS)
        return super().execute(*args, **options)
