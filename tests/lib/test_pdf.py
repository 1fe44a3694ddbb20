"""html_to_pdf keeps its fonts and parsed stylesheets from render to render (lib/pdf.py): the PDF is
the one fresh ones would give, a stylesheet changed on disk is read again, two renders at once each
have their own, and the copies of the font files are gone when the process ends."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bronwijzer.lib import pdf

HTML = (
    '<html lang="nl"><head><title>Proef</title></head><body style="font-family: Bronwijzer Sans">'
    "<h1>Praten met ouders</h1><p>Een alinea, met العربية en ትግርኛ erin.</p></body></html>"
)


def page_size(document: bytes) -> tuple[int, int]:
    """Width and height of the first page, in points."""
    width, height = pdfium.PdfDocument(document)[0].get_size()
    return round(width), round(height)


@pytest.fixture(autouse=True)
def _no_styles_kept():
    pdf._styles_forget()
    yield
    pdf._styles_forget()


def sheet(tmp_path: Path, css: str) -> Path:
    path = tmp_path / "proef.css"
    path.write_text(css)
    return path


def test_a_second_pdf_is_made_with_the_first_ones_styles_and_is_the_same_pdf(tmp_path):
    css = sheet(tmp_path, "h1 { font-size: 20pt }")
    first = pdf.html_to_pdf(HTML, stylesheets=[css])
    kept = list(pdf._idle_styles)
    second = pdf.html_to_pdf(HTML, stylesheets=[css])
    assert len(kept) == 1 and pdf._idle_styles == kept  # the same styles, used again
    assert second == first


def test_a_stylesheet_changed_on_disk_is_read_again(tmp_path):
    css = sheet(tmp_path, "@page { size: A4 }")
    a4 = pdf.html_to_pdf(HTML, stylesheets=[css])
    css.write_text("@page { size: A5 landscape }")
    later = css.stat().st_mtime_ns + 1_000_000_000
    os.utime(css, ns=(later, later))
    a5 = pdf.html_to_pdf(HTML, stylesheets=[css])
    assert page_size(a4) == (595, 842) and page_size(a5) == (595, 420)


def test_two_renders_at_once_each_have_their_own_styles_and_both_are_kept():
    with pdf._styles_borrowed() as one, pdf._styles_borrowed() as other:
        assert one is not other
    assert set(map(id, pdf._idle_styles)) == {id(one), id(other)}


def test_a_render_that_fails_does_not_leave_its_styles_to_the_next(tmp_path):
    with pytest.raises(FileNotFoundError):
        pdf.html_to_pdf(HTML, stylesheets=[tmp_path / "missing.css"])
    assert pdf._idle_styles == []


def test_the_copies_of_the_font_files_are_removed_when_the_process_ends():
    pdf.html_to_pdf(HTML)
    (styles,) = pdf._idle_styles
    folder = Path(styles.fonts._folder)
    assert any(folder.iterdir())  # WeasyPrint's copies of the vendored fonts
    pdf._styles_forget()  # registered with atexit
    assert not folder.exists() and pdf._idle_styles == []


def test_a_forked_child_makes_its_own_and_its_exit_leaves_the_parents_font_copies():
    pdf.html_to_pdf(HTML)
    (styles,) = pdf._idle_styles
    folder = Path(styles.fonts._folder)
    child = os.fork()
    if child == 0:  # a gunicorn worker forked after the parent rendered: nothing of the parent's to use
        kept = list(pdf._idle_styles)
        pdf._styles_forget()  # what its exit does
        os._exit(0 if kept == [] else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child found the parent's styles"
    assert folder.exists() and pdf._idle_styles == [styles]
