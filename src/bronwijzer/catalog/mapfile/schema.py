"""The map-file schema: what ``loadmap`` reads and ``dumpmap`` writes.

Field-level rules live here (types, slugs, URLs, vocabularies, language codes);
rules that span entries (unknown references, duplicate slugs) live in
:mod:`bronwijzer.catalog.mapfile.checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from bronwijzer.catalog import vocab
from bronwijzer.lib.controlchars import control_characters, describe
from bronwijzer.lib.languages import is_language_code

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{value!r} is not an http(s) URL (only http:// and https:// links are allowed)")
    host = parts.hostname or ""
    # isprintable() is False for spaces other than " ", control characters (which urlsplit
    # silently strips in front of the scheme) and invisible format characters such as a
    # right-to-left override, which can make a link look like another one.
    if (
        not host
        or any(ch.isspace() or not ch.isprintable() for ch in value)
        or ("." not in host and host != "localhost")
    ):
        raise ValueError(f"{value!r} is not a well-formed URL (it needs a host name such as www.example.nl)")
    return value


def _blank_to_none(value: Any) -> Any:
    return None if value == "" else value


def _none_to_blank(value: Any) -> Any:
    return "" if value is None else value


def _check_language(value: str) -> str:
    if not is_language_code(value):
        raise ValueError(f"{value!r} is not an ISO 639-1 language code (two letters, e.g. nl, en, ar, tr)")
    return value


def _unique(values: list) -> list:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


def _in_vocabulary(vocabulary: vocab.Vocabulary) -> Callable[[str], str]:
    allowed = vocabulary.slugs

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {vocabulary.name} {value!r}; allowed: {', '.join(allowed)}")
        return value

    return check


#: Validation context for what is already stored (``catalog.snapshot``: dumpmap, the API):
#: control characters are refused on input only, so text stored before still exports.
STORED = {"stored": True}


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


def _one_line(value: str, info: ValidationInfo) -> str:
    """No control characters at all: no tab or line break either (``bronwijzer.lib.controlchars``)."""
    found = [] if _stored(info) else control_characters(value, multiline=False)
    if found:
        raise ValueError(
            f"contains a control character ({describe(found)}); "
            "a one-line text allows none, not even a tab or a line break"
        )
    return value


def _lines(value: str, info: ValidationInfo) -> str:
    """Several lines: tab and newline are allowed, no other control character."""
    found = [] if _stored(info) else control_characters(value, multiline=True)
    if found:
        raise ValueError(
            f"contains a control character ({describe(found)}); only tab and newline are allowed"
        )
    return value


def _optional_one_line(value: str | None, info: ValidationInfo) -> str | None:
    return None if value is None else _one_line(value, info)


def _title(max_length: int) -> Any:
    """A required one-line text; ``max_length`` matches the database column."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_one_line),
    ]


def _short_text(max_length: int) -> Any:
    """An optional one-line text (null means blank); ``max_length`` matches the database column."""
    return Annotated[
        str, BeforeValidator(_none_to_blank), Field(max_length=max_length), AfterValidator(_one_line)
    ]


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=100)]
Text = Annotated[str, BeforeValidator(_none_to_blank), Field(max_length=10_000), AfterValidator(_lines)]
#: A required text of several lines (a description, a definition).
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000), AfterValidator(_lines)
]
ShortText = _short_text(300)
Title = _title(300)
# Columns that are shorter than 300 characters in the database (catalog.models).
Title200 = _title(200)
ShortText200 = _short_text(200)
Title100 = _title(100)
ShortText100 = _short_text(100)
Url = Annotated[str, StringConstraints(max_length=500), AfterValidator(_check_url)]
OptionalUrl = Annotated[Url | None, BeforeValidator(_blank_to_none)]
LanguageCode = Annotated[str, AfterValidator(_check_language)]
LooseDate = Annotated[dt.date, Field(strict=False)]


def vocab_list(vocabulary: vocab.Vocabulary) -> Any:
    term = Annotated[str, AfterValidator(_in_vocabulary(vocabulary))]
    return Annotated[list[term], AfterValidator(_unique)]


def vocab_value(vocabulary: vocab.Vocabulary) -> Any:
    return Annotated[str, AfterValidator(_in_vocabulary(vocabulary))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ColophonEntry(Strict):
    """One line of the source's colophon, carried over exactly: ``label: value``, or just ``value``."""

    label: ShortText = ""
    label_en: ShortText = ""
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class MapInfo(Strict):
    slug: Slug
    title: Title200
    title_en: ShortText200 = ""
    edition_year: Annotated[int, Field(ge=1900, le=2200)]
    previous_edition: Text = ""
    previous_edition_en: Text = ""
    intro: Text = ""
    intro_en: Text = ""
    credits: Text = ""
    credits_en: Text = ""
    #: The source's colophon line by line, exactly as printed (facts and legal notices).
    colophon: list[ColophonEntry] = []
    source_name: ShortText200 = ""
    source_url: OptionalUrl = None
    #: The resource a professional should read before talking with parents (slug).
    conversation_guide: Slug | None = None


class SectionEntry(Strict):
    slug: Slug
    title: Title200
    title_en: ShortText200 = ""
    question: ShortText = ""
    question_en: ShortText = ""
    parent: Slug | None = None


class OrganisationEntry(Strict):
    slug: Slug
    name: Title200
    url: OptionalUrl = None
    url_verified: bool = False


class OrganisationRef(Strict):
    """How a resource names an organisation: by name (the url is informative only)."""

    name: Title
    url: OptionalUrl = None


def _ref_from_name(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Recognition(Strict):
    source: Title
    level: Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_optional_one_line)] = None
    date: LooseDate | None = None
    url: OptionalUrl = None


