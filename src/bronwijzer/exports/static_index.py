"""The static site's search index: what the in-browser search needs to agree with the server's.

The server's engine (:mod:`bronwijzer.search`) is exported as data, not re-derived in
JavaScript: the sorted vocabulary with its postings and field weights exactly as
:class:`~bronwijzer.search.textindex.TextIndex` holds them, the languages each
resource is available in, the final synonym groups (language names included), the
stopwords, the words of the vocabulary labels and every constant the ranking uses. The
Dutch and English word lists that tell the server which words are real words
(:mod:`bronwijzer.search.lexicon`) are not exported (several megabytes): offline, a
word counts as known when the map, the glossary, the synonym list or a label has it.
``offline-search-engine.js`` runs the same algorithm over it (stems come from the same
Snowball stemmers, vendored as ``snowball.js``), so a query ranks the same offline as on
the server.

Besides the text index, each published resource carries what a result card shows in
both languages (title, summary, the facts rendered by the site's own card template, its
page in the static site) and its facet values, so the filters work offline too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

from bronwijzer.catalog import vocab
from bronwijzer.catalog.models import HelpLine
from bronwijzer.lib.i18n import SITE_LANGUAGES
from bronwijzer.search import analysis, query, synonyms, textindex
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.facets import FACETS, AgeFacet, LanguageFacet, ListFacet
from bronwijzer.search.fields import GLOSSARY_FIELDS, LANGUAGE_WEIGHT, RESOURCE_FIELDS
from bronwijzer.search.index import MIN_COMPOUND_PART, MIN_COMPOUND_TAIL, SearchIndex

FORMAT_VERSION = 1
#: The global that ``search-index.js`` sets (a script tag works from file://, fetch() does not).
GLOBAL_NAME = "BRONWIJZER_SEARCH_INDEX"
#: Stands for the search words in pre-rendered HTML; the browser puts the (escaped) words there.
QUERY_PLACEHOLDER = "\u2063Q\u2063"

LANGUAGES = SITE_LANGUAGES


def _text_index(index: textindex.TextIndex, weights: dict[str, float]) -> dict[str, Any]:
    """A TextIndex as plain lists: the sorted words and their CSR postings (documents, field bits)."""
    return {
        "n": index.n,
        "fields": list(weights.values()),
        "words": list(index.words),
        "offsets": index.offsets.tolist(),
        "docs": index.post_docs.tolist(),
        "bits": index.post_fields.tolist(),
    }


def _constants() -> dict[str, Any]:
    t = textindex
    return {
        "EXACT": t.EXACT,
        "STEM": t.STEM,
        "SPLIT": t.SPLIT,
        "PREFIX": t.PREFIX,
        "PART": t.PART,
        "TYPO_1": t.TYPO_1,
        "TYPO_2": t.TYPO_2,
        "PARTIAL": t.PARTIAL,
        "PHRASE": t.PHRASE,
        "MAX_TAILS": t.MAX_TAILS,
        "MIN_TAIL": t.MIN_TAIL,
        "MAX_TYPOS": t.MAX_TYPOS,
        "MAX_SURFACES": t.MAX_SURFACES,
        "RELATED_BOOST": t.RELATED_BOOST,
        "MIN_COMPOUND_PART": MIN_COMPOUND_PART,
        "MIN_COMPOUND_TAIL": MIN_COMPOUND_TAIL,
        "MIN_PREFIX": analysis.MIN_PREFIX,
        "LINKS": list(analysis.LINKS),
        "SPLIT_PAIR": query.SPLIT_PAIR,
        "SYNONYM": synonyms.SYNONYM,
        "RELATED": synonyms.RELATED,
        "LANGUAGE_WEIGHT": LANGUAGE_WEIGHT,
    }


def _facet_values(doc: ResourceDoc) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for facet in FACETS:
        if isinstance(facet, ListFacet):
            held = getattr(doc, facet.vocabulary.field)
            values[facet.name] = [held] if isinstance(held, str) else list(held)
        elif isinstance(facet, LanguageFacet):
            values[facet.name] = list(doc.languages)
    return values


def _messages() -> dict[str, str]:
    """Texts the browser shows, from the site's own catalogue (the same msgids as its templates)."""
    return {
        "count_one": ngettext("%(n)s van %(total)s bronnen", "%(n)s van %(total)s bronnen", 1),
        "count_other": ngettext("%(n)s van %(total)s bronnen", "%(n)s van %(total)s bronnen", 2),
        "chosen_one": ngettext("%(n)s gekozen", "%(n)s gekozen", 1),
        "chosen_other": ngettext("%(n)s gekozen", "%(n)s gekozen", 2),
        "search": gettext("Zoeken"),
        "chosen_filters": gettext("Gekozen filters"),
        "remove_words": gettext("Verwijder zoekwoorden"),
        "remove_filter": gettext("Verwijder filter"),
        "clear": gettext("Alle filters wissen"),
        "did_you_mean": gettext("Bedoelde je:"),
        "from_glossary": gettext("Uit de begrippenlijst"),
        "search_without_filters": gettext("Zoek zonder filters"),
        "maybe_terms": gettext("Misschien bedoel je een van deze begrippen"),
    }


