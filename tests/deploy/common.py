"""What the deploy tests share: the repository's deploy/ files and the names of the settings."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from bronwijzer.lib.env import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def env_lines(path: Path) -> dict[str, str]:
    """NAME -> value of an env file's lines, commented-out examples (``#NAME=value``) included."""
    found = {}
    for line in path.read_text().splitlines():
        text = line.removeprefix("#").strip()
        name, equals, value = text.partition("=")
        if equals and name.isupper() and name.replace("_", "").isalnum():
            found[name] = value
    return found


def known_settings() -> set[str]:
    """Every environment variable Bronwijzer reads (settings.py records them)."""
    assert settings.SECRET_KEY  # the settings module has run
    return set(REGISTRY)
