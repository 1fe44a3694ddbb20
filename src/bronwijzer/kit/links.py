"""What a printed kit page may promise about a resource's link.

A QR code on a handout is a promise: scan it and you reach the material. Bronwijzer
only makes that promise for a link an editor has confirmed (``url_verified``) and
that did not fail at the latest automatic check. For any other resource the
handout prints what to search for instead (the material's name and organisation,
and the website to look on when one is known), never a QR code or a short link
that would end on a page saying no link is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bronwijzer.lib.webaddress import web_address
from bronwijzer.linkcheck.services import link_statuses_for
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.shortlinks import printed_link


class LinkTrust(StrEnum):
    CONFIRMED = "confirmed"  # confirmed by an editor, and not failing at the latest check
    UNCONFIRMED = "unconfirmed"  # an address is known, but not confirmed to lead to the material
    FAILING = "failing"  # confirmed once, but it did not work at the latest check
    MISSING = "missing"  # no address known


@dataclass(frozen=True)
class PrintedLink:
    trust: LinkTrust
    url: str | None  # what the QR code holds and the page prints; None: print a search hint
    site: str  # where to search, e.g. "rutgers.nl" (empty when no address is known)

    @property
    def confirmed(self) -> bool:
        return self.trust is LinkTrust.CONFIRMED


def printed_links(docs: Iterable[ResourceDoc], base: str) -> dict[str, PrintedLink]:
    """For each resource (by slug): what a printed kit page shows as its link."""
    docs = list(docs)
    states = link_statuses_for(d.url for d in docs if d.url_verified)
    links = {}
    for doc in docs:
        site = web_address(doc.url, with_path=False)
        if not doc.url:
            links[doc.slug] = PrintedLink(LinkTrust.MISSING, None, "")
        elif not doc.url_verified:
            links[doc.slug] = PrintedLink(LinkTrust.UNCONFIRMED, None, site)
        elif (state := states.get(doc.url.strip())) is not None and state.failing:
            links[doc.slug] = PrintedLink(LinkTrust.FAILING, None, site)
        else:
            links[doc.slug] = PrintedLink(LinkTrust.CONFIRMED, printed_link(doc, base), site)
    return links
