"""HTML to PDF with WeasyPrint, with fonts that ship as Python packages.

Noto Sans (Latin, Cyrillic, Greek) and Noto Sans Arabic come from the
``fontpkg-noto-sans`` packages, so a fresh machine needs no system fonts. Pages
name the families ``"Bronwijzer Sans"`` (both scripts, in that order).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import fontpkg

FAMILY = "Bronwijzer Sans"


@cache
def font_css() -> str:
    faces = []
    for name, ranges in (
        ("Noto Sans", None),
        ("Noto Sans Arabic", "U+0600-06FF, U+0750-077F, U+FB50-FDFF, U+FE70-FEFF"),
    ):
        for style in ("normal", "italic"):
            try:
                path = fontpkg.path(name, style=style)
            except fontpkg.StyleNotAvailable:
                continue
            unicode_range = f" unicode-range: {ranges};" if ranges else ""
            faces.append(
                f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); '
                f"font-style: {style};{unicode_range} }}"
            )
    return "\n".join(faces)


def _local_only(url: str, timeout: int = 10, ssl_context=None):
    """WeasyPrint's fetcher, limited to local files: rendering never makes a network request."""
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"not fetched while rendering a PDF: {url}")
    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def html_to_pdf(html: str, *, stylesheets: Sequence[Path] = ()) -> bytes:
    """A tagged A4 PDF of ``html``; its <title> and lang become the document's title and language.

    Stylesheets are read from disk; the page itself may only refer to local files.
    """
    from weasyprint import CSS, HTML  # imported late: it loads pango, which a web worker may never need

    sheets = [CSS(string=font_css()), *(CSS(filename=str(path)) for path in stylesheets)]
    document = HTML(string=html, base_url=Path.cwd().as_uri() + "/", url_fetcher=_local_only)
    return document.write_pdf(stylesheets=sheets, pdf_tags=True)
