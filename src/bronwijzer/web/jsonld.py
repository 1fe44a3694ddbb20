"""schema.org descriptions (JSON-LD) of the resource, organisation and glossary pages.

Each page carries one ``<script type="application/ld+json">`` data block (never executed)
whose JSON has ``<``, ``>`` and ``&`` escaped, so no text from the catalog can end the
element. Only published resources are described; only properties that schema.org defines
for the type are used (the tests check every page against the schema.org 12.0 vocabulary).

Identifiers (``@id``) do not depend on the page language: they are the Dutch page's address
with a fragment (``#bron``, ``#organisatie``, a glossary term's own anchor), so the Dutch and
the English page describe the same thing. ``url`` is the page in the language being read.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bronwijzer.catalog import vocab
from bronwijzer.lib.i18n import localised
from bronwijzer.lib.languages import LANGUAGE_FREE

CONTEXT = "https://schema.org"

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script(data: dict[str, Any] | None) -> SafeString:
    """``data`` as a JSON-LD ``<script>`` element that no value can break out of ("" for None)."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above


def _default_language_path(name: str, *args: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def organisation_id(base: str, slug: str) -> str:
    return base + _default_language_path("web:organisation", slug) + "#organisatie"


def resource_id(base: str, slug: str) -> str:
    return base + _default_language_path("web:resource", slug) + "#bron"


def glossary_id(base: str) -> str:
    return base + _default_language_path("web:glossary")


def organisation_node(base: str, organisation) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": organisation_id(base, organisation.slug),
        "name": organisation.name,
    }
    if organisation.url:
        node["url"] = organisation.url
    return node


def typical_age_range(age_min: int | None, age_max: int | None) -> str | None:
    """schema.org's notation: "12-18", "11-" (from 11), "0-12" (up to 12)."""
    if age_min is None and age_max is None:
        return None
    if age_max is None:
        return f"{age_min}-"
    return f"{age_min if age_min is not None else 0}-{age_max}"


def resource_data(base: str, resource, organisations) -> dict[str, Any] | None:
    """A published resource as a schema.org LearningResource; None for a draft."""
    if resource.status != "published":
        return None
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "LearningResource",
        "@id": resource_id(base, resource.slug),
        "name": resource.title,
        "description": localised(resource, "summary"),
        "url": base + reverse("web:resource", args=[resource.slug]),
    }
    if resource.url and resource.url_verified:
        data["sameAs"] = resource.url  # only a confirmed address identifies the material itself
    languages = [code for code in resource.languages if code != LANGUAGE_FREE]
    if languages:
        data["inLanguage"] = languages
    if resource.formats:
        data["learningResourceType"] = [vocab.FORMATS.label_for(slug) for slug in resource.formats]
    audience = [
        {"@type": "Audience", "audienceType": vocab.AUDIENCES.label_for(s)} for s in resource.audiences
    ]
    audience += [
        {"@type": "EducationalAudience", "audienceType": vocab.PROFESSIONS.label_for(s)}
        for s in resource.professions
    ]
    if audience:
        data["audience"] = audience
    ages = typical_age_range(resource.age_min, resource.age_max)
    if ages:
        data["typicalAgeRange"] = ages
    if resource.cost in ("free", "paid"):
        data["isAccessibleForFree"] = resource.cost == "free"
    if organisations:
        data["publisher"] = [organisation_node(base, org) for org in organisations]
    if resource.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in resource.authors]
    if resource.themes:
        data["keywords"] = [vocab.THEMES.label_for(slug) for slug in resource.themes]
    if resource.updated_at:
        data["dateModified"] = timezone.localtime(resource.updated_at).isoformat(timespec="seconds")
    return data


def organisation_data(base: str, organisation) -> dict[str, Any]:
    return {"@context": CONTEXT, **organisation_node(base, organisation)}


def glossary_data(base: str, terms) -> dict[str, Any]:
    """The glossary as a DefinedTermSet of DefinedTerms, each identified by its anchor on the page."""
    set_id = glossary_id(base)
    page = base + reverse("web:glossary")
    return {
        "@context": CONTEXT,
        "@type": "DefinedTermSet",
        "@id": set_id,
        "name": _("Begrippen"),
        "url": page,
        "inLanguage": (get_language() or settings.LANGUAGE_CODE).split("-")[0],
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "@id": f"{set_id}#{term.slug}",
                "name": localised(term, "term"),
                "description": localised(term, "definition"),
                "url": f"{page}#{term.slug}",
                "inDefinedTermSet": set_id,
            }
            for term in terms
        ],
    }
