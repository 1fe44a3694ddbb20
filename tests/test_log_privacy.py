"""The production server's logs keep nothing a visitor typed or chose.

One real ``bronwijzer serve`` (gunicorn, two workers, its own fresh SQLite database, as the
browser tests run it) at ``LOG_LEVEL=DEBUG``, so every logger says as much as it can. A
visitor searches, filters, builds a kit through the guided start, searches on the kit
page, opens handouts in four languages and as a PDF, the discreet handout in three and as a
PDF, composes the message of "Stuur naar ouder" in three languages (and a link preview app
fetches the handout it links to), opens the interpreter sheet in three languages and as a PDF
and the listening page of the handout ("Luister") in three, downloads
and embeds the map, uses the API and the incident route, sends reports through "Meld een fout" (accepted and
refused), and asks for kit addresses that do not exist (plain, percent-encoded, in
capitals, with HEAD and POST), each with a distinctive marker. Then every file the server
wrote (its stdout and stderr, and any other file in its data folder but the database) is
searched for every marker, the kit's code in any spelling, the kit's answers and the
handouts' languages; and the database's cache tables (the shared page cache) are read for the
same words and the kit's code. No browser is needed, so this also runs in the PostgreSQL pass.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import http.client
import pickle
import re
import socket
import sqlite3
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.http import HttpResponse

from tests.support.liveserver import LiveServer, live_server

#: What the visitor types: every one is looked for in the logs, in any case.
SEARCH = "ZqxZoekwoord"
SEARCH_EN = "zqxsearchword"
FILTER = "zqxfilterkeuze"
KIT_SEARCH = "ZqxKitZoek"
DOWNLOAD = "zqxdownloadwoord"
EMBED = "zqxembedwoord"
API_SEARCH = "zqxapizoek"
API_SLUG = "zqxapislug"
SHORT_LINK = "zqxkortelink"
INCIDENT = "zqxincidentantwoord"
REPORT = "ZqxMeldingTekst"
REPORT_REFUSED = "zqxgeweigerdemelding"
NOT_A_KIT = "ZqxGeenKitCode42"
ENCODED_KIT = "ZqxGecodeerdeKit7"
CAPITALS_KIT = "ZqxHoofdletterKit"
POSTED_KIT = "ZqxPostKitCode99"
HANDOUT_LANG = "zqxtaal"
REFERER = "zqxverwijzer"
PREVIEW_APP = "zqxvoorbeeldapp"
RAW_LINE = "zqxkapotteregel"
SPACED = "zqxmetspatie"
MARKERS = (
    SEARCH, SEARCH_EN, FILTER, KIT_SEARCH, DOWNLOAD, EMBED, API_SEARCH, API_SLUG, SHORT_LINK, INCIDENT,
    REPORT, REPORT_REFUSED, NOT_A_KIT, ENCODED_KIT, CAPITALS_KIT, POSTED_KIT, HANDOUT_LANG, REFERER, RAW_LINE,
    SPACED, PREVIEW_APP,
)  # fmt: skip
#: The kit's answers and the incident route's, as words that appear nowhere else in a log.
ANSWERS = (
    "islamitisch",
    "migratieachtergrond",
    "dreiging",
    "who=",
    "lang=",
    "age=",
    "situation=",
    "context=",
)
HANDOUT_LANGUAGES = ("ar", "tr", "uk", "pl")


def percent_encoded(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode())


class Visitor:
    def __init__(self, server: LiveServer):
        parts = urlsplit(server.url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = server.url
        self.answers: list[tuple[str, str, int]] = []

    def request(
        self, method: str, target: str, *, body: str | None = None, headers=None
    ) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        self.answers.append((method, target, response.status))
        return response

    def get(self, target: str, **kwargs) -> int:
        return self.request("GET", target, **kwargs).status

    def report(self, slug: str, fields: list[tuple[str, str]], *, origin: str) -> int:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
        return self.request(
            "POST", f"/bron/{slug}/meld-een-fout/", body=urlencode(fields), headers=headers
        ).status

    def raw(self, line: bytes) -> bytes:
        with socket.create_connection((self.host, self.port), timeout=30) as sock:
            sock.sendall(line)
            return sock.recv(1024)


def the_logs(data_dir: Path) -> dict[str, str]:
    """Every file the server wrote in its data folder, but its database, secret key and static files."""
    logs = {}
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if not path.is_file() or relative.parts[0] == "static" or relative.name == "secret_key":
            continue
        if relative.name.startswith("bronwijzer.sqlite3"):
            continue
        logs[str(relative)] = path.read_text(errors="replace")
    return logs


def shared_cache(data_dir: Path) -> str:
    """Every key and value in the database's cache tables (pages, rate limits), unpickled, as text."""
    text = []
    with contextlib.closing(sqlite3.connect(data_dir / "bronwijzer.sqlite3")) as db:
        for table in ("bronwijzer_pages", "bronwijzer_cache"):
            for key, value in db.execute(f"SELECT cache_key, value FROM {table}"):
                kept = pickle.loads(base64.b64decode(value))  # written by our own server
                if isinstance(kept, HttpResponse):
                    body = kept.content
                    kept = gzip.decompress(body) if kept.get("Content-Encoding") == "gzip" else body
                text += [key, kept.decode("latin-1") if isinstance(kept, bytes) else repr(kept)]
    return "\n".join(text)


