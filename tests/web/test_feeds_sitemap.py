"""sitemap.xml against a crawl of the site's own links, and the Atom feed of added and changed resources."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Organisation, Resource
from tests.web.test_changes import backdate_history, edit_publish_and_unpublish

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ATOM = "{http://www.w3.org/2005/Atom}"
HOST = "http://testserver"
#: Not pages: the API, static files, the back office, machine-readable outputs.
NOT_PAGES = ("/api/", "/static/", "/redactie/", "/sitemap.xml")


# --- sitemap.xml ----------------------------------------------------------------------------


def sitemap(client) -> dict[str, dict]:
    """The sitemap as {loc: {"lastmod": ..., "alternates": {hreflang: href}}}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = {}
    for url in root.findall("sm:url", SITEMAP_NS):
        loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
        assert loc not in urls, f"{loc} is listed twice"
        urls[loc] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=SITEMAP_NS),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)
            },
        }
    return urls


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.noindex = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and "nofollow" not in (attrs.get("rel") or "").split():
            self.hrefs.append(attrs["href"])
        if tag == "meta" and attrs.get("name") == "robots" and "noindex" in (attrs.get("content") or ""):
            self.noindex = True


def crawl(client, starts=("/", "/en/")) -> tuple[set[str], set[str]]:
    """Every page reachable by following the site's own links (without query or fragment).

    Returns (indexable pages, pages that ask not to be indexed); only HTML answers with 200
    count as pages. Redirects (short links, "add to kit") and files are not pages.
    """
    pages: set[str] = set()
    noindex: set[str] = set()
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        if parser.noindex or "noindex" in response.get("X-Robots-Tag", ""):
            noindex.add(path)
        else:
            pages.add(path)
        for href in parser.hrefs:
            target = urlsplit(urljoin(HOST + path, href))
            if f"{target.scheme}://{target.netloc}" != HOST or target.path.startswith(NOT_PAGES):
                continue
            todo.append(target.path)
    return pages, noindex


def test_the_sitemap_lists_every_public_page_the_site_links_to(client, default_map_module, db):
    listed = sitemap(client)
    paths = {loc.removeprefix(HOST) for loc in listed}
    pages, noindex = crawl(client)
    assert pages - paths == set(), "public pages missing from the sitemap"
    # Everything listed is reachable; only the gesprekskit start asks robots not to index it.
    assert paths - pages <= {"/gesprekskit/", "/en/gesprekskit/"}
    assert paths <= pages | noindex
    for path in paths - pages - noindex:
        assert client.get(path).status_code == 200, path


def test_the_sitemap_has_each_kind_of_page_in_both_languages(client, default_map_module, db):
    paths = {loc.removeprefix(HOST) for loc in sitemap(client)}
    fixed = [
        "/",
        "/organisaties/",
        "/begrippen/",
        "/hulp/",
        "/over/",
        "/veilig-gebruik/",
        "/toegankelijkheid/",
        "/er-is-iets-gebeurd/",
        "/gesprekskit/",
        "/nieuw/",
    ]
    for path in fixed:
        assert path in paths
        assert "/en" + path in paths
    for resource in Resource.objects.published():
        assert f"/bron/{resource.slug}/" in paths
        assert f"/en/bron/{resource.slug}/" in paths
    # 2 languages for every fixed page, resource and organisation with a page
    resources = Resource.objects.published().count()
    organisations = len([p for p in paths if p.startswith("/organisatie/")])
    assert len(paths) == 2 * (len(fixed) + resources + organisations)


def test_every_entry_has_hreflang_alternates_and_resources_a_lastmod(client, default_map_module, db):
    for loc, entry in sitemap(client).items():
        path = loc.removeprefix(HOST)
        dutch = path.removeprefix("/en") if path.startswith("/en/") else path
        assert entry["alternates"] == {
            "nl": HOST + dutch,
            "en": HOST + "/en" + dutch,
            "x-default": HOST + dutch,
        }, loc
        if "/bron/" in path:
            assert entry["lastmod"] == timezone.localdate().isoformat()


def test_every_listed_url_answers_200(client, default_map_module, db):
    for loc in sitemap(client):
        assert client.get(loc.removeprefix(HOST)).status_code == 200, loc


def test_drafts_and_organisations_without_public_material_are_not_listed(client, default_map_module, db):
    resource = Resource.objects.published().first()
    services.resource_unpublish(resource)
    lonely = Organisation.objects.create(slug="zonder-materiaal", name="Zonder materiaal")
    paths = {loc.removeprefix(HOST) for loc in sitemap(client)}
    assert f"/bron/{resource.slug}/" not in paths
    assert f"/organisatie/{lonely.slug}/" not in paths
    assert client.get(f"/organisatie/{lonely.slug}/").status_code == 404


def test_the_sitemap_uses_the_public_url(client, default_map_module, db, settings):
    settings.PUBLIC_URL = "https://bronwijzer.example.nl"
    listed = sitemap(client)
    assert all(loc.startswith("https://bronwijzer.example.nl/") for loc in listed)
    assert "https://bronwijzer.example.nl/en/hulp/" in listed


def test_the_sitemap_sets_no_cookie(client, default_map_module, db):
    response = client.get("/sitemap.xml")
    assert not response.cookies


# --- The Atom feed --------------------------------------------------------------------------


def test_the_feed_is_valid_atom_with_the_newest_changes_first(client, default_map_module, db):
    backdate_history(30)
    changed, added, removed, _never = edit_publish_and_unpublish()
    response = client.get("/nieuw/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert not response.cookies
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.link == HOST + "/nieuw/"
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == [f"Nieuw: {added.title}", f"Veranderd: {changed.title}"]
    assert len(feed.entries) == 44  # 42 imported still on the map, the edit and the new one (limit 50)
    assert feed.entries[0].link == f"{HOST}/bron/{added.slug}/"
    assert "link, beschrijving, talen" in feed.entries[1].summary
    assert not any(removed.title in title for title in titles)  # off the map: gone from the feed
    assert not any("concept" in title.lower() or "werktitel" in title for title in titles)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert all(entry.id.startswith("tag:testserver,") for entry in feed.entries)
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_the_feed_has_every_element_rfc_4287_requires(client, default_map_module, db):
    root = ET.fromstring(client.get("/en/nieuw/atom.xml").content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text  # no entry has its own author
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == HOST + "/en/nieuw/atom.xml"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(HOST + "/en/bron/")
        assert entry.find(f"{ATOM}author") is None


def test_the_feed_is_limited_and_names_no_editor(client, default_map_module, db):
    editor = get_user_model().objects.create_user("j.de.vries", first_name="Jolanda", is_staff=True)
    resource = Resource.objects.published().first()
    resource._history_user = editor
    resource.summary = "Door een redacteur aangepast."
    resource.save()
    for index in range(60):
        Resource.objects.create(
            slug=f"extra-{index}", title=f"Extra {index}", summary="x", status="published"
        )
    body = client.get("/nieuw/atom.xml").content.decode()
    feed = feedparser.parse(body)
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Nieuw: Extra 59"
    assert "j.de.vries" not in body and "Jolanda" not in body


def test_robots_txt_points_to_the_sitemap_and_keeps_the_back_office_out(client, default_map):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /redactie/" in text
