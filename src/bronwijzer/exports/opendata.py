"""Open data: the published (or filtered) map as CSV and JSON, in the map-file's field names.

Every text goes through :func:`~bronwijzer.lib.controlchars.printable_data` before it is
written: a control character stored in a row would otherwise reach a spreadsheet or a
consumer's parser (JSON would carry it as ``\\u001b``; a NUL cuts a cell in some tools).
"""

from __future__ import annotations

import json

from django.utils import timezone

from bronwijzer.catalog.mapfile.writer import to_csv
from bronwijzer.catalog.models import Map
from bronwijzer.exports.base import Exporter, ExportJob, Progress, no_progress
from bronwijzer.lib.controlchars import printable_data


class CsvExporter(Exporter):
    """One row per resource for Dutch Excel: UTF-8 with BOM, ';', formulas neutralised."""

    name = "csv"
    media_type = "text/csv; charset=utf-8"
    extension = "csv"
    label = "CSV"

    def render(self, job: ExportJob, progress: Progress = no_progress) -> bytes:
        docs = job.resources()
        progress(len(docs), len(docs), "resources")
        return to_csv(printable_data([doc.as_api() for doc in docs])).encode("utf-8")


class JsonExporter(Exporter):
    """The map's facts and the resources, as the API serves them, with where they came from."""

    name = "json"
    media_type = "application/json"
    extension = "json"
    label = "JSON"

    def render(self, job: ExportJob, progress: Progress = no_progress) -> bytes:
        docs = job.resources()
        site_map = Map.objects.first()
        document = {
            "map": None
            if site_map is None
            else {
                "slug": site_map.slug,
                "title": site_map.title,
                "title_en": site_map.title_en,
                "edition_year": site_map.edition_year,
                "source_name": site_map.source_name,
                "source_url": site_map.source_url,
            },
            "generated_at": timezone.now().replace(microsecond=0).isoformat(),
            "filters": [list(pair) for pair in job.query()],
            "count": len(docs),
            "resources": [doc.as_api() for doc in docs],
        }
        progress(len(docs), len(docs), "resources")
        return (json.dumps(printable_data(document), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
