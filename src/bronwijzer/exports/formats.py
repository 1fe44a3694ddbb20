"""Every export format by name: the one list that the site's downloads, the commands
(``exportpdf``, ``buildstatic``) and the benchmark read. A new format is a class in its own
module (see :class:`~bronwijzer.exports.base.Exporter`) and one entry here."""

from __future__ import annotations

from bronwijzer.exports.base import Exporter
from bronwijzer.exports.opendata import CsvExporter, JsonExporter
from bronwijzer.exports.pdf import MapPdfExporter
from bronwijzer.exports.static_site import StaticSiteExporter

EXPORTERS: dict[str, Exporter] = {
    export.name: export for export in (CsvExporter(), JsonExporter(), MapPdfExporter(), StaticSiteExporter())
}


def exporter(name: str) -> Exporter:
    """The exporter for format ``name``; KeyError lists the known ones."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown export format {name!r}; known: {', '.join(sorted(EXPORTERS))}") from None


def exporters() -> list[Exporter]:
    return list(EXPORTERS.values())
