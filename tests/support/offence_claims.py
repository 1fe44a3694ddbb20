"""Find sentences that call having or passing on an image an offence without saying for whom.

Having, keeping or passing on a sexual image is itself an offence when the person shown
was under 18 (Wetboek van Strafrecht art. 252, "seksueel beeldmateriaal van kinderen";
art. 240b before 1 July 2024), not in general (issue 13). So a sentence that links an
image, or keeping one "als bewijs", to an offence must name the age, in itself or in the
sentence just before:

* "Was iemand op het beeld jonger dan 18? Dan is zo'n beeld hebben strafbaar." passes;
* "Stuur beelden niet door en bewaar ze niet, ook niet als bewijs: dat is zelf strafbaar."
  does not, nor its English "... not even as evidence: that is itself an offence."

Like :mod:`tests.support.safety`, whose sentence splitter and image words it shares, it
is a careful heuristic for tests over every text we publish, not a parser.
"""

from __future__ import annotations

import re

from tests.support.safety import mentions_image, sentences

_OFFENCE = re.compile(
    r"\b(?:strafbaar|strafbare|verboden|illegaal|misdrijf|offen[cs]es?|crimes?|criminal|illegal|unlawful)\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b(?:18|achttien|eighteen|minderjarig\w*|minors?|kinderen|children|kinderporno\w*|"
    r"beeldmateriaal\s+van\s+kinderen|child\s+sexual\s+abuse\s+material)\b",
    re.IGNORECASE,
)


def unqualified_offence_claims(text: str) -> list[str]:
    """The sentences of ``text`` (Dutch or English) that call an image an offence without an age."""
    problems = []
    previous = ""
    for sentence in sentences(text):
        about_an_image = mentions_image(sentence) or mentions_image(previous)
        if _OFFENCE.search(sentence) and about_an_image and not _AGE.search(f"{previous} {sentence}"):
            problems.append(sentence)
        previous = sentence
    return problems
