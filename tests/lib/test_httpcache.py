"""Every view declares whether its answer may be kept (bronwijzer.lib.httpcache), and private ones never are.

The guard walks every URL pattern of the site, asks each page as a visitor would (real
addresses: a resource, an organisation, a kit code, a handout language), and reads the
answers: every one says ``Cache-Control`` itself, and no answer of the Gesprekskit, the
report form, the incident route or the back office is kept by the page cache, in memory or
in the shared cache.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.cache import get_max_age

from bronwijzer.catalog.models import Organisation, Resource
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.shortlinks import slug_code
from bronwijzer.web import pagecache


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


SLUG = "escaperoom-het-stopt-bij-jou"
#: Namespaces whose answers are for one visitor or one editor only.
PRIVATE_NAMESPACES = ("kit", "reports", "admin")
PRIVATE_NAMES = ("staff_login", "staff_two_factor")


def named_patterns(patterns=None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """(name to reverse, pattern) of every named URL pattern, through every include."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += named_patterns(entry.url_patterns, inner)
        elif entry.name:
            found.append((namespace + entry.name, entry))
    return found


def arguments(name: str, pattern: URLPattern, kit: str) -> dict[str, str]:
    """Real values for a pattern's parameters: pages that exist."""
    values = {
        "slug": Organisation.objects.first().slug if name == "web:organisation" else SLUG,
        "code": slug_code(SLUG) if name == "web:short" else kit,
        "lang": "ar" if name.startswith("kit:interpreter") else "nl",  # no Dutch-beside-Dutch sheet
        "language": "en",
        "fmt": "csv",
        "app_label": "catalog",
        "object_id": str(Resource.objects.get(slug=SLUG).pk),
        "id": "1",
        "content_type_id": "1",
        "url": "bestaat-niet/",
    }
    return {key: values[key] for key in pattern.pattern.regex.groupindex}


def is_private(name: str) -> bool:
    return name.startswith(tuple(f"{ns}:" for ns in PRIVATE_NAMESPACES)) or name in (
        (*PRIVATE_NAMES, "incident:route")
    )


@pytest.fixture
def pages(default_map) -> list[tuple[str, str]]:
    kit = kit_encode(Kit(KitOptions(who="ouder"), (resource_key(SLUG),)))
    found = []
    for name, pattern in named_patterns():
        if name.startswith("api_v1:") and pattern.pattern.regex.groupindex:
            continue  # the API's own patterns, reversed below by their real addresses
        try:
            kwargs = arguments(name, pattern, kit)
            args = ["1"] * (pattern.pattern.regex.groups - len(kwargs))  # unnamed groups (an admin's history)
            found.append((name, reverse(name, args=args) if args else reverse(name, kwargs=kwargs)))
        except KeyError as missing:
            raise AssertionError(f"no value for {missing} in the guard's table ({name})") from None
    return [*found, ("api_v1:resource", f"/api/v1/resources/{SLUG}")]


def test_the_guard_covers_every_kind_of_page(pages):
    names = {name for name, _ in pages}
    assert {
        "web:map",
        "web:resource",
        "kit:detail",
        "kit:handout",
        "incident:route",
        "reports:report",
    } <= names
    assert "admin:index" in names and "api_v1:api-root" in names and "exports:embed" in names
    assert len(names) > 40  # every model of the back office, too


def test_every_answer_says_whether_it_may_be_kept(client, pages):
    for name, url in pages:
        response = client.get(url)
        assert response.status_code < 500, (name, url)
        assert response.has_header("Cache-Control"), (name, url, response.status_code)
        if is_private(name):
            cache_control = response["Cache-Control"]
            assert "no-store" in cache_control and "private" in cache_control, (name, url)
        elif response.status_code == 200:
            assert "public" in response["Cache-Control"] and get_max_age(response) == 0, (name, url)


def test_private_answers_are_never_kept(client, pages):
    private = [(name, url) for name, url in pages if is_private(name)]
    assert len(private) > 20
    for name, url in private:
        client.get(url)
        assert pagecache.HEADER not in client.get(url), (name, url)
    assert caches[pagecache.LOCAL_CACHE].size() == 0
    visitor = Client()  # the back office's login page gave this client cookies; a visitor has none
    public = [url for name, url in pages if not is_private(name) and visitor.get(url).status_code == 200]
    assert caches[pagecache.LOCAL_CACHE].size() > 0 and len(public) > 10  # the public ones are


def test_a_public_page_that_carries_a_kit_is_private(client, default_map):
    kit = kit_encode(Kit(KitOptions(who="ouder"), (resource_key(SLUG),)))
    for url in (f"/?kit={kit}", f"/bron/{SLUG}/?kit={kit}", "/?add=x"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert pagecache.HEADER not in client.get(url)
