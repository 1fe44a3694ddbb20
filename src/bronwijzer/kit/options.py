"""What the guided start asks, and what a kit remembers about the conversation.

Nothing here identifies anyone: the answers describe a kind of conversation
(who it is with, which languages, the child's age), and they live only in the
kit's URL (see :mod:`bronwijzer.kit.codec`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

from bronwijzer.catalog import vocab
from bronwijzer.lib.languages import LANGUAGE_FREE

__all__ = ["LANGUAGE_FREE", "KitOptions"]

#: Who the conversation is with; the slug is the form value.
WHO: tuple[tuple[str, str | StrPromise], ...] = (
    ("ouder", _("Eén ouder")),
    ("ouders", _("Ouders samen")),
    ("groep", _("Een groep ouders (bijvoorbeeld een ouderavond)")),
    ("jongere", _("Een jongere")),
    ("team", _("Een team of collega's")),
)

#: The situation the conversation is about.
SITUATIONS: tuple[tuple[str, str | StrPromise], ...] = (
    ("preventie", _("Voorkomen: er is (nog) niets gebeurd")),
    ("zorg", _("Er is een zorg of vermoeden")),
    ("incident", _("Er is iets gebeurd")),
)

#: The material's audiences that suit each kind of conversation.
AUDIENCES_FOR_WHO: dict[str, frozenset[str]] = {
    "ouder": frozenset({"ouders"}),
    "ouders": frozenset({"ouders"}),
    "groep": frozenset({"ouders"}),
    "jongere": frozenset({"jongeren", "slachtoffers", "jonge-plegers"}),
    "team": frozenset({"teams", "professionals"}),
}

#: Themes that fit each situation best.
THEMES_FOR_SITUATION: dict[str, frozenset[str]] = {
    "preventie": frozenset({"preventie", "wat-is-sexting-misbruik"}),
    "zorg": frozenset({"wat-is-sexting-misbruik", "preventie", "eergerelateerd-geweld"}),
    "incident": frozenset({"melden-en-hulp"}),
}

#: Contexts that are a faith: material made for one faith does not fit another.
RELIGIOUS_CONTEXTS = frozenset({"islamitisch", "christelijk", "reformatorisch"})

MAX_LANGUAGES = 4
MAX_AGE = 120


@dataclass(frozen=True)
class KitOptions:
    """The answers of the guided start; every field may be left open."""

    who: str = ""
    languages: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    age: int | None = None
    situation: str = ""
    explicit_ok: bool = False
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_group(self) -> bool:
        return self.who == "groep"

    def who_label(self) -> str:
        return str(dict(WHO).get(self.who, ""))

    def situation_label(self) -> str:
        return str(dict(SITUATIONS).get(self.situation, ""))

    def context_labels(self) -> list[str]:
        return [vocab.CONTEXTS.label_for(c) for c in self.contexts]

    @property
    def answered(self) -> bool:
        return bool(self.who or self.languages or self.contexts or self.age is not None or self.situation)
