"""The Atom feed of what changed on the map (``/nieuw/atom.xml``, ``/en/nieuw/atom.xml``).

One entry per public event after the edition was loaded (see :mod:`bronwijzer.web.changes`):
a resource put on the map, a published resource that changed in a field the public pages
show, or a resource taken off the map. The load of the edition itself has no entries. The
newest :data:`~bronwijzer.web.changes.FEED_LIMIT` events, newest first. Each entry's ``id`` names
the history record the event starts at, so it is the same on every request; ``published`` and
``updated`` are when the event happened (never later than now). Entries never name who made a
change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from bronwijzer.lib.controlchars import printable_data
from bronwijzer.lib.httpcache import public_page
from bronwijzer.lib.siteurl import site_base
from bronwijzer.web.changes import Baseline, Change, baseline_find, not_later_than, recent_events

_DNS_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")


def tag_authority(base: str) -> str:
    """The host of ``base`` as a tag URI authority (RFC 4151 wants a DNS name: no port, no IPv6)."""
    host = urlsplit(base).hostname or ""
    return host if _DNS_NAME.fullmatch(host) else "localhost"


def entry_id(base: str, change: Change) -> str:
    """A tag URI that names one event of one resource for good (RFC 4151).

    Made of what never changes once recorded: the resource, the history record and the day
    it was recorded in the site's time zone.
    """
    day = timezone.localtime(change.recorded, timezone.get_default_timezone()).date().isoformat()
    specific = f"bronwijzer/resource/{change.resource_id}/version/{change.history_id}"
    return f"tag:{tag_authority(base)},{day}:{specific}"


class ChangesAtomFeed(Atom1Feed):
    """Atom 1.0 whose feed-level ``updated`` is the load of the edition while nothing changed yet.

    Django would say "now" for a feed without entries: a feed that changes on every request.
    Every text of the feed and its entries goes through
    :func:`~bronwijzer.lib.controlchars.printable`: XML 1.0 cannot hold a control character,
    and Django's feed writer refuses one with an error, so one stored in a title (also in an
    old history row, which the feed shows) would break the feed for good.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*printable_data(args), **printable_data(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*printable_data(args), **printable_data(kwargs))

    def latest_post_date(self) -> datetime:
        if not self.items and self.feed.get("loaded_at") is not None:
            return self.feed["loaded_at"]
        return super().latest_post_date()


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
    baseline: Baseline | None
    loaded_at: datetime | None


class ChangesFeed(Feed):
    feed_type = ChangesAtomFeed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedData:
        base = site_base(request)
        page = base + reverse("web:changes")
        now = timezone.now()
        baseline = baseline_find()
        events = recent_events(baseline.since, now=now) if baseline is not None else []
        entries = [
            FeedEntry(
                change,
                base + change.get_absolute_url() if change.live_slug else page,
                entry_id(base, change),
            )
            for change in events
        ]
        return FeedData(
            page=page,
            url=base + reverse("web:changes_feed"),
            entries=entries,
            baseline=baseline,
            loaded_at=not_later_than(baseline.loaded_at, now) if baseline else None,
        )

    def feed_extra_kwargs(self, obj: FeedData) -> dict:
        return {"loaded_at": obj.loaded_at}

    def title(self, obj: FeedData) -> str:
        return _("Wat is er nieuw – Bronwijzer")

    def subtitle(self, obj: FeedData) -> str:
        site_map = obj.baseline.site_map if obj.baseline else None
        if site_map is None or obj.loaded_at is None:
            return _("Nieuwe, veranderde en verwijderde bronnen op de kaart.")
        local = timezone.localtime(obj.loaded_at, timezone.get_default_timezone())
        return _(
            "Nieuwe, veranderde en verwijderde bronnen op de kaart %(map)s, "
            "sinds deze editie op %(day)s op deze site kwam."
        ) % {
            "map": f"{site_map.localised('title')} {site_map.edition_year}",
            "day": dateformat.format(local, "j F Y"),
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
        if change.kind == "added" and change.again:
            return _("Weer op de kaart: %(title)s") % {"title": change.title}
        if change.kind == "added":
            return _("Nieuw op de kaart: %(title)s") % {"title": change.title}
        if change.kind == "removed":
            return _("Van de kaart gehaald: %(title)s") % {"title": change.title}
        return _("Veranderd: %(title)s (%(fields)s)") % {
            "title": change.title,
            "fields": ", ".join(change.labels),
        }

    def item_description(self, item: FeedEntry) -> str:
        """Plain text, escaped: Atom's ``summary type="html"`` reads it as HTML."""
        change = item.change
        text = change.localised("summary")
        if change.kind == "changed" and change.labels:
            text = _("Veranderd: %(fields)s.") % {"fields": ", ".join(change.labels)} + " " + text
        elif change.kind == "removed":
            text = _("Deze bron staat niet meer op de kaart.")
        return escape(text)

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_guid(self, item: FeedEntry) -> str:
        return item.guid

    def item_updateddate(self, item: FeedEntry) -> datetime | None:
        return item.change.date

    def item_pubdate(self, item: FeedEntry) -> datetime | None:
        return item.change.date


changes_feed = public_page(ChangesFeed())
