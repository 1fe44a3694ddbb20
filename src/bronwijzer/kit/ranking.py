"""Which material fits a conversation, in what order, and why.

``kit_propose`` ranks the published resources for the answers of the guided
start. Language comes first, because a handout in Arabic that proposes Dutch-only
material is no help to a mother who reads Arabic: material that exists in the
parent's own language, then in another language she reads, then material she can
follow without reading it (language-free, or subtitled in her language). Within
each of those tiers the other answers (situation, audience, context, age) order it.

``resource_fit`` explains, item by item, how a resource fits those answers; the kit
page and the professional's preparation sheet print those reasons, and warn when
something does not fit (another language, an age range that excludes the child,
explicit material). ``kit_alternatives`` and ``language_gaps`` serve the case the
map has nothing in her language: say so, and offer the best of what there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

#: Language tiers, best first. NO_LANGUAGE_ASKED when the professional named no language.
OWN_LANGUAGE, OTHER_LANGUAGE, WITHOUT_READING, NOT_IN_HER_LANGUAGES = range(4)
NO_LANGUAGE_ASKED = OWN_LANGUAGE
#: Ways of being available in a language that she can read or hear herself.
FULL_MODES = frozenset({"tekst", "eenvoudig", "audio"})
#: Formats that show rather than tell: the best choice to watch together when nothing is in her language.
VISUAL_FORMATS = frozenset({"video", "animatie", "ouderavond"})


@dataclass(frozen=True)
class Reason:
    fits: bool
    text: str


@dataclass(frozen=True)
class Fit:
    resource: ResourceDoc
    score: int
    reasons: tuple[Reason, ...]
    tier: int = NO_LANGUAGE_ASKED
    language: Reason | None = None  # also the first of ``reasons``

    @property
    def fits(self) -> bool:
        return all(r.fits for r in self.reasons)

    @property
    def problems(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.fits)

    @property
    def in_her_language(self) -> bool:
        """Readable or watchable by the parent herself (or no language was asked for)."""
        return self.tier != NOT_IN_HER_LANGUAGES

    def fits_except_language(self) -> bool:
        return all(r.fits for r in self.reasons if r is not self.language)


def _names(codes: Iterable[str], locale: str) -> str:
    return ", ".join(language_name(c, locale) for c in codes)


def _either(codes: Sequence[str], locale: str) -> str:
    """'Arabisch', 'Engels of Oekraïens', 'Pools, Turks of Arabisch'."""
    names = [language_name(c, locale) for c in codes]
    if len(names) < 2:
        return "".join(names)
    return _("%(some)s of %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def language_tier(doc: ResourceDoc, languages: Sequence[str]) -> int:
    """How well ``doc`` serves a parent who reads ``languages`` (her own first): a tier, best = 0."""
    if not languages:
        return NO_LANGUAGE_ASKED
    best = NOT_IN_HER_LANGUAGES
    for rank, code in enumerate(languages):
        if code not in doc.languages:
            continue
        modes = set(doc.language_modes.get(code, []))
        if not modes or modes & FULL_MODES:
            return OWN_LANGUAGE if rank == 0 else min(best, OTHER_LANGUAGE)
        best = min(best, WITHOUT_READING)  # subtitles only: she can watch it, not read it
    if LANGUAGE_FREE in doc.languages:
        best = min(best, WITHOUT_READING)
    return best


def _language_reason(doc: ResourceDoc, options: KitOptions, locale: str) -> tuple[int, Reason | None]:
    tier = language_tier(doc, options.languages)
    if not options.languages:
        return tier, None
    for code in options.languages:
        if code in doc.languages:
            modes = doc.language_modes.get(code, [])
            how = ", ".join(vocab.LANGUAGE_MODES.label_for(m) for m in modes)
            text = _("In het %(language)s") % {"language": language_name(code, locale)}
            if how:
                text += f" ({how})"
            return tier, Reason(True, text)
    if LANGUAGE_FREE in doc.languages:
        return tier, Reason(True, _("Zonder taal te gebruiken"))
    return tier, Reason(
        False,
        _("Niet in het %(wanted)s; alleen in: %(available)s")
        % {"wanted": _either(options.languages, locale), "available": _names(doc.languages, locale) or "?"},
    )


def _labels(field: str, slugs) -> str:
    return ", ".join(vocab.BY_FIELD[field].label_for(s) for s in slugs)


def _audience_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason | None]:
    """Made for this conversation? The reason names every audience of the material, in the map's
    order, so a school lesson with a parents' part reads "jongeren, ouders", not "ouders"."""
    wanted = AUDIENCES_FOR_WHO.get(options.who)
    if not wanted:
        return 0, None
    everyone = _labels("audiences", doc.audiences) or "?"
    positions = [i for i, a in enumerate(doc.audiences) if a in wanted]
    if not positions:
        return 0, Reason(
            False, _("Niet gemaakt voor dit gesprek, wel voor: %(audiences)s") % {"audiences": everyone}
        )
    # Made first of all for them scores higher than a side audience.
    return (3 if positions[0] == 0 else 1), Reason(
        True, _("Gemaakt voor: %(audiences)s") % {"audiences": everyone}
    )


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
        return -2, Reason(True, _("Gemaakt voor: %(contexts)s") % {"contexts": _labels("contexts", faiths)})
    return 0, None


