"""Downloads of the (filtered) map in every export format, and the embeddable view."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt

from bronwijzer.exports.base import ExportJob, exporter
from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import SelectionError, parse_selection
from bronwijzer.search.query import search_words
from bronwijzer.web.shortlinks import site_base

#: Formats offered for download from the site (the static site is built by a command).
DOWNLOADS = ("pdf", "csv", "json")
EMBED_LIMIT = 50


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """``/download/kaart.pdf?theme=...``: the published map, filtered as the overview was."""
    if fmt not in DOWNLOADS:
        raise Http404("unknown download format")
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    try:
        job = ExportJob.from_query(dict(request.GET.lists()), lang=lang, base_url=site_base(request))
    except (SelectionError, ValueError) as exc:
        return HttpResponse(f"{exc}\n", status=400, content_type="text/plain; charset=utf-8")
    export = exporter(fmt)
    response = HttpResponse(export.render_in_language(job), content_type=export.media_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(job)}"'
    return response


def frame_ancestors() -> str:
    """The CSP ``frame-ancestors`` of the embed view: the site itself and the configured origins."""
    return " ".join(["'self'", *settings.EMBED_ORIGINS])


@xframe_options_exempt  # framing is governed by CSP frame-ancestors instead of X-Frame-Options: DENY
def embed(request: HttpRequest) -> HttpResponse:
    """A compact list for an iframe on a partner's site, with the map's filter parameters."""
    selection, ignored = parse_selection(dict(request.GET.lists()), strict=False)
    q = search_words(request.GET.get("q", ""))
    result = resource_search(selection, q, limit=EMBED_LIMIT)
    pairs = ([("q", q)] if q else []) + selection.as_query()
    response = render(
        request,
        "exports/embed.html",
        {
            "result": result,
            "q": q,
            "selection": selection,
            "ignored": ignored,
            "full_query": urlencode(pairs),
        },
    )
    response._csp_replace = {"frame-ancestors": frame_ancestors().split()}  # the rest of the CSP stays
    return response
