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

import atexit
import os
import shutil
import threading
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


class _Styles:
    """The vendored fonts in a WeasyPrint font configuration, and the stylesheets parsed with it.

    Made once and used for render after render: a new font configuration with its eight font files
    and the stylesheets parsed again cost about a quarter of a handout's render (27 of 110 ms of
    CPU), and WeasyPrint's font configuration keeps caches meant to be reused. The PDF is the same
    byte for byte. A stylesheet changed on disk (modified time or size) is parsed again.
    """

    def __init__(self) -> None:
        from weasyprint import CSS  # imported late: it loads pango, which a web worker may never need
        from weasyprint.text.fonts import FontConfiguration

        # @font-face rules outside the document only apply with a FontConfiguration shared by
        # the stylesheets and the rendering (otherwise WeasyPrint silently uses system fonts).
        self.fonts = FontConfiguration()
        self.fetcher = _local_only()
        self.font_faces = CSS(string=font_css(), font_config=self.fonts, url_fetcher=self.fetcher)
        #: Each stylesheet by its path: the file's (modified time, size) when it was parsed, and the result.
        self._sheets: dict[Path, tuple[tuple[int, int], Any]] = {}

    def sheets(self, paths: Sequence[Path]) -> list[Any]:
        from weasyprint import CSS

        found = [self.font_faces]
        for path in paths:
            status = path.stat()
            stamp = (status.st_mtime_ns, status.st_size)
            kept = self._sheets.get(path)
            if kept is None or kept[0] != stamp:
                kept = stamp, CSS(filename=str(path), font_config=self.fonts, url_fetcher=self.fetcher)
                self._sheets[path] = kept
            found.append(kept[1])
        return found

    def forget(self) -> None:
        """Remove the copies of the font files WeasyPrint keeps in a temporary folder."""
        folder = getattr(self.fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


#: Styles no render is using: one per render this process has had at the same time (fontconfig and
#: Pango objects are never used by two threads at once), so one in a process that renders one PDF
#: at a time, as the render slots have it.
_idle_styles: list[_Styles] = []
_idle_styles_lock = threading.Lock()


@contextmanager
def _styles_borrowed() -> Iterator[_Styles]:
    with _idle_styles_lock:
        styles = _idle_styles.pop() if _idle_styles else None
    if styles is None:
        styles = _Styles()
    try:
        yield styles
    except BaseException:
        styles.forget()  # a render that failed half-way: its styles are not used again
        raise
    with _idle_styles_lock:
        _idle_styles.append(styles)


def _styles_left_to_the_parent() -> None:
    """A forked child (a gunicorn worker) makes its own styles: the parent's stay the parent's, and
    the child's exit must not remove the font copies the parent still uses."""
    global _idle_styles_lock
    _idle_styles.clear()
    _idle_styles_lock = threading.Lock()  # a thread of the parent may have held it at the fork


os.register_at_fork(after_in_child=_styles_left_to_the_parent)


@atexit.register
def _styles_forget() -> None:
    with _idle_styles_lock:
        for styles in _idle_styles:
            styles.forget()
        _idle_styles.clear()


def html_to_pdf(html: str, *, stylesheets: Sequence[Path] = ()) -> bytes:
    """A tagged A4 PDF of ``html``; its <title> and lang become the document's title and language.

    Stylesheets are read from disk; the page itself may only refer to local files. Control
    characters (stored text may hold them) are taken out first: see
    :func:`~bronwijzer.lib.controlchars.printable`.
    """
    from weasyprint import HTML

    with _styles_borrowed() as styles:
        document = HTML(
            string=printable(html), base_url=Path.cwd().as_uri() + "/", url_fetcher=styles.fetcher
        )
        pdf: bytes = document.write_pdf(
            stylesheets=styles.sheets(stylesheets), font_config=styles.fonts, pdf_tags=True
        )
    return pdf
