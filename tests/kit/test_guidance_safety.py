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
from babel.messages.pofile import read_po
from django.conf import settings

from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.handout import HandoutText
from bronwijzer.kit.messages import handout_msgids
from bronwijzer.kit.options import KitOptions
from bronwijzer.lib.safety import image_advice_problems


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
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        text = page_text(response.content.decode())
        assert image_advice_problems(text) == [], path
