"""sitemap.xml against a crawl of the site's own links, and the Atom feed of added and changed resources."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import dateformat, timezone

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Map, Organisation, Resource
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


def atom(client, path="/nieuw/atom.xml"):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert not response.cookies
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def moment(struct) -> datetime:
    return datetime(*struct[:6], tzinfo=UTC)


def test_right_after_loading_the_edition_the_feed_is_empty(client, default_map_module, db):
    feed = atom(client)
    assert feed.entries == []
    loaded = Map.history.get().history_date
    assert moment(feed.feed.updated_parsed) == loaded.replace(microsecond=0)  # not "now" on every request
    day = dateformat.format(timezone.localtime(loaded), "j F Y")
    assert f"sinds deze editie op {day} op deze site kwam" in feed.feed.subtitle


def test_the_feed_has_one_entry_per_change_after_the_load_newest_first(client, default_map_module, db):
    backdate_history(30)
    changed, added, removed, _never = edit_publish_and_unpublish()
    feed = atom(client)
    assert feed.feed.link == HOST + "/nieuw/"
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        f"Van de kaart gehaald: {removed.title}",
        f"Nieuw op de kaart: {added.title}",
        f"Veranderd: {changed.title} (link, beschrijving, talen)",
    ]
    removal, addition, change = feed.entries
    assert removal.link == HOST + "/nieuw/"  # its page is gone: the entry points to the list
    assert "niet meer op de kaart" in removal.summary
    assert addition.link == f"{HOST}/bron/{added.slug}/"
    assert change.link == f"{HOST}/bron/{changed.slug}/"
    assert change.summary.startswith("Veranderd: link, beschrijving, talen. Een nieuwe beschrijving.")
    history = Resource.history.model.objects
    for entry, resource in ((removal, removed), (addition, added), (change, changed)):
        recorded = history.filter(id=resource.id).order_by("-history_date").first().history_date
        assert entry.id.startswith(f"tag:testserver,{timezone.localtime(recorded).date().isoformat()}:")
        assert (
            moment(entry.updated_parsed) == moment(entry.published_parsed) == recorded.replace(microsecond=0)
        )
        assert moment(entry.updated_parsed) <= timezone.now()
    assert moment(feed.feed.updated_parsed) == moment(removal.updated_parsed)


def test_feed_ids_are_stable_across_requests_and_changes(client, default_map_module, db):
    backdate_history(30)
    edit_publish_and_unpublish()
    first = [(entry.id, entry.updated, entry.published) for entry in atom(client).entries]
    assert first == [(entry.id, entry.updated, entry.published) for entry in atom(client).entries]
    assert len({entry_id for entry_id, _, _ in first}) == len(first) == 3
    resource = Resource.objects.published().last()
    resource.age_min = 12
    resource.save()
    services.content_changed()
    later = atom(client).entries
    assert later[0].title == f"Veranderd: {resource.title} (leeftijd)"
    assert [(entry.id, entry.updated, entry.published) for entry in later[1:]] == first


def test_a_change_after_local_midnight_has_that_day_in_its_id(client, default_map_module, db):
    backdate_history(10)
    day = timezone.localdate() - timedelta(days=1)
    just_after = timezone.make_aware(datetime.combine(day, time(0, 30)))
    resource = Resource.objects.published().first()
    resource.summary = "Net na middernacht aangepast."
    resource.save()
    newest = Resource.history.filter(id=resource.id).order_by("-history_id").first()
    Resource.history.filter(history_id=newest.history_id).update(history_date=just_after)
    (entry,) = atom(client).entries
    assert (
        entry.id
        == f"tag:testserver,{day.isoformat()}:bronwijzer/resource/{resource.id}/version/{newest.history_id}"
    )
    assert moment(entry.updated_parsed) == just_after.astimezone(UTC)


def test_a_loadmap_of_changed_facts_is_in_the_feed_at_once(client, default_map_module, db, tmp_path):
    assert atom(client).entries == []
    document = json.loads(services.map_export("json"))
    for entry in document["resources"][:3]:
        entry["cost"] = "free" if entry["cost"] != "free" else "paid"
    path = tmp_path / "kaart.json"
    path.write_text(json.dumps(document), "utf-8")
    call_command("loadmap", str(path), stdout=io.StringIO())
    entries = atom(client).entries
    assert sorted(entry.title for entry in entries) == sorted(
        f"Veranderd: {entry['title']} (kosten)" for entry in document["resources"][:3]
    )
    assert len({entry.updated for entry in entries}) == 1  # one load, one moment
    assert len({entry.id for entry in entries}) == 3


def test_the_feed_has_every_element_rfc_4287_requires(client, default_map_module, db):
    resource = Resource.objects.published().first()
    resource.summary = "Een nieuwe beschrijving."
    resource.save()
    root = ET.fromstring(client.get("/en/nieuw/atom.xml").content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text  # no entry has its own author
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == HOST + "/en/nieuw/atom.xml"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated", "published", "summary"):
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
    assert feed.entries[0].title == "Nieuw op de kaart: Extra 59"
    assert "j.de.vries" not in body and "Jolanda" not in body


def test_robots_txt_points_to_the_sitemap_and_keeps_the_back_office_out(client, default_map):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /redactie/" in text


def test_an_organisation_is_as_new_as_its_newest_published_resource(client, default_map_module, db):
    organisation = next(
        o for o in Organisation.objects.all() if o.resources.filter(status="published").count() > 2
    )
    _first, second, third = organisation.resources.filter(status="published")[:3]
    moment = timezone.now() - timedelta(days=40)
    organisation.resources.update(updated_at=moment)
    Resource.objects.filter(pk=second.pk).update(updated_at=moment + timedelta(days=10))
    Resource.objects.filter(pk=third.pk).update(updated_at=moment + timedelta(days=20), status="draft")
    entry = sitemap(client)[f"{HOST}/organisatie/{organisation.slug}/"]
    assert entry["lastmod"] == timezone.localtime(moment + timedelta(days=10)).date().isoformat()
