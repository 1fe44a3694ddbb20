"""Phone numbers as tel: links."""

from __future__ import annotations

import re


def tel_href(number: str) -> str:
    """``tel:`` URI for a number as written ("020-261 52 75" -> "tel:0202615275")."""
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}"