class ResourceEntry(Strict):
    slug: Slug
    title: Title
    #: The title is the editors' description, not the material's own name.
    title_descriptive: bool = False
    url: OptionalUrl = None
    url_verified: bool = False
    organisations: list[Annotated[OrganisationRef, BeforeValidator(_ref_from_name)]] = []
    #: People who wrote or made the material (never an organisation).
    authors: Annotated[list[Title200], AfterValidator(_unique)] = []
    summary: LongText
    summary_en: Text = ""
    sections: Annotated[list[Slug], AfterValidator(_unique)] = []
    themes: vocab_list(vocab.THEMES) = []
    professions: vocab_list(vocab.PROFESSIONS) = []
    audiences: vocab_list(vocab.AUDIENCES) = []
    formats: vocab_list(vocab.FORMATS) = []
    languages: Annotated[list[LanguageCode], AfterValidator(_unique)] = []
    language_modes: dict[LanguageCode, vocab_list(vocab.LANGUAGE_MODES)] = {}
    languages_note: ShortText = ""
    languages_note_en: ShortText = ""
    contexts: vocab_list(vocab.CONTEXTS) = []
    cost: vocab_value(vocab.COST) = "unknown"
    age_min: Annotated[int, Field(ge=0, le=99)] | None = None
    age_max: Annotated[int, Field(ge=0, le=99)] | None = None
    explicitness: vocab_value(vocab.EXPLICITNESS) = "none"
    explicitness_note: ShortText = ""
    explicitness_note_en: ShortText = ""
    recognition: list[Recognition] = []
    reviewed_at: LooseDate | None = None
    status: vocab_value(vocab.STATUS) = "published"

    # Field validators rather than one model validator, so that a problem names its field.
    # Fields are validated in the order declared: age_min before age_max, languages before
    # language_modes; when the earlier one is itself invalid, that problem is reported instead.
    @field_validator("language_modes")
    @classmethod
    def _modes_for_listed_languages(cls, value: dict, info: ValidationInfo) -> dict:
        languages = info.data.get("languages")
        stray = [code for code in value if languages is not None and code not in languages]
        if stray:
            raise ValueError(f"language_modes names {', '.join(stray)}, which is not in languages")
        return value

    @field_validator("age_max")
    @classmethod
    def _age_range_ordered(cls, value: int | None, info: ValidationInfo) -> int | None:
        age_min = info.data.get("age_min")
        if value is not None and age_min is not None and age_min > value:
            raise ValueError(f"age_min ({age_min}) is greater than age_max ({value})")
        return value


class GlossaryEntry(Strict):
    slug: Slug
    term: Title100
    term_en: ShortText100 = ""
    definition: LongText
    definition_en: Text = ""
    related: Annotated[list[Slug], AfterValidator(_unique)] = []


class HelpLineEntry(Strict):
    slug: Slug
    name: Title200
    name_en: ShortText = ""
    kind: vocab_value(vocab.HELPLINE_KINDS) = "hulplijn"
    organisation: Annotated[
        str | None, BeforeValidator(_blank_to_none), AfterValidator(_optional_one_line)
    ] = None
    url: OptionalUrl = None
    phone: Annotated[
        str,
        BeforeValidator(_none_to_blank),
        StringConstraints(pattern=r"^[0-9+][0-9 ()-]*$|^$", max_length=40),
    ] = ""
    chat: bool = False
    email: bool = False
    free: bool | None = None
    anonymous: bool | None = None
    age_min: Annotated[int, Field(ge=0, le=99)] | None = None
    age_max: Annotated[int, Field(ge=0, le=99)] | None = None
    helps_with: LongText
    helps_with_en: Text = ""
    note: ShortText = ""
    note_en: ShortText = ""

    @field_validator("age_max")
    @classmethod
    def _age_range_ordered(cls, value: int | None, info: ValidationInfo) -> int | None:
        age_min = info.data.get("age_min")
        if value is not None and age_min is not None and age_min > value:
            raise ValueError(f"age_min ({age_min}) is greater than age_max ({value})")
        return value


class MapDocument(Strict):
    """A whole map file. In a partial file (upsert) every key but ``map`` may be left out."""

    map: MapInfo | None = None
    sections: list[SectionEntry] = []
    organisations: list[OrganisationEntry] = []
    resources: list[ResourceEntry] = []
    glossary: list[GlossaryEntry] = []
    helplines: list[HelpLineEntry] = []


TOP_LEVEL_KEYS: tuple[str, ...] = tuple(MapDocument.model_fields)
