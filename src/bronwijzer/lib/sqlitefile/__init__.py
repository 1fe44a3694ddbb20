"""Django's SQLite backend, except that a connection never creates the database file.

SQLite's default open mode creates a missing file. For a web process that is how committed
data gets lost: when the file is moved away (a careless copy, a restore done by hand), the
next request creates a new, empty database at the configured path, and when its connection
closes SQLite removes the write-ahead log beside it, which may still hold the last commits
of the real file. So this backend opens the file as the URI ``file:PATH?mode=rw``: a
missing file is an ``OperationalError`` ("unable to open database file"), which the site
answers with a 503 (``bronwijzer.lib.dbfaults``) and closes the connection; when the file
is back, the next request opens it, WAL and all. Only ``migrate`` and ``serve`` create the
file, through :func:`sqlite_file_create`.

ENGINE ``bronwijzer.lib.sqlitefile`` (settings.py sets it for ``sqlite://`` URLs). In-memory
databases (the tests') are opened as Django opens them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django.db import connections

if TYPE_CHECKING:
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper


def sqlite_file_create(path: str | Path) -> bool:
    """Create an empty SQLite database file at ``path`` if there is none; True when it did."""
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()  # the only place that opens the file in create mode
    return True


def sqlite_files_create(database: str = "default") -> None:
    """Create the configured database's file when it is an SQLite file that does not exist yet."""
    connection = connections[database]
    if connection.vendor == "sqlite" and not cast("SQLiteWrapper", connection).is_in_memory_db():
        sqlite_file_create(connection.settings_dict["NAME"])
