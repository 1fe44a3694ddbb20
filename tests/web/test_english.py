"""English is English: a crawl of every /en/ page finds no Dutch interface text.

The crawl starts at /en/, follows every link that stays on the English site and submits every
GET form once (the kit's questions, the incident route, the filters, search), so pages reached
only through a form (a kit, its handouts and sheets, the incident steps) are read too. On each
page the visible text and the text people hear (title, aria-label, alt) is taken, except inside
an element marked as another language: a resource's title or an organisation's name is Dutch
content and is marked lang="nl"; a handout's parent's language is marked too.

Two checks flag Dutch: a phrase of the interface's Dutch catalogue (a msgid whose English is
different) shown as it is, and a run of common Dutch words that English never uses.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import polib
import pytest

import bronwijzer
from tests.support.html import VOID

CATALOGUE = Path(bronwijzer.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
#: Dutch words that are not English words (nor parts of the names on the map), for the second check.
_DUTCH_WORDS = """
    het een niet voor zijn naar ook geen jouw kun wordt worden deze bij nog jaar gratis onbekend
    hulplijn ouders kinderen jongeren wat hoe waar welke kies toon zoek bekijk alle maar u uw je
"""
DUTCH_WORDS = frozenset(_DUTCH_WORDS.split())
MAX_PAGES = 400
MAX_PER_SHAPE = 3  # pages of one kind: /en/bron/x/ is one per resource, every kit code one kind
KIT_CODE = re.compile(r"/gesprekskit/[A-Za-z0-9_-]{8,}/")
SKIP = re.compile(r"\.(pdf|csv|json|xml)$|^/en/(api|static|redactie|l)/|/download/")
ADDRESS = re.compile(r"(https?://|mailto:|www\.)\S+")


def dutch_phrases() -> list[str]:
    """Pieces of the interface's Dutch msgids (placeholders cut out) whose English differs."""
    phrases = set()
    entries = [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete and e.msgid]
    # A phrase the English catalogue itself uses ("e-mail") is English too, wherever it stands.
    all_english = " ".join(t for e in entries for t in [e.msgstr, *e.msgstr_plural.values()])
    for entry in entries:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for part in re.split(r"%\(\w+\)[sd]|\{\{.*?\}\}|<[^>]+>", msgid):
                part = part.strip(" :.,;()–-\n")
                if len(part) >= 4 and re.search(r"[a-z]{3}", part):
                    phrases.add(part)
    return sorted(
        (p for p in phrases if not re.search(rf"(?<!\w){re.escape(p)}(?!\w)", all_english)),
        key=len,
        reverse=True,
    )


