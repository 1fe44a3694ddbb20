"""Every output renders any text stored in the database: the Atom feed, the static build, the
PDFs (map and parent handout), CSV and JSON.

New input with control characters is refused by the forms (tests/catalog/test_control_characters.py),
but rows written before that check, by a script or a restored backup, and the edit history (which
the feed shows) can still hold them. Such rows are written here directly through the ORM, then
corrected: the old history rows keep the bad text. All kinds of bad character are written at
once, each in resources of its own (so the map is loaded and every output rendered once, not once
per kind), and every test checks every kind: every output answers, is valid, shows each kind's
text, and carries no control character. (A lone surrogate cannot be stored: neither SQLite's
driver nor PostgreSQL accepts text that is not UTF-8. NUL cannot be stored in PostgreSQL, so that
kind is left out there.)
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection, transaction
from django.db.models.functions import Length

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Resource
from bronwijzer.exports.base import ExportJob
from bronwijzer.exports.formats import exporter
from bronwijzer.exports.static_site import build_site
from bronwijzer.kit.codec import MAX_ITEMS, Kit, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.controlchars import printable
from bronwijzer.web.changes import FEED_LIMIT
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
#: The kind each forbidden character belongs to (the first character of its text).
KIND_OF = {text[0]: kind for kind, text in NASTY.items()}
SLUG = "vreemde-tekens"


def _kinds() -> list[str]:
    """The kinds this database can store: PostgreSQL cannot store NUL in text."""
    return [kind for kind in NASTY if not (kind == "nul" and connection.vendor == "postgresql")]


def _found(text: str) -> list[str]:
    """The kinds of forbidden character in ``text`` (one of no kind by its code point)."""
    return sorted({KIND_OF.get(char, f"U+{ord(char):04X}") for char in FORBIDDEN.findall(text)})


def _bad(kind: str, words: str) -> str:
    return words.replace(" ", f" {NASTY[kind]}", 1)


def _name(kind: str) -> str:
    """The kind in words, so each kind's text is its own ("form-feed" -> "form feed")."""
    return kind.replace("-", " ")


@pytest.fixture(scope="module")
def stored(django_db_setup, django_db_blocker, _default_map_document):
    """For each kind of character: a resource published with a bad title and summary, then
    corrected in its title only; and another published resource whose title gets the character.

    The history rows keep the bad titles; the current rows keep the bad summaries. Written once,
    all kinds together, for the module's six outputs (each test only reads), in a transaction
    rolled back after the last of them, as ``default_map_module`` does. Keyed by kind.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        kinds = _kinds()
        services.map_import(_default_map_document.model_copy(deep=True), replace=True)
        backdate_history(days=2)  # the load of the map is the feed's baseline: changes after it are entries
        # The shortest titles: each fits on one line of the handout, which hyphenates where it wraps.
        others = list(Resource.objects.published().order_by(Length("title"), "pk")[: len(kinds)])
        assert len(others) == len(kinds)
        written = {}
        for kind, changed in zip(kinds, others, strict=True):
            title = _bad(kind, f"Tekens uit een terminal ({_name(kind)})")
            summary = _bad(kind, f"Plakken uit een terminal gaat soms mis ({_name(kind)}).")
            resource = Resource.objects.create(
                slug=f"{SLUG}-{kind}", title=title, summary=summary, themes=["preventie"]
            )
            content.resource_publish(resource)
            resource.refresh_from_db()
            changed.title = _bad(kind, changed.title + " (nieuw)")
            changed.save()
            written[kind] = (resource, title, summary, changed)
        services.content_changed()
        for kind, (resource, title, _summary, _changed) in written.items():
            assert Resource.history.filter(title=title).exists(), kind
            resource.title = f"Tekens uit een terminal ({_name(kind)})"
            resource.save()
        services.content_changed()
        for kind, (_resource, title, _summary, _changed) in written.items():
            # the old history row keeps the bad text
            assert Resource.history.filter(title=title).exists(), kind
        yield {
            kind: {
                "slug": resource.slug,
                "title": printable(title),
                "summary": printable(summary),
                "other": printable(changed.title),
                "other_slug": changed.slug,
            }
            for kind, (resource, title, summary, changed) in written.items()
        }
        transaction.set_rollback(True)


def test_every_kind_is_written(stored):
    """Only NUL on PostgreSQL is left out; each kind's texts are its own, so each is checked apart."""
    left_out = {"nul"} if connection.vendor == "postgresql" else set()
    assert set(stored) == set(NASTY) - left_out
    for name in ("title", "summary", "other"):
        assert len({_words(s[name]) for s in stored.values()}) == len(stored), name


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
    assert _found(text) == []
    root = ET.fromstring(response.content)
    entries = list(root.iter("{http://www.w3.org/2005/Atom}entry"))
    assert len(entries) < FEED_LIMIT  # every entry is shown, none cut off by the limit
    titles = [_words(e.text) for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    missing = [
        (kind, name)
        for kind, s in stored.items()
        for name in ("title", "other")
        if not any(_words(s[name]) in t for t in titles)
    ]
    assert missing == [], f"not shown: {missing}"


def test_the_static_build_succeeds_and_no_file_holds_a_control_character(stored, tmp_path):
    build_site(tmp_path / "site")
    files = [
        p
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".js", ".json")
    ]
    bad = [(p.name, found) for p in files if (found := _found(p.read_text(encoding="utf-8")))]
    assert bad == []
    pages = {p.parent.name: p for p in files if p.name == "index.html"}
    missing = [
        kind
        for kind, s in stored.items()
        if s["slug"] not in pages
        or _words(s["summary"]) not in _words(pages[s["slug"]].read_text(encoding="utf-8"))
    ]
    assert missing == [], f"not shown: {missing}"


