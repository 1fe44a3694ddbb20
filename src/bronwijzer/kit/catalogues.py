"""A handout language's catalogue out to a translator and back: export, check, import.

An outside translator works on a PO file in the usual tools (Poedit, Weblate, a text
editor). :func:`handout_catalogue_export` writes the language's current texts with a note
for the translator beside each; :func:`handout_catalogue_import` checks a returned file
completely before it changes anything, stores it on the language's
:class:`~bronwijzer.kit.models.HandoutTranslation` (the database, so a read-only package
directory is no obstacle) and, when any text changed, sets the language back to "not
reviewed by a native speaker". Every problem is reported in Dutch with its line and text.

The file is read with Babel (a dependency already), with a few checks of our own that its
lenient reader does not make: the quoting of each line and duplicate entries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import cast

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser
from django.db import transaction
from django.utils import timezone

from bronwijzer.kit.discreet import NEUTRAL_TEXTS, topic_words_in
from bronwijzer.kit.languages import HANDOUT_LANGUAGES, SOURCE_LANGUAGE, po_path
from bronwijzer.kit.messages import handout_msgids, po_bytes, po_translations
from bronwijzer.kit.models import HandoutTranslation
from bronwijzer.lib.languages import language_name

#: A handout catalogue is about 6 kB; anything far bigger is not one.
MAX_BYTES = 256 * 1024
#: Problems listed before "and N more".
MAX_LISTED = 30
#: Missing texts named one by one; more than this are counted (the file is probably another one).
MAX_ABSENT_LISTED = 5

_KEYWORD_LINE = re.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*$')
_CONTINUATION = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')
#: Placeholders a translation must keep: %(name)s, %s, %d and {name}.
_PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*(?:\.\d+)?[sdif]|\{[^{}\s]*\}"
)


#: The change reasons of a language's catalogue (its history): a translator's file was stored (``:`` and
#: how many texts changed), or the packaged catalogue is back. Said in words by ``kit.admin``.
REASON_UPLOADED = "catalogue uploaded"
REASON_RESET = "catalogue reset"


class CatalogueInvalid(Exception):
    """The uploaded file was refused; ``problems`` says why, one Dutch sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CatalogueImport:
    language: str
    changed: list[str]  # the message ids whose translation changed
    review_reset: bool  # it had been reviewed; no longer


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def handout_catalogue_current(code: str) -> dict[str, str]:
    """The translations the handout in ``code`` prints today (uploaded, else packaged)."""
    row = HandoutTranslation.objects.filter(language=code).first()
    if row is not None and row.catalogue:
        return po_translations(row.catalogue)
    return po_translations(po_path(code).read_bytes())


def handout_catalogue_missing(row: HandoutTranslation) -> list[str]:
    """The handout texts ``row``'s uploaded catalogue lacks: texts added to Bronwijzer after the
    upload, which the handout prints in Dutch until a translator adds them (its export, below,
    holds them untranslated). None for a language that uses the packaged catalogue."""
    if not row.catalogue:
        return []
    translated = po_translations(row.catalogue)
    return [msgid for msgid in handout_msgids() if msgid not in translated]


def handout_catalogue_export(code: str) -> bytes:
    """The PO file of ``code`` a translator works on: every text, its note, its translation."""
    _translated(code)
    return po_bytes(code, handout_catalogue_current(code))


def _translated(code: str) -> None:
    if code not in HANDOUT_LANGUAGES or code == SOURCE_LANGUAGE:
        raise CatalogueInvalid([f"{code!r} is geen vertaalde taal van het ouderblad."])


class _Parser(PoFileParser):
    """Babel's reader, noting every entry it adds so that duplicates can be named."""

    def __init__(self, catalog: Catalog):
        super().__init__(catalog, ignore_obsolete=True, abort_invalid=True)
        self.entries: list[tuple[str | None, object, int]] = []

    def _add_message(self) -> None:
        if not self.obsolete:
            context = self.context.denormalize() if self.context else None
            msgid = tuple(m.denormalize() for m in self.messages)
            self.entries.append((context, msgid[0] if len(msgid) == 1 else msgid, self.offset + 1))
        super()._add_message()


