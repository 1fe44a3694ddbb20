"""What visitors and editors see of the link checks: the last machine check beside the editor's
confirmation, a broken link shown as such with the organisation's site as the way on, and the
editors' list with the action that takes over a permanent redirect (recorded in the history)."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bronwijzer.catalog.admin_reasons import change_reason_text
from bronwijzer.catalog.models import Organisation, Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.linkcheck.models import LinkState


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def _state(url: str, status: str, *, final_url: str = "", days_ago: int = 1, used_by=()) -> LinkState:
    checked = timezone.now() - dt.timedelta(days=days_ago)
    return LinkState.objects.create(
        url=url, status=status, final_url=final_url, checked_at=checked, since=checked, used_by=list(used_by)
    )


def test_a_resource_says_when_its_link_was_last_checked_apart_from_the_editors_confirmation(
    client, default_map
):
    resource = Resource.objects.get(slug="zanzu-alles-over-seks")
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Deze link is nog niet automatisch gecontroleerd." in html
    assert "Laatst bevestigd door de redactie" in html
    _state(resource.url, "ok", days_ago=3)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "De link werkte bij de laatste automatische controle op" in html


def test_a_broken_link_is_shown_as_such_with_the_organisations_site_as_the_way_on(client, default_map):
    resource = Resource.objects.get(slug="cultuursensitief-werken-pharos")
    _state(resource.url, "broken")
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Deze link werkte niet bij de laatste controle" in html
    pharos = Organisation.objects.get(slug__in=resource.organisations)
    assert f'href="{pharos.url}"' in html


def test_english_visitors_read_it_in_english(client, default_map):
    resource = Resource.objects.get(slug="cultuursensitief-werken-pharos")
    _state(resource.url, "timeout")
    html = client.get("/en" + resource.get_absolute_url()).content.decode()
    assert "This link did not work at the last check" in html


def test_editors_see_links_oldest_check_first_and_take_over_a_permanent_redirect(
    client, default_map, admin_user
):
    resource = Resource.objects.get(slug="mediadiamant")
    old, new = resource.url, "https://www.mediawijzer.net/mediadiamant-nieuw/"
    _state(
        old,
        "redirect-permanent",
        final_url=new,
        days_ago=2,
        used_by=[{"kind": "resource", "slug": "mediadiamant", "name": resource.title}],
    )
    _state("https://www.zanzu.nl", "ok", days_ago=9)
    client.force_login(admin_user)
    listing = client.get("/redactie/linkcheck/linkstate/").content.decode()
    assert listing.index("https://www.zanzu.nl") < listing.index(old)  # oldest check first
    assert "MediaDiamant" in listing  # the entry that uses the link, linked
    state = LinkState.objects.get(url=old)
    client.post(
        "/redactie/linkcheck/linkstate/", {"action": "accept_redirect", "_selected_action": [state.pk]}
    )
    resource.refresh_from_db()
    assert resource.url == new
    latest = resource.history.first()
    assert latest.url == new
    assert latest.history_change_reason == f"link redirect accepted:{old}", "a code and the old address"
    history = client.get(reverse("admin:catalog_resource_history", args=[resource.pk])).content.decode()
    said = f"Linkcontrole: permanente doorverwijzing overgenomen ({old}) door {admin_user.get_username()}"
    assert said in unescape(history)
    assert client.get(resource.get_absolute_url()).content.decode().count(new) >= 1


def test_only_permanent_redirects_are_taken_over(client, default_map, admin_user):
    resource = Resource.objects.get(slug="mediadiamant")
    state = _state(resource.url, "redirect-temporary", final_url="https://elders.example/")
    client.force_login(admin_user)
    client.post(
        "/redactie/linkcheck/linkstate/", {"action": "accept_redirect", "_selected_action": [state.pk]}
    )
    resource.refresh_from_db()
    assert resource.url != "https://elders.example/"


def test_the_redirect_reason_is_said_in_english_too_and_an_old_dutch_sentence_as_stored(admin_user):
    reason = "link redirect accepted:https://oud.example/"
    with translation.override("en"):
        assert change_reason_text(reason, admin_user) == (
            f"Link check: permanent redirect taken over (https://oud.example/) by {admin_user.get_username()}"
        )
    stored = "Linkcontrole: permanente doorverwijzing overgenomen (https://oud.example/)"
    assert change_reason_text(stored, admin_user) == stored
