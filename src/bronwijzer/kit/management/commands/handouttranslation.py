"""bronwijzer handouttranslation export|import|reset <lang> [file]

The same as the back office's download and upload of a handout language's PO file, for IT:
``export ar -o ar.po`` (or to standard output), ``import ar ar.po`` (checked whole first;
nothing changes when anything is wrong; changed texts set the review back to "not reviewed"),
``reset ar`` (back to the catalogue packaged with Bronwijzer).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bronwijzer.kit.catalogues import (
    MAX_BYTES,
    CatalogueInvalid,
    handout_catalogue_export,
    handout_catalogue_import,
    handout_catalogue_reset,
    too_big,
)
from bronwijzer.kit.languages import translated_languages


class Command(BaseCommand):
    help = "Export or import the PO file of one handout language (as the back office does)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import", "reset"])
        parser.add_argument("language", choices=translated_languages())
        parser.add_argument("file", nargs="?", help="import: the PO file to read")
        parser.add_argument("-o", "--output", help="export: write here instead of to standard output")

    def handle(self, *args, action, language, file=None, output=None, **options):
        try:
            if action == "export":
                self._export(language, output)
            elif action == "import":
                self._import(language, file)
            elif handout_catalogue_reset(language):
                self.stderr.write(f"{language}: back to the packaged catalogue.")
            else:
                self.stderr.write(f"{language}: no uploaded catalogue; nothing changed.")
        except CatalogueInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"{language}: the file was refused; nothing changed.") from exc

    def _export(self, language: str, output: str | None) -> None:
        data = handout_catalogue_export(language)
        if output:
            Path(output).write_bytes(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    def _import(self, language: str, file: str | None) -> None:
        if not file:
            raise CommandError("import needs the PO file to read")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if path.stat().st_size > MAX_BYTES:
            raise CatalogueInvalid([too_big(path.stat().st_size)])
        result = handout_catalogue_import(language, path.read_bytes())
        if not result.changed:
            self.stderr.write(f"{language}: valid, and no text changed; nothing stored.")
            return
        self.stderr.write(f"{language}: {len(result.changed)} texts changed and stored.")
        if result.review_reset:
            self.stderr.write(f"{language}: the review by a native speaker was reset to 'not reviewed'.")
