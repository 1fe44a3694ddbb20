"""The domain synonym list (``synonyms.yaml``): loading, validation and lookup.

A group's ``words`` are equivalent: any of them finds documents with any other.
Its optional ``also`` words are *related*: one-way (``marokkaans`` relates to Arabic
material; ``arabisch`` does not relate to "Marokkaans"), and they only raise the
ranking of what the typed word and its synonyms find. They stand in for the typed
word only when it and its synonyms find nothing at all (see
:mod:`bronwijzer.search.textindex`).
A word may be a phrase (all its words must occur) or ``lang:xx``, which matches
materials available in the language with ISO 639-1 code ``xx``. The Dutch and
English names of every language (from Babel) are added to the language's group.

Query words are matched against the groups by their folded form and by their
Dutch or English stems, so inflections ("moeders", "parents") need no entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bronwijzer.lib.i18n import SITE_LANGUAGES
from bronwijzer.lib.languages import is_language_code, iso639_1_codes, language_name
from bronwijzer.search.analysis import is_stopword, query_tokens, stem_keys

DEFAULT_PATH = Path(__file__).with_name("synonyms.yaml")

#: Score factors of a synonym relative to the typed word.
SYNONYM = 0.8
RELATED = 0.6

Form = tuple[str, ...]  # folded query tokens, or ("lang:xx",)

_GROUP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANG = "lang:"


class SynonymError(ValueError):
    """The synonym file has an entry that cannot be used; the message names the group."""


@dataclass(frozen=True)
class SynonymGroup:
    name: str
    words: tuple[Form, ...]
    also: tuple[Form, ...] = ()


def language_of(form: Form) -> str | None:
    """The language code of a ``lang:xx`` form, else None."""
    if len(form) == 1 and form[0].startswith(_LANG):
        return form[0][len(_LANG) :]
    return None


def _keys(form: Form) -> tuple[tuple[str, ...], ...]:
    """How a form is looked up: as typed, by Dutch stems and by English stems (see ``stem_keys``)."""
    keys = [stem_keys(word) for word in form]
    return (("=", *form), ("nl", *(k[0] for k in keys)), ("en", *(k[1] for k in keys)))


class Synonyms:
    def __init__(self, groups: Iterable[SynonymGroup]):
        self.groups: tuple[SynonymGroup, ...] = tuple(groups)
        self._by_key: dict[tuple[str, ...], set[int]] = {}
        for number, group in enumerate(self.groups):
            for form in group.words:
                if language_of(form) is None:
                    for key in _keys(form):
                        self._by_key.setdefault(key, set()).add(number)
        self.max_words = max((len(f) for g in self.groups for f in g.words), default=1)
        #: single-word forms, as candidates for typo correction
        self.words: tuple[str, ...] = tuple(
            sorted({f[0] for g in self.groups for f in g.words if len(f) == 1 and language_of(f) is None})
        )
        #: every word of every form (phrases too), "also" words included: all are known words
        self.all_words: frozenset[str] = frozenset(
            word
            for g in self.groups
            for f in (*g.words, *g.also)
            if language_of(f) is None
            for word in f
            if not is_stopword(word)
        )

    def __len__(self) -> int:
        return len(self.groups)

    def _groups_of(self, form: Form) -> set[int]:
        found: set[int] = set()
        for key in _keys(form):
            found |= self._by_key.get(key, set())
        return found

    def is_form(self, form: Form) -> bool:
        return bool(self._groups_of(form))

    def is_word(self, word: str) -> bool:
        """Whether a folded word is a word of the list: a one-word form, or a word of a phrase."""
        return word in self.all_words or self.is_form((word,))

    def languages(self, form: Form) -> tuple[str, ...]:
        """The languages a typed form names ("pools" -> ("pl",)): ``lang:xx`` among its group's words."""
        codes = (language_of(f) for n in sorted(self._groups_of(form)) for f in self.groups[n].words)
        return tuple(dict.fromkeys(code for code in codes if code))

    def expansions(self, form: Form) -> tuple[tuple[Form, float, bool], ...] | None:
        """The other forms a typed form stands for: (form, score factor, related); None if in no group.

        ``related`` is true for the group's ``also`` words (and only when the form is
        not also an equivalent word of another group the typed form is in).
        """
        numbers = self._groups_of(form)
        if not numbers:
            return None
        typed = _keys(form)
        scores: dict[Form, float] = {}
        for number in sorted(numbers):
            group = self.groups[number]
            for forms, score in ((group.words, SYNONYM), (group.also, RELATED)):
                for other in forms:
                    if language_of(other) is None and set(_keys(other)) & set(typed):
                        continue  # the typed form itself (or an inflection of it)
                    if scores.get(other, 0.0) < score:
                        scores[other] = score
        return tuple((other, score, score == RELATED) for other, score in scores.items())


