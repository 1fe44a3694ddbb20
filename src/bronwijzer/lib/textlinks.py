"""Link the first mention of known terms in plain text, escaping everything else."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from bronwijzer.lib.richtext import html_sanitised


def link_terms(text: str, terms: Iterable[tuple[str, str]]) -> SafeString:
    """Escape ``text`` and turn the first mention of each (term, url) into a link.

    Matching ignores case and respects word boundaries; longer terms win over
    shorter ones they contain ("sexting misbruik" before "sexting").
    """
    pairs = sorted({t: u for t, u in terms if t.strip()}.items(), key=lambda p: -len(p[0]))
    if not pairs or not text:
        return escape(text or "")
    urls = {term.lower(): url for term, url in pairs}
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(term) for term, _ in pairs) + r")(?!\w)", re.IGNORECASE
    )
    out: list[str] = []
    done: set[str] = set()
    position = 0
    for match in pattern.finditer(text):
        key = match.group(1).lower()
        if key in done:
            continue
        done.add(key)
        out.append(escape(text[position : match.start()]))
        out.append(format_html('<a href="{}" class="term">{}</a>', urls[key], match.group(1)))
        position = match.end()
    out.append(escape(text[position:]))
    return html_sanitised("".join(out))
