"""The discreet parent handout: the same content, a neutral outside.

For a parent who could be put at risk if the sheet is found (honour-related violence), the
professional chooses this variant in the kit. Its title (the page's, the PDF's metadata and the
printed heading) is "Informatie van uw hulpverlener" in her language; the top half of the page
holds only that title, a neutral opening and lines to write a name, a phone number and an
appointment on; the handout's content (its opening, every item with its QR code, the help lines,
the privacy line) follows on the lower half. The PDF is called ``informatie-<lang>.pdf``. The
route says "informatie", not "discreet": the link may be read on her phone too.

What counts as neutral is defined in :mod:`bronwijzer.kit.discreet`.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bronwijzer.kit.views import _handout_context
from bronwijzer.lib.httpcache import private_page
from bronwijzer.lib.pdf import html_to_pdf, pdf_render_slot

TEMPLATE = "kit/handout_discreet.html"
#: After kit/paper.css: the handout's own sheet, then the discreet layout on top of it.
STYLESHEETS = ("kit/paper.css", "kit/handout.css", "kit/handout-discreet.css")


def discreet_filename(lang: str) -> str:
    """The PDF's file name: no topic, no "ouderblad" (a parent's sheet about something)."""
    return f"informatie-{lang}.pdf"


def _context(request: HttpRequest, code: str, lang: str) -> dict:
    context = _handout_context(request, code, lang)
    t, nl = context["t"], context["nl"]
    # lines to write on: the professional's name, a phone number, the next appointment
    labels = ("DISCREET_HELPER", "DISCREET_PHONE", "DISCREET_APPOINTMENT")
    write_lines = [(getattr(t, label), getattr(nl, label)) for label in labels]
    return context | {"discreet": True, "stylesheet": "kit/handout.css", "write_lines": write_lines}


@private_page
def handout_discreet(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    return render(request, TEMPLATE, _context(request, code, lang) | {"for_pdf": False})


@private_page
def handout_discreet_pdf(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    html = render(request, TEMPLATE, _context(request, code, lang) | {"for_pdf": True}).content.decode()
    with pdf_render_slot():  # at most BRONWIJZER_PDF_CONCURRENCY renders at once; else a 503 page
        # the stylesheets ship with the app: finders.find only returns None for a broken install
        pdf = html_to_pdf(html, stylesheets=[Path(finders.find(name)) for name in STYLESHEETS])  # type: ignore[arg-type]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{discreet_filename(lang)}"'
    return response
