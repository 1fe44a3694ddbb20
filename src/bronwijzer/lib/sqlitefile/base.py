"""The backend's connection: ``file:PATH?mode=rw`` (see the package's docstring)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        params = super().get_connection_params()  # Django opens every SQLite name with uri=True
        name = str(params["database"])
        if not self.is_in_memory_db() and not name.startswith("file:"):
            params["database"] = f"file:{quote(str(Path(name).resolve()))}?mode=rw"
        return params
