"""What the outside of the discreet handout may not show: the topic's words and the map's names.

The discreet handout (``/gesprekskit/<code>/informatie/<lang>/`` and ``.pdf``) is the parent
handout with a neutral outside: its title, the top half of its page, the PDF's file name and
metadata. "Neutral" is defined here, once, as data:

* :data:`TOPIC_WORDS`: per handout language, the words that give the topic away. They are taken
  from the handout's own texts in that language (its title, opening and the line about photos,
  the kinds of material and help line, "Zoek op internet") and from the map (its title "sexting
  misbruik", the glossary, what the help lines help with), plus their plain equivalents. A word
  ending in ``*`` is a stem (``seks*`` is also "seksueel"); any other word must stand alone. In
  Arabic script every entry is found anywhere in a word, as Arabic writes "the", "and", "with"
  and "on" joined to the word (الإنترنت، والإنترنت، بالصور).
The map's names (help lines, organisations, material titles, the map's own title) may not stand
on the outside either, whether or not they sound like the topic: they can be looked up. The tests
read them from the database (``tests/support/discreet.py``) and hold the texts of the top half and
the rendered PDF in every language to both; nothing here is tuned to what the discreet handout
happens to print. The lists of ti, so and fa wait for a native speaker's review, like those
languages' handout texts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from bronwijzer.kit import handout_text as T

#: The words that betray the topic, by handout language (see the module's docstring).
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "nl": (
        "sexting*", "sextortion*", "naakt*", "bloot*", "seks*", "sex*", "misbruik*", "internet*",
        "online*", "foto*", "beeld*", "chantage*", "filmpje*", "video*", "webcam*", "geweld*",
        "slachtoffer*", "media*", "porno*", "grooming*", "shaming*", "exposing*", "doxing*",
        "chat*", "intiem*", "eergerelateerd*", "verwijder*", "melding*", "meldpunt*", "aangifte*",
    ),
    "en": (
        "sexting*", "sextortion*", "nude*", "naked*", "sex*", "abuse*", "internet*", "online*",
        "photo*", "picture*", "image*", "video*", "blackmail*", "webcam*", "violence*", "victim*",
        "media*", "porn*", "grooming*", "shaming*", "doxing*", "chat*", "intimate*", "honour*",
        "removed*", "report*",
    ),
    "ar": (
        "سكستينغ", "سيكستينغ", "الابتزاز الجنسي", "جنس", "عاري", "عارية", "تعري", "إنترنت",
        "انترنت", "أونلاين", "اونلاين", "صور", "فيديو", "ابتزاز", "اعتداء", "إساءة", "تحرش",
        "عنف", "ضحية", "ضحايا", "التواصل الاجتماعي", "إباحي", "حميم", "الشرف", "حذف", "بلاغ",
    ),
    "tr": (
        "sexting*", "sextortion*", "seks*", "cinsel*", "çıplak*", "istismar*", "internet*",
        "online*", "çevrimiçi*", "fotoğraf*", "görüntü*", "video*", "şantaj*", "şiddet*",
        "mağdur*", "medya*", "porno*", "taciz*", "mahrem*", "namus*", "kaldırt*", "ihbar*",
    ),
    "fr": (
        "sexting*", "sextorsion*", "sex*", "nu", "nue", "nus", "nues", "nudité*", "nude*",
        "abus*", "internet*", "en ligne", "photo*", "image*", "vidéo*", "chantage*", "violence*",
        "victime*", "média*", "porno*", "harcèlement*", "intime*", "honneur*", "supprimer*",
        "signalement*",
    ),
    "pl": (
        "sexting*", "sekstorsj*", "seks*", "nagi", "nagie", "nagich", "nago", "nagość*",
        # "interne*": Polish declines it (internet, internetu, w internecie)
        "wykorzystywani*", "interne*", "online*", "w sieci", "zdjęci*", "zdjęć", "film*",
        "wideo*", "szantaż*", "przemoc*", "ofiar*", "media*", "mediów", "pornogra*", "nękani*",
        "intymn*", "honor*", "usuwani*", "zgłosze*",
    ),
    "uk": (
        "секстинг*", "сексторшн*", "секс*", "оголен*", "інтимн*", "інтернет*", "онлайн*",
        "фото*", "відео*", "зображен*", "шантаж*", "насильств*", "жертв*", "медіа*", "порно*",
        "знущан*", "кривдн*", "честі", "видаленн*", "повідомлен*",
    ),
    "ti": (
        "ሴክስቲንግ", "ኢንተርነት", "ኦንላይን", "ስእሊ", "ስእልታት", "ቪድዮ", "ጾታዊ", "ዓመጽ", "ግዳይ",
        "ምፍርራሕ", "ዕርቃን", "ሚድያ",
    ),
    "so": (
        "sexting*", "internet*", "online*", "khadka*", "sawir*", "muuqaal*", "fiidiyow*",
        "galmo*", "xadgudub*", "qaawan*", "handadaad*", "rabshad*", "dhibbane*", "tacadi*",
        "baraha bulshada", "anshax*",
    ),
    "fa": (
        "سکستینگ", "اینترنت", "آنلاین", "عکس", "تصویر", "تصاویر", "ویدیو", "ویدئو", "فیلم",
        "جنسی", "سکس", "برهنه", "سوءاستفاده", "سوء استفاده", "اخاذی", "باج", "خشونت", "قربانی",
        "رسانه", "فضای مجازی", "پورن", "آبرو", "ناموس",
    ),
}  # fmt: skip

#: The handout texts that must stay neutral in every language: the outside of the discreet handout
#: (its title and top half) and the message of "Stuur naar ouder" with its link preview.
NEUTRAL_TEXTS: tuple[str, ...] = (
    T.SEND_TITLE,
    T.SEND_MESSAGE,
    T.SEND_DESCRIPTION,
    T.DISCREET_OPENING,
    T.DISCREET_HELPER,
    T.DISCREET_PHONE,
    T.DISCREET_APPOINTMENT,
    T.DISCREET_NOTES,
)

#: Scripts written without spaces between "the", "and", ... and the word: found anywhere.
_JOINED_SCRIPTS = frozenset({"ar", "fa"})


def folded(text: str) -> str:
    """Case folded and normalised, so "İnternet" (Turkish capital İ) and "Foto's" are found."""
    plain = unicodedata.normalize("NFKC", text).casefold().replace("\u0307", "")
    return plain.replace("\u2019", "'").replace("\u00ad", "")


@cache
def _pattern(lang: str) -> re.Pattern[str]:
    words = [*TOPIC_WORDS.get(lang, ())]
    if lang in _JOINED_SCRIPTS:
        parts = [re.escape(folded(word)) for word in words]
    else:
        parts = []
        for word in words:
            stem = word.endswith("*")
            body = re.escape(folded(word.rstrip("*")))
            parts.append(rf"(?<!\w){body}\w*" if stem else rf"(?<!\w){body}(?!\w)")
    return re.compile("|".join(parts) or r"(?!)")


def topic_words_in(text: str, lang: str) -> list[str]:
    """The words of ``lang``'s list found in ``text`` (as written there, folded)."""
    return _pattern(lang).findall(folded(text))
