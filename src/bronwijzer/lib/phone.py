"""Phone numbers as tel: links."""

from __future__ import annotations

import re


def tel_href(number: str) -> str:
    """``tel:`` URI for a number as written ("020-261 52 75" -> "tel:0202615275")."""
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}"


#: Dutch number prefixes whose calls are charged at a service rate (0900, 0906, 0909).
_SERVICE_RATE = re.compile(r"^\s*(?:\+31\s*-?\s*|0031\s*-?\s*|0)(?:900|906|909)")


def is_service_rate(number: str) -> bool:
    """Whether calling ``number`` may cost more than a normal call (a Dutch 090x number).

    The help behind such a number can be free while the call is not, so nothing may
    print "gratis" beside it (issue 13).
    """
    return bool(_SERVICE_RATE.match(number))
