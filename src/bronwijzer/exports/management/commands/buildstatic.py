"""``bronwijzer buildstatic DIR [--zip [FILE]] [--base-url URL]``: the static site and offline bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.exports.static_site import BuildError, zip_folder
from bronwijzer.lib.files import atomic_write_bytes
from bronwijzer.lib.siteurl import FALLBACK_URL

if TYPE_CHECKING:
    from bronwijzer.exports.static_site import StaticSiteExporter


class ProgressBar:
    """``rendered 40/123 pages`` on stderr: one line redrawn on a terminal, a line per tenth otherwise."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int, what: str) -> None:
        total = max(total, 1)
        if self.tty:
            filled = self.WIDTH * done // total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {what[:40]:<40}")
            if done >= total:
                self.stream.write("\n")
        else:
            tenth = 10 * done // total
            if tenth != self.last_tenth:
                self.last_tenth = tenth
                self.stream.write(f"rendered {done}/{total} ({what})\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Render every public page in Dutch and English, with its assets and a search index, "
        "into DIR as plain files for any static host; --zip also writes the offline bundle."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", type=Path, help="folder to write (empty, missing or an earlier build)"
        )
        parser.add_argument(
            "--zip",
            nargs="?",
            const="",
            default=None,
            metavar="FILE",
            help="also write the offline bundle (default FILE: DIR.zip)",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="the public site that links to server-only pages go to (default: BRONWIJZER_PUBLIC_URL)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress on stderr")

    def handle(self, *args, directory: Path, zip: str | None, base_url: str, quiet: bool, **options) -> None:
        if base_url and not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://")
        if not base_url and not settings.PUBLIC_URL:
            self.stderr.write(
                f"BRONWIJZER_PUBLIC_URL is not set: links to pages that need the server point to "
                f"{FALLBACK_URL}. Pass --base-url https://your.site to fix that."
            )
        site = cast("StaticSiteExporter", exporter("site"))
        progress = (lambda *a: None) if quiet else ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            report = site.write_directory(ExportJob(base_url=base_url), directory, progress)
        except BuildError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {len(report.pages)} pages and {len(report.assets)} static files to {directory.resolve()} "
            f"in {report.seconds:.1f} s; links that need the server go to {report.base_url}."
        )
        if zip is not None:
            target = Path(zip) if zip else directory.resolve().parent / f"{directory.resolve().name}.zip"
            if target.resolve().is_relative_to(directory.resolve()):
                raise CommandError("the zip cannot be written inside the site's folder")
            atomic_write_bytes(target, zip_folder(directory.resolve()))
            umask = os.umask(0)
            os.umask(umask)
            target.chmod(0o666 & ~umask)  # a file to hand out, not a private temporary file
            self.stdout.write(f"Wrote the offline bundle {target} (open index.html after unzipping).")
