"""/veilig-gebruik/ in B1 Dutch, saying honestly what is kept (issue 13).

The claims about the server's log are checked against the running server in
tests/test_log_privacy.py; here the page's reading level and what it says a report keeps.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import textstat
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.reports.models import ProblemReport
from bronwijzer.web.views import safe_use
from tests.support.safety import sentences

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


def page_text(client, lang: str = "nl") -> str:
    with translation.override(lang):
        path = reverse("web:safe_use")
    html = client.get(path).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"(?i)</(p|li|h[1-6])>", "\n", main)
    return unescape(re.sub(r"<[^>]+>", " ", main))


def test_the_dutch_page_reads_at_b1_level(client, default_map):
    """Short sentences and common words: Flesch–Douma 80 or more ("easy"), about 8 words a sentence."""
    text = page_text(client)
    textstat.set_lang("nl")
    words = [len(sentence.split()) for sentence in sentences(text)]
    assert textstat.flesch_reading_ease(text) >= 80
    assert sum(words) / len(words) <= 9
    assert max(words) <= 18, [s for s in sentences(text) if len(s.split()) > 18]


def test_it_says_what_a_report_keeps_and_the_report_keeps_no_more(client, default_map):
    text = " ".join(page_text(client).split())
    assert "Dan bewaren we over welke bron het gaat en wanneer je het meldde." in text
    assert "We bewaren ook wat je aankruist en wat je erbij schrijft." in text
    assert "We bewaren niet wie je bent en ook niet je IP-adres." in text
    kept = {field.name for field in ProblemReport._meta.get_fields()}
    assert {"resource", "created_at", "kinds", "remark"} <= kept
    assert not {name for name in kept if re.search(r"ip|address|name|email|agent|user", name)}


def test_the_english_page_says_the_same(client, default_map):
    text = " ".join(page_text(client, "en").split())
    assert "Quick exit button is at the top of every page" in text
    assert "we keep which resource it is about and when you reported it" in text
    assert "After 90 days the server deletes the search words." in text


_DATABASE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bronwijzer_cache"}
_REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

#: What the page says of each shared cache (BRONWIJZER_CACHE_URL), in Dutch and in English.
PLACES = {
    "database": (_DATABASE, "de database van de server", "the server's database"),
    "redis": (_REDIS, "de cacheserver (Redis)", "the cache server (Redis)"),
    "memory": (_MEMORY, "het geheugen van de server", "the server's memory"),
}


def _said_with(shared: dict, lang: str, **overrides) -> str:
    """The page as the view renders it with ``shared`` as the shared caches (no request reaches them)."""
    caches = {**settings.CACHES, "default": shared, "pages": shared}
    with override_settings(CACHES=caches, **overrides), translation.override(lang):
        response = safe_use(RequestFactory().get(reverse("web:safe_use")))
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.mark.parametrize("backend", sorted(PLACES))
def test_the_page_names_the_place_the_configured_shared_cache_keeps_counts_and_pages(db, backend):
    shared, dutch, english = PLACES[backend]
    nl = _said_with(shared, "nl")
    assert f"Die telling staat kort in {dutch}." in nl
    if backend == "memory":
        assert "Die bewaart de server een tijdje in zijn geheugen. Dan laden ze sneller." in nl
        assert "die pagina alleen in zijn geheugen. Er staat niet bij wie er zocht." in nl
    else:
        assert f"Die bewaart de server een tijdje in zijn geheugen en in {dutch}." in nl
        assert f"In {dutch} komt die pagina nooit." in nl
    for other in set(PLACES) - {backend}:
        assert PLACES[other][1] not in nl, f"{backend}: the page names {other}"
    en = _said_with(shared, "en")
    assert f"The count is kept briefly in {english}." in en
    if backend != "memory":
        assert f"keeps those for a while in its memory and in {english}" in en
        assert f"That page never goes into {english}." in en
    for other in set(PLACES) - {backend}:
        assert PLACES[other][2] not in en, f"{backend}: the English page names {other}"


def test_without_a_page_cache_the_page_says_no_page_is_kept(db):
    nl = _said_with(_DATABASE, "nl", PAGE_CACHE_BYTES=0)
    assert "De server bewaart geen pagina's. Ook niet als je iets zoekt of kiest." in nl
    assert "Dan laden ze sneller" not in nl
    assert "The server keeps no pages" in _said_with(_DATABASE, "en", PAGE_CACHE_BYTES=0)
