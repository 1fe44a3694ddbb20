"""The interpreter sheet ("Tolkblad"), as HTML to print and as PDF.

Like every kit page it is built from the URL and forgotten: nothing stored, no cookie. The sheet
names the topic (it is for the professional and the interpreter), but its title and link preview
stay the kit's neutral "Gesprekskit".
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from bronwijzer.kit.handout import SOURCE_LANGUAGE, HandoutText, handout_language, handout_text
from bronwijzer.kit.interpreter import key_words, sheet_glossary
from bronwijzer.kit.selection import kit_select
from bronwijzer.kit.sheets import glossary_for
from bronwijzer.kit.views import _decoded, _locale, _paper, _pdf_response, helpline_entries
from bronwijzer.lib.httpcache import private_page
from bronwijzer.lib.siteurl import public_url

TEMPLATE = "kit/interpreter.html"


def _context(request: HttpRequest, code: str, lang: str) -> dict:
    try:
        language = handout_language(lang)
    except KeyError:
        raise Http404("not a handout language") from None
    if language.is_source:
        raise Http404("the interpreter sheet puts Dutch beside another language")
    kit = _decoded(code)
    selection = kit_select(kit, _locale())
    parent = handout_text(lang)
    dutch = HandoutText(SOURCE_LANGUAGE)
    words = key_words(parent)
    glossary = sheet_glossary((term for term, _titles in glossary_for(selection.resources)), words)
    return {
        "kit": kit,
        "code": code,
        "lang": language,
        "t": parent,
        "nl": dutch,
        "words": words,
        "glossary": glossary,
        "glossary_url": public_url(request, reverse("web:glossary")),
        "helplines": helpline_entries(lang, parent, dutch),
    }


@private_page
def interpreter_sheet(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    return _paper(request, TEMPLATE, _context(request, code, lang))


@private_page
def interpreter_sheet_pdf(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    context = _context(request, code, lang) | {"for_pdf": True}
    with translation.override(_locale()):
        return _pdf_response(request, TEMPLATE, context, f"tolkblad-{lang}.pdf")
