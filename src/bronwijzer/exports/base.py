"""One interface for every export format.

An :class:`Exporter` turns an :class:`ExportJob` (which part of the map, in which
language, for which public address) into bytes: the map as PDF, the open-data
CSV and JSON, the static site as a zip. The site's download links, the
commands (``exportpdf``, ``buildstatic``) and the benchmark all go through
:func:`bronwijzer.exports.formats.exporter`, so a format is defined once. Writing to a file is atomic: a
failed export never leaves half a file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.datastructures import MultiValueDict

from bronwijzer.lib.files import atomic_write_bytes
from bronwijzer.lib.i18n import SITE_LANGUAGES
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import Selection
from bronwijzer.search.selection import SearchSelection, selection_from

#: progress(done, total, what): called as an export goes along (the commands draw a bar).
Progress = Callable[[int, int, str], None]

LANGUAGES = SITE_LANGUAGES


def no_progress(done: int, total: int, what: str) -> None:
    return None


@dataclass(frozen=True)
class ExportJob:
    """What to export: published resources matching ``q`` and ``selection``, in ``lang``."""

    selection: Selection = field(default_factory=Selection)
    q: str = ""
    lang: str = "nl"
    base_url: str = ""  # the public address for links and QR codes ("" = BRONWIJZER_PUBLIC_URL or fallback)

    @classmethod
    def from_query(
        cls, query: MultiValueDict | Mapping[str, Sequence[str]], *, lang: str = "nl", base_url: str = ""
    ) -> ExportJob:
        """A job from URL-style parameters (``q``, ``theme``, ``language``, ...); unknown values raise."""
        asked = selection_from(query, strict=True)
        if lang not in LANGUAGES:
            raise ValueError(f"lang: {lang!r} is not one of {', '.join(LANGUAGES)}")
        return cls(selection=asked.selection, q=asked.q, lang=lang, base_url=base_url)

    @property
    def asked(self) -> SearchSelection:
        return SearchSelection(q=self.q, selection=self.selection)

    @property
    def filtered(self) -> bool:
        return self.asked.filtered

    def resources(self) -> list[ResourceDoc]:
        """The published resources of the job: ranked when there is a query, else in printed order."""
        return list(resource_search(self.selection, self.q).results)

    def query(self) -> list[tuple[str, str]]:
        return self.asked.as_query()


class Exporter(ABC):
    name: str  # "pdf", "csv", "json", ...
    media_type: str
    extension: str
    label: str  # for download links

    @abstractmethod
    def render(self, job: ExportJob, progress: Progress = no_progress) -> bytes:
        """The export as bytes."""

    def filename(self, job: ExportJob) -> str:
        stem = "bronwijzer-selectie" if job.filtered else "bronwijzer-kaart"
        return f"{stem}-{job.lang}.{self.extension}"

    def write(self, job: ExportJob, path: Path, progress: Progress = no_progress) -> Path:
        """Render in the job's language and write ``path`` atomically (a temporary file moved into place)."""
        with translation.override(job.lang):
            data = self.render(job, progress)
        atomic_write_bytes(path, data)
        return path

    def render_in_language(self, job: ExportJob, progress: Progress = no_progress) -> bytes:
        with translation.override(job.lang):
            return self.render(job, progress)
