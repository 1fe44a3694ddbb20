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

from django.http import HttpRequest, HttpResponse

from bronwijzer.kit.views import _handout_context, _paper, _pdf_response
from bronwijzer.lib.httpcache import private_page

TEMPLATE = "kit/handout_discreet.html"
#: On top of the handout's own sheet (kit.views.STYLESHEETS), in the PDF; the page links it itself.
DISCREET_STYLESHEET = "kit/handout-discreet.css"


def discreet_filename(lang: str) -> str:
    """The PDF's file name: no topic, no "ouderblad" (a parent's sheet about something)."""
    return f"informatie-{lang}.pdf"


def _context(request: HttpRequest, code: str, lang: str) -> dict:
    context = _handout_context(request, code, lang)
    t, nl = context["t"], context["nl"]
    # lines to write on: the professional's name, a phone number, the next appointment
    labels = ("DISCREET_HELPER", "DISCREET_PHONE", "DISCREET_APPOINTMENT")
    write_lines = [(getattr(t, label), getattr(nl, label)) for label in labels]
    return context | {"discreet": True, "write_lines": write_lines}


@private_page
def handout_discreet(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    return _paper(request, TEMPLATE, _context(request, code, lang))


@private_page
def handout_discreet_pdf(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    context = _context(request, code, lang) | {"for_pdf": True}
    return _pdf_response(request, TEMPLATE, context, discreet_filename(lang), also=(DISCREET_STYLESHEET,))
