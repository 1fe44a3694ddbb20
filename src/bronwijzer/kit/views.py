"""The kit builder, the parent handout and the preparation sheet.

Everything about a kit is in its URL. These views read it, never write
anything, and set no cookie; changing a kit (add, remove, move) is a plain link
that redirects to the new kit URL, so it all works without JavaScript.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bronwijzer.catalog.models import HelpLine, Map
from bronwijzer.kit.codec import Kit, KitCodeError, kit_decode, kit_encode, resource_key
from bronwijzer.kit.forms import KitStartForm
from bronwijzer.kit.handout import (
    HANDOUT_LANGUAGES,
    HandoutText,
    handout_language,
    handout_languages,
    handout_text,
)
from bronwijzer.kit.handout_text import intro_message
from bronwijzer.kit.links import printed_links
from bronwijzer.kit.ranking import PROPOSAL_SIZE, kit_rank
from bronwijzer.kit.selection import KitSelection, key_doc, kit_select, published_docs
from bronwijzer.kit.send import parent_message
from bronwijzer.kit.sheets import glossary_for, language_gap_context, prep_context
from bronwijzer.lib.httpcache import private_page
from bronwijzer.lib.i18n import localised
from bronwijzer.lib.languages import LANGUAGE_FREE
from bronwijzer.lib.pdf import html_to_pdf, pdf_render_slot
from bronwijzer.lib.qr import qr_svg
from bronwijzer.lib.shortlinks import code_key
from bronwijzer.lib.siteurl import public_url, site_base
from bronwijzer.search.engine import resource_search
from bronwijzer.search.facets import Selection
from bronwijzer.search.selection import selection_from

SEARCH_RESULTS = 10
#: "Stuur naar ouder" links to the discreet handout with ``?blad=discreet``.
SEND_VARIANT, SEND_DISCREET = "blad", "discreet"
#: Each printable page's own stylesheet (after kit/paper.css, the page-of-paper frame).
STYLESHEETS = {
    "kit/handout.html": "kit/handout.css",
    "kit/handout_discreet.html": "kit/handout.css",  # with kit/handout-discreet.css on top
    "kit/prep.html": "kit/sheet.css",
    "kit/presenter.html": "kit/sheet.css",
    "kit/interpreter.html": "kit/interpreter.css",
}


def _locale() -> str:
    return get_language() or "nl"


def _decoded(code: str) -> Kit:
    try:
        return kit_decode(code)
    except KitCodeError as exc:
        raise Http404(f"kit: {exc}") from exc


def _kit_url(kit: Kit, fragment: str = "") -> str:
    url = reverse("kit:detail", args=[kit_encode(kit)])
    return f"{url}#{fragment}" if fragment else url


@private_page
def kit_start(request: HttpRequest) -> HttpResponse:
    """The guided start: a few questions (prefilled when coming from a kit)."""
    initial = {}
    code = request.GET.get("kit", "")
    if code:
        try:
            kit = kit_decode(code)
        except KitCodeError:
            kit = None
        if kit is not None:
            initial = KitStartForm.initial_for(kit.options) | {"kit": code, "keep": bool(kit.keys)}
    form = KitStartForm(initial=initial)
    return render(request, "kit/start.html", {"form": form, "from_kit": bool(initial)})


@private_page
def kit_propose_view(request: HttpRequest) -> HttpResponse:
    """The answers in, a kit out: redirect to the kit with the best-fitting material."""
    docs = published_docs()
    form = KitStartForm(request.GET)
    if not form.is_valid():
        return render(request, "kit/start.html", {"form": form}, status=400)
    options = form.options()
    previous: Kit | None = form.cleaned_data["kit"]
    if previous is not None and form.cleaned_data["keep"] and previous.keys:
        kit = previous.with_options(options)
    else:
        proposal = kit_rank(docs, options, _locale()).proposal(PROPOSAL_SIZE)
        kit = Kit(options).with_keys(resource_key(f.resource.slug) for f in proposal)
    return HttpResponseRedirect(_kit_url(kit))


@private_page
def kit_add(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Voeg toe aan gesprekskit" from a card or resource page: into the kit in ``?kit=`` or a new one."""
    if key_doc(resource_key(slug)) is None:
        raise Http404("no published resource with that slug")
    kit = Kit()
    code = request.GET.get("kit", "")
    if code:
        kit = _decoded(code)
    kit = kit.with_keys((*kit.keys, resource_key(slug)))
    return HttpResponseRedirect(_kit_url(kit, "kit-items"))


def _changed(kit: Kit, params) -> Kit | None:
    """The kit after the one change asked for in ``params`` (add/remove/up/down=<key>), or None."""
    for op in ("add", "remove", "up", "down"):
        if op not in params:
            continue
        key = code_key(params[op])
        keys = list(kit.keys)
        if key is None or (op != "add" and key not in keys):
            raise Http404(f"kit: unknown item in {op}")
        if op == "add":
            if key_doc(key) is None:
                raise Http404("kit: no published resource for that item")
            keys.append(key)
        elif op == "remove":
            keys.remove(key)
        else:
            i = keys.index(key)
            j = i - 1 if op == "up" else i + 1
            if 0 <= j < len(keys):
                keys[i], keys[j] = keys[j], keys[i]
        return kit.with_keys(keys)
    return None


