"""Which material fits a conversation, in what order, and why.

``kit_propose`` ranks the published resources for the answers of the guided
start. ``resource_fit`` explains, item by item, how a resource fits those
answers; the professional's preparation sheet prints those reasons, and the
kit page warns when she added something that does not fit (another language,
an age range that excludes the child, explicit material).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from bronwijzer.catalog import vocab
from bronwijzer.kit.options import (
    AUDIENCES_FOR_WHO,
    LANGUAGE_FREE,
    RELIGIOUS_CONTEXTS,
    THEMES_FOR_SITUATION,
    KitOptions,
)
from bronwijzer.lib.languages import language_name
from bronwijzer.search.documents import ResourceDoc

#: How many resources the guided start proposes.
PROPOSAL_SIZE = 6


@dataclass(frozen=True)
class Reason:
    fits: bool
    text: str


@dataclass(frozen=True)
class Fit:
    resource: ResourceDoc
    score: int
    reasons: tuple[Reason, ...]

    @property
    def fits(self) -> bool:
        return all(r.fits for r in self.reasons)

    @property
    def problems(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.fits)


def _names(codes, locale: str) -> str:
    return ", ".join(language_name(c, locale) for c in codes)


def _language_reason(doc: ResourceDoc, options: KitOptions, locale: str) -> tuple[int, Reason | None]:
    if not options.languages:
        return 0, None
    if LANGUAGE_FREE in doc.languages:
        return 1, Reason(True, _("Zonder taal te gebruiken"))
    for rank, code in enumerate(options.languages):
        if code in doc.languages:
            modes = doc.language_modes.get(code, [])
            how = ", ".join(vocab.LANGUAGE_MODES.label_for(m) for m in modes)
            name = language_name(code, locale)
            text = _("Bestaat in het %(language)s") % {"language": name}
            if how:
                text += f" ({how})"
            return (4 if rank == 0 else 2), Reason(True, text)
    wanted = _names(options.languages, locale)
    return 0, Reason(
        False,
        _("Niet in %(wanted)s; wel in: %(available)s")
        % {"wanted": wanted, "available": _names(doc.languages, locale) or "?"},
    )


def _audience_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason | None]:
    wanted = AUDIENCES_FOR_WHO.get(options.who)
    if not wanted:
        return 0, None
    shared = [a for a in doc.audiences if a in wanted]
    if shared:
        return 3, Reason(True, _("Gemaakt voor: %(audiences)s") % {"audiences": _labels("audiences", shared)})
    return 0, Reason(
        False,
        _("Niet gemaakt voor dit gesprek, wel voor: %(audiences)s")
        % {"audiences": _labels("audiences", doc.audiences) or "?"},
    )


def _labels(field: str, slugs) -> str:
    return ", ".join(vocab.BY_FIELD[field].label_for(s) for s in slugs)


def _age_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason | None]:
    if options.age is None:
        return 0, None
    low, high = doc.age_min, doc.age_max
    if low is None and high is None:
        return 0, Reason(True, _("Geen leeftijd aangegeven"))
    span = f"{low if low is not None else 0}–{high if high is not None else '…'}"
    inside = (low is None or options.age >= low) and (high is None or options.age <= high)
    if inside:
        return 1, Reason(
            True, _("Past bij %(age)s jaar (%(span)s jaar)") % {"age": options.age, "span": span}
        )
    return 0, Reason(
        False, _("Voor %(span)s jaar, niet voor %(age)s jaar") % {"age": options.age, "span": span}
    )


def _context_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason | None]:
    shared = [c for c in doc.contexts if c in options.contexts]
    if shared:
        return 2 * len(shared), Reason(
            True, _("Past bij de context: %(contexts)s") % {"contexts": _labels("contexts", shared)}
        )
    faiths = [c for c in doc.contexts if c in RELIGIOUS_CONTEXTS]
    chosen_faiths = set(options.contexts) & RELIGIOUS_CONTEXTS
    if faiths and chosen_faiths and not chosen_faiths & set(faiths):
        return 0, Reason(
            False,
            _("Gemaakt voor een andere geloofsgroep: %(contexts)s")
            % {"contexts": _labels("contexts", faiths)},
        )
    if faiths:
        return -1, Reason(True, _("Gemaakt voor: %(contexts)s") % {"contexts": _labels("contexts", faiths)})
    return 0, None


def _explicitness_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason]:
    if doc.explicitness == "none":
        return 0, Reason(True, _("Niet expliciet"))
    note = doc.localised("explicitness_note")
    text = _("Kan voor sommige ouders te expliciet zijn")
    if note:
        text += f": {note}"
    return 0, Reason(options.explicit_ok, text)


def _situation_score(doc: ResourceDoc, options: KitOptions) -> int:
    themes = THEMES_FOR_SITUATION.get(options.situation)
    return 2 if themes and themes & set(doc.themes) else 0


def resource_fit(doc: ResourceDoc, options: KitOptions, locale: str = "nl") -> Fit:
    """How ``doc`` fits the answers in ``options``: a score and the reasons, good and bad."""
    score = _situation_score(doc, options)
    reasons: list[Reason] = []
    for points, reason in (
        _language_reason(doc, options, locale),
        _audience_reason(doc, options),
        _age_reason(doc, options),
        _context_reason(doc, options),
        _explicitness_reason(doc, options),
    ):
        score += points
        if reason is not None:
            reasons.append(reason)
    return Fit(doc, score, tuple(reasons))


def kit_propose(
    docs: list[ResourceDoc], options: KitOptions, *, size: int = PROPOSAL_SIZE, locale: str = "nl"
) -> list[Fit]:
    """The best-fitting resources for ``options``, best first; only ones without a problem.

    Help lines and reporting points are left out: every handout lists the help
    lines themselves.
    """
    fits = [resource_fit(doc, options, locale) for doc in docs if "hulplijn" not in doc.formats]
    good = [f for f in fits if f.fits]
    good.sort(key=lambda f: (-f.score, f.resource.position, f.resource.slug))
    return good[:size]
