"""QR codes as inline SVG (no image files, no requests): the only pictures Bronwijzer prints.

Encoding is pure Python and costs 10–20 ms a code (segno scores all eight masks), while the same
few links (help lines, the map's resources, a kit) are drawn again on every handout, sheet and
PDF; so the drawing of a link is remembered per process (:data:`REMEMBERED` codes at most).
"""

from __future__ import annotations

from functools import lru_cache

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: How many drawn codes a process keeps (a few kB each): far more than the links of one map.
REMEMBERED = 1024


def _draw(data: str) -> str:
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None)


_remembered_draw = lru_cache(maxsize=REMEMBERED)(_draw)


def qr_svg(data: str, *, label: str = "", remember: bool = True) -> SafeString:
    """An inline SVG QR code of ``data`` that scales to its box (size it with CSS).

    ``remember=False`` for data that must not outlive the request in memory (a secret).
    """
    svg = _remembered_draw(data) if remember else _draw(data)
    label = label or data
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
