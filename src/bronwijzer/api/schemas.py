"""Request and response schemas of API v1.

These classes are the contract: the OpenAPI document is generated from them and
every response is validated against them before it leaves. Field names and types
only ever grow (see docs/api.md, "What v1 promises").
"""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from bronwijzer.catalog import vocab
from bronwijzer.lib.languages import iso639_1_codes
from bronwijzer.search.query import Q_MAX_LENGTH  # one limit for the site, the API and the exports

LIMIT_DEFAULT = 20
LIMIT_MAX = 100
AGE_PATTERN = r"^(?:[0-9]|[1-9][0-9])(?:-(?:[0-9]|[1-9][0-9]))?$"

#: The facet parameters of ``/resources`` and the vocabulary each one draws from (None: not a vocabulary).
FACET_VOCABULARIES: dict[str, vocab.Vocabulary | None] = {
    "theme": vocab.THEMES,
    "profession": vocab.PROFESSIONS,
    "audience": vocab.AUDIENCES,
    "format": vocab.FORMATS,
    "language": None,
    "context": vocab.CONTEXTS,
    "cost": vocab.COST,
    "age": None,
}


def _facet_param(description: str, items: dict[str, Any]) -> Any:
    return Field(
        default_factory=list,
        description=f"{description} Repeat the parameter to choose several values (OR); "
        "different facets combine with AND.",
        json_schema_extra={"items": {"type": "string", **items}},
    )


def _vocab_param(name: str, what: str) -> Any:
    vocabulary = FACET_VOCABULARIES[name]
    assert vocabulary is not None  # only the facets with a vocabulary
    return _facet_param(f"Only resources with this {what} (a slug).", {"enum": list(vocabulary.slugs)})


# ----------------------------------------------------------------------------- request


class ResourceQuery(Schema):
    q: str = Field(
        "",
        max_length=Q_MAX_LENGTH,
        description="Search words, as a professional or parent would type them (Dutch or English). "
        "Empty: no text search, results in printed order.",
    )
    theme: list[str] = _vocab_param("theme", "theme")
    profession: list[str] = _vocab_param("profession", "professional group")
    audience: list[str] = _vocab_param("audience", "audience")
    format: list[str] = _vocab_param("format", "format")
    language: list[str] = _facet_param(
        "Only resources available in this language: a lowercase ISO 639-1 code such as nl, en, ar, tr.",
        {"enum": sorted(iso639_1_codes())},
    )
    context: list[str] = _vocab_param("context", "cultural or religious context")
    cost: list[str] = _vocab_param("cost", "cost")
    age: list[str] = _facet_param(
        "Only resources for young people of this age (e.g. 14) or age range (e.g. 12-14, first age not "
        "above the second). Resources without an age range always match.",
        {"pattern": AGE_PATTERN},
    )
    limit: int = Field(
        LIMIT_DEFAULT, ge=0, le=LIMIT_MAX, description="How many results to return (0 gives only counts)."
    )
    offset: int = Field(0, ge=0, description="How many results to skip (for paging).")
    lang: Literal["nl", "en"] = Field("nl", description="Language of the facet labels.")


# ---------------------------------------------------------------------------- resources


class OrganisationOut(Schema):
    name: str
    url: str | None = Field(description="The organisation's website (http or https), if known.")


class RecognitionOut(Schema):
    source: str = Field(
        description="Who recognised the material, e.g. a database of effective interventions."
    )
    level: str | None = None
    date: str | None = Field(None, description="ISO date (YYYY-MM-DD).", json_schema_extra={"format": "date"})
    url: str | None = None


class ResourceOut(Schema):
    slug: str = Field(description="Stable identifier; never reused.")
    title: str
    title_descriptive: bool = Field(
        description="True when the title is the editors' description of the material, not its own name."
    )
    url: str | None = Field(description="Where to find the material (http or https).")
    url_verified: bool = Field(description="True only when this exact address was confirmed.")
    organisations: list[OrganisationOut]
    authors: list[str] = Field(
        description="People who wrote or made the material, in order (not organisations)."
    )
    summary: str = Field(description="Description in Dutch.")
    summary_en: str = Field(description="Description in English (may be empty).")
    sections: list[str] = Field(description="Slugs of the sections of the map (see /sections).")
    themes: list[str] = Field(description="Theme slugs (see /vocabularies).")
    professions: list[str] = Field(description="Professional-group slugs (see /vocabularies).")
    audiences: list[str] = Field(description="Audience slugs (see /vocabularies).")
    formats: list[str] = Field(description="Format slugs (see /vocabularies).")
    languages: list[str] = Field(description="ISO 639-1 codes of the languages it is available in.")
    language_modes: dict[str, list[str]] = Field(
        description="Per language code, how the material is available (language_mode slugs)."
    )
    languages_note: str
    languages_note_en: str
    contexts: list[str] = Field(description="Cultural or religious context slugs (see /vocabularies).")
    cost: str = Field(description="free, paid or unknown.")
    age_min: int | None = Field(description="Youngest age of the young people concerned, if known.")
    age_max: int | None = Field(description="Oldest age of the young people concerned, if known.")
    explicitness: str = Field(description="none, some or explicit: how explicit the material is.")
    explicitness_note: str
    explicitness_note_en: str
    recognition: list[RecognitionOut]
    reviewed_at: str | None = Field(
        description="When an editor last confirmed the entry (ISO date).",
        json_schema_extra={"format": "date"},
    )
    status: str = Field(description="Always published in the API.")


