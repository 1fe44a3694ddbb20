"""The one gate for HTML built from content: a strict nh3 (ammonia) allowlist.

Bronwijzer stores no HTML: titles, summaries, definitions and notes are plain text,
escaped when shown. The only markup made from content is the glossary links in
summaries (``lib.textlinks``) and the ``<mark>`` around search words
(``search.highlight``). Both build it from escaped text, and both pass the result
through :func:`html_sanitised` before it is marked safe, so that even a mistake in
those builders cannot let a script, an event handler, a style or a foreign scheme
through: only the tags and attributes below survive, links only to http(s) or to
this site (never protocol-relative), and nothing else.

The result is element content: nh3 leaves quotes in text as they are, so it must
never be put inside an HTML attribute.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = frozenset({"a", "mark", "p", "br", "strong", "em", "ul", "ol", "li"})
ATTRIBUTES = {"a": frozenset({"href", "class"})}
URL_SCHEMES = frozenset({"http", "https"})


def _attribute_allowed(tag: str, name: str, value: str) -> str | None:
    """Links go to a path on this site or to an http(s) address; nothing protocol-relative."""
    local_or_web = value.startswith(("/", "#", "http://", "https://")) and not value.startswith("//")
    if tag == "a" and name == "href" and not local_or_web:
        return None
    return value


def html_sanitised(html: str) -> SafeString:
    """``html`` with everything outside the allowlist removed (text kept, escaped), marked safe."""
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        attribute_filter=_attribute_allowed,
        strip_comments=True,
    )
    return mark_safe(cleaned)