def _explicitness_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason | None]:
    if doc.explicitness == "none":
        return 0, None  # the usual case: nothing to say
    note = doc.localised("explicitness_note")
    text = _("Kan voor sommige ouders te expliciet zijn")
    if note:
        text += f": {note}"
    return 0, Reason(options.explicit_ok, text)


def _situation_reason(doc: ResourceDoc, options: KitOptions) -> tuple[int, Reason | None]:
    themes = THEMES_FOR_SITUATION.get(options.situation)
    shared = [t for t in doc.themes if themes and t in themes]
    if not shared:
        return 0, None
    return 2, Reason(True, _("Over: %(themes)s") % {"themes": _labels("themes", shared)})


def _link_score(doc: ResourceDoc) -> int:
    # Material she can reach from a QR code on the handout beats material she has to search for.
    return 1 if doc.url and doc.url_verified else 0


def resource_fit(doc: ResourceDoc, options: KitOptions, locale: str = "nl") -> Fit:
    """How ``doc`` fits the answers in ``options``: its language tier, a score and the reasons.

    The language reason, when there is one, comes first.
    """
    tier, language = _language_reason(doc, options, locale)
    score = _link_score(doc)
    reasons: list[Reason] = [language] if language is not None else []
    for points, reason in (
        _situation_reason(doc, options),
        _audience_reason(doc, options),
        _age_reason(doc, options),
        _context_reason(doc, options),
        _explicitness_reason(doc, options),
    ):
        score += points
        if reason is not None:
            reasons.append(reason)
    return Fit(doc, score, tuple(reasons), tier, language)


def _watchable(doc: ResourceDoc) -> int:
    # Something to watch together (with an interpreter) helps most when she cannot read it.
    return 2 if VISUAL_FORMATS & set(doc.formats) else 0


def _order(fit: Fit) -> tuple:
    return (fit.tier, -fit.score, fit.resource.position, fit.resource.slug)


@dataclass(frozen=True)
class Ranking:
    """Every candidate resource for one set of answers, with its fit, best first.

    Help lines and reporting points are not candidates: every handout lists the help lines
    themselves.
    """

    options: KitOptions
    fits: tuple[Fit, ...]

    def proposal(self, size: int = PROPOSAL_SIZE, leave_out: frozenset[str] = frozenset()) -> list[Fit]:
        """The best-fitting resources: only ones without a problem.

        Only material the parent can read or watch in one of her languages is proposed; when
        there is none, the proposal is empty and :meth:`alternatives` offers what comes closest.
        """
        return [f for f in self.fits if f.fits and f.resource.slug not in leave_out][:size]

    def alternatives(self, size: int = PROPOSAL_SIZE, leave_out: frozenset[str] = frozenset()) -> list[Fit]:
        """Material that fits every answer but the language, for when too little is in her language.

        What she can watch together with the professional or an interpreter (video, a recorded
        parents' evening) gets a head start over text. Each keeps its language
        problem as a reason, so the page says plainly that it is not in her language.
        """
        near = [
            f
            for f in self.fits
            if not f.in_her_language and f.fits_except_language() and f.resource.slug not in leave_out
        ]
        near.sort(key=lambda f: (-f.score - _watchable(f.resource), *_order(f)[2:]))
        return near[:size]

    def language_gaps(self, chosen: Iterable[Fit] = ()) -> tuple[list[str], list[str]]:
        """The parent's languages (Dutch aside) the kit cannot serve, in two lists.

        ``(absent, unmatched)``: languages the map has no material in at all, and languages it
        has material in but none that fits these answers and none in the kit.
        """
        wanted = [c for c in self.options.languages if c != "nl"]
        chosen = list(chosen)
        on_map: set[str] = set()
        served: set[str] = set()
        for fit in self.fits:
            here = set(fit.resource.languages) & set(wanted)
            on_map |= here
            if fit.fits:
                served |= here
        for fit in chosen:
            here = set(fit.resource.languages) & set(wanted)
            on_map |= here
            served |= here
        absent = [c for c in wanted if c not in on_map]
        unmatched = [c for c in wanted if c in on_map and c not in served]
        return absent, unmatched


def kit_rank(docs: Iterable[ResourceDoc], options: KitOptions, locale: str = "nl") -> Ranking:
    fits = [resource_fit(doc, options, locale) for doc in docs if "hulplijn" not in doc.formats]
    fits.sort(key=_order)
    return Ranking(options, tuple(fits))


def kit_propose(
    docs: Iterable[ResourceDoc], options: KitOptions, *, size: int = PROPOSAL_SIZE, locale: str = "nl"
) -> list[Fit]:
    """The best-fitting resources for ``options``, best first (see :meth:`Ranking.proposal`)."""
    return kit_rank(docs, options, locale).proposal(size)
