"""What the deploy tests share: the repository's deploy/ files and the names of the settings."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from bronwijzer.lib.env import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
#: Settings agreed for issue 14 and added by its other items (trusted proxies, shared cache, PDF
#: limit, link checker, server): deploy/ names them already. Once merged they are in REGISTRY.
PENDING_SETTINGS = {
    "BRONWIJZER_TRUSTED_PROXIES",
    "BRONWIJZER_CACHE_URL",
    "BRONWIJZER_PDF_CONCURRENCY",
    "BRONWIJZER_LINKCHECK_ALLOW_PRIVATE",
    "BRONWIJZER_THREADS",
    "BRONWIJZER_REQUEST_TIMEOUT",
}


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
    """Every environment variable Bronwijzer reads (settings.py records them) or will read."""
    assert settings.SECRET_KEY  # the settings module has run
    return set(REGISTRY) | PENDING_SETTINGS
