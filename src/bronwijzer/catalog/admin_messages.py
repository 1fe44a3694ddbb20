"""The map-file schema's problems, told in Dutch to an editor in the admin form.

The resource form checks an entry with the map-file schema (one rule for both ways in), whose
messages are English and technical, written for whoever runs ``loadmap``. An editor reads
the same problem here in plain Dutch, next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^'(?P<value>[^']*)' is not an ISO 639-1 language code"),
        "“{value}” is geen taalcode die we kennen. Gebruik twee letters, bijvoorbeeld nl, en, ar of tr.",
    ),
    (
        re.compile(r"^language_modes names (?P<codes>.+), which is not in languages"),
        "Bij ‘Hoe per taal beschikbaar’ staat {codes}, maar die taal staat niet bij ‘Talen’.",
    ),
    (
        re.compile(r"^age_min \((?P<low>\d+)\) is greater than age_max \((?P<high>\d+)\)"),
        "‘Leeftijd vanaf’ ({low}) is hoger dan ‘leeftijd tot en met’ ({high}).",
    ),
    (
        re.compile(r"^unknown \w+ '(?P<value>[^']*)'; allowed: (?P<allowed>.+)"),
        "“{value}” kennen we hier niet. Kies uit: {allowed}.",
    ),
    (re.compile(r"^'(?P<value>[^']*)' is listed twice"), "“{value}” staat er twee keer in."),
    (
        re.compile(r"is not an http\(s\) URL|is not a well-formed URL"),
        "Dit is geen volledig webadres. Het begint met https:// en heeft een naam zoals www.voorbeeld.nl.",
    ),
    (
        re.compile(r"contains a control character \((?P<chars>[^)]*)\)"),
        "Hier staat een onzichtbaar stuurteken ({chars}). Typ de tekst op die plek opnieuw.",
    ),
)

#: By pydantic error type, for the problems that are not our own checks.
_TYPES = {
    "missing": "Dit veld is verplicht.",
    "string_too_short": "Dit veld is verplicht.",
    "string_too_long": "Deze tekst is te lang.",
    "int_parsing": "Vul een heel getal in.",
    "greater_than_equal": "Dit getal is te klein.",
    "less_than_equal": "Dit getal is te groot.",
    "date_from_datetime_parsing": "Vul een datum in als dd-mm-jjjj.",
    "date_parsing": "Vul een datum in als dd-mm-jjjj.",
    "extra_forbidden": "Hier staat een gegeven dat we niet kennen.",
}

GENERAL = "Deze invoer klopt niet. Kijk het formaat na bij de uitleg onder het veld."


def schema_message_nl(item: Mapping[str, Any]) -> str:
    """One pydantic error of the map-file schema as a Dutch sentence for an editor."""
    message = str(item.get("msg", "")).removeprefix("Value error, ")
    for pattern, dutch in _RULES:
        found = pattern.search(message)
        if found:
            return dutch.format(**found.groupdict())
    return _TYPES.get(str(item.get("type")), GENERAL)