def _form(entry: Any, group: str) -> Form:
    if not isinstance(entry, str) or not entry.strip():
        raise SynonymError(f"synonym group {group!r}: entry {entry!r} is not a word or phrase")
    text = entry.strip()
    if text.lower().startswith(_LANG):
        code = text[len(_LANG) :].strip().lower()
        if not is_language_code(code):
            raise SynonymError(
                f"synonym group {group!r}: {text!r} is not a known ISO 639-1 language code (lang:xx)"
            )
        return (_LANG + code,)
    tokens = tuple(query_tokens(text))
    if not tokens or all(is_stopword(t) for t in tokens):
        raise SynonymError(
            f"synonym group {group!r}: entry {entry!r} has no searchable word (only stopwords)"
        )
    return tokens


def _forms(value: Any, group: str, key: str) -> tuple[Form, ...]:
    if value is None and key == "also":
        return ()
    if not isinstance(value, list) or not value:
        raise SynonymError(f"synonym group {group!r}: {key!r} must be a non-empty list of words")
    forms: list[Form] = []
    for entry in value:
        form = _form(entry, group)
        if form not in forms:
            forms.append(form)
    return tuple(forms)


def parse_groups(data: Any) -> list[SynonymGroup]:
    """Validate the parsed YAML; raise :class:`SynonymError` naming the group at fault."""
    if not isinstance(data, Mapping) or not isinstance(data.get("groups"), list):
        raise SynonymError("the synonym file must be a mapping with a list under 'groups'")
    groups: list[SynonymGroup] = []
    seen: set[str] = set()
    for number, item in enumerate(data["groups"], start=1):
        name = item.get("group") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not _GROUP_NAME.match(name):
            raise SynonymError(f"synonym group #{number}: needs 'group: a-name' (lowercase, digits, hyphens)")
        if name in seen:
            raise SynonymError(f"synonym group {name!r}: the name is used twice")
        seen.add(name)
        unknown = set(item) - {"group", "words", "also"}
        if unknown:
            raise SynonymError(f"synonym group {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
        words = _forms(item.get("words"), name, "words")
        also = _forms(item.get("also"), name, "also")
        if len(words) < 2 and not also:
            raise SynonymError(f"synonym group {name!r}: needs two or more words, or 'also' words")
        groups.append(SynonymGroup(name, words, also))
    return groups


def with_language_names(groups: list[SynonymGroup]) -> list[SynonymGroup]:
    """Add the Dutch and English name of every language to its ``lang:xx`` group (or a new one)."""
    result = list(groups)
    by_code: dict[str, int] = {}
    for number, group in enumerate(result):
        for form in group.words:
            code = language_of(form)
            if code and code not in by_code:
                by_code[code] = number
    for code in sorted(iso639_1_codes()):
        names: list[Form] = []
        for locale in SITE_LANGUAGES:
            tokens = tuple(query_tokens(language_name(code, locale)))
            if tokens and not all(is_stopword(t) for t in tokens) and tokens not in names:
                names.append(tokens)
        if not names:
            continue
        if code in by_code:
            group = result[by_code[code]]
            extra = tuple(n for n in names if n not in group.words)
            result[by_code[code]] = SynonymGroup(group.name, group.words + extra, group.also)
        else:
            result.append(SynonymGroup(f"language-{code}", (*names, (_LANG + code,))))
    return result


def load_synonyms(path: Path | str = DEFAULT_PATH) -> Synonyms:
    """Read, validate and complete a synonym file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SynonymError(f"{path}: not valid YAML: {error}") from error
    return Synonyms(with_language_names(parse_groups(data)))


@cache
def default_synonyms() -> Synonyms:
    return load_synonyms(DEFAULT_PATH)