@pytest.fixture(scope="module")
def visited(tmp_path_factory) -> tuple[Path, Visitor, str]:
    data_dir = tmp_path_factory.mktemp("log-privacy")
    with live_server(data_dir, env={"LOG_LEVEL": "DEBUG"}) as server:
        visitor = Visitor(server)
        code = walk(visitor)
    return data_dir, visitor, code


@pytest.fixture(scope="module")
def visit(visited) -> tuple[dict[str, str], Visitor, str]:
    data_dir, visitor, code = visited
    return the_logs(data_dir), visitor, code


def walk(visitor: Visitor) -> str:
    """The visits described in the module docstring; the kit's code."""
    get = visitor.get
    assert get(f"/?q={SEARCH}+Turkse+moeder") == 200
    assert get(f"/en/?q={SEARCH_EN}") == 200
    assert get(f"/?language={FILTER}&audience=ouders&context=islamitisch") == 200
    assert get("/?language=ar&language=uk&q=ouders") == 200

    answers = (
        "who=ouder&lang=ar&lang=tr&context=islamitisch&context=migratieachtergrond&age=13&situation=zorg"
    )
    proposed = visitor.request("GET", f"/gesprekskit/voorstel/?{answers}")
    assert proposed.status in (301, 302, 303), proposed.status
    kit_path = urlsplit(proposed.getheader("Location")).path
    code = re.fullmatch(r"/gesprekskit/([A-Za-z0-9_-]+)/", kit_path).group(1)
    assert get(kit_path) == 200
    assert get(f"{kit_path}?q={KIT_SEARCH}") == 200
    assert get(f"/en{kit_path}?q={KIT_SEARCH}") == 200
    for lang in HANDOUT_LANGUAGES[:3]:
        assert get(f"{kit_path}ouders/{lang}/") == 200
    assert get(f"/en{kit_path}ouders/pl/") == 200
    assert get(f"{kit_path}ouders/ar.pdf") == 200
    assert get(f"{kit_path}voorbereiding/") == 200
    assert get(f"/gesprekskit/{percent_encoded(code)}/") == 200  # the same kit, every character encoded
    assert get(f"/?kit={code}") == 200
    assert get(f"{kit_path}ouders/{HANDOUT_LANG}/") == 404
    # Each page made for her, in her languages, with the English interface, and not in a language
    # the handout has no text in: "Stuur naar ouder" (the message), the discreet handout (its route
    # says "informatie"), the interpreter sheet and "Luister" (the page the handout's QR code opens)
    for page in ("sturen", "informatie", "tolk", "luister"):
        for lang in HANDOUT_LANGUAGES[:2]:
            assert get(f"{kit_path}{page}/{lang}/") == 200
        assert get(f"/en{kit_path}{page}/pl/") == 200
        assert get(f"{kit_path}{page}/{HANDOUT_LANG}/") == 404
    assert get(f"{kit_path}informatie/uk.pdf") == 200
    assert get(f"{kit_path}sturen/tr/?blad=discreet") == 200  # "Stuur naar ouder" linking to it
    assert get(f"{kit_path}tolk/{HANDOUT_LANGUAGES[0]}.pdf") == 200
    # then the app that builds the link's preview
    preview_app = {"User-Agent": f"WhatsApp/2.24 {PREVIEW_APP}", "Accept": "text/html"}
    assert get(f"{kit_path}ouders/ar/", headers=preview_app) == 200
    assert visitor.request("HEAD", f"{kit_path}ouders/tr/").status == 200
    assert visitor.request("POST", kit_path, body="x=1").status == 403  # no CSRF cookie: Django refuses
    assert get(kit_path, headers={"Referer": f"{visitor.origin}/?q={REFERER}"}) == 200
    assert get("/", headers={"Referer": f"https://{REFERER}.example/{REFERER}/?q={REFERER}"}) == 200

    assert get(f"/gesprekskit/{NOT_A_KIT}/") == 404
    assert get(f"/gesprekskit/{percent_encoded(ENCODED_KIT)}/ouders/ar/") == 404
    assert get(f"/GESPREKSKIT/{CAPITALS_KIT}/") == 404
    assert get(f"/gesprekskit/{NOT_A_KIT}%20{SPACED}/ouders/ar/") == 404  # a space inside the path
    assert get(f"/en/gesprekskit/{NOT_A_KIT}/voorbereiding.pdf") == 404
    assert visitor.request("POST", f"/gesprekskit/{POSTED_KIT}/", body="x=1").status == 403
    assert visitor.request("HEAD", f"/gesprekskit/{NOT_A_KIT}/").status == 404
    assert get(f"/l/{SHORT_LINK}") == 404

    assert get(f"/download/kaart.csv?q={DOWNLOAD}&language={FILTER}") == 400  # an unknown filter value
    assert get(f"/download/kaart.csv?q={DOWNLOAD}&language=ar") == 200
    assert get(f"/download/kaart.pdf?q={DOWNLOAD}") == 200
    assert get(f"/embed/?q={EMBED}&language=ar") == 200
    assert get(f"/api/v1/resources?q={API_SEARCH}&language=tr") == 200
    assert get(f"/api/v1/resources/{API_SLUG}") == 404
    assert get(f"/api/v1/{API_SLUG}?q={API_SEARCH}") == 404
    assert get(f"/er-is-iets-gebeurd/?wat=dreiging&leeftijd=12-17&extra={INCIDENT}") == 200
    assert get(f"/en/er-is-iets-gebeurd/?wat={INCIDENT}") in (200, 400)

    slug = "escaperoom-het-stopt-bij-jou"
    assert get(f"/bron/{slug}/meld-een-fout/") == 200
    sent = [("kinds", "info-onjuist"), ("remark", f"{REPORT} over een Turkse moeder"), ("website", "")]
    assert visitor.report(slug, sent, origin=visitor.origin) == 303
    assert visitor.report(slug, [("remark", f"{REPORT} zonder keuze")], origin=visitor.origin) == 400
    assert visitor.report(slug, [("remark", REPORT_REFUSED)], origin="https://elders.example") == 403

    assert visitor.request("POST", f"/api/v1/resources?q={API_SEARCH}", body="x=1").status == 405

    malformed = (  # gunicorn refuses these itself, and says why in its error log
        f"GET /gesprekskit/{RAW_LINE}/?q={RAW_LINE} HTTP/1.1 extra",
        f"GET /gesprekskit/{RAW_LINE} {RAW_LINE}/?q={RAW_LINE} HTTP/1.1",
        f"GET\t/gesprekskit/{RAW_LINE}/?q={RAW_LINE} HTTP/1.1",
        f"GET /gesprekskit/{RAW_LINE}\x01/?q={RAW_LINE} HTTP/1.1",
        f"GET /gesprekskit/{code}/?q={RAW_LINE} HTTP/1.1\r\nBad {RAW_LINE} header",
    )
    for line in malformed:
        answer = visitor.raw(f"{line}\r\nHost: localhost\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 400"), (line, answer)
    return code


