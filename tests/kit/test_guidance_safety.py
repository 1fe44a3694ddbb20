"""No text the kit shows or hands out tells anyone to save, collect or forward an image.

The incident route, the help page and the map's own prose are checked in
tests/lib/test_safety.py and tests/kit/test_incident.py; this covers the rest of
what the kit says: the handout in Dutch and English, every interface string of the
site in Dutch and English, and the kit pages and sheets as rendered.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml
from babel.messages.pofile import read_po
from django.conf import settings

from bronwijzer.catalog import services
from bronwijzer.incident import route as incident
from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.handout import HandoutText
from bronwijzer.kit.messages import handout_msgids
from bronwijzer.kit.options import KitOptions
from tests.support.offence_claims import unqualified_offence_claims
from tests.support.safety import image_advice_problems


def page_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    blocks = r"(?i)</(p|li|h[1-6]|dt|dd|legend|label|div|section|article|figcaption)>|<br\s*/?>"
    html = re.sub(blocks, "\n", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_handout_texts_in_dutch_and_english_give_no_image_advice():
    english = HandoutText("en")
    texts = handout_msgids() + [english._gettext(msgid) for msgid in handout_msgids()]
    assert len(texts) > 60
    assert {t: image_advice_problems(t) for t in texts if image_advice_problems(t)} == {}


def test_no_interface_string_of_the_site_gives_image_advice():
    po = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    texts = []
    for message in catalog:
        for value in (message.id, message.string):
            texts += [value] if isinstance(value, str) else list(value)
    texts = [t for t in texts if t]
    assert len(texts) > 300
    assert {t: image_advice_problems(t) for t in texts if image_advice_problems(t)} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_kit_pages_and_sheets_give_no_image_advice(client, default_map, prefix):
    slugs = ["helpwanted", "help-ik-sta-online", "politie-video-aangifte", "mediagesprek"]
    options = KitOptions(who="ouder", languages=("ar",), age=14, situation="incident")
    code = kit_encode(Kit(options, tuple(resource_key(s) for s in slugs)))
    paths = ["/gesprekskit/", f"/gesprekskit/{code}/", f"/gesprekskit/{code}/voorbereiding/"]
    paths += [f"/gesprekskit/{code}/ouders/{lang}/" for lang in ("nl", "en")]
    paths.append(f"/gesprekskit/{code}/tolk/en/")  # the interpreter sheet: Dutch and English side by side
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        text = page_text(response.content.decode())
        assert image_advice_problems(text) == [], path


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_no_text_calls_keeping_an_image_an_offence_without_the_age():
    """Having an image is itself an offence only when the person shown was under 18 (issue 13).

    Every interface string (Dutch and English), every text of the incident route, all the
    map's prose and the handout say so only with the age.
    """
    po = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    texts = [
        v
        for m in catalog
        for value in (m.id, m.string)
        for v in _strings(list(value) if isinstance(value, tuple) else value)
    ]
    texts += [t for text in incident.route().all_texts() for t in (text.nl, text.en)]
    texts += _strings(yaml.safe_load(services.DEFAULT_MAP_PATH.read_text(encoding="utf-8")))
    english = HandoutText("en")
    texts += handout_msgids() + [english._gettext(msgid) for msgid in handout_msgids()]
    assert len(texts) > 1000
    assert {t: unqualified_offence_claims(t) for t in texts if unqualified_offence_claims(t)} == {}
