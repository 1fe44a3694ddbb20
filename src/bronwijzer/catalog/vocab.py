"""Controlled vocabularies: stable Dutch slugs with Dutch and English labels.

Slugs are part of the map-file format and the API contract: never rename one,
add a new slug instead. Labels are gettext strings (the Dutch label is the
msgid, so the Dutch site needs no catalogue and English comes from ``en``).
Languages are not listed here: they are ISO 639-1 codes, labelled by Babel
(see :mod:`bronwijzer.lib.languages`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Term:
    slug: str
    label: str | StrPromise  # lazy gettext string; str() gives the active language


@dataclass(frozen=True)
class Vocabulary:
    name: str  # the facet / field name in the API (singular)
    field: str  # the Resource attribute holding the slugs
    label: str | StrPromise
    terms: tuple[Term, ...]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.terms)

    def label_for(self, slug: str) -> str:
        for t in self.terms:
            if t.slug == slug:
                return str(t.label)
        return slug

    def choices(self, only: Iterable[str] | None = None) -> list[tuple[str, str | StrPromise]]:
        """(slug, label) pairs with the lazy labels (so a form shows them in the page's language),
        in the vocabulary's order, or only ``only``'s slugs in their order."""
        labels = {t.slug: t.label for t in self.terms}
        return [(slug, labels[slug]) for slug in (labels if only is None else only)]


def _vocab(
    name: str, field: str, label: str | StrPromise, pairs: Iterable[tuple[str, str | StrPromise]]
) -> Vocabulary:
    return Vocabulary(name, field, label, tuple(Term(s, lbl) for s, lbl in pairs))


THEMES = _vocab(
    "theme",
    "themes",
    _("Thema"),
    [
        ("wat-is-sexting-misbruik", _("Wat is sexting misbruik")),
        ("diversiteit", _("Sensitiviteit voor diversiteit")),
        ("levensbeschouwing", _("Levensbeschouwelijk werken")),
        ("eergerelateerd-geweld", _("Eergerelateerd geweld")),
        ("preventie", _("Preventie")),
        ("melden-en-hulp", _("Melden en hulp")),
    ],
)

PROFESSIONS = _vocab(
    "profession",
    "professions",
    _("Beroepsgroep"),
    [
        ("basisonderwijs", _("Basisonderwijs")),
        ("voortgezet-onderwijs", _("Voortgezet onderwijs")),
        ("speciaal-onderwijs", _("Speciaal onderwijs")),
        ("mbo", _("Mbo")),
        ("opvoedondersteuning", _("Opvoedondersteuning")),
        ("wijk-en-jeugdteams", _("Wijk- en jeugdteams")),
        ("sociaal-professionals", _("Sociaal professionals")),
        ("vrijwilligers", _("Vrijwilligers en informele werkers")),
        ("kerken-en-verenigingen", _("Kerken en verenigingen")),
    ],
)

AUDIENCES = _vocab(
    "audience",
    "audiences",
    _("Doelgroep"),
    [
        ("professionals", _("Professionals")),
        ("ouders", _("Ouders")),
        ("jongeren", _("Jongeren")),
        ("slachtoffers", _("Slachtoffers")),
        ("jonge-plegers", _("Jonge plegers")),
        ("teams", _("Teams")),
    ],
)

FORMATS = _vocab(
    "format",
    "formats",
    _("Soort materiaal"),
    [
        ("brochure", _("Brochure")),
        ("artikel", _("Artikel")),
        ("publicatie", _("Publicatie of onderzoek")),
        ("video", _("Video of animatie")),
        ("podcast", _("Podcast")),
        ("online-training", _("Online training")),
        ("e-learning", _("E-learning")),
        ("cursus", _("Cursus")),
        ("handreiking", _("Handreiking")),
        ("factsheet", _("Factsheet")),
        ("toolbox", _("Toolbox")),
        ("gesprekstool", _("Gesprekstool")),
        ("les", _("Les of lesprogramma")),
        ("workshop", _("Workshop")),
        ("escaperoom", _("Escaperoom")),
        ("boek", _("Boek")),
        ("website", _("Website")),
        ("ouderavond", _("Ouderavond (opname)")),
        ("hulplijn", _("Hulplijn of meldpunt")),
        ("aanpak", _("Aanpak of interventie")),
    ],
)

CONTEXTS = _vocab(
    "context",
    "contexts",
    _("Culturele of religieuze context"),
    [
        ("migratieachtergrond", _("Migratieachtergrond")),
        ("nieuwkomers", _("Nieuwkomers en vluchtelingen")),
        ("islamitisch", _("Islamitisch")),
        ("christelijk", _("Christelijk")),
        ("reformatorisch", _("Reformatorisch")),
        ("lhbtiq", _("lhbtqi+")),  # the print's spelling; the slug stays as it was
        ("gender", _("Gender")),
    ],
)

COST = _vocab(
    "cost",
    "cost",
    _("Kosten"),
    [
        ("free", _("Gratis")),
        ("paid", _("Betaald")),
        ("unknown", _("Kosten onbekend")),
    ],
)

EXPLICITNESS = _vocab(
    "explicitness",
    "explicitness",
    _("Explicietheid"),
    [
        ("none", _("Niet expliciet")),
        ("some", _("Deels expliciet")),
        ("explicit", _("Expliciet")),
    ],
)

LANGUAGE_MODES = _vocab(
    "language_mode",
    "language_modes",
    _("Hoe beschikbaar"),
    [
        ("tekst", _("volledige tekst")),
        ("ondertiteling", _("ondertiteling")),
        ("eenvoudig", _("eenvoudige taal")),
        ("audio", _("gesproken")),
    ],
)

STATUS = _vocab(
    "status",
    "status",
    _("Status"),
    [("draft", _("Concept")), ("published", _("Gepubliceerd"))],
)

HELPLINE_KINDS = _vocab(
    "kind",
    "kind",
    _("Soort hulp"),
    [
        ("hulplijn", _("Hulplijn")),
        ("meldpunt", _("Meldpunt")),
        ("verwijderhulp", _("Beelden laten verwijderen")),
    ],
)


@dataclass(frozen=True)
class AgeBand:
    slug: str  # also the query value, "min-max"
    low: int
    high: int
    label: str | StrPromise


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("0-11", 0, 11, _("tot 12 jaar")),
    AgeBand("12-14", 12, 14, _("12 tot 15 jaar")),
    AgeBand("15-17", 15, 17, _("15 tot 18 jaar")),
    AgeBand("18-99", 18, 99, _("18 jaar en ouder")),
)

#: Multi-valued resource facets, in the order the filter panel shows them.
LIST_FACETS: tuple[Vocabulary, ...] = (THEMES, PROFESSIONS, AUDIENCES, FORMATS, CONTEXTS)

BY_FIELD: dict[str, Vocabulary] = {
    v.field: v for v in (THEMES, PROFESSIONS, AUDIENCES, FORMATS, CONTEXTS, COST, EXPLICITNESS, STATUS)
}
