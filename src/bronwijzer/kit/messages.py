"""Keeping the handout catalogues in step with the handout's Dutch texts.

``bronwijzer handoutmessages`` rewrites ``handout.pot`` from
:mod:`bronwijzer.kit.handout_text`, appends new message ids (untranslated) to
every language's ``handout.po`` without touching its header (which carries the
review status), and compiles the ``.mo`` files. ``--check`` changes nothing and
lists what is out of step; the guard tests run it.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from bronwijzer.kit import handout_text
from bronwijzer.kit.handout import (
    HANDOUT_LANGUAGES,
    LOCALE_DIR,
    REVIEW_HEADER,
    SOURCE_LANGUAGE,
    po_header,
    po_path,
)

POT_PATH = LOCALE_DIR / "handout.pot"


def handout_msgids() -> list[str]:
    """Every handout text, in the order of the module (dictionaries' values included)."""
    ids: list[str] = []
    for name, value in vars(handout_text).items():
        if name.startswith("_") or name == "N_":
            continue
        values = value.values() if isinstance(value, dict) else [value]
        ids += [v for v in values if isinstance(v, str)]
    return list(dict.fromkeys(ids))


def _pot_bytes(ids: list[str]) -> bytes:
    catalog = Catalog(project="Bronwijzer handout", domain="handout", fuzzy=False)
    for msgid in ids:
        catalog.add(msgid, locations=[("kit/handout_text.py", 0)])
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, no_location=True, sort_output=False, width=100)
    # the creation date changes on every run; keep the file stable
    return b"\n".join(
        line for line in out.getvalue().split(b"\n") if not line.startswith(b'"POT-Creation-Date')
    )


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _mo_bytes(catalog: Catalog) -> bytes:
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
    if not POT_PATH.exists() or POT_PATH.read_bytes() != _pot_bytes(ids):
        problems.append(f"{POT_PATH.name} is stale: run `make messages`")
    for code in HANDOUT_LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        path = po_path(code)
        if not path.exists():
            problems.append(f"{code}: {path} is missing")
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh)
        if po_header(path, REVIEW_HEADER) is None:
            problems.append(f"{code}: the header has no {REVIEW_HEADER} field (yes/no)")
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
    """Rewrite the template, add new ids to each catalogue, compile; returns what it did."""
    done = []
    ids = handout_msgids()
    POT_PATH.parent.mkdir(parents=True, exist_ok=True)
    POT_PATH.write_bytes(_pot_bytes(ids))
    for code in HANDOUT_LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        path = po_path(code)
        with path.open("rb") as fh:
            known = {m.id for m in read_po(fh) if m.id}
        new = [i for i in ids if i not in known]
        if new:
            with path.open("a", encoding="utf-8") as fh:
                for msgid in new:
                    fh.write(f'\nmsgid {_po_string(msgid)}\nmsgstr ""\n')
            done.append(f"{code}: {len(new)} new strings to translate")
        with path.open("rb") as fh:
            catalog = read_po(fh)
        path.with_suffix(".mo").write_bytes(_mo_bytes(catalog))
    return done
