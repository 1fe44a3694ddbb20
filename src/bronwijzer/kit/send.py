""" "Stuur naar ouder": a short message that brings the parent's handout to her own phone.

The message is one line in her language with the same line in Dutch under it, then exactly one
link: the public address of her handout. The kit's send page offers it as links the
professional chooses (WhatsApp, SMS, e-mail) and, with JavaScript, as the device's share sheet;
Bronwijzer itself sends nothing and keeps nothing. The words are the handout's own
(``SEND_*`` in :mod:`bronwijzer.kit.handout_text`), translated in its gettext domain with the
rest of the handout, so every handout language has them and their review state is the
handout's. They name no topic: the message may show on her lock screen.

When her language's text is not available the message is Dutch only, and the page says why
(:class:`Fallback`): the handout is not in that language (the link then opens the Dutch
handout), or the language's catalogue lacks the message (an uploaded catalogue from before it
existed: the link still opens her handout).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from bronwijzer.kit import handout_text as T
from bronwijzer.kit.handout import HANDOUT_LANGUAGES, SOURCE_LANGUAGE, HandoutText, handout_text

#: The texts the message is made of: her language has them all, or the message is Dutch only.
MESSAGE_TEXTS = (T.SEND_MESSAGE, T.SEND_TITLE)
WHATSAPP = "https://wa.me/?text="
SMS = "sms:?&body="  # "?&": iOS reads "&body=", Android "?body="; each ignores the other
MAILTO = "mailto:?subject={subject}&body={body}"


class Fallback(StrEnum):
    """Why a message is in Dutch only although another language was asked for."""

    NONE = ""
    NO_HANDOUT = "no-handout"  # the handout is not in that language: the link opens the Dutch one
    NO_MESSAGE = "no-message"  # the handout is, but its catalogue lacks the message's texts


def url_encoded(text: str) -> str:
    """``text`` for a URL's query: UTF-8, every byte but the unreserved ones as ``%XX``
    (a space is ``%20``, never ``+``; a line break ``%0A``; ``&``, ``=``, ``?``, ``#`` and ``/``
    encoded too, so the link inside the text cannot end the parameter)."""
    return quote(text, safe="")


@dataclass(frozen=True)
class ParentMessage:
    asked: str  # the language the professional chose
    lang: str  # the language of the first line: ``asked``, or Dutch when it falls back
    direction: str  # of the first line
    handout: str  # the handout language the link opens
    url: str  # the one link: the handout's public address
    lines: tuple[str, ...]  # her language's line, then the Dutch one (only the Dutch when Dutch only)
    subject: str  # of the e-mail
    fallback: Fallback = Fallback.NONE

    @property
    def text(self) -> str:
        """The whole message: its lines, then the link on a line of its own."""
        return "\n".join((*self.lines, self.url))

    @property
    def share_text(self) -> str:
        """The message without the link, for the share sheet (which takes the link apart)."""
        return "\n".join(self.lines)

    @property
    def whatsapp(self) -> str:
        return WHATSAPP + url_encoded(self.text)

    @property
    def sms(self) -> str:
        return SMS + url_encoded(self.text)

    @property
    def email(self) -> str:
        body = self.text.replace("\n", "\r\n")  # RFC 6068: a line break in a mailto body is CRLF
        return MAILTO.format(subject=url_encoded(self.subject), body=url_encoded(body))


def parent_message(asked: str, handout_url: Callable[[str], str]) -> ParentMessage:
    """The message for a parent who reads ``asked``; ``handout_url(lang)`` is the public address
    of this kit's handout in ``lang``."""
    dutch = HandoutText(SOURCE_LANGUAGE)
    if asked not in HANDOUT_LANGUAGES:
        return _dutch_only(asked, SOURCE_LANGUAGE, handout_url, Fallback.NO_HANDOUT)
    if asked == SOURCE_LANGUAGE:
        return _dutch_only(asked, asked, handout_url, Fallback.NONE)
    own = handout_text(asked)
    if not all(own.translates(message) for message in MESSAGE_TEXTS):
        return _dutch_only(asked, asked, handout_url, Fallback.NO_MESSAGE)
    return ParentMessage(
        asked=asked,
        lang=asked,
        direction=HANDOUT_LANGUAGES[asked][1],
        handout=asked,
        url=handout_url(asked),
        lines=(own.SEND_MESSAGE, dutch.SEND_MESSAGE),
        subject=f"{own.SEND_TITLE} / {dutch.SEND_TITLE}",
    )


def _dutch_only(
    asked: str, handout: str, handout_url: Callable[[str], str], fallback: Fallback
) -> ParentMessage:
    dutch = HandoutText(SOURCE_LANGUAGE)
    return ParentMessage(
        asked=asked,
        lang=SOURCE_LANGUAGE,
        direction="ltr",
        handout=handout,
        url=handout_url(handout),
        lines=(dutch.SEND_MESSAGE,),
        subject=dutch.SEND_TITLE,
        fallback=fallback,
    )
