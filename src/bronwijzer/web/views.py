"""Public pages. Server-rendered, no cookies for visitors, published content only
(staff may preview drafts on the resource page)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bronwijzer.catalog import vocab
from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Organisation, Resource
from bronwijzer.catalog.sections import section_blocks
from bronwijzer.lib.httpcache import public_page
from bronwijzer.linkcheck.services import link_status_for
from bronwijzer.search.engine import (
    language_offer,
    organisation_resource_counts,
    resource_search,
    search_index,
)
from bronwijzer.search.selection import selection_from
from bronwijzer.search.services import zero_result_record
from bronwijzer.web.pagecache import skip as page_cache_skip

HELPLINE_GROUP_TITLES = {
    "hulplijn": _("Hulplijnen"),
    "meldpunt": _("Meldpunten"),
    "verwijderhulp": _("Beelden laten verwijderen"),
}


def _glossary_links() -> list[tuple[str, str]]:
    english = (get_language() or "nl").startswith("en")
    pairs = []
    for term in GlossaryTerm.objects.all():
        url = term.get_absolute_url()
        pairs.append((term.term, url))
        if english and term.term_en:
            pairs.append((term.term_en, url))
    return pairs


def _with_query(path: str, request: HttpRequest) -> str:
    """``path`` with the request's query string, when it has one."""
    return f"{path}?{request.GET.urlencode()}" if request.GET else path


@public_page
def map_overview(request: HttpRequest) -> HttpResponse:
    """The map: sections in printed order, or a ranked list when there is a search query."""
    asked = selection_from(request.GET)
    selection, q = asked.selection, asked.q
    result = resource_search(selection, q)
    if q and not result.count:
        zero_result_record(q)
        page_cache_skip(request)  # counted on every request, so never answered from the page cache
    blocks = [] if q else [b for b in section_blocks(result.results) if not (selection.active and b.is_empty)]
    active = [(facet, option) for facet in result.facets for option in facet.selected]
    return render(
        request,
        "web/map.html",
        {
            "result": result,
            "q": q,
            "blocks": blocks,
            "facets": result.facets,
            "selection": selection,
            "active_filters": active,
            "ignored": asked.ignored,
            "helplines": HelpLine.objects.all() if q and not result.count else (),
            # the query names a language nothing is in: what there is instead
            "language_offer": language_offer() if result.missing_languages else None,
            "api_url": _with_query(reverse("api_v1:list_resources"), request),
            # the downloads (PDF, CSV, JSON) of exactly this view
            "export_query": urlencode(asked.as_query()),
        },
    )


@public_page
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.visible_to(request.user), slug=slug)
    named = resource.organisation_links.filter(organisation__isnull=False).select_related("organisation")
    placed = resource.section_links.select_related("section")
    response = render(
        request,
        "web/resource.html",
        {
            "resource": resource,
            "resource_organisations": [link.organisation for link in named],
            "resource_sections": [link.section for link in placed],
            "glossary_links": _glossary_links(),
            "language_modes": [(code, resource.language_modes.get(code, [])) for code in resource.languages],
            "link_state": link_status_for(resource.url),
        },
    )
    if not resource.is_published:
        response["X-Robots-Tag"] = "noindex"
    return response


@public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    counts = organisation_resource_counts()
    organisations = [(org, counts.get(org.slug, 0)) for org in Organisation.objects.all()]
    return render(request, "web/organisation_list.html", {"organisations": organisations})


@public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    resources = [doc for doc in search_index().docs if any(org.slug == slug for org in doc.organisations)]
    helplines = list(organisation.helplines.all())
    if not resources and not helplines:
        raise Http404("No published material for this organisation")
    return render(
        request,
        "web/organisation.html",
        {
            "organisation": organisation,
            "resources": resources,
            "helplines": helplines,
        },
    )


@public_page
def glossary(request: HttpRequest) -> HttpResponse:
    terms = list(GlossaryTerm.objects.all())
    by_slug = {t.slug: t for t in terms}
    entries = [(term, [by_slug[s] for s in term.related if s in by_slug]) for term in terms]
    return render(request, "web/glossary.html", {"entries": entries})


@public_page
def help_page(request: HttpRequest) -> HttpResponse:
    lines = list(HelpLine.objects.select_related("organisation"))
    groups = [
        (kind, HELPLINE_GROUP_TITLES.get(kind, kind), [line for line in lines if line.kind == kind])
        for kind in vocab.HELPLINE_KINDS.slugs
    ]
    reporting = [doc for doc in search_index().docs if "melden-en-hulp" in doc.themes]
    return render(
        request,
        "web/help.html",
        {
            "groups": [(kind, title, items) for kind, title, items in groups if items],
            "reporting": reporting,
        },
    )


@public_page
def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/about.html",
        {"resource_count": len(search_index().docs)},
    )


@public_page
def safe_use(request: HttpRequest) -> HttpResponse:
    """What is kept where, said of the running system: the cache places follow ``settings.CACHES``."""
    return render(
        request,
        "web/safe_use.html",
        {
            "counts_place": cache_place("default"),  # the rate limits' counts (lib.ratelimit)
            "pages_kept": settings.PAGE_CACHE_BYTES > 0,  # 0 turns the page cache off (web.pagecache)
            "pages_place": cache_place("pages"),  # pages without a query string, shared by every worker
            "pages_shared_in_memory": _cache_kind("pages") == "memory",
        },
    )


#: Where a cache backend keeps its entries, as the safe-use page names the place (after "in").
_CACHE_PLACES = {
    "database": _("de database van de server"),
    "redis": _("de cacheserver (Redis)"),
    "memcached": _("de cacheserver (Memcached)"),
    "memory": _("het geheugen van de server"),
    "other": _("de cache van de server"),
}


def _cache_kind(alias: str) -> str:
    backend = import_string(str(settings.CACHES[alias]["BACKEND"]))
    for base, kind in (
        (DatabaseCache, "database"),
        (RedisCache, "redis"),
        (BaseMemcachedCache, "memcached"),
        (LocMemCache, "memory"),
    ):
        if issubclass(backend, base):
            return kind
    return "other"


def cache_place(alias: str) -> str:
    """The place where the cache ``alias`` keeps its entries (BRONWIJZER_CACHE_URL, docs/settings.md)."""
    return str(_CACHE_PLACES[_cache_kind(alias)])


#: When the accessibility statement was last checked against the tests and the site.
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 3)


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring)."""
    return render(request, "web/accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE})
