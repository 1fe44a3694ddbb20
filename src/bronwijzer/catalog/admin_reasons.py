"""The history in the back office: why a version was recorded, in words.

The domain records a change reason (django-simple-history's ``history_change_reason``) as a
code, optionally followed by ``:`` and a detail: publishing and approval write the proposer's
name (:mod:`bronwijzer.catalog.publishing`, :mod:`bronwijzer.catalog.proposals`), the link
check the old address, the kit the number of texts a translator changed. This module says
them in words through gettext (Dutch source strings), when the history page is shown.

The codes of apps above the catalog (the link check, the kit) are said by those apps' admin
modules, which register a function for each code here (:func:`change_reason_register`); the
catalog cannot import them. A reason that is no known code (a sentence stored before the
codes, or one an editor typed) is shown as it was stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from bronwijzer.catalog import proposals, publishing

#: How a code is said: given the detail after the ``:`` ("" when none) and who recorded the version.
ReasonText = Callable[[str, str], str]

_TEXTS: dict[str, ReasonText] = {}


def change_reason_register(code: str, text: ReasonText) -> None:
    """Say the change reason ``code`` with ``text(detail, by)`` on the history pages."""
    if ":" in code:
        raise ValueError(f"a change reason code holds no ':' ({code!r})")
    _TEXTS[code] = text


def change_reason_text(reason: str | None, user: Any) -> str:
    """A version's change reason in words: a registered code through gettext, other text as stored."""
    if not reason:
        return ""
    code, _sep, detail = reason.partition(":")
    text = _TEXTS.get(code)
    if text is None:
        return reason
    by = (user.get_full_name() or user.get_username()) if user is not None else _("onbekend")
    return text(detail, by)


def _published(_detail: str, by: str) -> str:
    return _("Gepubliceerd door %(by)s") % {"by": by}


def _proposal_published(detail: str, by: str) -> str:
    author = detail or _("onbekend")
    return _("Voorstel van %(author)s gepubliceerd door %(by)s") % {"author": author, "by": by}


def _approved(detail: str, by: str) -> str:
    author = detail or _("onbekend")
    return _("Voorgesteld door %(author)s, goedgekeurd door %(by)s") % {"author": author, "by": by}


change_reason_register(publishing.REASON_PUBLISHED, _published)
change_reason_register(publishing.REASON_PROPOSAL_PUBLISHED, _proposal_published)
change_reason_register(proposals.REASON_APPROVED, _approved)
