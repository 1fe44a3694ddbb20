"""The interpreter sheet ("Tolkblad"): what goes on it, in Dutch and in the parent's language.

One A4 for the professional and the interpreter or key figure who helps with the conversation:
the key words of the conversation (handout texts, :data:`~bronwijzer.kit.handout_text.KEY_WORDS`,
translated in every handout language), the glossary terms of the kit's selection with the map's
plain Dutch definition, and the help lines. A glossary term has a translation only when it is
also one of the key words: a term's translation is never made up at runtime; the sheet says
plainly that there is none yet.

The glossary is the part that grows with the selection (and with a map's long definitions), so
it gets a fixed share of the page (:data:`GLOSSARY_LINES`): the terms that do not fit are left
out in order, and the sheet says how many and where to find them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil

from bronwijzer.catalog.models import GlossaryTerm
from bronwijzer.kit import handout_text as T
from bronwijzer.kit.handout import HandoutText

#: The glossary's share of the A4 sheet, in printed lines of the Dutch column (about
#: :data:`LINE_CHARS` characters each at the sheet's type size). Measured: with every key word and
#: the default map's help lines, a full sheet in the longest language (French) still has room for
#: a few lines more, so the sheet stays one page (tests render it in every handout language).
GLOSSARY_LINES = 14
LINE_CHARS = 90
#: Her column beside a term is narrower: "(no translation yet: ...)" takes two lines there.
MIN_TERM_LINES = 2


@dataclass(frozen=True)
class KeyWord:
    word_nl: str
    explained_nl: str
    word: str  # in the parent's language ("" when her language has no text for it yet)
    explained: str


@dataclass(frozen=True)
class SheetTerm:
    slug: str
    term: str  # Dutch, as the map has it
    definition: str  # the map's plain Dutch definition
    translation: str  # the word in her language when the term is one of the key words, else ""


@dataclass(frozen=True)
class SheetGlossary:
    terms: tuple[SheetTerm, ...]
    left_out: int  # terms of the selection that did not fit on the sheet


def key_words(text: HandoutText) -> list[KeyWord]:
    """The key words in Dutch and in ``text``'s language.

    A word counts as translated when its explanation is: the word itself may rightly be the same
    in both languages ("sexting", "Veilig Thuis"), a sentence never is. A catalogue uploaded before
    the key words existed lacks them; those rows are left empty on her side (the template then
    prints :data:`~bronwijzer.kit.handout_text.NO_TRANSLATION`) rather than repeating the Dutch.
    """
    words = []
    for word, explained in T.KEY_WORDS:
        translated = text.translates(explained)
        words.append(
            KeyWord(
                word_nl=word,
                explained_nl=explained,
                word=text.gettext(word) if translated else "",
                explained=text.gettext(explained) if translated else "",
            )
        )
    return words


def _lines(term: GlossaryTerm) -> int:
    """Printed lines a term's row takes: its name and definition run on in the Dutch column."""
    return max(MIN_TERM_LINES, ceil((len(term.term) + 2 + len(term.definition)) / LINE_CHARS))


def sheet_glossary(
    terms: Iterable[GlossaryTerm], words: list[KeyWord], limit: int = GLOSSARY_LINES
) -> SheetGlossary:
    """The terms that fit in ``limit`` lines, in order, each with her word when it is a key word."""
    translations = {w.word_nl.casefold(): w.word for w in words if w.word}
    kept: list[SheetTerm] = []
    left_out = 0
    used = 0
    for term in terms:
        cost = _lines(term)
        if used + cost > limit:
            left_out += 1
            continue
        used += cost
        kept.append(
            SheetTerm(
                slug=term.slug,
                term=term.term,
                definition=term.definition,
                translation=translations.get(term.term.strip().casefold(), ""),
            )
        )
    return SheetGlossary(tuple(kept), left_out)