class Page(HTMLParser):
    """The English text of a page, its links and its GET forms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, is English)
        self.texts: list[str] = []
        self.content: list[str] = []  # text marked as another language
        self.title = ""
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    @property
    def english(self) -> bool:
        return not self.stack or self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        english = self.english if lang is None else lang.lower().startswith("en")
        if tag not in VOID:
            self.stack.append((tag, english and tag not in {"script", "style"}))
        if english:
            for name in ("aria-label", "title", "alt", "placeholder"):
                if attrs.get(name):
                    self.texts.append(attrs[name])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "choices": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("name"):
            self._field(attrs)

    def _field(self, attrs: dict) -> None:
        kind, name, value = attrs.get("type", "text"), attrs["name"], attrs.get("value", "")
        fields, choices = self._form["fields"], self._form["choices"]
        if kind in {"radio", "checkbox"}:
            choices.setdefault(name, value)  # the first choice, unless one is already made
            if "checked" in attrs:
                fields.setdefault(name, value)
        elif kind == "number":
            fields[name] = "14"
        elif kind in {"text", "search"}:
            fields[name] = value or "parents"
        elif kind == "hidden":
            fields[name] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text:
            return
        if self.english:
            if self.stack and self.stack[-1][0] == "title":
                self.title = text
            elif not ADDRESS.fullmatch(text):
                self.texts.append(text)
        else:
            self.content.append(text)

    def close(self) -> None:
        super().close()
        # The document title cannot mark a part as Dutch: take out the Dutch content the page
        # marks elsewhere (a resource's title), and check what is left.
        title = self.title
        for content in sorted(self.content, key=len, reverse=True):
            title = title.replace(content, "")
        if title:
            self.texts.append(title)

    def submissions(self, here: str) -> list[str]:
        urls = []
        for form in self.forms:
            fields = {**form["choices"], **form["fields"]}
            action = urljoin(here, form["action"]) if form["action"] else here.split("?")[0]
            urls.append(f"{action}?{urlencode(fields)}")
        return urls


def dutch_in(texts: list[str], phrases: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        # A plain substring test first: the word-boundary search runs only where the phrase occurs.
        phrase = next(
            (p for p in phrases if p in text and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)), None
        )
        if phrase:
            found.append((text, f"catalogue: {phrase!r}"))
            continue
        every = re.findall(r"[a-zà-ÿ]+", text.lower())
        words = [w for w in every if w in DUTCH_WORDS]
        # English prose may name a Dutch title ("the podcast Niet jouw schuld"): a few Dutch
        # words among many English ones are content, a sentence made of them is not.
        if len(words) >= 2 and len(words) >= 0.15 * len(every):
            found.append((text, f"Dutch words: {words}"))
    return found


def crawl(client, start: list[str]) -> tuple[dict[str, list], int]:
    phrases = dutch_phrases()
    queue = deque(start)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    problems: dict[str, list] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        parts = urlsplit(url)
        if url in seen or not parts.path.startswith("/en/") or SKIP.search(parts.path):
            continue
        shape = KIT_CODE.sub("/gesprekskit/<kit>/", parts.path) + ("?" if parts.query else "")
        shapes[shape] = shapes.get(shape, 0) + 1
        if shapes[shape] > MAX_PER_SHAPE:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        final = response.request["PATH_INFO"] + (
            "?" + response.request["QUERY_STRING"] if response.request.get("QUERY_STRING") else ""
        )
        page = Page()
        page.feed(response.content.decode())
        page.close()
        if found := dutch_in(page.texts, phrases):
            problems[final] = found
        for href in page.links + page.submissions(final):
            target = urljoin(final, href.split("#")[0])
            if urlsplit(target).netloc in ("", "testserver"):
                queue.append(urlsplit(target)._replace(scheme="", netloc="").geturl())
    return problems, len(seen)


@pytest.mark.django_db
def test_no_dutch_interface_text_on_any_english_page(client, default_map):
    kit = "/en/gesprekskit/voorstel/?who=ouder&lang=uk&context=islamitisch&age=14&situation=preventie"
    problems, pages = crawl(client, ["/en/", kit, "/en/?q=qqzzxx", "/en/?q=weerbaarhied"])
    assert pages > 60, f"the crawl reached only {pages} pages"
    report = "\n".join(
        f"{url}\n" + "\n".join(f"    {text[:120]!r}  ({why})" for text, why in found[:8])
        for url, found in problems.items()
    )
    assert not problems, f"Dutch interface text on {len(problems)} English pages:\n{report}"


def test_the_crawl_finds_dutch_where_there_is_some():
    """The check itself: a Dutch interface string and Dutch words are caught, English is not."""
    phrases = dutch_phrases()
    page = Page()
    page.feed(
        '<main><p>Kies een of meer waarden.</p><p lang="nl">Praten over sexting</p>'
        "<p>Child's age: 14</p><label aria-label='Verwijder filter'>x</label>"
        "<p>Wat is er aan de hand met het kind</p><p>https://www.example.nl/het-is-bij-ons</p></main>"
    )
    page.close()
    found = [text for text, _why in dutch_in(page.texts, phrases)]
    assert found == ["Kies een of meer waarden.", "Verwijder filter", "Wat is er aan de hand met het kind"]
