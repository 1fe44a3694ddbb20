""" "Luister": the parent handout read aloud on her own phone.

The page is the handout's text in her language with the Dutch under each part, every sentence
marked (``data-sentence``) on the server; ``kit/listen.js`` walks the marked sentences and hands
them to the phone's own voices (only voices the browser marks as on the device). Without
JavaScript it is the readable handout. Like the handout page: built from the URL and forgotten,
no cookie, a neutral title and link preview, the quick exit.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bronwijzer.kit.listen import listen_passages
from bronwijzer.kit.views import _handout_context
from bronwijzer.lib.httpcache import private_page


@private_page
def listen(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    context = _handout_context(request, code, lang)
    dutch = context["nl"] if context["side_by_side"] else None
    passages = listen_passages(context["t"], context["items"], context["helplines"], dutch)
    return render(
        request,
        "kit/listen.html",
        context | {"passages": passages, "for_pdf": False, "stylesheet": "kit/listen.css"},
    )
