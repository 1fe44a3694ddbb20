"""The Atom feed of added and changed resources (``/nieuw/atom.xml``, ``/en/nieuw/atom.xml``).

One entry per public event (see :mod:`bronwijzer.web.changes`): a resource put on the map,
or a published resource that changed in a field the public pages show. The newest
:data:`~bronwijzer.web.changes.FEED_LIMIT` events, only of resources that are published now.
Entries never name who made a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from bronwijzer.catalog.models import Map
from bronwijzer.web.changes import Change, recent_events
from bronwijzer.web.shortlinks import site_base

_DNS_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")


def tag_authority(base: str) -> str:
    """The host of ``base`` as a tag URI authority (RFC 4151 wants a DNS name: no port, no IPv6)."""
    host = urlsplit(base).hostname or ""
    return host if _DNS_NAME.fullmatch(host) else "localhost"


def entry_id(base: str, change: Change) -> str:
    """A tag URI that names one event of one resource for good (RFC 4151)."""
    day = timezone.localtime(change.date).date().isoformat()
    specific = f"bronwijzer/resource/{change.resource_id}/version/{change.history_id}"
    return f"tag:{tag_authority(base)},{day}:{specific}"


@dataclass(frozen=True)
class FeedEntry:
    change: Change
    link: str
    guid: str


@dataclass(frozen=True)
class FeedData:
    page: str
    url: str
    entries: list[FeedEntry]
    site_map: Map | None


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedData:
        base = site_base(request)
        entries = [
            FeedEntry(change, base + change.get_absolute_url(), entry_id(base, change))
            for change in recent_events()
        ]
        return FeedData(
            page=base + reverse("web:changes"),
            url=base + reverse("web:changes_feed"),
            entries=entries,
            site_map=Map.objects.first(),
        )

    def title(self, obj: FeedData) -> str:
        return _("Wat is er nieuw – Bronwijzer")

    def subtitle(self, obj: FeedData) -> str:
        if obj.site_map is None:
            return _("Nieuwe en veranderde bronnen op de kaart.")
        return _("Nieuwe en veranderde bronnen op de kaart %(map)s.") % {
            "map": f"{obj.site_map.localised('title')} {obj.site_map.edition_year}"
        }

    def link(self, obj: FeedData) -> str:
        return obj.page

    def feed_url(self, obj: FeedData) -> str:
        return obj.url

    def author_name(self, obj: FeedData) -> str:
        return "Bronwijzer"

    def items(self, obj: FeedData) -> list[FeedEntry]:
        return obj.entries

    def item_title(self, item: FeedEntry) -> str:
        change = item.change
        if change.kind == "added":
            label = _("Weer op de kaart") if change.again else _("Nieuw")
        else:
            label = _("Veranderd")
        return f"{label}: {change.title}"

    def item_description(self, item: FeedEntry) -> str:
        """Plain text, escaped: Atom's ``summary type="html"`` reads it as HTML."""
        change = item.change
        text = change.localised("summary")
        if change.kind == "changed" and change.labels:
            text = _("Veranderd: %(fields)s.") % {"fields": ", ".join(change.labels)} + " " + text
        return escape(text)

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_guid(self, item: FeedEntry) -> str:
        return item.guid

    def item_updateddate(self, item: FeedEntry) -> datetime:
        return item.change.date

    def item_pubdate(self, item: FeedEntry) -> datetime | None:
        return item.change.date if item.change.kind == "added" else None


changes_feed = ChangesFeed()
