"""The map's reference lists: sections, glossary, help lines and vocabularies.

Texts come in both languages side by side (``title`` and ``title_en``), as in the
map file, so these endpoints do not depend on ``lang``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Router

from bronwijzer.api.schemas import (
    FACET_VOCABULARIES,
    ErrorOut,
    GlossaryOut,
    HelpLineListOut,
    OrganisationListOut,
    SectionListOut,
    VocabularyListOut,
)
from bronwijzer.catalog import vocab
from bronwijzer.catalog.models import HelpLine, Organisation
from bronwijzer.catalog.snapshot import glossary_entries, helpline_entries, section_entries
from bronwijzer.lib.languages import language_name
from bronwijzer.search.engine import organisation_resource_counts, search_index

router = Router(tags=["map"])

#: Every controlled vocabulary, under the key the API gives it.
VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "theme": vocab.THEMES,
    "profession": vocab.PROFESSIONS,
    "audience": vocab.AUDIENCES,
    "format": vocab.FORMATS,
    "context": vocab.CONTEXTS,
    "cost": vocab.COST,
    "explicitness": vocab.EXPLICITNESS,
    "language_mode": vocab.LANGUAGE_MODES,
    "status": vocab.STATUS,
    "helpline_kind": vocab.HELPLINE_KINDS,
}

ERRORS = {500: ErrorOut}


def _nl_en(text) -> tuple[str, str]:
    """A gettext (lazy) string in Dutch and in English."""
    with translation.override("nl"):
        dutch = str(text)
    with translation.override("en"):
        english = str(text)
    return dutch, english


def _listing(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(results), "results": results}


@router.get(
    "/sections",
    response={200: SectionListOut, **ERRORS},
    operation_id="listSections",
    summary="The sections of the map, in printed order",
    description="Each with its guiding question and, for a sub-section, its parent.",
)
def list_sections(request: HttpRequest):
    return _listing(section_entries())


@router.get(
    "/organisations",
    response={200: OrganisationListOut, **ERRORS},
    operation_id="listOrganisations",
    summary="The organisations behind the material",
)
def list_organisations(request: HttpRequest):
    counts = organisation_resource_counts()
    return _listing(
        [
            {
                "slug": org.slug,
                "name": org.name,
                "url": org.url or None,
                "url_verified": org.url_verified,
                "resource_count": counts.get(org.slug, 0),
            }
            for org in Organisation.objects.all()
        ]
    )


@router.get(
    "/glossary",
    response={200: GlossaryOut, **ERRORS},
    operation_id="listGlossary",
    summary="The glossary (begrippenlijst)",
)
def list_glossary(request: HttpRequest):
    return _listing(glossary_entries())


@router.get(
    "/helplines",
    response={200: HelpLineListOut, **ERRORS},
    operation_id="listHelplines",
    summary="Help lines and reporting points",
)
def list_helplines(request: HttpRequest):
    organisations = {
        org.name: {"name": org.name, "url": org.url or None} for org in Organisation.objects.all()
    }
    lines = {line.slug: line for line in HelpLine.objects.all()}
    return _listing(
        [
            entry
            | {
                "organisation": organisations.get(entry["organisation"]),
                "free_to_call": lines[entry["slug"]].free_to_call,
                "service_rate": lines[entry["slug"]].service_rate,
            }
            for entry in helpline_entries()
        ]
    )


def _vocabulary_json(key: str, vocabulary: vocab.Vocabulary) -> dict[str, Any]:
    label, label_en = _nl_en(vocabulary.label)
    terms = []
    for term in vocabulary.terms:
        term_nl, term_en = _nl_en(term.label)
        terms.append({"slug": term.slug, "label": term_nl, "label_en": term_en})
    return {
        "field": vocabulary.field,
        "parameter": key if key in FACET_VOCABULARIES else None,
        "label": label,
        "label_en": label_en,
        "terms": terms,
    }


def languages_in_data() -> list[dict[str, Any]]:
    """Languages of the published resources with their counts: Dutch, English, then by Dutch name."""
    counts = Counter(code for doc in search_index().docs for code in doc.languages)
    codes = sorted(counts, key=lambda c: (c != "nl", c != "en", language_name(c, "nl")))
    return [
        {
            "code": code,
            "label": language_name(code, "nl"),
            "label_en": language_name(code, "en"),
            "count": counts[code],
        }
        for code in codes
    ]


@router.get(
    "/vocabularies",
    response={200: VocabularyListOut, **ERRORS},
    operation_id="listVocabularies",
    summary="Every controlled vocabulary, the languages in the data and the age bands",
    description="Slugs are stable: a slug is never renamed or reused. Labels are given in Dutch "
    "(`label`) and English (`label_en`).",
)
def list_vocabularies(request: HttpRequest):
    bands = []
    for band in vocab.AGE_BANDS:
        label, label_en = _nl_en(band.label)
        bands.append(
            {"slug": band.slug, "min": band.low, "max": band.high, "label": label, "label_en": label_en}
        )
    return {
        "vocabularies": {key: _vocabulary_json(key, v) for key, v in VOCABULARIES.items()},
        "languages": languages_in_data(),
        "age_bands": bands,
    }
