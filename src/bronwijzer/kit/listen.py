"""The handout read aloud: its texts as the sentences the listening page speaks, one at a time.

The listening page (``/gesprekskit/<code>/luister/<lang>/``) shows the handout in the parent's
language with the Dutch under each part, every sentence marked in the HTML, so its script only
walks the marked sentences and hands each to the phone's own voice (the Web Speech API). What
is spoken, and in which order, is decided here, on the server:

* a :class:`Passage` is one part of the handout (the title, the intro, a material item, a help
  line, ...): the words both readings share (a material's name and organisation, in Dutch: they
  are names), then the sentences in her language, then the same in Dutch;
* the reading in her language speaks the shared words and her sentences, passage by passage;
  the Dutch reading the shared words and the Dutch sentences;
* a phone number is spoken digit by digit, in groups ("0 8 0 0, 2 0 0 0"), never as a large
  number, and so is the emergency number in a sentence ("bel 1 1 2").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bronwijzer.kit import handout_text as T
from bronwijzer.kit.handout import SOURCE_LANGUAGE, HandoutText

#: Where a sentence ends: after . ! ?, the Arabic question mark ؟ and the Ethiopic full stop ።
#: and question mark ፧ (Tigrinya), then a space.
_SENTENCE_END = re.compile(r"(?<=[.!?؟።፧])\s+")
#: A number worth spelling out: three digits or more, possibly grouped by a dash or a space.
_NUMBER = re.compile(r"\d(?:[\d]|[- ](?=\d))+\d")


def split_sentences(text: str) -> list[str]:
    """``text`` as its sentences, in order, without the spaces between them."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def spoken_number(number: str) -> str:
    """A phone number as a voice should say it: "020-261 52 75" -> "0 2 0, 2 6 1, 5 2, 7 5"."""
    groups = re.split(r"[^\d]+", number)
    return ", ".join(" ".join(group) for group in groups if group)


def spoken(text: str) -> str:
    """``text`` with every number of three digits or more spelled out digit by digit."""
    return _NUMBER.sub(lambda match: spoken_number(match[0]), text)


@dataclass(frozen=True)
class Sentence:
    text: str  # as the page shows it
    lang: str  # the language of its words (a material's name is Dutch on every handout)
    say: str = ""  # as the voice says it, when that differs from the text (numbers)
    phone: str = ""  # a phone number at the end of the text (the page makes it a link)

    @property
    def spoken(self) -> str:
        return self.say or self.text

    @property
    def before_phone(self) -> str:
        return self.text.removesuffix(self.phone) if self.phone else self.text


@dataclass(frozen=True)
class Passage:
    kind: str  # title, intro, heading, item, emergency, helpline, privacy
    shared: tuple[Sentence, ...] = ()
    own: tuple[Sentence, ...] = ()
    dutch: tuple[Sentence, ...] = ()
    url: str = ""  # a material's printed link: its name links to it


def _sentences(text: str, lang: str, *, numbers: bool = False) -> tuple[Sentence, ...]:
    out = []
    for part in split_sentences(text):
        say = spoken(part) if numbers else ""
        out.append(Sentence(part, lang, say if say != part else ""))
    return tuple(out)


def _passage(kind: str, own: HandoutText, dutch: HandoutText | None, message: str, **kw) -> Passage:
    numbers = kw.pop("numbers", False)
    text_nl = dutch.gettext(message) if dutch else ""
    return Passage(
        kind,
        own=_sentences(own.gettext(message), own.code, numbers=numbers),
        dutch=_sentences(text_nl, SOURCE_LANGUAGE, numbers=numbers) if dutch else (),
        **kw,
    )


def _fact(label: str, value: str, text: HandoutText) -> Sentence:
    return Sentence(f"{label}{text.colon}{value}", text.code)


def _phone(number: str, text: HandoutText) -> Sentence:
    shown = f"{text.LISTEN_PHONE}{text.colon}{number}"
    return Sentence(shown, text.code, f"{text.LISTEN_PHONE}{text.colon}{spoken_number(number)}", number)


def listen_passages(
    own: HandoutText, items: Iterable[dict], helplines: Iterable[dict], dutch: HandoutText | None = None
) -> list[Passage]:
    """The handout as passages to read aloud, in the handout's order.

    ``items`` and ``helplines`` are the handout's own (``kit.views._handout_context``); ``dutch``
    is the Dutch text to put under her language's (None on the Dutch handout itself)."""
    items = list(items)
    passages = [
        _passage("title", own, dutch, T.TITLE),
        _passage("intro", own, dutch, T.intro_message(bool(items))),
        _passage("intro", own, dutch, T.NOT_ALONE),
    ]
    if items:  # as the handout: no material, no heading for it
        passages.append(_passage("heading", own, dutch, T.MATERIAL))
    for item in items:
        doc, link = item["doc"], item["link"]
        shared = [Sentence(doc.title, SOURCE_LANGUAGE)]
        if doc.organisations:
            shared.append(Sentence(", ".join(doc.organisation_names), SOURCE_LANGUAGE))
        mine: list[Sentence] = []
        theirs: list[Sentence] = []
        for text, facts in ((own, mine), (dutch, theirs)):
            if text is None:
                continue
            suffix = "" if text is own else "_nl"
            if not link.url:
                facts.extend(_sentences(text.NO_LINK, text.code))
                if link.site:
                    facts.append(_fact(text.WEBSITE, link.site, text))
            if item["kinds" + suffix]:
                facts.append(_fact(text.KIND, item["kinds" + suffix], text))
            if item["languages" + suffix]:
                facts.append(_fact(text.LANGUAGES, item["languages" + suffix], text))
        passages.append(Passage("item", tuple(shared), tuple(mine), tuple(theirs), url=link.url or ""))
    passages.append(_passage("heading", own, dutch, T.HELP))
    passages.append(_passage("emergency", own, dutch, T.EMERGENCY, numbers=True))
    for entry in helplines:
        line = entry["line"]
        # a help line's name is Dutch, unless the handout names it in its own language (English)
        name_lang = SOURCE_LANGUAGE if entry["name"] == line.name else own.code
        name = (Sentence(entry["name"], name_lang),)
        own_line = (_phone(line.phone, own), Sentence(entry["facts"], own.code))
        dutch_line = (_phone(line.phone, dutch), Sentence(entry["facts_nl"], dutch.code)) if dutch else ()
        passages.append(Passage("helpline", name, own_line, dutch_line))
    passages.append(_passage("privacy", own, dutch, T.PRIVACY))
    return passages


def reading(passages: Sequence[Passage], dutch: bool = False) -> list[Sentence]:
    """The sentences one reading speaks, in order: her language's, or (``dutch``) the Dutch."""
    out: list[Sentence] = []
    for passage in passages:
        out += passage.shared
        out += passage.dutch if dutch else passage.own
    return out
