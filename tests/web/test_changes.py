"""The "Wat is er nieuw" page: added, changed and removed resources from the edit history."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Map, Resource
from bronwijzer.web import changes

pytestmark = pytest.mark.django_db


def backdate_history(days: int) -> None:
    """Move the whole edit history ``days`` into the past, as if the map had been loaded back then."""
    for model in (Resource.history.model, Map.history.model):
        model.objects.update(history_date=F("history_date") - timedelta(days=days))


def edit_publish_and_unpublish():
    """An editor's day: one resource changed, a draft published, one taken off the map, one draft left."""
    changed = Resource.objects.published().first()
    changed.url = "https://example.nl/nieuw-adres"
    changed.summary = "Een nieuwe beschrijving."
    changed.languages = [*changed.languages, "tr"]
    changed.save()
    draft = Resource.objects.create(
        slug="nieuwe-bron", title="Een nieuwe bron", summary="Nieuw op de kaart.", themes=["preventie"]
    )
    draft.title = "Een nieuwe bron (werktitel)"
    draft.save()  # an edit while it is a draft: never public
    draft.title = "Een nieuwe bron"
    draft.save()
    services.resource_publish(draft)
    removed = Resource.objects.published().exclude(pk__in=[changed.pk, draft.pk]).last()
    services.resource_unpublish(removed)
    never = Resource.objects.create(slug="geheim-concept", title="Geheim concept", summary="Niet af.")
    services.content_changed()
    return changed, draft, removed, never


def sections(html: str) -> dict[str, str]:
    """The page's lists by heading id."""
    found = {}
    for name in ("added", "changed", "removed"):
        match = re.search(rf'<h2 id="{name}-title">.*?</section>', html, re.DOTALL)
        found[name] = match.group(0) if match else ""
    return found


# --- The page -------------------------------------------------------------------------------


