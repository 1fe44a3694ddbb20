"""bronwijzer backup [FILE]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from bronwijzer.backup import services as backup


class Command(BaseCommand):
    help = (
        "Write a backup of the whole site (map, edit history, editors' accounts, link checks, reports, "
        "search counts) to one file, atomically. Restore it with `bronwijzer restore FILE`. "
        "The file holds password hashes: keep it safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            help="file to write (default: <data dir>/backups/bronwijzer-backup-<date>-<time>.json.gz)",
        )

    def handle(self, *args: Any, file: str | None = None, **options: Any) -> None:
        path = Path(file) if file else backup.default_backup_path(settings.DATA_DIR / "backups")
        info = backup.map_backup(path)
        self.stdout.write(f"Wrote {path}: {info.summary()}")
