"""``/sitemap.xml``: every public page in Dutch and English, with hreflang alternates.

Listed: the map, the organisation list, the glossary, help, about, safe use, accessibility, the incident
route, the gesprekskit start, "Wat is er nieuw", every published resource and every
organisation whose page exists (it has published material or a help line; see
``web.views.organisation_detail``). Not listed: search and filter variants of the map, drafts,
kits (their address is the visitor's own selection), short links and downloads.

``lastmod`` is given where it is known: a resource's last change, an organisation's newest
published material, and for the map and "Wat is er nieuw" the newest published change.
Addresses are absolute on ``BRONWIJZER_PUBLIC_URL`` when it is set, else on the request's
checked host and this server's own port (``lib.siteurl.site_base``), never the ``Host``
header's port.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from bronwijzer.catalog.models import HelpLine, Organisation, Resource
from bronwijzer.lib.httpcache import public_page
from bronwijzer.lib.paths import DOWNLOAD_PREFIX, EMBED_PREFIX, SHORT_LINK_PREFIX, STAFF_PREFIX
from bronwijzer.lib.siteurl import site_base


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    base = ""  # the site's public address, set per request by sitemap_xml

    def get_urls(self, page=1, site=None, protocol=None):
        public = urlsplit(self.base or site_base())
        # Sitemap._urls: Django's own, not in its stubs
        return self._urls(page, public.scheme, public.netloc + public.path.rstrip("/"))  # type: ignore[attr-defined]


def _newest_published_change():
    return Resource.objects.published().aggregate(newest=Max("updated_at"))["newest"]


class PageSitemap(_Bilingual):
    """The fixed pages, by URL name."""

    names = (
        "web:map",
        "web:organisations",
        "web:glossary",
        "web:help",
        "web:about",
        "web:safe_use",
        "web:accessibility",
        "incident:route",
        "kit:start",
        "web:changes",
    )
    follow_content = ("web:map", "web:changes")

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item not in self.follow_content:
            return None
        if not hasattr(self, "_newest"):
            self._newest = _newest_published_change()
        return self._newest


class ResourceSitemap(_Bilingual):
    def items(self):
        return list(Resource.objects.published().in_printed_order().only("slug", "updated_at"))

    def location(self, item):
        return reverse("web:resource", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(_Bilingual):
    """Organisations whose page answers: published material or a help line."""

    def items(self):
        newest = dict(
            Organisation.objects.filter(resources__status="published")
            .order_by()
            .annotate(newest=Max("resources__updated_at"))
            .values_list("slug", "newest")
        )
        with_helplines = set(
            HelpLine.objects.filter(organisation__isnull=False).values_list("organisation__slug", flat=True)
        )
        self._newest = newest
        return [org for org in Organisation.objects.all() if org.slug in newest or org.slug in with_helplines]

    def location(self, item):
        return reverse("web:organisation", args=[item.slug])

    def lastmod(self, item):
        return getattr(self, "_newest", {}).get(item.slug)


SITEMAPS = {"pages": PageSitemap, "resources": ResourceSitemap, "organisations": OrganisationSitemap}


@public_page
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    base = site_base(request)
    sitemaps: dict[str, Sitemap[Any] | type[Sitemap[Any]]] = {}
    for name, kind in SITEMAPS.items():
        sitemaps[name] = sitemap = kind()
        sitemap.base = base
    return sitemap_views.sitemap(request, sitemaps)


@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: where the sitemap is; the editors' back office, downloads and kit links stay out."""
    lines = [
        "User-agent: *",
        f"Disallow: {STAFF_PREFIX}",
        f"Disallow: {DOWNLOAD_PREFIX}",
        f"Disallow: {SHORT_LINK_PREFIX}",
        f"Disallow: {EMBED_PREFIX}",
        f"Sitemap: {site_base(request)}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
