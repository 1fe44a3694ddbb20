"""What the search index reads of a resource and a glossary term, and how much each part weighs.

A resource's text fields, by weight: title 10 > organisation names 6 > tags 4 (the theme,
profession, audience, format, context and cost labels in Dutch and English, and the section
slugs) > summary 2 > summary_en 1.5 > language and explicitness notes 1. Language names in a
query match the resources available in that language with the weight of a tag. Used by
:class:`~bronwijzer.search.index.SearchIndex` (a build and a patch) and the static site's index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import translation

from bronwijzer.catalog import vocab
from bronwijzer.search.analysis import index_terms
from bronwijzer.search.documents import ResourceDoc

RESOURCE_FIELDS = {
    "title": 10.0,
    "organisations": 6.0,
    "tags": 4.0,
    "summary": 2.0,
    "summary_en": 1.5,
    "notes": 1.0,
}
GLOSSARY_FIELDS = {"term": 10.0, "definition": 2.0, "definition_en": 1.5}
LANGUAGE_WEIGHT = RESOURCE_FIELDS["tags"]


def label_words() -> frozenset[str]:
    """Every word of every vocabulary label, in Dutch and English."""
    words: set[str] = set()
    for vocabulary in (*vocab.LIST_FACETS, vocab.COST, vocab.EXPLICITNESS, vocab.LANGUAGE_MODES):
        for texts in _label_texts(vocabulary).values():
            words |= index_terms(texts)
    for band in vocab.AGE_BANDS:
        for language in ("nl", "en"):
            with translation.override(language):
                words |= index_terms(str(band.label))
    return frozenset(words)


def _label_texts(vocabulary: vocab.Vocabulary) -> dict[str, str]:
    """Per slug, its Dutch and English labels."""
    texts: dict[str, list[str]] = {t.slug: [] for t in vocabulary.terms}
    for language in ("nl", "en"):
        with translation.override(language):
            for term in vocabulary.terms:
                texts[term.slug].append(str(term.label))
    return {slug: " ".join(labels) for slug, labels in texts.items()}


def resource_fields(docs: Sequence[ResourceDoc]) -> list[tuple[float, Iterable[str]]]:
    labels = {v.field: _label_texts(v) for v in (*vocab.LIST_FACETS, vocab.COST)}

    def tags(doc: ResourceDoc) -> str:
        parts = [section.replace("-", " ") for section in doc.sections]
        for field, by_slug in labels.items():
            held = getattr(doc, field)
            parts.extend(by_slug.get(slug, "") for slug in ((held,) if isinstance(held, str) else held))
        return " ".join(parts)

    def notes(doc: ResourceDoc) -> str:
        texts = (doc.languages_note, doc.languages_note_en, doc.explicitness_note, doc.explicitness_note_en)
        return " ".join(t for t in texts if t)

    w = RESOURCE_FIELDS
    return [
        (w["title"], (d.title for d in docs)),
        (w["organisations"], (" ".join(o.name for o in d.organisations) for d in docs)),
        (w["tags"], map(tags, docs)),
        (w["summary"], (d.summary for d in docs)),
        (w["summary_en"], (d.summary_en for d in docs)),
        (w["notes"], map(notes, docs)),
    ]
