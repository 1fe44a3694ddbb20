"""A secret key generated once and kept in the data directory, for local use."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_key_from_file(path: Path) -> str:
    """Return the key stored at ``path``, creating it (mode 0600) on first use."""
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if len(key) >= 50:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