@private_page
def kit_detail(request: HttpRequest, code: str) -> HttpResponse:
    kit = _decoded(code)
    changed = _changed(kit, request.GET)
    if changed is not None:
        fragment = "kit-items" if "remove" in request.GET or "add" in request.GET else ""
        if not fragment:
            key = request.GET.get("up") or request.GET.get("down")
            fragment = f"item-{key}"
        return HttpResponseRedirect(_kit_url(changed, fragment))

    locale = _locale()
    selection = kit_select(kit, locale)
    chosen = frozenset(d.slug for d in selection.resources)
    ranking = kit_rank(published_docs(), kit.options, locale)
    suggestions = ranking.proposal(PROPOSAL_SIZE, leave_out=chosen)
    alternatives = []
    in_her_language = sum(f.in_her_language for f in selection.fits) + len(suggestions)
    if kit.options.languages and in_her_language < PROPOSAL_SIZE:
        # The map cannot fill a kit in her languages: offer what comes closest, plainly marked.
        alternatives = ranking.alternatives(PROPOSAL_SIZE, leave_out=chosen)
    q = selection_from(request.GET).q
    found = []
    if q:  # the kit's search box: words only, over the whole map (no filters)
        result = resource_search(Selection(), q, limit=SEARCH_RESULTS)
        found = [d for d in result.results if d.slug not in chosen]
    kit_url = public_url(request, reverse("kit:detail", args=[code]))
    links = printed_links(selection.resources, site_base(request))
    languages = handout_languages()
    first = next((c for c in kit.options.languages if c in HANDOUT_LANGUAGES), "nl")
    languages.sort(key=lambda lang: (lang.code != first, lang.code != "nl"))
    unreviewed = [lang for lang in languages if lang.code in kit.options.languages and not lang.reviewed]
    context = {
        "kit": kit,
        "code": code,
        "selection": selection,
        "items": [{"fit": fit, "link": links[fit.resource.slug]} for fit in selection.fits],
        "suggestions": suggestions,
        "alternatives": alternatives,
        "q": q,
        "found": found,
        "kit_url": kit_url,
        "kit_qr": qr_svg(kit_url, label=_("QR-code van de link naar deze gesprekskit")),
        "handout_languages": languages,
        "unreviewed": unreviewed,
        # "Stuur naar ouder" starts from the first language she reads (Dutch only if it has no handout)
        "send_lang": (kit.options.languages or ("nl",))[0],
        "helplines": HelpLine.objects.all(),
        **language_gap_context(ranking, selection, locale),
    }
    return render(request, "kit/kit.html", context)