#: The kit pages whose address ends in a handout language.
KIT_LANGUAGE_ROUTES = ("ouders", "sturen", "informatie", "tolk", "luister")


def test_the_visits_were_logged_as_routes(visit):
    logs, visitor, _code = visit
    log = logs["server.log"]
    requests = len(visitor.answers)
    assert len(re.findall(r'^\[[^]]+\] "[A-Z]+ /', log, flags=re.M)) >= requests
    assert log.count('"GET /gesprekskit/<code>/ouders/<lang>/ HTTP/1.1" 200') >= 3
    assert '"GET /en/gesprekskit/<code>/ouders/<lang>/ HTTP/1.1" 200' in log
    assert '"GET /gesprekskit/<code>/ouders/<lang>.pdf HTTP/1.1" 200' in log
    assert '"HEAD /gesprekskit/<code>/ouders/<lang>/ HTTP/1.1" 200' in log
    for page in ("sturen", "informatie", "tolk", "luister"):  # the pages made for her, as the visit asked
        assert log.count(f'"GET /gesprekskit/<code>/{page}/<lang>/ HTTP/1.1" 200') >= 2
        assert f'"GET /en/gesprekskit/<code>/{page}/<lang>/ HTTP/1.1" 200' in log
        assert f'"GET /gesprekskit/<code>/{page}/<lang>/ HTTP/1.1" 404' in log
    assert '"GET /gesprekskit/<code>/informatie/<lang>.pdf HTTP/1.1" 200' in log
    assert '"GET /gesprekskit/<code>/sturen/<lang>/?… HTTP/1.1" 200' in log
    assert '"GET /gesprekskit/<code>/tolk/<lang>.pdf HTTP/1.1" 200' in log
    assert '"GET /gesprekskit/<code>/?… HTTP/1.1" 200' in log
    assert '"GET /en/?… HTTP/1.1" 200' in log
    assert '"POST /bron/<slug>/meld-een-fout/ HTTP/1.1" 303' in log
    assert '"GET /…/…/ HTTP/1.1" 404' in log  # /GESPREKSKIT/...: no route, so no word of it
    assert "Not Found: /gesprekskit/<code>/" in log  # Django's own 404 line, as a route
    assert "Forbidden (CSRF cookie not set.): /gesprekskit/<code>/" in log
    assert "Bad Request: /bron/<slug>/meld-een-fout/" in log
    assert "Forbidden: /bron/<slug>/meld-een-fout/" in log
    assert "Invalid request from ip=127.0.0.1: Invalid HTTP request line: '…'" in log  # gunicorn's error log
    assert "[DEBUG] GET /gesprekskit/<code>/" in log  # gunicorn's per-request debug line


