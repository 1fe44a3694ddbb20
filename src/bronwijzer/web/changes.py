"""What changed on the map, from the edit history of the resources: the "Wat is er nieuw" page.

Only what visitors could see counts. The history of a resource is read as a series of
*public versions*: the published ones, with only the fields the public pages show (never the
status, the position, the timestamps or who made a change). Draft versions, and changes made
while a resource was a draft, are invisible here; consecutive versions that look the same to
a visitor are one.

* **added**: a resource became public (first published, or published again after it had
  been taken off the map: ``again``).
* **changed**: a public resource changed in a field the public pages show; ``fields`` says
  which, in words ("link", "beschrijving", "talen").
* **removed**: a public resource was unpublished or deleted. It is listed with the name it
  last had in public, without a link.

:func:`changes_since` compares the public state at a moment with the public state now: one
line per resource (a resource added and removed again in between does not show; one that
changed and changed back neither). :func:`recent_events` lists the events themselves for the
Atom feed, newest first, only for resources that are public now: a resource that is taken off
the map disappears from the feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bronwijzer.catalog.models import Map, Resource
from bronwijzer.lib.i18n import localised

#: Words for what changed, in the order they are listed. The keys are stable (tests, feed).
CHANGE_LABELS: dict[str, Any] = {
    "title": _("naam"),
    "slug": _("adres van de pagina"),
    "url": _("link"),
    "organisations": _("organisatie"),
    "summary": _("beschrijving"),
    "summary_en": _("Engelse beschrijving"),
    "sections": _("plaats op de kaart"),
    "themes": _("thema"),
    "professions": _("beroepsgroep"),
    "audiences": _("doelgroep"),
    "formats": _("soort materiaal"),
    "languages": _("talen"),
    "contexts": _("context"),
    "age": _("leeftijd"),
    "cost": _("kosten"),
    "explicitness": _("explicietheid"),
    "recognition": _("erkenning"),
}

#: The public fields of a resource (what its page and the API show) and the words for a change.
#: ``reviewed_at`` is left out on purpose: an editor confirming an entry does not change it, and a
#: review round would otherwise bury the real changes.
PUBLIC_FIELDS: dict[str, str] = {
    "slug": "slug",
    "title": "title",
    "url": "url",
    "url_verified": "url",
    "organisations": "organisations",
    "summary": "summary",
    "summary_en": "summary_en",
    "sections": "sections",
    "themes": "themes",
    "professions": "professions",
    "audiences": "audiences",
    "formats": "formats",
    "languages": "languages",
    "language_modes": "languages",
    "languages_note": "languages",
    "languages_note_en": "languages",
    "contexts": "contexts",
    "cost": "cost",
    "age_min": "age",
    "age_max": "age",
    "explicitness": "explicitness",
    "explicitness_note": "explicitness",
    "explicitness_note_en": "explicitness",
    "recognition": "recognition",
}

#: Resources whose history is read in one query (SQLite allows at most 999 parameters).
_CHUNK = 500
#: How many lines of each kind the page shows at most.
PAGE_LIMIT = 300
#: Entries in the Atom feed.
FEED_LIMIT = 50


@dataclass(frozen=True)
class PublicVersion:
    """A resource as visitors saw it from ``date`` on (``data`` is None: not on the map)."""

    date: datetime
    history_id: int
    data: dict[str, Any] | None


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "changed" or "removed"
    resource_id: int
    date: datetime
    history_id: int
    data: dict[str, Any]  # the public fields of the version the line is about
    fields: tuple[str, ...] = ()  # CHANGE_LABELS keys, for "changed"
    again: bool = False  # "added": it had been on the map before

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def summary(self) -> str:
        return self.data["summary"]

    @property
    def summary_en(self) -> str:
        return self.data["summary_en"]

    def localised(self, name: str) -> str:
        return localised(self, name)

    @property
    def labels(self) -> list[str]:
        return [str(CHANGE_LABELS[key]) for key in self.fields]

    def get_absolute_url(self) -> str:
        return reverse("web:resource", args=[self.slug])


@dataclass
class ChangeList:
    since: datetime | None
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def _public(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["history_type"] == "-" or row["status"] != "published":
        return None
    return {name: row[name] for name in PUBLIC_FIELDS}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The CHANGE_LABELS keys of the public fields that differ, in the order of the labels."""
    keys = {PUBLIC_FIELDS[name] for name in PUBLIC_FIELDS if before.get(name) != after.get(name)}
    return tuple(key for key in CHANGE_LABELS if key in keys)


def public_versions(rows: Iterable[dict[str, Any]]) -> list[PublicVersion]:
    """A resource's history rows (oldest first) as the versions a visitor could tell apart."""
    versions: list[PublicVersion] = []
    current: dict[str, Any] | None = None
    for row in rows:
        data = _public(row)
        if data == current:
            continue
        if not versions and data is None:  # created as a draft: nothing public yet
            current = None
            continue
        versions.append(PublicVersion(row["history_date"], row["history_id"], data))
        current = data
    return versions


def _events(resource_id: int, versions: list[PublicVersion]) -> list[Change]:
    """Every public event in a resource's history, oldest first."""
    events = []
    previous: dict[str, Any] | None = None
    seen = False
    for version in versions:
        if version.data is None:
            if previous is not None:
                events.append(Change("removed", resource_id, version.date, version.history_id, previous))
        elif previous is None:
            events.append(
                Change("added", resource_id, version.date, version.history_id, version.data, again=seen)
            )
            seen = True
        else:
            events.append(
                Change(
                    "changed",
                    resource_id,
                    version.date,
                    version.history_id,
                    version.data,
                    fields=changed_fields(previous, version.data),
                )
            )
        previous = version.data
    return events


