"""HTML to PDF with WeasyPrint, with fonts that ship as Python packages.

Noto Sans (Latin, Cyrillic, Greek) and Noto Sans Arabic come from the
``fontpkg-noto-sans`` packages, so a fresh machine needs no system fonts. Pages
name them ``font-family: "Bronwijzer Sans", "Bronwijzer Arabic"``: Latin, Cyrillic
and Greek come from the first, Arabic script falls through to the second. (One
family name for both files, split by unicode-range, garbles glyphs in WeasyPrint.)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import fontpkg

from bronwijzer.lib.controlchars import printable

FAMILIES = (("Bronwijzer Sans", "Noto Sans"), ("Bronwijzer Arabic", "Noto Sans Arabic"))


@cache
def font_css() -> str:
    faces = []
    for family, package_family in FAMILIES:
        for style in ("normal", "italic"):
            try:
                path = fontpkg.path(package_family, style=style)
            except fontpkg.StyleNotAvailable:
                continue
            faces.append(
                f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); font-style: {style}; }}'
            )
    return "\n".join(faces)


def _local_only():
    """WeasyPrint's fetcher, limited to local files: rendering never makes a network request."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def html_to_pdf(html: str, *, stylesheets: Sequence[Path] = ()) -> bytes:
    """A tagged A4 PDF of ``html``; its <title> and lang become the document's title and language.

    Stylesheets are read from disk; the page itself may only refer to local files. Control
    characters (stored text may hold them) are taken out first: see
    :func:`~bronwijzer.lib.controlchars.printable`.
    """
    from weasyprint import CSS, HTML  # imported late: it loads pango, which a web worker may never need
    from weasyprint.text.fonts import FontConfiguration

    # @font-face rules outside the document only apply with a FontConfiguration shared by
    # the stylesheets and the rendering (otherwise WeasyPrint silently uses system fonts).
    fonts = FontConfiguration()
    fetcher = _local_only()
    sheets = [
        CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher),
        *(CSS(filename=str(path), font_config=fonts, url_fetcher=fetcher) for path in stylesheets),
    ]
    document = HTML(string=printable(html), base_url=Path.cwd().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=fonts, pdf_tags=True)
