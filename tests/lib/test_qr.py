"""QR codes: a link drawn once per process, each code labelled for its own use, secrets never kept."""

from __future__ import annotations

import segno

from bronwijzer.lib import qr
from bronwijzer.lib.qr import qr_svg

LINK = "https://www.example.nl/hulp?taal=ar&leeftijd=14"


def _matrix(data: str) -> list[tuple[int, ...]]:
    return [tuple(row) for row in segno.make(data, error="m", micro=False).matrix]


def test_a_link_drawn_again_is_taken_from_memory_with_the_same_drawing():
    qr._remembered_draw.cache_clear()
    first = qr_svg(LINK)
    again = qr_svg(LINK)
    info = qr._remembered_draw.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert first == again
    assert first == qr_svg(LINK, remember=False)  # the remembered drawing is the drawing


def test_each_use_gets_its_own_label_escaped():
    plain = qr_svg(LINK)
    labelled = qr_svg(LINK, label='Kit van "Amira" & <moeder>')
    assert f'aria-label="{LINK.replace("&", "&amp;")}"' in plain
    assert 'aria-label="Kit van &quot;Amira&quot; &amp; &lt;moeder&gt;"' in labelled
    assert labelled.count("<svg ") == 1 and 'role="img"' in labelled


def test_different_links_get_different_codes():
    other = LINK.replace("ar", "uk")
    assert _matrix(LINK) != _matrix(other)
    assert qr_svg(LINK, label="x") != qr_svg(other, label="x")


def test_a_secret_is_drawn_but_never_kept_in_memory():
    secret = "otpauth://totp/Bronwijzer:eva?secret=JBSWY3DPEHPK3PXP&issuer=Bronwijzer"
    qr._remembered_draw.cache_clear()
    drawn = qr_svg(secret, label="QR", remember=False)
    assert "<path" in drawn
    assert qr._remembered_draw.cache_info().currsize == 0