def _syntax_problems(lines: list[str]) -> list[str]:
    problems = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # comments, and obsolete entries (which are ignored)
        if stripped.startswith('"'):
            ok = _CONTINUATION.match(stripped)
        else:
            ok = _KEYWORD_LINE.match(stripped) or _CONTINUATION.match(stripped)
        if not ok:
            problems.append(
                f"Regel {number}: deze regel is geen geldige PO-regel (kijk naar de aanhalingstekens): "
                f"{_short(stripped)}"
            )
    return problems


def _language_problem(catalog: Catalog, code: str) -> str | None:
    declared = catalog.locale_identifier if catalog.locale else None
    if not declared:
        return (
            f"In de kop van het bestand staat niet in welke taal het is (het veld Language). "
            f"Vul daar {code} in."
        )
    try:
        language = Locale.parse(declared.replace("-", "_")).language
    except (UnknownLocaleError, ValueError):
        language = declared
    if language != code:
        name = language_name(code, "nl")
        return f"Dit bestand is in een andere taal ({declared}), niet in het {name} ({code})."
    return None


def _message_problems(text: str, msgid: str, line: int | None) -> list[str]:
    problems = []
    where = f"Regel {line}, bij {_short(msgid)}"
    control = sorted({c for c in text if unicodedata.category(c) == "Cc"})
    if control:
        codes = ", ".join(f"U+{ord(c):04X}" for c in control)
        problems.append(f"{where}: de vertaling bevat een stuurteken ({codes}). Haal het weg.")
    wanted, found = sorted(_PLACEHOLDER.findall(msgid)), sorted(_PLACEHOLDER.findall(text))
    if wanted != found:
        problems.append(
            f"{where}: de invulplekken moeten precies blijven zoals in het Nederlands "
            f"({', '.join(wanted) or 'geen'}), maar de vertaling heeft {', '.join(found) or 'geen'}."
        )
    return problems


def _neutral_problems(code: str, text: str, msgid: str, line: int | None) -> list[str]:
    """A text that must stay neutral (kit.discreet.NEUTRAL_TEXTS) may not name the topic."""
    words = topic_words_in(text, code) if msgid in NEUTRAL_TEXTS else []
    if not words:
        return []
    return [
        f"Regel {line}, bij {_short(msgid)}: de vertaling noemt het onderwerp ({', '.join(words)}). "
        "Deze tekst moet neutraal blijven: hij staat in het bericht naar de ouder of bovenaan het "
        "discrete ouderblad."
    ]


