"""Collect static files only when they changed since the last collection.

``collectstatic`` with WhiteNoise's compressed manifest storage hashes and compresses every
file (about a thousand, the admin's and the API docs' included): seconds of CPU, and far more
on a busy machine. ``bronwijzer serve`` used to pay that at every start. Now a fingerprint of
the sources (each file's path, size and modification time, as the static finders list them)
is kept beside the collected files, and a start only collects when it differs. A lock file
keeps two servers that share a static root from collecting at the same time.
"""

from __future__ import annotations

import fcntl
import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.apps import StaticFilesConfig
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command


class StaticFiles(StaticFilesConfig):
    """Django's static files app (in ``INSTALLED_APPS`` in its place), which also leaves out of the
    collected files the fonts that only the PDFs use: the vendored Arabic fonts (``lib/fonts``)
    print Arabic and Farsi in the PDFs, while every screen that shows them has an Arabic font of
    its own, and the static Noto Sans files print the Latin, Cyrillic and Greek letters of the PDFs
    only (screens use the reader's own fonts). The Ethiopic ones are served (Ge'ez is missing on
    many computers). So a collection does not copy, hash and compress three megabytes no page asks
    for."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "NotoSansArabic-*", "NotoSans-*"]


STAMP = ".bronwijzer-sources"
LOCK = ".bronwijzer-lock"


def static_sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time."""
    rows = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            rows.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(sorted(rows)).encode("utf-8"))
    digest.update(repr(settings.STORAGES["staticfiles"]).encode("utf-8"))
    return digest.hexdigest()


def static_collect() -> bool:
    """Run collectstatic when the sources changed since the last run; True when it ran."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = root / STAMP
        fingerprint = static_sources_fingerprint()
        manifest = root / "staticfiles.json"
        if manifest.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
            return False
        stamp.unlink(missing_ok=True)  # a collection cut short must not look finished
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint + "\n")
        return True
