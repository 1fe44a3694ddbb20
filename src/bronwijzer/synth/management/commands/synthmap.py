"""bronwijzer synthmap --resources N [--seed S] [--format json|yaml] [-o FILE]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bronwijzer.lib.files import atomic_write_bytes
from bronwijzer.synth.generator import synth_map_text


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic map (Dutch text, the facet mix of the real map) with N resources, "
        "in the map-file format, for `loadmap --replace`. The same seed always gives the same bytes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resources", type=int, required=True, help="how many resources (N)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument(
            "--format",
            choices=("json", "yaml"),
            help="default: from the file name (.yaml/.yml is YAML), otherwise JSON",
        )
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(
        self,
        *args: Any,
        resources: int,
        seed: int = 0,
        format: str | None = None,
        output: str | None = None,
        **options: Any,
    ) -> None:
        if resources < 0:
            raise CommandError("--resources must be 0 or more")
        if format is None:
            suffix = Path(output).suffix.lower() if output else ""
            format = "yaml" if suffix in (".yaml", ".yml") else "json"
        data = synth_map_text(resources, seed, format).encode("utf-8")
        if not output:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        atomic_write_bytes(Path(output), data)
        self.stderr.write(f"Wrote {output}: {resources} resources, seed {seed}, {len(data):,} bytes")
        if len(data) > settings.MAX_IMPORT_BYTES:
            self.stderr.write(
                f"Note: larger than BRONWIJZER_MAX_IMPORT_BYTES ({settings.MAX_IMPORT_BYTES:,}); "
                f"set it to at least {len(data):,} to load this file."
            )
