"""Bounded PDF work: at most BRONWIJZER_PDF_CONCURRENCY renders at once (the rest get a 503 page
with Retry-After), and the map PDF of a selection is rendered once per content version.

The limit is a set of lock files in the data directory (bronwijzer.lib.slots); a test takes the
slots itself, as renders in other worker processes would, so the refusal does not depend on timing.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import os
import pickle
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
from tests.support import content
from tests.support.liveserver import live_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


MAP_PDF = "/download/kaart.pdf"


@contextlib.contextmanager
def slots_taken(data_dir: Path, capacity: int):
    """Hold every PDF render slot, as ``capacity`` renders in other processes would."""
    locks = Path(data_dir) / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    fds = [os.open(locks / f"pdf-{n}.lock", os.O_RDWR | os.O_CREAT, 0o600) for n in range(capacity)]
    try:
        for fd in fds:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        for fd in fds:
            os.close(fd)


@pytest.fixture
def limits(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.PDF_CONCURRENCY = 2
    settings.PDF_WAIT_SECONDS = 0
    caches["default"].clear()
    yield tmp_path
    caches["default"].clear()


def test_the_same_selection_is_rendered_once_whatever_else_the_url_holds(default_map, client, limits):
    first = client.get(MAP_PDF, {"theme": "preventie", "r": "1"})
    assert first.status_code == 200 and first["X-Export-Cache"] == "miss"
    again = client.get(MAP_PDF, {"r": "8231", "theme": "preventie", "utm_source": "x"})
    assert again.status_code == 200 and again["X-Export-Cache"] == "hit"
    assert again.content == first.content
    other = client.get(MAP_PDF, {"theme": "preventie", "lang": "nl", "r": "2"})
    assert other["X-Export-Cache"] == "hit"  # parameters the download does not use do not count
    english = client.get("/en" + MAP_PDF, {"theme": "preventie", "r": "3"})
    assert english["X-Export-Cache"] == "miss"
    with slots_taken(limits, 2):  # every slot busy: a cached PDF is still served
        assert client.get(MAP_PDF, {"theme": "preventie", "r": "4"}).status_code == 200


def test_a_publish_makes_the_next_request_render_the_new_content(default_map, client, limits):
    assert client.get(MAP_PDF, {"theme": "preventie", "r": "1"})["X-Export-Cache"] == "miss"
    assert client.get(MAP_PDF, {"theme": "preventie", "r": "2"})["X-Export-Cache"] == "hit"
    resource = next(r for r in Resource.objects.published() if "preventie" in r.themes)
    services.resource_unpublish(resource)
    after = client.get(MAP_PDF, {"theme": "preventie", "r": "3"})
    assert after["X-Export-Cache"] == "miss"
    content.resource_publish(resource)
    assert client.get(MAP_PDF, {"theme": "preventie", "r": "4"})["X-Export-Cache"] == "miss"


def test_when_every_slot_is_busy_a_pdf_gets_a_503_page_with_retry_after(default_map, client, limits):
    code = kit_encode(Kit(KitOptions(who="ouder"), (resource_key("mediadiamant"),)))
    with slots_taken(limits, 2):
        for path in (MAP_PDF + "?theme=preventie", "/en" + MAP_PDF, f"/gesprekskit/{code}/ouders/nl.pdf"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert int(response["Retry-After"]) > 0
            assert response["Cache-Control"] == "no-store"
            assert response["Content-Type"].startswith("text/html")
            assert b"PDF" in response.content and b'name="robots" content="noindex"' in response.content
    assert client.get(f"/gesprekskit/{code}/ouders/nl.pdf").status_code == 200  # freed: rendered again


# --- the real server: several worker processes share the limit ---------------------------------


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _slot_busy(lock: Path) -> bool:
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_on_the_real_server_the_render_after_the_limit_gets_503_and_retry_after(tmp_path):
    data_dir = tmp_path / "server"
    env = {"BRONWIJZER_PDF_CONCURRENCY": "1", "BRONWIJZER_PDF_WAIT_SECONDS": "0"}
    with live_server(data_dir, env=env) as running:
        first: dict = {}
        render = threading.Thread(target=lambda: first.update(answer=_get(running.url + MAP_PDF + "?r=1")))
        render.start()
        lock = data_dir / "locks" / "pdf-0.lock"
        while render.is_alive() and not _slot_busy(lock):  # the first render holds the one slot
            time.sleep(0.005)
        status, headers, body = _get(running.url + MAP_PDF + "?theme=preventie")  # in whichever worker
        render.join()
        assert first["answer"][0] == 200
        assert status == 503
        assert int(headers["Retry-After"]) > 0
        assert "PDF" in body.decode()
        assert _get(running.url + MAP_PDF + "?theme=preventie")[0] == 200  # the slot is free again


def pdfs_in_the_shared_cache() -> int:
    """How many PDFs the shared cache (the database's cache table here) holds."""
    table = connection.ops.quote_name(caches["default"]._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table}")
        values = [pickle.loads(base64.b64decode(value)) for (value,) in cursor.fetchall()]
    return sum(isinstance(value, bytes) and value.startswith(b"%PDF") for value in values)


def test_a_pdf_of_a_search_or_a_filter_stays_in_the_process_memory(default_map, client, limits):
    for query in ({"q": "escaperoom"}, {"theme": "preventie"}):
        assert client.get(MAP_PDF, {**query, "r": "1"})["X-Export-Cache"] == "miss"
        assert client.get(MAP_PDF, {**query, "r": "2"})["X-Export-Cache"] == "hit"
    assert pdfs_in_the_shared_cache() == 0
    assert client.get(MAP_PDF)["X-Export-Cache"] == "miss"
    assert pdfs_in_the_shared_cache() == 1  # the whole map, chosen by nobody, is shared
