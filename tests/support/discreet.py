"""What the tests hold the discreet handout's outside to, besides :mod:`bronwijzer.kit.discreet`'s
topic words: every name of the map that a handout may print."""

from __future__ import annotations

import re

from bronwijzer.catalog.models import HelpLine, Map, Organisation
from bronwijzer.kit.discreet import TOPIC_WORDS, folded
from bronwijzer.kit.languages import HANDOUT_LANGUAGES
from bronwijzer.kit.selection import published_docs


def names_in(text: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` stand in ``text`` as words of their own (case and spacing aside)."""
    plain = " ".join(folded(text).split())
    found = []
    for name in names:
        words = " ".join(folded(name).split())
        if re.search(rf"(?<!\w){re.escape(words)}(?!\w)", plain):
            found.append(name)
    return found


def revealing_names() -> tuple[str, ...]:
    """Every name of the map a handout may print, and the map's own title (read from the database)."""
    names: list[str] = []
    for line in HelpLine.objects.select_related("organisation"):
        names += [line.name, line.name_en, line.organisation.name if line.organisation else ""]
    names += Organisation.objects.values_list("name", flat=True)
    for doc in published_docs():
        names += [doc.title, *doc.organisation_names]
    for site_map in Map.objects.all():
        names += [site_map.title, site_map.title_en, site_map.source_name]
    return tuple(sorted({n.strip() for n in names if n and n.strip()}))


def languages_without_words() -> list[str]:
    """Handout languages with no list of topic words (a new language needs one)."""
    return [code for code in HANDOUT_LANGUAGES if not TOPIC_WORDS.get(code)]
