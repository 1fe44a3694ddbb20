"""The "Wat is er nieuw" page: what changed on the map since its edition was loaded.

Real loads, real history rows, real time: fixed moments are timezone-aware datetimes in the
site's time zone (Europe/Amsterdam) written into the history rows, never a frozen clock.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import UTC, date, datetime, timedelta

import feedparser
import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import dateformat, timezone

from bronwijzer.catalog import publishing, services
from bronwijzer.catalog.models import Map, Organisation, Resource
from bronwijzer.staff import roles
from bronwijzer.web import changes
from bronwijzer.web.pagecache import HEADER, HIT
from tests.catalog.support import publish_through_review
from tests.support import content

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
    content.resource_publish(draft)
    removed = Resource.objects.published().exclude(pk__in=[changed.pk, draft.pk]).last()
    services.resource_unpublish(removed)
    never = Resource.objects.create(slug="geheim-concept", title="Geheim concept", summary="Niet af.")
    services.content_changed()
    return changed, draft, removed, never


def recorded_at(resource: Resource, moment: datetime) -> None:
    """Date the newest history record of ``resource`` at ``moment`` (as if it was made then)."""
    newest = Resource.history.filter(id=resource.pk).order_by("-history_id").first()
    Resource.history.filter(history_id=newest.history_id).update(history_date=moment)


def sections(html: str) -> dict[str, str]:
    """The page's lists by heading id."""
    found = {}
    for name in ("added", "changed", "removed"):
        match = re.search(rf'<h2 id="{name}-title">.*?</section>', html, re.DOTALL)
        found[name] = match.group(0) if match else ""
    return found


def line_dates(section: str) -> dict[str, str]:
    """{title: the date in its <time datetime>} of one list."""
    return dict(
        re.findall(
            r'<li class="glossary__entry">(?:<a href="[^"]*">)?(?:<span[^>]*>)?'
            r'([^<]+)(?:</span>)?(?:</a>)?<br>.*?datetime="([^"]+)"',
            section,
            re.DOTALL,
        )
    )


def machine_dates(html: str) -> list[date]:
    """Every date the page carries for machines: <time datetime>, the date field's value and max."""
    found = re.findall(r'(?:datetime|value|max)="(\d{4}-\d{2}-\d{2})', html)
    return [date.fromisoformat(day) for day in found]


def spoken(day: date) -> str:
    """A day as the Dutch page writes it ("3 december 2026")."""
    return dateformat.format(day, "j F Y")


def publisher() -> Client:
    user = roles.staff_assign("piet", "publisher", password="een-lang-wachtwoord-voor-tests")
    client = Client()
    client.force_login(user)
    return client


# --- The page -------------------------------------------------------------------------------


def test_the_site_runs_on_amsterdam_time():
    assert settings.TIME_ZONE == "Europe/Amsterdam" and settings.USE_TZ


