"""The professional's preparation sheet and the presenter sheet for a parents' evening."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.urls import reverse

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map
from bronwijzer.kit.codec import Kit
from bronwijzer.kit.handout import HANDOUT_LANGUAGES
from bronwijzer.kit.links import printed_links
from bronwijzer.kit.ranking import Ranking
from bronwijzer.kit.selection import KitSelection
from bronwijzer.lib.languages import language_name
from bronwijzer.lib.qr import qr_svg
from bronwijzer.lib.siteurl import public_url, site_base
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import resource_doc

#: Glossary terms always worth having at hand, beside the ones the selection uses.
CORE_TERMS = 3


def _mentions(term: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE) is not None


def glossary_for(resources: tuple[ResourceDoc, ...]) -> list[tuple[GlossaryTerm, list[str]]]:
    """Glossary terms the professional may need to explain: each with the chosen titles that use it.

    The terms the chosen material mentions come first, then the map's first few
    core terms (what sexting abuse is, and the like) when they are not among them.
    """
    terms = list(GlossaryTerm.objects.all())
    used: list[tuple[GlossaryTerm, list[str]]] = []
    core: list[tuple[GlossaryTerm, list[str]]] = []
    for position, term in enumerate(terms):
        names = [term.term] + ([term.term_en] if term.term_en else [])
        titles = [
            doc.title
            for doc in resources
            if any(_mentions(n, f"{doc.title} {doc.summary} {doc.summary_en}") for n in names)
        ]
        if titles:
            used.append((term, titles))
        elif position < CORE_TERMS:
            core.append((term, []))
    return used + core


def guide_resource(site_map: Map | None) -> ResourceDoc | None:
    if site_map is None or not site_map.conversation_guide:
        return None
    return resource_doc(site_map.conversation_guide)


def language_gap_context(ranking: Ranking, selection: KitSelection, locale: str) -> dict:
    """What the kit page and the preparation sheet say when the map cannot serve her languages.

    ``gap_absent``: names of her languages the map has no material in at all; ``gap_unmatched``:
    languages it has material in, none of which fits these answers or is in the kit;
    ``gap_handout``: those of them the parent handout itself is available in.
    """
    absent, unmatched = ranking.language_gaps(selection.fits)
    return {
        "gap_absent": [language_name(c, locale) for c in absent],
        "gap_unmatched": [language_name(c, locale) for c in unmatched],
        "gap_handout": [language_name(c, locale) for c in absent + unmatched if c in HANDOUT_LANGUAGES],
    }


def prep_context(request: HttpRequest, kit: Kit, selection: KitSelection, code: str) -> dict:
    items = []
    links = printed_links(selection.resources, site_base(request))
    for fit in selection.fits:
        link = links[fit.resource.slug]
        qr = qr_svg(link.url, label=link.url) if link.url else ""
        items.append({"fit": fit, "doc": fit.resource, "link": link, "qr": qr})
    return {
        "kit": kit,
        "code": code,
        "options": kit.options,
        "items": items,
        "missing": selection.missing,
        "helplines": HelpLine.objects.all(),
        "guide": guide_resource(Map.objects.first()),
        "kit_url": public_url(request, reverse("kit:detail", args=[code])),
    }
