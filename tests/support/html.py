"""Reading HTML in tests: the void elements, and each run of text with the language it is in."""

from __future__ import annotations

from html.parser import HTMLParser

#: HTML's void elements: a start tag without an end tag, so never on a parser's stack of open tags.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class LanguageRuns(HTMLParser):
    """Each run of text of a page with the language it is in: the nearest ``lang`` around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        lang = next((lang for _, lang in reversed(self.stack) if lang), "")
        self.runs.append((data, lang))
