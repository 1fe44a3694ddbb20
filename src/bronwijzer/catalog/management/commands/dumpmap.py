"""bronwijzer dumpmap --format yaml|json|csv [-o FILE]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bronwijzer.catalog import services
from bronwijzer.catalog.mapfile.writer import FORMATS
from bronwijzer.lib.files import atomic_write_bytes


class Command(BaseCommand):
    help = "Write the whole map (drafts included) as YAML or JSON (what loadmap reads) or CSV (for Excel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="yaml")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, format: str = "yaml", output: str | None = None, **options: Any) -> None:
        text = services.map_export(format)
        if output:
            atomic_write_bytes(Path(output), text.encode("utf-8"))
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
