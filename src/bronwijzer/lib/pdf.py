"""HTML to PDF with WeasyPrint, with fonts that ship inside the package.

A fresh machine needs no system fonts: Noto Sans (Latin, Cyrillic, Greek), Noto Sans Arabic
(Arabic, Farsi) and Noto Sans Ethiopic (Tigrinya) are vendored in ``lib/fonts/`` as static
regular and bold files (see the README there). Static, because WeasyPrint turns a variable font
into a static one for every PDF it embeds it in: with the variable Noto Sans of the
``fontpkg-noto-sans`` package that was about a third of a handout's render time. The PyPI
package's variable Arabic font also left the PDF's text layer garbled, and no PyPI package
carries the Ethiopic one. Pages name them ``font-family: "Bronwijzer Sans",
"Bronwijzer Arabic", "Bronwijzer Ethiopic"``: Latin, Cyrillic and Greek come from the
first, Arabic script falls through to the second, Ge'ez script to the third. (One
family name for several files, split by unicode-range, garbles glyphs in WeasyPrint.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from bronwijzer.lib.controlchars import printable
from bronwijzer.lib.slots import SlotsBusy, slot

#: Seconds a client is asked to wait before it tries a PDF again, when every render slot was busy.
RETRY_AFTER = 10


class PdfBusy(SlotsBusy):
    """Every PDF render slot stayed busy for ``BRONWIJZER_PDF_WAIT_SECONDS``: answer 503."""

    retry_after = RETRY_AFTER


@contextmanager
def pdf_render_slot(wait: float | None = None) -> Iterator[None]:
    """Hold one of the ``BRONWIJZER_PDF_CONCURRENCY`` PDF render slots (shared by every worker
    process and thread of this machine, see :mod:`bronwijzer.lib.slots`) while the block runs.

    Waits up to ``wait`` seconds (default ``BRONWIJZER_PDF_WAIT_SECONDS``), then raises
    :class:`PdfBusy`.
    """
    try:
        with slot(
            "pdf",
            capacity=settings.PDF_CONCURRENCY,
            wait=settings.PDF_WAIT_SECONDS if wait is None else wait,
            directory=Path(settings.DATA_DIR) / "locks",
        ):
            yield
    except SlotsBusy as busy:
        if isinstance(busy, PdfBusy):
            raise
        raise PdfBusy(busy.name, busy.capacity, 0) from None


#: Fonts that ship inside the package, by family: (file, weight, style).
FONT_DIR = Path(__file__).parent / "fonts"
VENDORED = {
    "Bronwijzer Sans": (
        ("NotoSans-Regular.ttf", "normal", "normal"),
        ("NotoSans-Bold.ttf", "bold", "normal"),
        ("NotoSans-Italic.ttf", "normal", "italic"),
        ("NotoSans-BoldItalic.ttf", "bold", "italic"),
    ),
    "Bronwijzer Arabic": (
        ("NotoSansArabic-Regular.ttf", "normal", "normal"),
        ("NotoSansArabic-Bold.ttf", "bold", "normal"),
    ),
    "Bronwijzer Ethiopic": (
        ("NotoSansEthiopic-Regular.ttf", "normal", "normal"),
        ("NotoSansEthiopic-Bold.ttf", "bold", "normal"),
    ),
}


@cache
def font_css() -> str:
    faces = []
    for family, files in VENDORED.items():
        for name, weight, style in files:
            src = f'src: url("{(FONT_DIR / name).as_uri()}")'
            face = f"font-weight: {weight}; font-style: {style}"
            faces.append(f'@font-face {{ font-family: "{family}"; {src}; {face}; }}')
    return "\n".join(faces)


def _local_only() -> Any:
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
    pdf: bytes = document.write_pdf(stylesheets=sheets, font_config=fonts, pdf_tags=True)
    return pdf
