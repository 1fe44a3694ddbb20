"""Template helpers for every face: ``{% load bronwijzer %}`` (see :mod:`bronwijzer.ui`)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from bronwijzer.catalog import vocab
from bronwijzer.lib.hyphens import hyphens_soft
from bronwijzer.lib.languages import language_name
from bronwijzer.lib.phone import tel_href
from bronwijzer.lib.textlinks import link_terms
from bronwijzer.search.highlight import highlight

register = template.Library()


def _page_in_map_language() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] == settings.LANGUAGE_CODE


@register.simple_tag
def content_lang() -> str:
    """``lang="nl"`` on an element holding content that exists only in the map's own language
    (a resource's title, an organisation's name), when the page is in another language, so that
    screen readers pronounce it as Dutch (WCAG 3.1.2); nothing on a Dutch page."""
    return "" if _page_in_map_language() else mark_safe(f'lang="{settings.LANGUAGE_CODE}"')


@register.filter
def as_content(value) -> str:
    """``value`` (the map's own text), escaped; on a page in another language in a
    ``<span lang="nl">`` (see ``content_lang``), on a Dutch page as it is."""
    if _page_in_map_language():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)


@register.filter
def soft_hyphens(value) -> str:
    """The map's own text (a title, a name: in ``settings.LANGUAGE_CODE``) with soft hyphens where
    its long words may break (:mod:`bronwijzer.lib.hyphens`), for a heading. Plain text in, plain
    text out: put it before ``as_content``, which escapes."""
    return hyphens_soft(str(value), settings.LANGUAGE_CODE)


@register.simple_tag
def localised(obj, field: str) -> str:
    return obj.localised(field)


@register.filter
def vocab_labels(slugs, field: str) -> str:
    vocabulary = vocab.BY_FIELD[field]
    if isinstance(slugs, str):
        return vocabulary.label_for(slugs)
    return ", ".join(vocabulary.label_for(s) for s in slugs)


@register.filter
def language_names(codes) -> str:
    lang = get_language() or "nl"
    return ", ".join(language_name(code, lang) for code in codes)


@register.filter
def language_label(code: str) -> str:
    return language_name(code, get_language() or "nl")


@register.filter
def mode_labels(modes) -> str:
    return ", ".join(vocab.LANGUAGE_MODES.label_for(m) for m in modes)


@register.filter
def tel(number: str) -> str:
    return tel_href(number)


@register.simple_tag
def linked_text(text: str, terms):
    return link_terms(text, terms)


@register.simple_tag
def query_without(selection, name: str, value: str, q: str = "", kit: str = "") -> str:
    """The map URL's query with one filter value removed (``name="q"`` removes the search words).

    ``kit`` is the code of the gesprekskit being filled from the map, carried along.
    """
    pairs = [("q", q)] if q and name != "q" else []
    pairs += selection.as_query(without=(name, value))
    pairs += [("kit", kit)] if kit else []
    return "?" + urlencode(pairs) if pairs else "?"


@register.simple_tag
def query_with_q(selection, q: str, kit: str = "") -> str:
    """The map URL's query with the search words replaced by ``q`` (and the kit code carried along)."""
    return "?" + urlencode([("q", q), *selection.as_query(), *([("kit", kit)] if kit else [])])


@register.simple_tag
def highlighted(text: str, terms):
    """``text`` escaped, with the search words marked."""
    return highlight(text, terms)