class FacetOptionOut(Schema):
    value: str = Field(description="The value to pass as the facet parameter.")
    label: str = Field(description="Label in the language chosen with `lang`.")
    count: int = Field(
        description="How many resources the current query and the other facets' selections give "
        "with this value chosen (multi-select faceting: a facet ignores its own selection)."
    )
    selected: bool = Field(description="Whether this value is part of the request.")


class FacetsOut(Schema):
    theme: list[FacetOptionOut]
    profession: list[FacetOptionOut]
    audience: list[FacetOptionOut]
    format: list[FacetOptionOut]
    language: list[FacetOptionOut]
    context: list[FacetOptionOut]
    cost: list[FacetOptionOut]
    age: list[FacetOptionOut]


class ResourceListOut(Schema):
    count: int = Field(description="How many resources match in all (not only on this page).")
    limit: int
    offset: int
    suggestion: str | None = Field(
        description='A spelling suggestion ("did you mean") when the words found nothing, else null.'
    )
    results: list[ResourceOut] = Field(description="Best match first; printed order without search words.")
    facets: FacetsOut


# ------------------------------------------------------------------------------- others


class SectionOut(Schema):
    slug: str
    title: str
    title_en: str
    question: str = Field(description="The guiding question of the section, in Dutch.")
    question_en: str
    parent: str | None = Field(description="The parent section's slug; null for a top-level section.")


class SectionListOut(Schema):
    count: int
    results: list[SectionOut] = Field(description="In printed order.")


class OrganisationEntryOut(Schema):
    slug: str
    name: str
    url: str | None = Field(description="The organisation's website (http or https), if known.")
    url_verified: bool
    resource_count: int = Field(description="How many published resources name this organisation.")


class OrganisationListOut(Schema):
    count: int
    results: list[OrganisationEntryOut] = Field(description="By name.")


class GlossaryTermOut(Schema):
    slug: str
    term: str
    term_en: str
    definition: str
    definition_en: str
    related: list[str] = Field(description="Slugs of related glossary terms.")


class GlossaryOut(Schema):
    count: int
    results: list[GlossaryTermOut]


class HelpLineOut(Schema):
    slug: str
    name: str
    name_en: str = Field(description="The English name where it differs; empty: the same as name.")
    kind: str = Field(description="hulplijn, meldpunt or verwijderhulp (see /vocabularies).")
    organisation: OrganisationOut | None
    url: str | None
    phone: str
    chat: bool
    email: bool
    free: bool | None = Field(
        description="The help itself is free; the call may still cost (see free_to_call). null: unknown."
    )
    free_to_call: bool = Field(
        description="The help is free and so is the call. Never true for a 090x number "
        "(service_rate): show 'free' beside the phone number only when this is true."
    )
    service_rate: bool = Field(
        description="The phone number is a Dutch 090x number: calling it may cost more than a normal call."
    )
    anonymous: bool | None = Field(
        description="Can be used anonymously (the note says any limits). null: unknown."
    )
    age_min: int | None = Field(
        description="Youngest age the line is for, as the line says; null: no age given."
    )
    age_max: int | None = Field(
        description="Oldest age the line is for, as the line says; null: no age given."
    )
    helps_with: str
    helps_with_en: str
    note: str
    note_en: str


class HelpLineListOut(Schema):
    count: int
    results: list[HelpLineOut]


class TermOut(Schema):
    slug: str
    label: str = Field(description="Dutch label.")
    label_en: str = Field(description="English label.")


class VocabularyOut(Schema):
    field: str = Field(description="The resource (or help line) field holding these slugs.")
    parameter: str | None = Field(description="The /resources query parameter that filters on it, if any.")
    label: str
    label_en: str
    terms: list[TermOut]


class VocabulariesOut(Schema):
    theme: VocabularyOut
    profession: VocabularyOut
    audience: VocabularyOut
    format: VocabularyOut
    context: VocabularyOut
    cost: VocabularyOut
    explicitness: VocabularyOut
    language_mode: VocabularyOut
    status: VocabularyOut
    helpline_kind: VocabularyOut


class LanguageOut(Schema):
    code: str = Field(description="ISO 639-1 code; the value of the `language` parameter.")
    label: str
    label_en: str
    count: int = Field(description="Published resources available in this language.")


class AgeBandOut(Schema):
    slug: str = Field(description="The value of the `age` parameter for this band.")
    min: int
    max: int
    label: str
    label_en: str


class VocabularyListOut(Schema):
    vocabularies: VocabulariesOut
    languages: list[LanguageOut] = Field(description="The languages present in the published resources.")
    age_bands: list[AgeBandOut]


# ------------------------------------------------------------------------------- errors


class ErrorOut(Schema):
    detail: str


class ParameterProblemOut(Schema):
    parameter: str
    value: str | None = Field(description="The value that was sent, if any.")
    message: str
    allowed: str = Field(description="The allowed values, in words.")
    allowed_values: list[str] | None = Field(description="The allowed values as a list, when there is one.")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Every problem, in one line.")
    errors: list[ParameterProblemOut]
