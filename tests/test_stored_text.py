"""Every output renders any text stored in the database: the Atom feed, the static build, the
PDFs (map and parent handout), CSV and JSON.

New input with control characters is refused by the forms (tests/catalog/test_control_characters.py),
but rows written before that check, by a script or a restored backup, and the edit history (which
the feed shows) can still hold them. Such a row is written here directly through the ORM, then
corrected: the old history row keeps the bad text. Every output answers, is valid, shows the
text, and carries no control character. (A lone surrogate cannot be stored: neither SQLite's
driver nor PostgreSQL accepts text that is not UTF-8. NUL cannot be stored in PostgreSQL.)
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection, transaction

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.exports.static_site import build_site
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.controlchars import printable
from tests.kit.pdfread import Pdf
from tests.support import content
from tests.web.test_changes import backdate_history

pytestmark = pytest.mark.django_db

NASTY = {
    "escape": "\x1b[31m",
    "nul": "\x00",
    "form-feed": "\x0c",
    "bell": "\x07",
    "vertical-tab": "\x0b",
    "delete": "\x7f",
    "next-line": "\x85",
    "c1-csi": "\x9b",
    "carriage-return": "\r",
    "non-character": "\ufffe",
}
#: What no output may carry (tab and newline are fine).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
SLUG = "vreemde-tekens"


def _bad(kind: str, words: str) -> str:
    if kind == "nul" and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store NUL in text")
    return words.replace(" ", f" {NASTY[kind]}", 1)


@pytest.fixture(scope="module", params=list(NASTY))
def stored(request, django_db_setup, django_db_blocker, _default_map_document):
    """A resource published with a bad title and summary, then corrected in its title only.

    The history rows keep the bad title; the current row keeps the bad summary. Written once per
    kind of character for the module's six outputs (each test only reads), in a transaction
    rolled back after the last of them, as ``default_map_module`` does.
    """
    kind = request.param
    title = _bad(kind, "Tekens uit een terminal")
    summary = _bad(kind, "Plakken uit een terminal gaat soms mis.")
    with django_db_blocker.unblock(), transaction.atomic():
        services.map_import(_default_map_document.model_copy(deep=True), replace=True)
        backdate_history(days=2)  # the load of the map is the feed's baseline: changes after it are entries
        resource = Resource.objects.create(slug=SLUG, title=title, summary=summary, themes=["preventie"])
        content.resource_publish(resource)
        resource.refresh_from_db()
        changed = Resource.objects.published().exclude(pk=resource.pk).first()
        changed.title = _bad(kind, changed.title + " (nieuw)")
        changed.save()
        services.content_changed()
        assert Resource.history.filter(title=title).exists()
        resource.title = "Tekens uit een terminal"
        resource.save()
        services.content_changed()
        assert Resource.history.filter(title=title).exists()  # the old history row keeps the bad text
        yield {
            "title": printable(title),
            "summary": printable(summary),
            "other": printable(changed.title),
            "other_slug": changed.slug,
        }
        transaction.set_rollback(True)


def _strings(value):
    """Every string in a parsed JSON document, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_feed_answers_with_valid_xml_and_shows_the_history_titles(client, stored):
    response = client.get("/nieuw/atom.xml")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert not FORBIDDEN.search(text)
    root = ET.fromstring(response.content)
    titles = [_words(e.text) for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(_words(stored["title"]) in t for t in titles)
    assert any(_words(stored["other"]) in t for t in titles)


def test_the_static_build_succeeds_and_no_file_holds_a_control_character(stored, tmp_path):
    build_site(tmp_path / "site")
    files = [
        p
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".js", ".json")
    ]
    bad = [p.name for p in files if FORBIDDEN.search(p.read_text(encoding="utf-8"))]
    assert bad == []
    page = next(p for p in files if SLUG in str(p.parent) and p.name == "index.html").read_text(
        encoding="utf-8"
    )
    assert _words(stored["summary"]) in _words(page)


def _selection_of_the_resource() -> ExportJob:
    return ExportJob.from_query({"q": ["tekens terminal"]})


def _pdf_text(data: bytes) -> str:
    pdf = Pdf(data)
    return " ".join(pdf.text(page) for page in range(len(pdf))).replace("\r\n", "\n")  # pdfium's line ends


def test_the_map_pdf_renders_the_stored_text(stored):
    text = _pdf_text(exporter("pdf").render_in_language(_selection_of_the_resource()))
    assert not FORBIDDEN.search(text)
    assert _words(stored["summary"]) in _words(text)


def test_the_handout_pdf_renders_the_stored_text(client, stored):
    code = kit_encode(Kit(KitOptions(who="ouder"), (resource_key(SLUG), resource_key(stored["other_slug"]))))
    response = client.get(f"/gesprekskit/{code}/ouders/nl.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert not FORBIDDEN.search(text)
    assert _words(stored["other"]) in _words(text)


def test_the_csv_download_carries_no_control_character(client, stored):
    response = client.get("/download/kaart.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [cell for row in rows for cell in row.values() if FORBIDDEN.search(cell)] == []
    row = next(r for r in rows if r["slug"] == SLUG)
    assert _words(row["summary"]) == _words(stored["summary"])


def test_the_json_download_carries_no_control_character(client, stored):
    response = client.get("/download/kaart.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert [s for s in _strings(document) if FORBIDDEN.search(s)] == []
    resource = next(r for r in document["resources"] if r["slug"] == SLUG)
    assert resource["summary"] == stored["summary"]