def _selection_of_the_resources() -> ExportJob:
    return ExportJob.from_query({"q": ["tekens terminal"]})


def _pdf_text(data: bytes) -> str:
    pdf = Pdf(data)
    return " ".join(pdf.text(page) for page in range(len(pdf))).replace("\r\n", "\n")  # pdfium's line ends


def test_the_map_pdf_renders_the_stored_text(stored):
    text = _pdf_text(exporter("pdf").render_in_language(_selection_of_the_resources()))
    assert _found(text) == []
    missing = [kind for kind, s in stored.items() if _words(s["summary"]) not in _words(text)]
    assert missing == [], f"not shown: {missing}"


def test_the_handout_pdf_renders_the_stored_text(client, stored):
    """A kit holds at most MAX_ITEMS resources: the changed resources in as few handouts as that allows."""
    kinds = list(stored)
    missing = []
    for start in range(0, len(kinds), MAX_ITEMS):
        group = kinds[start : start + MAX_ITEMS]
        keys = tuple(resource_key(stored[kind]["other_slug"]) for kind in group)
        code = kit_encode(Kit(KitOptions(who="ouder"), keys))
        response = client.get(f"/gesprekskit/{code}/ouders/nl.pdf")
        assert response.status_code == 200, group
        text = _pdf_text(response.content)
        assert _found(text) == [], group
        missing += [kind for kind in group if _words(stored[kind]["other"]) not in _words(text)]
    assert missing == [], f"not shown: {missing}"


def test_the_csv_download_carries_no_control_character(client, stored):
    response = client.get("/download/kaart.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(row["slug"], found) for row in rows for cell in row.values() if (found := _found(cell))] == []
    by_slug = {row["slug"]: row for row in rows}
    missing = [
        kind
        for kind, s in stored.items()
        if s["slug"] not in by_slug or _words(by_slug[s["slug"]]["summary"]) != _words(s["summary"])
    ]
    assert missing == [], f"not shown: {missing}"


def test_the_json_download_carries_no_control_character(client, stored):
    response = client.get("/download/kaart.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert [found for s in _strings(document) if (found := _found(s))] == []
    by_slug = {r["slug"]: r for r in document["resources"]}
    missing = [
        kind
        for kind, s in stored.items()
        if s["slug"] not in by_slug or by_slug[s["slug"]]["summary"] != s["summary"]
    ]
    assert missing == [], f"not shown: {missing}"