def build_index_data(
    index: SearchIndex,
    *,
    page_href: Callable[[str, str], str],
    glossary_href: Callable[[str, str], str],
    rewrite: Callable[[str, str], str],
) -> dict[str, Any]:
    """The whole index as JSON-ready data.

    ``page_href(slug, lang)`` is the link from that language's map page to the resource's
    static page, ``glossary_href(slug, lang)`` the same for a glossary term, and
    ``rewrite(html, lang)`` makes the links of pre-rendered HTML fit the map page of ``lang``.
    """
    docs = []
    facts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    helplines = list(HelpLine.objects.all())
    by_lang: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            for doc in index.docs:
                facts[lang].append(
                    rewrite(render_to_string("web/partials/_card_facts.html", {"resource": doc}), lang)
                )
            no_results = {
                "query": render_to_string(
                    "web/partials/_no_results.html",
                    {"q": QUERY_PLACEHOLDER, "result": {}, "helplines": helplines, "selection": None},
                ),
                "filters": render_to_string(
                    "web/partials/_no_results.html", {"q": "", "result": {}, "selection": None}
                ),
            }
            by_lang[lang] = {
                "messages": _messages(),
                "noResults": {key: rewrite(html, lang) for key, html in no_results.items()},
            }
    for i, doc in enumerate(index.docs):
        docs.append(
            {
                "slug": doc.slug,
                "title": doc.title,
                "summary": {"nl": doc.summary, "en": doc.summary_en or doc.summary},
                "url": doc.url or "",
                "href": {lang: page_href(doc.slug, lang) for lang in LANGUAGES},
                "facts": {lang: facts[lang][i] for lang in LANGUAGES},
                "facets": _facet_values(doc),
                "age": [doc.age_min, doc.age_max],
            }
        )
    languages = {
        code: [int(i) for i in mask.nonzero()[0]]
        for code in index.facets.values["language"]
        if (mask := index.facets.language_mask(code)) is not None
    }
    glossary = [
        {
            "slug": term.slug,
            "term": {"nl": term.term, "en": term.term_en or term.term},
            "definition": {"nl": term.definition, "en": term.definition_en or term.definition},
            "href": {lang: glossary_href(term.slug, lang) for lang in LANGUAGES},
        }
        for term in index.glossary
    ]
    return {
        "format": FORMAT_VERSION,
        "constants": _constants(),
        "stopwords": sorted(analysis.STOPWORDS),
        "labels": sorted(index.labels),
        "synonyms": [
            {"words": [list(f) for f in g.words], "also": [list(f) for f in g.also]}
            for g in index.synonyms.groups
        ],
        "text": _text_index(index.text, RESOURCE_FIELDS),
        "languages": languages,
        "glossaryText": _text_index(index.glossary_text, GLOSSARY_FIELDS),
        "glossary": glossary,
        "facets": [facet.name for facet in FACETS if not isinstance(facet, AgeFacet)],
        "facetValues": {
            facet.name: list(facet.vocabulary.slugs) for facet in FACETS if isinstance(facet, ListFacet)
        },
        "ageBands": [band.slug for band in vocab.AGE_BANDS],
        "docs": docs,
        "lang": by_lang,
    }


def index_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def index_script(data: dict[str, Any]) -> str:
    """``search-index.js``: the same data as a script that sets a global (loads from file:// too)."""
    payload = index_json(data).replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL_NAME} = {payload};\n"
