"""Downloads of the (filtered) map in every export format, and the embeddable view."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt

from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.lib.httpcache import public_page
from bronwijzer.lib.pdf import pdf_render_slot
from bronwijzer.lib.siteurl import site_base
from bronwijzer.search.engine import resource_search, search_index_version
from bronwijzer.search.facets import SelectionError
from bronwijzer.search.selection import selection_from

#: Formats offered for download from the site (the static site is built by a command).
DOWNLOADS = ("pdf", "csv", "json")
EMBED_LIMIT = 50
#: How long a rendered map PDF is kept. Its key changes with the content and the day anyway.
PDF_CACHE_SECONDS = 24 * 60 * 60


@public_page
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """``/download/kaart.pdf?theme=...``: the published map, filtered as the overview was."""
    if fmt not in DOWNLOADS:
        raise Http404("unknown download format")
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    try:
        job = ExportJob.from_query(request.GET, lang=lang, base_url=site_base(request))
    except (SelectionError, ValueError) as exc:
        return HttpResponse(f"{exc}\n", status=400, content_type="text/plain; charset=utf-8")
    export = exporter(fmt)
    if fmt == "pdf":
        data, hit = _pdf_cached(job)
    else:
        data, hit = export.render_in_language(job), False
    response = HttpResponse(data, content_type=export.media_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(job)}"'
    response["X-Export-Cache"] = "hit" if hit else "miss"
    return response


def pdf_cache_key(job: ExportJob) -> str:
    """The map PDF's key in Django's cache: what the PDF shows, nothing of how it was asked for.

    The selection as the job normalised it (parameters it does not know, such as ``?r=...``, are
    gone; the order of values does not matter), the language, the public address, the content
    version of the search index the PDF is made from (every publish and edit moves it; it lags
    the database's while a new index is built) and today's date (the PDF says when it was made).
    """
    counter, changed_at = search_index_version()
    parts = [job.lang, job.base_url, str(counter), changed_at, timezone.localdate().isoformat()]
    parts += [f"{name}={value}" for name, value in sorted(set(job.query()))]
    return "bronwijzer:map-pdf:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _pdf_cached(job: ExportJob) -> tuple[bytes, bool]:
    """The map PDF from the cache, or rendered in a PDF render slot (at most
    ``BRONWIJZER_PDF_CONCURRENCY`` at once; :class:`~bronwijzer.lib.pdf.PdfBusy` when none
    frees up in time) and kept in the cache for the same selection and content."""
    # A PDF of a search or a filter stays in this process's memory, as such pages do (web.pagecache).
    cache = caches["pages-local" if job.filtered else "default"]
    key = pdf_cache_key(job)
    data = cache.get(key)
    if data is not None:
        return data, True
    with pdf_render_slot():
        data = cache.get(key)  # rendered by another request while this one waited
        if data is not None:
            return data, True
        data = exporter("pdf").render_in_language(job)
    cache.set(key, data, timeout=PDF_CACHE_SECONDS)
    return data, False


def frame_ancestors() -> str:
    """The CSP ``frame-ancestors`` of the embed view: the site itself and the configured origins."""
    return " ".join(["'self'", *settings.EMBED_ORIGINS])


@public_page
@xframe_options_exempt  # framing is governed by CSP frame-ancestors instead of X-Frame-Options: DENY
def embed(request: HttpRequest) -> HttpResponse:
    """A compact list for an iframe on a partner's site, with the map's filter parameters."""
    asked = selection_from(request.GET)
    result = resource_search(asked.selection, asked.q, limit=EMBED_LIMIT)
    response = render(
        request,
        "exports/embed.html",
        {
            "result": result,
            "q": asked.q,
            "selection": asked.selection,
            "ignored": asked.ignored,
            "full_query": urlencode(asked.as_query()),
        },
    )
    # django-csp reads this attribute (untyped package); the rest of the CSP stays
    response._csp_replace = {"frame-ancestors": frame_ancestors().split()}  # type: ignore[attr-defined]
    return response
