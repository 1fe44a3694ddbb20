"""The map as a designed PDF: cover, contents, sections with their guiding questions,
every resource with a QR code and the URL beside it, the glossary, the help lines
and the colophon. Tagged, with document language and title, fonts embedded, A4."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map
from bronwijzer.catalog.sections import section_blocks
from bronwijzer.exports.base import Exporter, ExportJob, Progress, no_progress
from bronwijzer.lib.pdf import html_to_pdf
from bronwijzer.lib.qr import qr_svg
from bronwijzer.lib.siteurl import site_base
from bronwijzer.search.shortlinks import printed_link

STYLESHEET = "exports/map-pdf.css"


class MapPdfExporter(Exporter):
    name = "pdf"
    media_type = "application/pdf"
    extension = "pdf"
    label = "PDF"

    def render(self, job: ExportJob, progress: Progress = no_progress) -> bytes:
        html = self.html(job, progress)
        progress(0, 1, "typesetting")
        # the stylesheet ships with the app: finders.find only returns None for a broken install
        pdf = html_to_pdf(html, stylesheets=[Path(finders.find(STYLESHEET))])  # type: ignore[arg-type]
        progress(1, 1, "typesetting")
        return pdf

    def html(self, job: ExportJob, progress: Progress = no_progress) -> str:
        docs = job.resources()
        entries = {}
        base = job.base_url.rstrip("/") or site_base()
        for done, doc in enumerate(docs, start=1):
            link = printed_link(doc, base)
            entries[doc.slug] = {"doc": doc, "link": link, "qr": qr_svg(link, label=link)}
            progress(done, len(docs), "resources")
        blocks = (
            [] if job.q else [b for b in section_blocks(docs) if not (job.selection.active and b.is_empty)]
        )
        return render_to_string(
            "exports/map_pdf.html",
            {
                "site_map": Map.objects.first(),
                "job": job,
                "lang": get_language() or job.lang,
                "blocks": blocks,
                "ranked": [entries[d.slug] for d in docs] if job.q else [],
                "entries": entries,
                "count": len(docs),
                "glossary": GlossaryTerm.objects.all(),
                "helplines": HelpLine.objects.all(),
                "generated": timezone.localdate(),
            },
        )
