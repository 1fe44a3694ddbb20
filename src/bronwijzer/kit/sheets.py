"""The professional's preparation sheet and the presenter sheet for a parents' evening."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.urls import reverse

from bronwijzer.catalog.models import GlossaryTerm, HelpLine, Map
from bronwijzer.kit.codec import Kit
from bronwijzer.kit.selection import KitSelection
from bronwijzer.lib.qr import qr_svg
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import resource_doc
from bronwijzer.web.shortlinks import printed_link, public_url, site_base

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
    used, core = [], []
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


def prep_context(request: HttpRequest, kit: Kit, selection: KitSelection, code: str) -> dict:
    items = []
    for fit in selection.fits:
        link = printed_link(fit.resource, site_base(request))
        items.append({"fit": fit, "doc": fit.resource, "link": link, "qr": qr_svg(link, label=link)})
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
