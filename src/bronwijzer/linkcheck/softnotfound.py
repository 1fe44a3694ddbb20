"""Soft-404 detection: a page that answers 200 but says it was not found.

Three signs, each general (no site-specific rules), documented in docs/linkcheck.md:

1. **The page says so.** The title or a main heading (h1/h2) matches a broad
   "not found" pattern (``404``, "niet gevonden", "bestaat niet (meer)", "not found",
   "doesn't exist", ...), or the visible text holds a full not-found sentence
   ("Pagina niet gevonden", "De pagina die je zoekt bestaat niet", "The page you
   requested could not be found", ...). Dutch and English, plus the common German and
   French phrases.
2. **It looks like the host's answer to nonsense.** The checker asks each host once for
   a random path that cannot exist; if that answer is also a 200 page, a deep link whose
   page has the same title and nearly the same text is a soft-404 (see ``same_page``).
3. **A deep link redirected to the home page** (``/some/page`` -> ``/``): the page is
   gone and the site sends everyone home (see ``redirected_home``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_TEXT = 20_000  # characters of visible text kept per page
_SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
_HEADINGS = frozenset({"h1", "h2"})

# Broad: only applied to the title and the first main headings.
_HEADLINE = re.compile(
    r"\b404\b|\bnot\s+found\b|\bniet\s+gevonden\b|\bbestaat\s+niet\b|\bniet\s+meer\s+beschikbaar\b"
    r"|\bniet\s+(?:meer\s+)?(?:te\s+)?vinden\b|\bkan\s+niet\s+(?:worden\s+)?gevonden\b"
    r"|\bkon\s+niet\s+(?:worden\s+)?gevonden\b|\bdoes\s*n[o']t\s+exist\b|\bdoes\s+not\s+exist\b"
    r"|\bno\s+longer\s+(?:exists?|available)\b|\b(?:could|can)\s*(?:no|')?t\s+be\s+found\b"
    r"|\bcannot\s+be\s+found\b|\bpage\s+(?:is\s+)?(?:missing|unavailable)\b"
    r"|\bnicht\s+gefunden\b|\bintrouvable\b|\bpagina\s+verwijderd\b",
    re.IGNORECASE,
)

# Strict: whole sentences that say the page is missing; applied to all visible text.
_SENTENCE = re.compile(
    # Dutch: "pagina niet gevonden", "deze pagina bestaat niet (meer)", "de pagina die je zoekt is
    # niet gevonden / kunnen we niet vinden", "we kunnen deze pagina niet vinden"
    r"\bpagina\b[^.!?\n]{0,60}?\b(?:niet\s+(?:meer\s+)?(?:gevonden|vinden|bestaat|beschikbaar)"
    r"|bestaat\s+niet|is\s+verwijderd|kan\s+niet\s+(?:worden\s+)?gevonden|kon\s+niet\s+(?:worden\s+)?gevonden)"
    r"|\b(?:kunnen|konden|kan|kon)\b[^.!?\n]{0,30}\bpagina\b[^.!?\n]{0,20}\bniet\s+(?:meer\s+)?vinden\b"
    # English: "page not found", "the page you requested could not be found / doesn't exist"
    r"|\bpage\b[^.!?\n]{0,60}?\b(?:not\s+(?:be\s+)?found|could\s*n[o']t\s+be\s+found|can(?:no|')t\s+be\s+found"
    r"|does\s*n[o']t\s+exist|does\s+not\s+exist|no\s+longer\s+exists?|is\s+no\s+longer\s+available"
    r"|has\s+been\s+(?:removed|deleted))"
    r"|\b(?:error|fout|foutcode)\s*:?\s*404\b|\b404\s*[-:–|]?\s*(?:not\s+found|error|page|pagina)\b"
    r"|\bseite\s+nicht\s+gefunden\b|\bpage\s+introuvable\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    title: str
    headings: tuple[str, ...]
    text: str


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._size = 0
        self._skip = 0
        self._in_title = False
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip += 1
        elif tag in _HEADINGS and self._heading is None:
            self._heading = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _HEADINGS and self._heading is not None:
            if len(self.headings) < 4:
                self.headings.append(_clean("".join(self._heading)))
            self._heading = None

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
            return
        if self._skip:
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._size < MAX_TEXT:
            self.text.append(data)
            self._size += len(data)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def decode(body: bytes, content_type: str | None) -> str:
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    if not charset:
        head = body[:2048].lower()
        found = re.search(rb"<meta[^>]+charset=[\"']?([a-z0-9_-]+)", head)
        charset = found.group(1).decode("ascii") if found else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def parse(body: bytes, content_type: str | None = None) -> Page:
    parser = _Extractor()
    try:
        parser.feed(decode(body, content_type))
        parser.close()
    except Exception:  # a broken page is still a page; keep what was read
        pass
    return Page(
        title=_clean("".join(parser.title)),
        headings=tuple(h for h in parser.headings if h),
        text=_clean(" ".join(parser.text))[:MAX_TEXT],
    )


def says_not_found(page: Page) -> str | None:
    """The phrase that makes the page a soft-404 (for the error message), or None."""
    for headline in (page.title, *page.headings):
        found = _HEADLINE.search(headline)
        if found:
            return f"the page says '{_excerpt(headline, found)}'"
    found = _SENTENCE.search(page.text)
    if found:
        return f"the page says '{_excerpt(page.text, found)}'"
    return None


def _excerpt(text: str, match: re.Match, around: int = 30) -> str:
    start, end = max(0, match.start() - around), min(len(text), match.end() + around)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def same_page(page: Page, probe: Page, threshold: float = 0.9) -> bool:
    """True when ``page`` is, in effect, the host's answer to a path that does not exist."""
    if page.title != probe.title:
        return False
    if len(page.text) < 40 and len(probe.text) < 40:
        # An empty shell (a JavaScript app) looks the same everywhere: that says nothing.
        return False
    a, b = page.text[:3000], probe.text[:3000]
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and (matcher.ratio() >= threshold)
    )


_INDEX_NAMES = frozenset({"", "index.html", "index.htm", "index.php", "default.aspx", "home", "start"})


def redirected_home(url: str, final_url: str) -> bool:
    """A deep link that ended on the site's home page (same site, path '/')."""
    original, final = urlsplit(url), urlsplit(final_url)
    if final.path not in ("", "/") or final.query:
        return False
    if _site(original.hostname) != _site(final.hostname):
        return False
    segments = [s for s in original.path.split("/") if s]
    if not segments:
        return False
    return not (len(segments) == 1 and segments[0].lower() in _INDEX_NAMES)


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host
