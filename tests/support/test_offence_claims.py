"""unqualified_offence_claims: calling an image an offence is only right with the age (under 18)."""

from __future__ import annotations

import pytest

from tests.support.offence_claims import unqualified_offence_claims


@pytest.mark.parametrize(
    "text",
    [
        # the words issue 13 found: keeping an image is not an offence in general
        "Stuur beelden niet door en bewaar ze niet, ook niet als bewijs: dat is zelf strafbaar.",
        "Ook niet als bewijs: dat is zelf strafbaar.",
        "Not even as evidence: that is itself an offence.",
        "Do not forward or keep images, not even as evidence: that is an offence in itself.",
        "Een naaktfoto bewaren is verboden.",
        "Stuur de foto's niet door. Dat is strafbaar.",  # the image is named in the sentence before
        "Keeping nudes on your phone is illegal.",
    ],
)
def test_an_offence_without_an_age_is_flagged(text):
    assert unqualified_offence_claims(text)


@pytest.mark.parametrize(
    "text",
    [
        "De jongere was jonger dan 18 toen het beeld werd gemaakt. Daarom is zo'n beeld hebben strafbaar.",
        "Was iemand op het beeld jonger dan 18? Dan is zo'n beeld hebben of doorsturen strafbaar.",
        "Having a sexual image of someone under 18 is a criminal offence.",
        "Een seksueel beeld van een minderjarige bewaren is strafbaar.",
        "Afpersing is strafbaar. Bel de politie.",  # an offence, but not about an image
        "Stuur beelden niet door en bewaar ze niet, ook niet als bewijs.",  # no offence claimed
        "Ook als iemand op het beeld 18 jaar of ouder is: elke kopie kan verder rondgaan.",
        "",
    ],
)
def test_an_offence_with_the_age_or_no_offence_passes(text):
    assert unqualified_offence_claims(text) == []