def test_no_log_holds_what_a_visitor_typed_or_chose(visit):
    logs, _visitor, code = visit
    assert "server.log" in logs
    for name, text in logs.items():
        folded = text.casefold()
        found = [marker for marker in MARKERS if marker.casefold() in folded]
        assert not found, f"{name} holds what visitors typed: {found}"
        spellings = {code, code.casefold(), percent_encoded(code), quote(code)}
        assert not [s for s in spellings if s.casefold() in folded], f"{name} holds the kit's code"
        assert not [a for a in ANSWERS if a in folded], f"{name} holds the kit's or incident route's answers"
        languages = [
            lang
            for lang in HANDOUT_LANGUAGES
            if any(f"{route}/{lang}" in folded for route in KIT_LANGUAGE_ROUTES) or f"/{lang}.pdf" in folded
        ]
        assert not languages, f"{name} holds a handout's or a message's language: {languages}"
        assert "whatsapp" not in folded, f"{name} holds who asked (a link preview app)"
        query = re.search(r".*\?\w.*", text)
        assert query is None, f"{name} holds a query string: {query and query[0]}"
        assert "turkse" not in folded and "moeder" not in folded


def test_the_shared_cache_holds_nothing_a_visitor_typed_or_chose(visited):
    """The database's cache tables, as the server left them: pages without a query string only."""
    data_dir, _visitor, code = visited
    text = shared_cache(data_dir)
    assert "Bronwijzer" in text  # the pages themselves were read
    folded = text.casefold()
    assert not [marker for marker in MARKERS if marker.casefold() in folded]
    assert not [s for s in {code, percent_encoded(code), quote(code)} if s.casefold() in folded]