def test_right_after_loading_the_edition_nothing_is_new(client, default_map):
    response = client.get("/nieuw/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sinds die datum is er niets veranderd" in html
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert f'value="{tomorrow.isoformat()}"' in html  # the edition's day belongs to the edition
    assert "sinds de editie van 2025" in html
    assert not response.cookies


def test_since_the_edition_it_lists_added_changed_and_removed_with_links(client, default_map):
    backdate_history(30)
    changed, added, removed, never = edit_publish_and_unpublish()
    response = client.get("/nieuw/")
    assert response.status_code == 200
    html = response.content.decode()
    parts = sections(html)
    assert f'href="/bron/{added.slug}/">{added.title}</a>' in parts["added"]
    assert f'href="/bron/{changed.slug}/">' in parts["changed"]
    assert "Veranderd: link, beschrijving, talen" in parts["changed"]
    assert removed.title in parts["removed"] and f"/bron/{removed.slug}/" not in html
    assert "Nieuw op de kaart (1)" in html and "Veranderd (1)" in html and "Niet meer op de kaart (1)" in html
    assert never.title not in html and "werktitel" not in html
    assert f'datetime="{timezone.localdate().isoformat()}"' in parts["added"]


def test_a_chosen_date_before_the_import_shows_the_whole_map_as_added(client, default_map):
    backdate_history(30)
    edit_publish_and_unpublish()
    day = (timezone.localdate() - timedelta(days=40)).isoformat()
    html = client.get(f"/nieuw/?sinds={day}").content.decode()
    assert f'value="{day}"' in html
    # 43 imported, one taken off again (so never seen), one new: 43 on the map now
    assert "Nieuw op de kaart (43)" in html
    assert "Veranderd (" not in html and "Niet meer op de kaart (" not in html
    assert "Terug naar: wat er veranderd is sinds deze editie" in html


def test_the_lists_are_newest_first(client, default_map):
    backdate_history(30)
    first = Resource.objects.create(slug="eerste", title="Eerste nieuwe", summary="a", status="published")
    Resource.history.model.objects.filter(id=first.id).update(history_date=timezone.now() - timedelta(days=2))
    Resource.objects.create(slug="tweede", title="Tweede nieuwe", summary="b", status="published")
    html = client.get("/nieuw/").content.decode()
    assert html.index("Tweede nieuwe") < html.index("Eerste nieuwe")


@pytest.mark.parametrize(
    "value", ["2025-13-01", "2025-02-30", "gisteren", "1-6-2025", "0999-01-01", "20250601"]
)
def test_an_invalid_date_gives_a_clear_message_and_400(client, default_map, value):
    response = client.get("/nieuw/", {"sinds": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze datum klopt niet" in html
    assert 'aria-invalid="true"' in html
    assert "Nieuw op de kaart (" not in html


def test_the_chosen_date_is_escaped_in_the_message(client, default_map):
    response = client.get("/nieuw/", {"sinds": "<script>x</script>"})
    assert response.status_code == 400
    assert "<script>x" not in response.content.decode()


def test_the_english_page_links_to_english_pages(client, default_map):
    backdate_history(30)
    _changed, added, _removed, _never = edit_publish_and_unpublish()
    response = client.get("/en/nieuw/")
    assert response.status_code == 200
    assert f'href="/en/bron/{added.slug}/"' in response.content.decode()


def test_the_page_never_names_the_editor(client, default_map):
    backdate_history(30)
    editor = get_user_model().objects.create_user("j.de.vries", first_name="Jolanda", is_staff=True)
    resource = Resource.objects.published().first()
    resource._history_user = editor
    resource.summary = "Aangepast door een redacteur."
    resource.save()
    assert Resource.history.model.objects.filter(history_user=editor).exists()
    html = client.get("/nieuw/").content.decode()
    assert "Veranderd (1)" in html
    assert "j.de.vries" not in html and "Jolanda" not in html


def test_the_page_is_in_the_footer_and_the_feed_in_every_head(client, default_map):
    html = client.get("/hulp/").content.decode()
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml" href="/nieuw/atom.xml"' in head
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/nieuw/"' in footer


def test_an_empty_site_still_answers(client, db):
    assert client.get("/sitemap.xml").status_code == 200
    feed = feedparser.parse(client.get("/nieuw/atom.xml").content)
    assert feed.bozo == 0 and feed.entries == []
    response = client.get("/nieuw/")
    assert response.status_code == 200
    assert "Sinds die datum is er niets veranderd" in response.content.decode()


# --- The logic ------------------------------------------------------------------------------


def _at(minutes: int) -> datetime:
    return datetime(2025, 6, 1, 12, 0, tzinfo=UTC) + timedelta(minutes=minutes)


def _row(minutes: int, history_id: int, status: str = "published", kind: str = "~", **fields):
    row = {name: None for name in changes.PUBLIC_FIELDS}
    row.update(slug="bron", title="Bron", summary="s", summary_en="", languages=["nl"])
    row.update(fields)
    return {
        "history_date": _at(minutes),
        "history_id": history_id,
        "history_type": kind,
        "status": status,
        **row,
    }


def test_draft_versions_and_invisible_changes_are_not_versions():
    rows = [
        _row(0, 1, status="draft", kind="+"),
        _row(1, 2, status="draft", title="Werktitel"),
        _row(2, 3),  # published
        _row(3, 4, position=7),  # an invisible change (position is not public)
        _row(4, 5, summary="nieuw"),
        _row(5, 6, status="draft"),
        _row(6, 7, status="draft", title="Nog een werktitel"),
        _row(7, 8, kind="-", status="draft"),
    ]
    versions = changes.public_versions(rows)
    assert [(v.history_id, v.data is not None) for v in versions] == [(3, True), (5, True), (6, False)]
    events = changes._events(1, versions)
    assert [(e.kind, e.fields) for e in events] == [("added", ()), ("changed", ("summary",)), ("removed", ())]
    assert events[2].title == "Bron"  # the name it last had in public


def test_published_again_is_added_again():
    rows = [_row(0, 1, kind="+"), _row(1, 2, status="draft"), _row(2, 3, url="https://example.nl/")]
    events = changes._events(1, changes.public_versions(rows))
    assert [(e.kind, e.again) for e in events] == [("added", False), ("removed", False), ("added", True)]


def test_changed_fields_are_named_in_words():
    before = _row(0, 1)
    after = _row(
        1, 2, url="https://example.nl/", url_verified=True, age_min=12, language_modes={"nl": ["tekst"]}
    )
    keys = changes.changed_fields(before, after)
    assert keys == ("url", "languages", "age")
    change = changes.Change("changed", 1, _at(1), 2, after, fields=keys)
    assert change.labels == ["link", "talen", "leeftijd"]


def test_changed_and_changed_back_is_not_a_change(default_map):
    backdate_history(30)
    resource = Resource.objects.published().first()
    original = resource.summary
    resource.summary = "Even anders."
    resource.save()
    resource.summary = original
    resource.save()
    result = changes.changes_since(changes.start_of(timezone.localdate()))
    assert result.count == 0
    assert [e.kind for e in changes.recent_events(5)][:2] == ["changed", "changed"]


def test_confirming_an_entry_is_not_a_change(default_map):
    backdate_history(30)
    resource = Resource.objects.published().first()
    resource.reviewed_at = timezone.localdate()
    resource.save()
    assert changes.changes_since(changes.start_of(timezone.localdate())).count == 0
    assert all(event.kind == "added" for event in changes.recent_events(50))


def test_a_resource_added_and_removed_in_between_does_not_show(default_map):
    backdate_history(30)
    resource = Resource.objects.create(slug="kort", title="Kort op de kaart", summary="x", status="published")
    services.resource_unpublish(resource)
    assert changes.changes_since(changes.start_of(timezone.localdate())).count == 0


def test_parse_since():
    assert changes.parse_since("2025-06-01").isoformat() == "2025-06-01"
    for value in ("2025-6-1", "2025-06-31", "", "1899-12-31", "2025-06-01T00:00"):
        assert changes.parse_since(value) is None


def test_the_edition_starts_the_day_after_the_map_came(default_map):
    site_map, day = changes.edition_start()
    assert site_map.edition_year == 2025
    assert day == timezone.localdate() + timedelta(days=1)
    Map.history.model.objects.all().delete()
    assert changes.edition_start()[1].isoformat() == "2025-01-01"
