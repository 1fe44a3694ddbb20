"""The guided start proposes material that fits the conversation, and says why."""

from __future__ import annotations

import dataclasses

import pytest

from bronwijzer.kit.options import KitOptions
from bronwijzer.kit.ranking import kit_propose, resource_fit
from bronwijzer.kit.selection import published_docs


@pytest.fixture
def docs(default_map):
    return published_docs()


def _doc(docs, slug):
    return next(d for d in docs if d.slug == slug)


def test_an_arabic_speaking_parent_gets_only_material_in_arabic_or_without_language(docs):
    options = KitOptions(who="ouder", languages=("ar",), age=14, situation="preventie")
    proposal = kit_propose(docs, options)
    assert proposal, "the default map has material in Arabic"
    for fit in proposal:
        assert "ar" in fit.resource.languages or "zxx" in fit.resource.languages, fit.resource.slug
        assert "ouders" in fit.resource.audiences
    assert {f.resource.slug for f in proposal} >= {"mediagesprek", "trias-tips-sociale-media-gebruik"}


def test_language_free_material_is_proposed_for_any_language(docs):
    wordless = dataclasses.replace(_doc(docs, "animatievideo-sexting-misbruik"), languages=("zxx",))
    proposal = kit_propose([*docs, wordless], KitOptions(who="ouder", languages=("pl",)))
    assert [f.resource for f in proposal] == [wordless]
    assert proposal[0].reasons[0].text == "Zonder taal te gebruiken"


def test_the_parents_own_language_outranks_a_second_one(docs):
    # Mediagesprek exists in Turkish; Trias has Arabic subtitles only.
    proposal = kit_propose(docs, KitOptions(who="ouder", languages=("tr", "ar")))
    slugs = [f.resource.slug for f in proposal]
    assert slugs.index("mediagesprek") < slugs.index("trias-tips-sociale-media-gebruik")


def test_material_that_may_be_too_explicit_is_left_out_unless_asked_for(docs):
    explicit = "mediawijsheid-sexting-misbruik"
    without = {
        f.resource.slug for f in kit_propose(docs, KitOptions(who="ouder", languages=("nl",)), size=50)
    }
    with_ok = {
        f.resource.slug
        for f in kit_propose(docs, KitOptions(who="ouder", languages=("nl",), explicit_ok=True), size=50)
    }
    assert explicit not in without
    assert explicit in with_ok
    fit = resource_fit(_doc(docs, explicit), KitOptions())
    assert [r.text.startswith("Kan voor sommige ouders te expliciet zijn") for r in fit.problems] == [True]


def test_an_age_outside_the_materials_range_excludes_it_and_says_so(docs):
    options = KitOptions(who="jongere", age=11)
    slugs = {f.resource.slug for f in kit_propose(docs, options, size=50)}
    assert "chris-en-voorkom-workshops" not in slugs  # 12–18
    assert "escaperoom-het-stopt-bij-jou" in slugs  # 11–17
    fit = resource_fit(_doc(docs, "chris-en-voorkom-workshops"), options)
    assert [r.text for r in fit.problems] == ["Voor 12–18 jaar, niet voor 11 jaar"]


def test_material_for_another_faith_is_not_proposed_but_fits_when_it_is_the_same(docs):
    muslim = {
        f.resource.slug
        for f in kit_propose(docs, KitOptions(who="ouder", contexts=("islamitisch",)), size=50)
    }
    christian = kit_propose(docs, KitOptions(who="ouder", contexts=("christelijk",)), size=50)
    assert "geloofwaardig-opvoeden-sexting" not in muslim
    assert christian[0].resource.contexts and "christelijk" in christian[0].resource.contexts
    assert any(r.text.startswith("Past bij de context") for r in christian[0].reasons)


def test_help_lines_are_not_proposed_as_material(docs):
    proposal = kit_propose(docs, KitOptions(who="ouder", situation="incident"), size=50)
    assert all("hulplijn" not in f.resource.formats for f in proposal)
    # but material on reporting and help comes first for an incident
    assert "melden-en-hulp" in proposal[0].resource.themes


def test_a_team_gets_material_for_professionals_and_teams(docs):
    proposal = kit_propose(docs, KitOptions(who="team"), size=50)
    assert proposal
    assert all({"teams", "professionals"} & set(f.resource.audiences) for f in proposal)


def test_without_answers_everything_but_explicit_material_and_help_lines_may_be_proposed(docs):
    proposal = kit_propose(docs, KitOptions(), size=100)
    expected = [d for d in docs if d.explicitness == "none" and "hulplijn" not in d.formats]
    assert {f.resource.slug for f in proposal} == {d.slug for d in expected}
    # with no faith given, material made for one faith comes after material for everyone
    faith = [
        bool({"christelijk", "reformatorisch", "islamitisch"} & set(f.resource.contexts)) for f in proposal
    ]
    assert faith == sorted(faith)
