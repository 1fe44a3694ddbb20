"""bronwijzer exportpdf [-o FILE] [--lang nl|en] [--q WORDS] [--theme T ...] [--base-url URL]"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from bronwijzer.exports.base import LANGUAGES, ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.lib.progress import ProgressBar
from bronwijzer.search.facets import FACETS, SelectionError


class Command(BaseCommand):
    help = "Write the (filtered) map as a designed A4 PDF: cover, sections, QR codes, glossary, help lines."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", default="bronwijzer-kaart.pdf", help="file to write")
        parser.add_argument("--lang", choices=LANGUAGES, default="nl")
        parser.add_argument("--q", default="", help="search words, as in the site's search box")
        parser.add_argument("--base-url", default="", help="public address for short links and QR codes")
        for facet in FACETS:  # the filters of the site and the API; repeat one for OR, combine for AND
            parser.add_argument(f"--{facet.name}", action="append", default=[], metavar="VALUE")

    def handle(self, *args, output, lang, q, base_url, **options):
        query = {facet.name: options[facet.name] for facet in FACETS if options.get(facet.name)}
        if q:
            query["q"] = [q]
        try:
            job = ExportJob.from_query(query, lang=lang, base_url=base_url)
        except (SelectionError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        path = exporter("pdf").write(job, Path(output), progress=ProgressBar(cast(TextIO, self.stderr._out)))
        self.stderr.write(f"Wrote {path} ({path.stat().st_size:,} bytes)")
