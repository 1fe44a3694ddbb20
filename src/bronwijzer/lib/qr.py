"""QR codes as inline SVG (no image files, no requests): the only pictures Bronwijzer prints."""

from __future__ import annotations

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, label: str = "") -> SafeString:
    """An inline SVG QR code of ``data`` that scales to its box (size it with CSS)."""
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None)
    label = label or data
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
