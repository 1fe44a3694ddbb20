"""Keeping the handout catalogues in step with the handout's Dutch texts, and writing them.

``bronwijzer handoutmessages`` rewrites ``handout.pot`` from
:mod:`bronwijzer.kit.handout_text` and rewrites every language's packaged ``handout.po``
in the same form (the message ids in the module's order, each with its note for the
translator; new ids untranslated, translations kept), then compiles the ``.mo`` files.
``--check`` changes nothing and lists what is out of step; the guard tests run it.
The same writer produces the file an editor downloads from the back office.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from bronwijzer.kit import handout_text
from bronwijzer.kit.languages import DOMAIN, LOCALE_DIR, TRANSLATOR_NOTES, po_path, translated_languages
from bronwijzer.lib.languages import language_name

POT_PATH = LOCALE_DIR / "handout.pot"
PROJECT = "Bronwijzer handout"
#: Header lines that change on every run or with every Babel release, or that Babel fills with a
#: placeholder ("FULL NAME <EMAIL@ADDRESS>"): left out, to keep the files stable and clean.
_LEFT_OUT = (
    b'"POT-Creation-Date',
    b'"PO-Revision-Date',
    b'"Generated-By',
    b'"Report-Msgid-Bugs-To',
    b'"Last-Translator',
)


def handout_msgids() -> list[str]:
    """Every handout text, in the order of the module (dictionaries' values included)."""
    ids: list[str] = []
    for name, value in vars(handout_text).items():
        if name.startswith("_") or name == "N_":
            continue
        ids += _texts(value)
    return list(dict.fromkeys(ids))


def _texts(value: object) -> list[str]:
    """The strings in a handout text constant: a text, or a dict's values, or a tuple of texts (or
    of tuples: the interpreter sheet's key words are pairs of a word and its explanation)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = tuple(value.values())
    if isinstance(value, tuple):
        return [text for item in value for text in _texts(item)]
    return []


def _header_comment(code: str | None) -> str:
    what = f"{language_name(code, 'en')} translation" if code else "Template"
    return (
        f'# {what} of the Bronwijzer parent handout (gettext domain "handout").\n'
        "# Translate every msgstr. Address the parent formally. Keep placeholders such as\n"
        "# %(name)s or {name} exactly as they are. Names (Bronwijzer, help lines) stay as they are.\n"
        "# Editors upload the file in the back office (Gesprekskit > Vertalingen van het ouderblad);\n"
        "# whether a native speaker reviewed it is recorded there, not in this file."
        + "".join(f"\n# {line}" for line in textwrap.wrap(TRANSLATOR_NOTES.get(code or "", ""), 96))
    )


def po_bytes(code: str | None, translations: dict[str, str] | None = None) -> bytes:
    """The catalogue of ``code`` (or the template, for None) in the handout's order, with notes."""
    catalog = Catalog(
        locale=code,
        domain=DOMAIN,
        project=PROJECT,
        header_comment=_header_comment(code),
        language_team=f"{language_name(code, 'en')}" if code else "",
        fuzzy=False,
    )
    translations = translations or {}
    for msgid in handout_msgids():
        note = handout_text.translator_note(msgid)
        catalog.add(
            msgid,
            translations.get(msgid, ""),
            auto_comments=[note] if note else [],
            locations=[("kit/handout_text.py", 0)],
        )
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, no_location=True, sort_output=False, width=100)
    lines = out.getvalue().replace(f"{PROJECT} VERSION".encode(), PROJECT.encode()).split(b"\n")
    return b"\n".join(line for line in lines if not line.startswith(_LEFT_OUT))


def po_translations(data: bytes | str) -> dict[str, str]:
    """The translated, not fuzzy, messages of a PO file, by message id."""
    lines = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
    # no plural forms in a handout catalogue (every id and string is a str); Babel reads text and bytes
    return {m.id: m.string for m in read_po(lines) if m.id and m.string and not m.fuzzy}  # type: ignore[misc, type-var]


def mo_bytes(data: bytes) -> bytes:
    with io.BytesIO(data) as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _compiled(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return {m.id: m.string for m in read_mo(fh) if m.id}


def catalogue_problems() -> list[str]:
    """What is out of step, one line each; empty when every catalogue is complete and compiled."""
    problems = []
    ids = handout_msgids()
    if not POT_PATH.exists() or POT_PATH.read_bytes() != po_bytes(None):
        problems.append(f"{POT_PATH.name} is stale: run `make messages`")
    for code in translated_languages():
        path = po_path(code)
        if not path.exists():
            problems.append(f"{code}: {path} is missing")
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh)
        known = {m.id for m in catalog if m.id}
        missing = [i for i in ids if i not in known]
        obsolete = sorted(known - set(ids))
        empty = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        problems += [f"{code}: not in the catalogue: {i!r}" for i in missing]
        problems += [f"{code}: no longer used: {i!r}" for i in obsolete]
        problems += [f"{code}: not translated (or fuzzy): {i!r}" for i in empty]
        expected = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
        if _compiled(path.with_suffix(".mo")) != expected:
            problems.append(f"{code}: handout.mo is stale: run `make messages`")
    return problems


def catalogues_update() -> list[str]:
    """Rewrite the template and each catalogue (new ids added, old ones dropped), compile; say what."""
    done = []
    ids = handout_msgids()
    POT_PATH.parent.mkdir(parents=True, exist_ok=True)
    POT_PATH.write_bytes(po_bytes(None))
    for code in translated_languages():
        path = po_path(code)
        translations = po_translations(path.read_bytes()) if path.exists() else {}
        new = [i for i in ids if i not in translations]
        if new:
            done.append(f"{code}: {len(new)} strings to translate")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = po_bytes(code, translations)
        path.write_bytes(data)
        path.with_suffix(".mo").write_bytes(mo_bytes(data))
    return done