def handout_catalogue_check(code: str, data: bytes) -> dict[str, str]:
    """The translations in ``data``, a PO file for ``code``; CatalogueInvalid naming every problem."""
    _translated(code)
    if len(data) > MAX_BYTES:
        raise CatalogueInvalid([too_big(len(data))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _refuse([f"Het bestand is geen UTF-8-tekst (byte {exc.start + 1}). Sla het op als UTF-8."])
    lines = text.splitlines()
    problems = _syntax_problems(lines)
    if problems:
        return _refuse(problems)
    catalog = Catalog()
    parser = _Parser(catalog)
    try:
        parser.parse(lines)
    except PoFileError as exc:
        return _refuse([f"Regel {exc.lineno + 1}: dit is geen geldig PO-bestand ({exc.args[0]})."])
    except (UnknownLocaleError, ValueError) as exc:
        return _refuse([f"In de kop van het bestand staat een onbekende taal (Language): {exc}."])
    problems = [p for p in [_language_problem(catalog, code)] if p]
    known = handout_msgids()
    seen: dict[tuple, int] = {}
    for context, msgid, line in parser.entries:
        if msgid == "" and context is None:
            continue
        key = (context, msgid)
        if key in seen:
            problems.append(
                f"Regel {line}: {_short(str(msgid))} staat er twee keer in (ook op regel {seen[key]})."
            )
            continue
        seen[key] = line
        if context is not None or not isinstance(msgid, str) or msgid not in known:
            problems.append(
                f"Regel {line}: {_short(str(msgid))} is geen tekst van het ouderblad. "
                "Is het bestand van een oudere versie? Download het opnieuw."
            )
    translations: dict[str, str] = {}
    absent = [msgid for msgid in known if catalog.get(msgid) is None]
    if len(absent) > MAX_ABSENT_LISTED:
        examples = ", ".join(_short(m, 30) for m in absent[:3])
        problems.append(
            f"Er ontbreken {len(absent)} van de {len(known)} teksten, zoals {examples}. "
            "Is dit het PO-bestand van het ouderblad? Download het opnieuw en vertaal dat."
        )
    for msgid in known:
        message = catalog.get(msgid)
        if message is None:
            if len(absent) <= MAX_ABSENT_LISTED:
                problems.append(f"Deze tekst ontbreekt in het bestand: {_short(msgid)}.")
        elif message.fuzzy:
            fuzzy = "is als onzeker (fuzzy) gemarkeerd. Kijk haar na en haal het kenmerk weg"
            problems.append(f"Regel {message.lineno}: de vertaling van {_short(msgid)} {fuzzy}.")
        elif not message.string:
            problems.append(f"Regel {message.lineno}: {_short(msgid)} is nog niet vertaald.")
        else:
            text = cast(str, message.string)  # msgid is a str (checked above): no plural forms
            problems += _message_problems(text, msgid, message.lineno)
            problems += _neutral_problems(code, text, msgid, message.lineno)
            translations[msgid] = text
    return _refuse(problems) if problems else translations


def too_big(size: int) -> str:
    return f"Het bestand is te groot ({size // 1024} kB). Het mag hoogstens {MAX_BYTES // 1024} kB zijn."


def _refuse(problems: list[str]):
    if len(problems) > MAX_LISTED:
        problems = [*problems[:MAX_LISTED], f"En nog {len(problems) - MAX_LISTED} problemen."]
    raise CatalogueInvalid(problems)


def handout_catalogue_import(code: str, data: bytes) -> CatalogueImport:
    """Check ``data`` whole, then store it as the language's catalogue (all or nothing).

    A changed text resets the review: a native speaker has not read the new version.
    """
    translations = handout_catalogue_check(code, data)
    with transaction.atomic():
        row, _ = HandoutTranslation.objects.select_for_update().get_or_create(language=code)
        current = handout_catalogue_current(code)
        changed = [msgid for msgid in handout_msgids() if current.get(msgid) != translations[msgid]]
        if not changed:
            return CatalogueImport(code, [], False)
        was_reviewed = row.reviewed
        row.review_reset()
        row.catalogue = po_bytes(code, translations).decode("utf-8")
        row.catalogue_uploaded_at = timezone.now()
        row._change_reason = f"{REASON_UPLOADED}:{len(changed)}"
        row.save()
    return CatalogueImport(code, changed, was_reviewed)


def handout_catalogue_reset(code: str) -> bool:
    """Back to the packaged catalogue; resets the review when the texts differ. True if it changed."""
    _translated(code)
    with transaction.atomic():
        row = HandoutTranslation.objects.select_for_update().filter(language=code).first()
        if row is None or not row.catalogue:
            return False
        if po_translations(row.catalogue) != po_translations(po_path(code).read_bytes()):
            row.review_reset()
        row.catalogue, row.catalogue_uploaded_at = "", None
        row._change_reason = REASON_RESET
        row.save()
    return True


def handout_catalogue_filename(code: str) -> str:
    return f"ouderblad-{code}.po"


__all__ = [
    "MAX_BYTES",
    "CatalogueImport",
    "CatalogueInvalid",
    "handout_catalogue_check",
    "handout_catalogue_current",
    "handout_catalogue_export",
    "handout_catalogue_filename",
    "handout_catalogue_import",
    "handout_catalogue_reset",
]
