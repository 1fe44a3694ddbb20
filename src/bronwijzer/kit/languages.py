"""The parent handout's languages: which there are, where their packaged catalogues live, how
each writes a list and names a language.

Kept apart from :mod:`bronwijzer.kit.handout` so that the review-state model
(:mod:`bronwijzer.kit.models`) can name the languages without importing what reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bronwijzer.lib.languages import language_name

# Not named "locale": makemessages would then put the app's interface strings there.
LOCALE_DIR = Path(__file__).parent / "handout_locale"
DOMAIN = "handout"

#: Handout languages: code -> (name in the language itself, writing direction).
HANDOUT_LANGUAGES: dict[str, tuple[str, str]] = {
    "nl": ("Nederlands (eenvoudig)", "ltr"),
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "tr": ("Türkçe", "ltr"),
    "fr": ("Français", "ltr"),
    "pl": ("Polski", "ltr"),
    "uk": ("Українська", "ltr"),
    "ti": ("ትግርኛ", "ltr"),
    "so": ("Soomaali", "ltr"),
    "fa": ("فارسی", "rtl"),
}
SOURCE_LANGUAGE = "nl"

#: Languages written in Arabic script separate list items with the Arabic comma (U+060C).
#: Farsi, Urdu, Pashto and Sorani are here so a handout in one of them is right from the start.
_ARABIC_COMMA = frozenset({"ar", "fa", "ur", "ps", "ckb"})
#: Languages written in Ge'ez (Ethiopic) script separate list items with the Ethiopic comma ፣ (U+1363).
_ETHIOPIC_COMMA = frozenset({"ti", "am"})

#: One name for a language per handout language, where CLDR's name is not the one a parent
#: knows. Turkish: CLDR says "Felemenkçe"; Turkish speakers in the Netherlands say "Hollandaca",
#: and so does the Turkish handout text ("Aynı metnin Hollandacası yanında"). Tigrinya: CLDR says
#: "ዳች" (from the English "Dutch"); Eritreans in the Netherlands say "ሆላንድኛ", formed like ትግርኛ
#: and ዓረብኛ. A test holds every handout language to the name its catalogue uses for Dutch.
_LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "tr": {"nl": "Hollandaca"},
    "ti": {"nl": "ሆላንድኛ"},
}

#: What a translator of the language needs to know beyond the notes beside each text: written into
#: the header of the language's catalogue (``make messages`` and the back office's download).
TRANSLATOR_NOTES: dict[str, str] = {
    "ti": "Tigrinya as Eritreans write it. Formal address: the plural (ንስኹም).",
    "so": "Somali in standard spelling. Polite, plain sentences; Somali has no formal 'you'.",
    "fa": (
        "Standard Iranian Persian in plain words that Afghan readers of Dari understand too. "
        "Persian letters (ی and ک, not Arabic ي and ك); formal address (شما, plural verbs)."
    ),
}


def po_path(code: str) -> Path:
    """The packaged catalogue of ``code`` (the default until an editor uploads a corrected one)."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def translated_languages() -> list[str]:
    """The handout languages that have a catalogue: all but the Dutch source."""
    return [code for code in HANDOUT_LANGUAGES if code != SOURCE_LANGUAGE]


def list_separator(code: str) -> str:
    """What goes between the items of a list in language ``code``: "، " in Arabic script, "፣ " in
    Ethiopic script, else ", "."""
    if code in _ARABIC_COMMA:
        return "، "
    return "፣ " if code in _ETHIOPIC_COMMA else ", "


def list_join(code: str, items: Iterable[str]) -> str:
    return list_separator(code).join(items)


def label_colon(code: str) -> str:
    """What follows a label ("Talen: ..."): French puts a non-breaking space before the colon."""
    return "\u00a0: " if code == "fr" else ": "


def handout_language_name(code: str, locale: str) -> str:
    """The name of language ``code`` as the handout in ``locale`` prints it."""
    return _LANGUAGE_NAMES.get(locale, {}).get(code) or language_name(code, locale)


def language_choices() -> list[tuple[str, str]]:
    """The translated handout languages as form choices: "Arabisch (العربية)"."""
    return [
        (code, f"{language_name(code, 'nl').capitalize()} ({HANDOUT_LANGUAGES[code][0]})")
        for code in translated_languages()
    ]
