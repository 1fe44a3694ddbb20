"""Search pages while a new index is built beside the old one (bronwijzer.search.engine).

A page rendered from the old index during a rebuild is the old content's: the page cache
(bronwijzer.web.pagecache) and the map PDF's cache must not keep it as the new content's, or it
would be served after the swap until the next change.
"""

from __future__ import annotations

from bronwijzer.catalog import services
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.views import pdf_cache_key
from tests.search.rebuild import CEILING, SLUG, HeldBuild, background, map_commit

SEARCH = "/?q=escaperoom"


def shows(response) -> bool:
    assert response.status_code == 200
    return f"/bron/{SLUG}/" in response.content.decode()


def test_a_page_rendered_during_a_rebuild_is_not_served_once_the_new_index_is_in(
    transactional_db, client, settings, monkeypatch
):
    resource = map_commit()
    build = HeldBuild()
    holder = background(settings, monkeypatch, build)
    assert shows(client.get(SEARCH))
    assert shows(client.get(SEARCH))

    services.resource_unpublish(resource)
    assert shows(client.get(SEARCH)), "answered from the old index at once"
    assert build.started.wait(CEILING)
    assert shows(client.get(SEARCH))

    build.release.set()
    assert holder.rebuild_wait(CEILING)
    assert not shows(client.get(SEARCH))


def test_the_map_pdf_is_kept_under_the_version_of_the_index_it_is_made_from(
    transactional_db, settings, monkeypatch
):
    resource = map_commit()
    build = HeldBuild()
    holder = background(settings, monkeypatch, build)
    job = ExportJob.from_query({"q": ["escaperoom"]}, lang="nl", base_url="https://bronwijzer.example")
    before = pdf_cache_key(job)

    services.resource_unpublish(resource)
    assert pdf_cache_key(job) == before, "during the rebuild the PDF would show the old content"
    assert build.started.wait(CEILING)
    build.release.set()
    assert holder.rebuild_wait(CEILING)
    assert pdf_cache_key(job) != before