def _history_model():
    return Resource.history.model


def _histories(ids: Iterable[int]) -> dict[int, list[PublicVersion]]:
    """The public versions of the resources with these ids (history rows read in chunks)."""
    ids = sorted(set(ids))
    rows_by_id: dict[int, list[dict[str, Any]]] = {}
    columns = ("id", "history_id", "history_date", "history_type", "status", *PUBLIC_FIELDS)
    for start in range(0, len(ids), _CHUNK):
        rows = (
            _history_model()
            .objects.filter(id__in=ids[start : start + _CHUNK])
            .order_by("history_date", "history_id")
            .values(*columns)
        )
        for row in rows:
            rows_by_id.setdefault(row["id"], []).append(row)
    return {rid: public_versions(rows) for rid, rows in rows_by_id.items()}


def _published_ids(ids: Iterable[int]) -> set[int]:
    """Of these ids, the resources that are published now (the table, not only the history, says so)."""
    ids = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(
            Resource.objects.published()
            .filter(id__in=ids[start : start + _CHUNK])
            .values_list("id", flat=True)
        )
    return found


def changes_since(since: datetime | None) -> ChangeList:
    """What a visitor sees differently now than at ``since`` (None: since the beginning), newest first."""
    history = _history_model()
    recent = history.objects.all() if since is None else history.objects.filter(history_date__gte=since)
    ids = set(recent.values_list("id", flat=True).distinct())
    versions_by_id = _histories(ids)
    published = _published_ids(ids)
    result = ChangeList(since)
    for rid, versions in versions_by_id.items():
        if not versions:
            continue
        before = [v for v in versions if since is not None and v.date < since]
        then = before[-1].data if before else None
        last = versions[-1]
        now = last.data if rid in published else None
        if then is None and now is not None:
            index = _last_appearance(versions)
            appeared = versions[index]
            again = any(v.data is not None for v in versions[:index])
            result.added.append(Change("added", rid, appeared.date, appeared.history_id, now, again=again))
        elif then is not None and now is not None:
            fields = changed_fields(then, now)
            if fields:
                result.changed.append(Change("changed", rid, last.date, last.history_id, now, fields=fields))
        elif then is not None and now is None:
            last_public = next(v for v in reversed(versions) if v.data is not None)
            result.removed.append(Change("removed", rid, last.date, last.history_id, last_public.data))
    for lines in (result.added, result.changed, result.removed):
        lines.sort(key=lambda c: (c.date, c.history_id), reverse=True)
    return result


def _last_appearance(versions: list[PublicVersion]) -> int:
    """The index of the version that last put the resource (back) on the map."""
    for index in range(len(versions) - 1, -1, -1):
        if versions[index].data is not None and (index == 0 or versions[index - 1].data is None):
            return index
    raise ValueError("the resource was never public")


def recent_events(limit: int = FEED_LIMIT) -> list[Change]:
    """The newest ``limit`` additions and changes of resources that are public now, newest first."""
    history = _history_model()
    window = max(limit * 4, 100)
    while True:
        rows = list(
            history.objects.order_by("-history_date", "-history_id").values_list("id", "history_date")[
                :window
            ]
        )
        if not rows:
            return []
        exhausted = len(rows) < window
        cutoff = rows[-1][1]
        ids = {rid for rid, _ in rows}
        published = _published_ids(ids)
        events = [
            event
            for rid, versions in _histories(ids & published).items()
            for event in _events(rid, versions)
            if event.kind != "removed" and (exhausted or event.date > cutoff)
        ]
        # Every event after the cutoff has its row in the window, so that part is complete.
        if len(events) >= limit or exhausted:
            events.sort(key=lambda c: (c.date, c.history_id), reverse=True)
            return events[:limit]
        window *= 4


def edition_start() -> tuple[Map | None, date | None]:
    """The map and the first day after its current edition came onto this site.

    The edition came when the map first carried its current ``edition_year`` (for the default
    map: the first import). Everything recorded on that day belongs to the edition (the import
    and same-day corrections); "what is new" starts the next day. Without a history for the map,
    the edition starts on 1 January of its year.
    """
    site_map = Map.objects.first()
    if site_map is None:
        return None, None
    first = (
        Map.history.filter(id=site_map.id, edition_year=site_map.edition_year)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if first is None:
        return site_map, date(site_map.edition_year, 1, 1)
    return site_map, timezone.localdate(first) + timedelta(days=1)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_since(value: str) -> date | None:
    """A date written as YYYY-MM-DD (what a date field sends), 1900 or later; else None."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.year >= 1900 else None


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def whats_new(request: HttpRequest) -> HttpResponse:
    """Added, changed and removed resources since the current edition or a chosen date (``?sinds=``)."""
    _map, edition_day = edition_start()
    raw = request.GET.get("sinds", "").strip()
    chosen = parse_since(raw) if raw else None
    error = bool(raw) and chosen is None
    since_day = chosen or edition_day
    context: dict[str, Any] = {
        "edition_day": edition_day,
        "since_day": since_day,
        "chosen": chosen,
        "error": error,
        "raw": raw[:40],
        "limit": PAGE_LIMIT,
    }
    if not error:
        changes = changes_since(start_of(since_day) if since_day else None)
        context.update(
            changes=changes,
            added=changes.added[:PAGE_LIMIT],
            changed=changes.changed[:PAGE_LIMIT],
            removed=changes.removed[:PAGE_LIMIT],
        )
    return render(request, "web/changes.html", context, status=400 if error else 200)