@private_page
def kit_send(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    """ "Stuur naar ouder": a short message with one link to her handout, offered as links only."""
    kit = _decoded(code)
    spoken = kit.options.languages
    if lang not in HANDOUT_LANGUAGES and lang not in spoken:
        raise Http404("not a language of the handout or of this kit")

    # which handout the link opens: the usual one, or the discreet one (?blad=discreet)
    discreet = request.GET.get(SEND_VARIANT) == SEND_DISCREET
    route = "kit:handout_discreet" if discreet else "kit:handout"

    def handout_url(handout_lang: str) -> str:
        # the same link whatever language the professional's pages are in: the parent's page has
        # no /en/ prefix (its text is in the handout's language anyway)
        with translation.override(settings.LANGUAGE_CODE):
            return public_url(request, reverse(route, args=[code, handout_lang]))

    message = parent_message(lang, handout_url)
    others = [c for c in dict.fromkeys((*spoken, *HANDOUT_LANGUAGES)) if c != lang]
    context = {
        "kit": kit,
        "code": code,
        "message": message,
        "handout": handout_language(message.handout),
        "discreet": discreet,
        "variant_query": f"?{SEND_VARIANT}={SEND_DISCREET}" if discreet else "",
        "others": [
            {"code": c, "own_name": HANDOUT_LANGUAGES[c][0] if c in HANDOUT_LANGUAGES else ""} for c in others
        ],
    }
    return render(request, "kit/send.html", context)


def _handout_context(request: HttpRequest, code: str, lang: str) -> dict:
    if lang not in HANDOUT_LANGUAGES:
        raise Http404("not a handout language")
    kit = _decoded(code)
    selection = kit_select(kit)
    parent = handout_text(lang)
    dutch = HandoutText("nl")
    items = []
    links = printed_links(selection.resources, site_base(request))
    for doc in selection.resources:
        link = links[doc.slug]
        items.append(
            {
                "doc": doc,
                "link": link,
                "qr": qr_svg(link.url, label=link.url) if link.url else "",
                "kinds": parent.join(parent.format(f) for f in doc.formats),
                "kinds_nl": dutch.join(dutch.format(f) for f in doc.formats),
                "languages": _language_list(doc, parent),
                "languages_nl": _language_list(doc, dutch),
            }
        )
    return {
        "code": code,
        "lang": handout_language(lang),
        "t": parent,
        "nl": dutch,
        "side_by_side": lang != "nl",
        "items": items,
        "intro": parent.gettext(intro_message(bool(items))),
        "intro_nl": dutch.gettext(intro_message(bool(items))),
        "helplines": helpline_entries(lang, parent, dutch),
        "missing": selection.missing,
    }


def helpline_entries(lang: str, parent: HandoutText, dutch: HandoutText) -> list[dict]:
    """The help lines with a phone number as the parent's sheets print them, in ``lang`` and Dutch."""
    return [
        {
            "line": line,
            # The English sheets name the lines in English where that differs; others use the
            # Dutch name, which is what she will see on the line's own site and phone menu.
            "name": localised(line, "name", lang),
            "name_nl": line.name,
            "facts": _helpline_facts(line, parent),
            "facts_nl": _helpline_facts(line, dutch),
        }
        for line in HelpLine.objects.all()
        if line.phone
    ]


def _listen_link(request: HttpRequest, code: str, lang: str) -> dict:
    """The printed handout's one "Luister" QR code: the listening page of this kit and language."""
    with translation.override(settings.LANGUAGE_CODE):  # the parent's pages have no /en/ prefix
        url = public_url(request, reverse("kit:listen", args=[code, lang]))
    return {"listen_url": url, "listen_qr": qr_svg(url, label=url)}


def _language_list(doc, text: HandoutText) -> str:
    parts = []
    for code in doc.languages:
        if code == LANGUAGE_FREE:
            parts.append(text.NO_WORDS)
            continue
        modes = doc.language_modes.get(code, [])
        name = text.language_name(code)
        parts.append(f"{name} ({text.join(text.mode(m) for m in modes)})" if modes else name)
    return text.join(parts)


def _helpline_facts(line: HelpLine, text: HandoutText) -> str:
    """What kind of line, and "gratis" only when both the help and the call are free (no 0900)."""
    facts = [text.helpline_kind(line.kind)]
    facts += [text.FREE] if line.free_to_call else []
    facts += [text.ANONYMOUS] if line.anonymous else []
    facts += [text.CHAT] if line.chat else []
    return text.join(facts)


def _paper(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A printable page for the screen: the page-of-paper frame with its own stylesheet."""
    return render(request, template, context | {"for_pdf": False, "stylesheet": STYLESHEETS[template]})


@private_page
def handout(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    context = _handout_context(request, code, lang) | _listen_link(request, code, lang)
    return _paper(request, "kit/handout.html", context)


@private_page
def handout_pdf(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    context = _handout_context(request, code, lang) | _listen_link(request, code, lang) | {"for_pdf": True}
    return _pdf_response(request, "kit/handout.html", context, f"ouderblad-{lang}.pdf")


def _pdf_response(
    request: HttpRequest, template: str, context: dict, filename: str, also: tuple[str, ...] = ()
) -> HttpResponse:
    """The PDF of ``template``: kit/paper.css, the template's own stylesheet, then ``also``."""
    html = render(request, template, context).content.decode("utf-8")
    names = ("kit/paper.css", STYLESHEETS[template], *also)
    with pdf_render_slot():  # at most BRONWIJZER_PDF_CONCURRENCY renders at once; else a 503 page
        # the stylesheets ship with the app: finders.find only returns None for a broken install
        pdf = html_to_pdf(html, stylesheets=[Path(finders.find(name)) for name in names])  # type: ignore[arg-type]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _prep_context(request: HttpRequest, code: str) -> dict:
    kit = _decoded(code)
    locale = _locale()
    selection: KitSelection = kit_select(kit, locale)
    ranking = kit_rank(published_docs(), kit.options, locale)
    return prep_context(request, kit, selection, code) | {
        "site_map": Map.objects.first(),
        "glossary": glossary_for(selection.resources),
        **language_gap_context(ranking, selection, locale),
    }


@private_page
def prep_sheet(request: HttpRequest, code: str) -> HttpResponse:
    context = _prep_context(request, code)
    template = "kit/presenter.html" if context["kit"].options.is_group else "kit/prep.html"
    return _paper(request, template, context)


@private_page
def prep_sheet_pdf(request: HttpRequest, code: str) -> HttpResponse:
    context = _prep_context(request, code) | {"for_pdf": True}
    presenter = context["kit"].options.is_group
    template = "kit/presenter.html" if presenter else "kit/prep.html"
    with translation.override(_locale()):
        return _pdf_response(
            request, template, context, "presentatie.pdf" if presenter else "voorbereiding.pdf"
        )
