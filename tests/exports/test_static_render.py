"""The static build renders pages through Django's own request handler, not the test client.

Pages come out as a visitor's request would render them; the build neither reads nor fills the
live site's page cache; static URLs are the files' own names even where the site's storage would
hash them; and nothing in the package imports Django's test tools.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

import bronwijzer
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.exports.static_render import SiteRenderer, plain_static_urls
from bronwijzer.exports.static_site import build_site
from bronwijzer.web import pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def test_a_page_is_rendered_as_for_a_visitor(client, default_map):
    site = SiteRenderer(host_name="testserver")
    for path in ("/over/", "/en/hulp/", "/bron/escaperoom-het-stopt-bij-jou/", "/?q=escaperoom"):
        rendered = site.get(path)
        assert rendered.status_code == 200, path
        assert rendered.content == client.get(path).content, path
    assert site.get("/deze-pagina-bestaat-niet/").status_code == 404


def test_the_build_leaves_the_page_cache_of_the_live_site_alone(default_map, tmp_path):
    # Start empty: another test in this process may have left pages in either cache.
    caches[pagecache.LOCAL_CACHE].clear()
    caches[pagecache.SHARED_CACHE].clear()
    build_site(tmp_path / "site", base_url="https://bronwijzer.example")
    assert (tmp_path / "site" / "over" / "index.html").is_file()
    assert caches[pagecache.LOCAL_CACHE].size() == 0
    assert _shared_rows() == 0


def _shared_rows() -> int:
    table = connection.ops.quote_name(caches[pagecache.SHARED_CACHE]._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def test_static_urls_are_the_files_own_names_even_under_a_hashing_storage(default_map, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    site = SiteRenderer(host_name="testserver")
    with plain_static_urls():
        page = site.get("/over/").content.decode()
    assert f'href="{settings.STATIC_URL}web/site.css"' in page
    assert site.get("/over/").status_code == 500  # after it, the site's storage: no manifest


def test_the_package_never_imports_django_s_test_tools():
    package = Path(bronwijzer.__file__).parent
    users = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+django\.test\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert users == []