def test_right_after_loading_the_edition_nothing_is_new_and_the_baseline_is_named(client, default_map):
    response = client.get("/nieuw/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sinds deze editie op deze site kwam, is er niets veranderd" in html
    assert not sections(html)["added"] and "Nieuw op de kaart (" not in html
    loaded = timezone.localtime(Map.history.get().history_date)
    assert loaded.date() == changes.local_today()
    assert (
        f"Uitgangspunt is de editie 2025 van „Overzichtskaart sexting misbruik”. "
        f"Die kwam op deze site op {spoken(loaded.date())} om {loaded:%H:%M} uur."
    ) in html
    # never a day after today: not as "vanaf ...", not in the date field
    today = changes.local_today()
    assert machine_dates(html) and max(machine_dates(html)) == today
    assert spoken(today + timedelta(days=1)) not in html
    assert "vanaf 0.00 uur" in html  # the hint on the date field: the only "vanaf" on the page
    assert f'value="{today.isoformat()}"' in html and f'max="{today.isoformat()}"' in html
    assert not response.cookies


def test_a_change_published_through_the_review_is_on_the_page_at_once_dated_today(client, default_map):
    assert client.get("/nieuw/")[HEADER] != HIT
    assert client.get("/nieuw/")[HEADER] == HIT  # the page cache holds the empty page now
    resource = Resource.objects.get(slug="escaperoom-het-stopt-bij-jou")
    editor = roles.staff_assign("eva", "editor", password="een-lang-wachtwoord-voor-tests")
    values = publishing.resource_values(resource) | {"summary": "Een escaperoom, nu ook op school."}
    publishing.revision_propose(resource, values, author=editor, expected_version=None)
    draft = Resource.objects.create(slug="nieuwe-les", title="Een nieuwe les", summary="Over grenzen.")
    publish_through_review(publisher(), resource, draft)

    response = client.get("/nieuw/")
    assert response[HEADER] != HIT  # not the page from before the publish
    html = response.content.decode()
    parts = sections(html)
    today = changes.local_today().isoformat()
    assert line_dates(parts["changed"]) == {"Het stopt bij jou!": today}
    assert "Veranderd: beschrijving" in parts["changed"]
    assert line_dates(parts["added"]) == {"Een nieuwe les": today}
    assert "Nieuw op de kaart (1)" in html and "Veranderd (1)" in html
    assert "niets veranderd" not in html
    # and the day filter on today includes it
    assert "Een nieuwe les" in client.get("/nieuw/", {"sinds": today}).content.decode()


def test_a_loadmap_of_a_changed_file_shows_at_once_and_a_new_edition_is_a_new_baseline(
    client, default_map, tmp_path
):
    assert "niets veranderd" in client.get("/nieuw/").content.decode()
    document = yaml.safe_load(default_map.read_text("utf-8"))
    resources = document["resources"]
    resources[1]["url"] = "https://example.nl/nieuw-adres"
    resources[2]["summary"] = "Een beschrijving die is bijgewerkt."
    gone = resources.pop(4)
    resources.append({**copy.deepcopy(resources[3]), "slug": "extra-bron", "title": "Een extra bron"})
    changed_file = tmp_path / "kaart.yaml"
    changed_file.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    out = io.StringIO()
    call_command("loadmap", str(changed_file), "--replace", stdout=out)
    assert "resources: 1 new," in out.getvalue() and "1 removed" in out.getvalue()

    html = client.get("/nieuw/").content.decode()
    parts = sections(html)
    today = changes.local_today().isoformat()
    assert line_dates(parts["added"]) == {"Een extra bron": today}
    assert line_dates(parts["changed"]) == {resources[1]["title"]: today, resources[2]["title"]: today}
    assert line_dates(parts["removed"]) == {gone["title"]: today}
    assert "Uitgangspunt is de editie 2025" in html

    document["map"]["edition_year"] = 2026
    changed_file.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    call_command("loadmap", str(changed_file), "--replace", stdout=io.StringIO())
    html = client.get("/nieuw/").content.decode()
    assert "Uitgangspunt is de editie 2026" in html
    assert "Sinds deze editie op deze site kwam, is er niets veranderd" in html


def test_since_the_edition_it_lists_added_changed_and_removed_with_links(client, default_map):
    backdate_history(30)
    changed, added, removed, never = edit_publish_and_unpublish()
    response = client.get("/nieuw/")
    assert response.status_code == 200
    html = response.content.decode()
    parts = sections(html)
    assert re.search(rf'href="/bron/{added.slug}/">(<span[^>]*>)?{re.escape(added.title)}<', parts["added"])
    assert f'href="/bron/{changed.slug}/">' in parts["changed"]
    assert "Veranderd: link, beschrijving, talen" in parts["changed"]
    assert removed.title in parts["removed"] and f"/bron/{removed.slug}/" not in html
    assert "Nieuw op de kaart (1)" in html and "Veranderd (1)" in html and "Niet meer op de kaart (1)" in html
    assert never.title not in html and "werktitel" not in html
    assert f'datetime="{changes.local_today().isoformat()}"' in parts["added"]
    loaded = timezone.localtime(Map.history.get().history_date)
    assert f"Die kwam op deze site op {spoken(loaded.date())}" in html


def test_a_change_just_after_local_midnight_is_dated_that_local_day(client, default_map):
    backdate_history(10)
    day = changes.local_today() - timedelta(days=2)
    midnight = changes.start_of(day)
    assert midnight.astimezone(UTC).date() == day - timedelta(days=1)  # in UTC it is still the day before
    early, exact, late = Resource.objects.published()[:3]
    for resource, moment in (
        (early, midnight + timedelta(minutes=30)),  # 00:30 on the day, Amsterdam time
        (exact, midnight),  # 00:00:00 on the day
        (late, midnight - timedelta(minutes=30)),  # 23:30 the evening before
    ):
        resource.summary = f"Aangepast om {moment:%H:%M}."
        resource.save()
        recorded_at(resource, moment)

    parts = sections(client.get("/nieuw/").content.decode())
    assert line_dates(parts["changed"]) == {
        early.title: day.isoformat(),
        exact.title: day.isoformat(),
        late.title: (day - timedelta(days=1)).isoformat(),
    }
    assert spoken(day) in parts["changed"]

    on_the_day = sections(client.get("/nieuw/", {"sinds": day.isoformat()}).content.decode())
    assert set(line_dates(on_the_day["changed"])) == {early.title, exact.title}
    the_day_before = sections(
        client.get("/nieuw/", {"sinds": (day - timedelta(days=1)).isoformat()}).content.decode()
    )
    assert set(line_dates(the_day_before["changed"])) == {early.title, exact.title, late.title}
    html = client.get("/nieuw/", {"sinds": (day + timedelta(days=1)).isoformat()}).content.decode()
    assert "Sinds die datum is er niets veranderd" in html


def test_a_day_after_today_gives_a_clear_message_not_an_empty_list(client, default_map):
    backdate_history(30)
    edit_publish_and_unpublish()
    tomorrow = changes.local_today() + timedelta(days=1)
    response = client.get("/nieuw/", {"sinds": tomorrow.isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Deze datum ligt in de toekomst:</strong> „{tomorrow.isoformat()}”" in html
    assert f"Kies vandaag ({spoken(changes.local_today())}) of een dag daarvoor." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="sinds-error sinds-hint"' in html
    assert "niets veranderd" not in html and "Nieuw op de kaart (" not in html
    assert max(machine_dates(html)) == changes.local_today()
    today = client.get("/nieuw/", {"sinds": changes.local_today().isoformat()})
    assert today.status_code == 200 and "Nieuw op de kaart (1)" in today.content.decode()


def test_a_record_dated_in_the_future_is_shown_as_today(client, default_map):
    backdate_history(30)
    resource = Resource.objects.published().first()
    resource.summary = "Opgeslagen door een server met een klok die voorloopt."
    resource.save()
    recorded_at(resource, timezone.now() + timedelta(days=3))
    html = client.get("/nieuw/").content.decode()
    assert line_dates(sections(html)["changed"]) == {resource.title: changes.local_today().isoformat()}
    assert max(machine_dates(html)) == changes.local_today()


def test_a_chosen_date_before_the_load_does_not_make_the_load_new(client, default_map):
    backdate_history(30)
    edit_publish_and_unpublish()
    day = (changes.local_today() - timedelta(days=40)).isoformat()
    html = client.get(f"/nieuw/?sinds={day}").content.decode()
    assert f'value="{day}"' in html
    assert "Op die datum stond deze editie nog niet op deze site." in html
    # the 43 loaded resources are the edition, not news: only what editors did after the load
    assert "Nieuw op de kaart (1)" in html and "Veranderd (1)" in html and "Niet meer op de kaart (1)" in html
    assert "Terug naar: wat er veranderd is sinds deze editie" in html
    # the day of the load itself: what happened after the load that day, without the notice
    loaded = timezone.localtime(Map.history.get().history_date).date().isoformat()
    html = client.get(f"/nieuw/?sinds={loaded}").content.decode()
    assert "Op die datum stond" not in html and "Nieuw op de kaart (1)" in html


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


def test_the_english_page_links_to_english_pages_and_names_the_baseline(client, default_map):
    backdate_history(30)
    _changed, added, _removed, _never = edit_publish_and_unpublish()
    response = client.get("/en/nieuw/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/en/bron/{added.slug}/"' in html
    assert "Overview map of sexting abuse" in html and "Uitgangspunt" not in html


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
    assert "Er staat nog geen kaart op deze site." in response.content.decode()


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
    result = changes.changes_since(changes.start_of(changes.local_today()))
    assert result.count == 0
    since = changes.baseline_find().since
    assert [e.kind for e in changes.recent_events(since)] == ["changed", "changed"]


def test_confirming_an_entry_is_not_a_change(default_map):
    backdate_history(30)
    resource = Resource.objects.published().first()
    resource.reviewed_at = changes.local_today()
    resource.save()
    assert changes.changes_since(changes.start_of(changes.local_today())).count == 0
    assert changes.recent_events(changes.baseline_find().since) == []


def test_a_resource_added_and_removed_in_between_does_not_show(default_map):
    backdate_history(30)
    resource = Resource.objects.create(slug="kort", title="Kort op de kaart", summary="x", status="published")
    services.resource_unpublish(resource)
    assert changes.changes_since(changes.start_of(changes.local_today())).count == 0


def test_parse_since():
    assert changes.parse_since("2025-06-01").isoformat() == "2025-06-01"
    for value in ("2025-6-1", "2025-06-31", "", "1899-12-31", "2025-06-01T00:00"):
        assert changes.parse_since(value) is None


def test_start_of_a_day_is_local_midnight():
    winter, summer = changes.start_of(date(2026, 12, 4)), changes.start_of(date(2026, 7, 4))
    assert winter.astimezone(UTC) == datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2026, 7, 3, 22, 0, tzinfo=UTC)


def test_every_record_of_a_load_carries_the_moment_of_the_load(default_map):
    baseline = changes.baseline_find()
    assert baseline.site_map.edition_year == 2025
    for model in (Resource, Map):
        dates = set(model.history.values_list("history_date", flat=True))
        assert dates == {baseline.loaded_at}, model
    assert changes.changes_since(baseline.since).count == 0
    assert changes.recent_events(baseline.since) == []
    assert changes.changes_since(baseline.loaded_at).count == 43  # the load itself: the edition


def test_the_baseline_is_the_load_of_the_current_edition_year(default_map):
    first = changes.baseline_find().loaded_at
    site_map = Map.objects.get()
    site_map.intro = "Een andere inleiding."  # an edit of the same edition: still the same baseline
    site_map.save()
    assert changes.baseline_find().loaded_at == first
    site_map.edition_year = 2026
    site_map.save()
    newer = changes.baseline_find().loaded_at
    assert newer > first and newer == Map.history.order_by("-history_id").first().history_date
    Map.history.model.objects.all().delete()  # no history for the map: the first version of a resource
    assert changes.baseline_find().loaded_at == first


def test_a_change_of_organisations_is_read_from_the_rows_each_version_recorded(default_map):
    backdate_history(30)
    resource = Resource.objects.published().filter(organisation_links__isnull=False).first()
    other = Organisation.objects.exclude(slug__in=resource.organisations).first()
    resource.organisations = [other.slug, *resource.organisations]
    resource.save()
    result = changes.changes_since(changes.start_of(changes.local_today()))
    assert [(c.slug, c.fields) for c in result.changed] == [(resource.slug, ("organisations",))]
    assert result.changed[0].labels == ["organisatie"]
