"""bronwijzer loadmap FILE | --default [--replace]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bronwijzer.catalog import services
from bronwijzer.catalog.mapfile.errors import MapFileError


class Command(BaseCommand):
    help = (
        "Load a map file (YAML or JSON). The whole file is validated before anything is written, "
        "and applied in one transaction. Without --replace, entries are created or updated by slug."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="a .yaml/.yml or .json map file")
        parser.add_argument("--default", action="store_true", help="load the map packaged with Bronwijzer")
        parser.add_argument("--replace", action="store_true", help="replace the whole map with the file")

    def handle(
        self,
        *args: Any,
        file: str | None = None,
        default: bool = False,
        replace: bool = False,
        **options: Any,
    ) -> None:
        if bool(file) == bool(default):
            raise CommandError("give either a FILE or --default")
        path = services.DEFAULT_MAP_PATH if default or file is None else Path(file)
        try:
            report = services.map_load_file(path, replace=replace)
        except MapFileError as error:
            raise CommandError(error.render()) from None
        self.stdout.write(f"Loaded {path}: {report.summary()}")
