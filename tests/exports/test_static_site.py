"""`bronwijzer buildstatic`: every public page in both languages as files, links that resolve,
server-only pages online, the zip, and a search index with published content only.

The default map is built once for the module (through the command, with ``--zip``), with one
resource turned into a draft first, so the tests can check it stays out.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command

from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.exports.static_links import LinkRewriter, page_file
from bronwijzer.exports.static_site import BuildError, write_site

BASE = "https://bronwijzer.example"
DRAFT = "kliksafe-sexting-misbruik"
PAGES = (
    "",
    "begrippen/",
    "hulp/",
    "over/",
    "veilig-gebruik/",
    "toegankelijkheid/",
    "organisaties/",
    "er-is-iets-gebeurd/",
)
_URL = re.compile(r'\s(href|src|action)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


@pytest.fixture(scope="module")
def built(default_map_module, django_db_blocker, tmp_path_factory):
    """(site folder, zip file, the command's stderr, published slugs, organisation slugs with material)."""
    from bronwijzer.catalog import services
    from bronwijzer.catalog.models import Resource
    from bronwijzer.search.engine import organisation_resource_counts, search_index

    folder = tmp_path_factory.mktemp("static") / "site"
    stderr = io.StringIO()
    with django_db_blocker.unblock():
        services.resource_unpublish(Resource.objects.get(slug=DRAFT))
        call_command(
            "buildstatic", str(folder), "--zip", "--base-url", BASE, stdout=io.StringIO(), stderr=stderr
        )
        published = [doc.slug for doc in search_index().docs]
        organisations = sorted(organisation_resource_counts())
    return folder, folder.with_name("site.zip"), stderr.getvalue(), published, organisations


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def links(page: Path) -> list[tuple[str, str]]:
    return [(name, html.unescape(value)) for name, value in _URL.findall(page.read_text(encoding="utf-8"))]


def anchors(page: Path) -> list[str]:
    return _ID.findall(page.read_text(encoding="utf-8"))


def test_every_public_page_is_there_in_both_languages(built):
    folder, _, _, published, organisations = built
    for prefix in ("", "en/"):
        for page in PAGES:
            assert (folder / prefix / page / "index.html").is_file(), prefix + page
        for slug in published:
            assert (folder / prefix / "bron" / slug / "index.html").is_file(), slug
        for slug in organisations:
            assert (folder / prefix / "organisatie" / slug / "index.html").is_file(), slug
    assert (folder / "404.html").is_file()
    english = (folder / "en" / "index.html").read_text()
    assert '<html lang="en">' in english
    assert len(published) >= 40


def test_drafts_are_left_out(built):
    folder, _, _, published, _ = built
    assert DRAFT not in published
    assert not (folder / "bron" / DRAFT).exists()
    index = json.loads((folder / "search-index.json").read_text())
    assert [doc["slug"] for doc in index["docs"]] == published
    assert DRAFT not in (folder / "search-index.js").read_text()
    assert all(DRAFT not in p.read_text() for p in html_files(folder))


def test_no_internal_link_points_to_a_missing_file_or_anchor(built):
    folder = built[0]
    broken = []
    for page in html_files(folder):
        for _, url in links(page):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
                continue
            if parts.path.startswith("/"):
                assert page.name == "404.html", f"{page}: root-relative link {url}"
                target = folder / unquote(parts.path).lstrip("/")
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or not target.resolve().is_relative_to(folder.resolve()):
                broken.append(f"{page.relative_to(folder)} -> {url}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in anchors(target):
                broken.append(f"{page.relative_to(folder)} -> {url} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_links_are_relative_and_name_files_so_the_folder_opens_from_disk(built):
    folder = built[0]
    for page in html_files(folder):
        if page.name == "404.html":
            continue
        for _, url in links(page):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            assert not parts.path.startswith("/"), f"{page}: {url}"
            assert not parts.path.endswith("/"), f"{page}: {url} (file:// has no directory index)"


def test_pages_that_need_the_server_are_linked_on_the_public_site(built):
    folder = built[0]
    resource = folder / "bron" / "helpwanted" / "index.html"
    text = resource.read_text()
    assert f'href="{BASE}/gesprekskit/"' in text  # the main menu
    assert (
        "kit-add" not in text and "gesprekskit/toevoegen" not in text
    )  # "Voeg toe aan gesprekskit" is dropped
    map_page = (folder / "index.html").read_text()
    assert f'href="{BASE}/api/v1/resources"' in map_page
    assert 'class="search-form" role="search" method="get" action="index.html"' in map_page
    assert 'class="filters" method="get" action="index.html"' in map_page
    incident = (folder / "er-is-iets-gebeurd" / "index.html").read_text()
    assert f'action="{BASE}/er-is-iets-gebeurd/#stappen"' in incident  # the answers need the server
    for page in html_files(folder):
        for _, url in links(page):
            path = urlsplit(url).path
            if not urlsplit(url).scheme:
                for server_only in ("gesprekskit/", "api/", "redactie/", "download/", "embed/", "/l/"):
                    assert server_only not in path, f"{page}: {url}"


def test_the_map_pages_load_the_offline_search_and_no_page_has_inline_script(built):
    folder = built[0]
    for page in ("index.html", "en/index.html"):
        text = (folder / page).read_text()
        for src in re.findall(r'<script src="([^"]+)" defer></script>', text):
            assert (folder / page).parent.joinpath(src).resolve().is_file(), src
        assert "search-index.js" in text and "offline-search.js" in text
    for page in html_files(folder):
        for tag in re.findall(r"<script\b[^>]*>", page.read_text()):
            assert "src=" in tag or 'type="application/ld+json"' in tag, f"inline script in {page}"
    for asset in ("web/site.css", "web/quick-exit.js", "exports/snowball.js", "exports/offline-search.js"):
        assert (folder / "static" / asset).is_file()


def test_the_index_as_json_and_as_script_hold_the_same(built):
    folder = built[0]
    data = json.loads((folder / "search-index.json").read_text())
    script = (folder / "search-index.js").read_text()
    assert script.startswith("window.BRONWIJZER_SEARCH_INDEX = ")
    assert json.loads(script[len("window.BRONWIJZER_SEARCH_INDEX = ") :].rstrip().rstrip(";")) == data
    doc = data["docs"][0]
    assert doc["href"]["nl"].endswith("/index.html") and doc["facts"]["en"]
    assert data["text"]["words"] == sorted(data["text"]["words"])


def test_the_zip_holds_the_same_files(built):
    folder, bundle, _, _, _ = built
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist()) == on_disk
        assert archive.read("index.html") == (folder / "index.html").read_bytes()


def test_the_command_shows_progress(built):
    stderr = built[2]
    assert re.search(r"rendered \d+/\d+", stderr)
    assert "search index" in stderr or "assets" in stderr


def test_a_folder_that_is_not_a_build_is_never_replaced(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BuildError):
        write_site(tmp_path)
    with pytest.raises(CommandError):
        call_command("buildstatic", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_exporter_renders_the_bundle_as_a_zip(default_map, tmp_path):
    site = exporter("site")
    assert (site.name, site.extension, site.media_type) == ("site", "zip", "application/zip")
    data = site.render(ExportJob(base_url=BASE))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    assert {"index.html", "en/index.html", "404.html", "search-index.js", "static/web/site.css"} <= names
    report = site.write_directory(ExportJob(base_url=BASE), tmp_path / "again")
    assert sorted(
        p.relative_to(tmp_path / "again").as_posix() for p in (tmp_path / "again").rglob("*") if p.is_file()
    ) == sorted(names)
    assert len(report.pages) > 100


def test_links_are_rewritten_relative_to_the_page():
    rewriter = LinkRewriter(
        pages={"/", "/bron/a/", "/en/"}, static_url="/static/", base_url=BASE, map_paths={"/"}
    )
    page = (
        '<a href="/bron/a/#x">a</a><a href="/?theme=t&amp;q=1">m</a><a href="/gesprekskit/">k</a>'
        '<link href="/static/web/site.css"><form action="/">'
        '<form action="/er-is-iets-gebeurd/"><a href="https://elsewhere.example/">e</a><a href="#top">t</a>'
        '<p class="kit-add"><a href="/gesprekskit/toevoegen/a/">add</a></p>'
    )
    out = rewriter.rewrite(page, page_file("/bron/a/"))
    assert 'href="index.html#x"' in out
    assert 'href="../../index.html?theme=t&amp;q=1"' in out
    assert f'href="{BASE}/gesprekskit/"' in out
    assert 'href="../../static/web/site.css"' in out and rewriter.assets == {"web/site.css"}
    assert 'action="../../index.html"' in out and f'action="{BASE}/er-is-iets-gebeurd/"' in out
    assert 'href="https://elsewhere.example/"' in out and 'href="#top"' in out
    assert "kit-add" not in out
    assert 'href="/bron/a/index.html"' in rewriter.rewrite(
        '<a href="/bron/a/">', "404.html", root_relative=True
    )


def test_the_vendored_stemmers_are_those_of_the_installed_snowballstemmer():
    """After an upgrade of snowballstemmer: `python -m bronwijzer.exports.static_snowball`."""
    from bronwijzer.exports import static_snowball

    assert static_snowball.current() == static_snowball.generate()
