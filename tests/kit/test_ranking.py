"""The guided start proposes material that fits the conversation, and says why."""

from __future__ import annotations

import dataclasses

import pytest

from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.kit.options import KitOptions
from bronwijzer.kit.ranking import kit_propose, kit_rank, language_tier, resource_fit
from bronwijzer.kit.selection import published_docs


@pytest.fixture
def default_map(default_map_module, db):
    """This module's tests only read the default map or change it in their own savepoint (``db``):
    it is loaded once for the module (``default_map_module``), not once a test."""
    return DEFAULT_MAP_PATH


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
    proposal = kit_propose([*docs, wordless], KitOptions(who="ouder", languages=("uk",)))
    assert [f.resource for f in proposal] == [wordless]
    assert proposal[0].reasons[0].text == "Zonder taal te gebruiken"


def test_material_in_her_own_language_comes_before_subtitles_and_language_free_material(docs):
    wordless = dataclasses.replace(
        _doc(docs, "animatievideo-sexting-misbruik"), slug="woordloos", languages=("zxx",)
    )
    options = KitOptions(who="ouder", languages=("ar",), age=14, situation="preventie")
    proposal = kit_propose([*docs, wordless], options, size=50)
    tiers = [language_tier(f.resource, options.languages) for f in proposal]
    assert tiers == sorted(tiers), [(f.resource.slug, t) for f, t in zip(proposal, tiers, strict=True)]
    first = proposal[0].resource
    modes = set(first.language_modes.get("ar", []))
    assert "ar" in first.languages and (not modes or modes - {"ondertiteling"}), first.slug
    # Trias has Arabic subtitles only: watchable, not readable, so after what she can read
    slugs = [f.resource.slug for f in proposal]
    assert slugs.index("trias-tips-sociale-media-gebruik") > slugs.index("zanzu-alles-over-seks")
    assert "woordloos" in slugs


def test_every_language_a_resource_exists_in_counts(docs):
    # Zanzu.nl is confirmed in Dutch, Arabic, Polish, Somali and Turkish (shared/reference/urls.md).
    for code in ("ar", "pl", "so", "tr"):
        proposal = kit_propose(docs, KitOptions(who="ouder", languages=(code,)), size=50)
        assert "zanzu-alles-over-seks" in {f.resource.slug for f in proposal}, code


def test_with_nothing_in_her_language_nothing_is_proposed_and_the_gap_is_named(docs):
    options = KitOptions(who="ouder", languages=("uk",), age=14, situation="preventie")
    ranking = kit_rank(docs, options)
    assert ranking.proposal() == []
    assert ranking.language_gaps() == (["uk"], [])
    alternatives = ranking.alternatives()
    assert alternatives, "the closest material is offered instead"
    for fit in alternatives:
        assert "uk" not in fit.resource.languages
        assert fit.problems == (fit.language,), fit.resource.slug  # only the language is wrong
        assert fit.language.text.startswith("Niet in het Oekraïens; alleen in: ")
    # something to watch together first
    assert {"video", "ouderavond"} & set(alternatives[0].resource.formats)


def test_a_language_with_material_that_does_not_fit_is_named_as_such(docs):
    # The only English material for young people is not made for a conversation with a parent.
    options = KitOptions(who="jongere", languages=("en",))
    absent, unmatched = kit_rank(docs, options).language_gaps()
    english_for_young = [
        d
        for d in docs
        if "en" in d.languages and {"jongeren", "slachtoffers", "jonge-plegers"} & set(d.audiences)
    ]
    helplines_only = all("hulplijn" in d.formats for d in english_for_young)
    assert absent == []
    assert unmatched == (["en"] if helplines_only else [])


def test_made_for_names_every_audience_of_the_material(docs):
    fit = resource_fit(_doc(docs, "halt-lessen-social-media-online-veiligheid"), KitOptions(who="ouder"))
    audiences = [r.text for r in fit.reasons if r.text.startswith("Gemaakt voor")]
    assert audiences == ["Gemaakt voor: Jongeren, Ouders"]


def test_material_made_first_of_all_for_parents_outranks_material_with_a_parents_part(docs):
    lesson = resource_fit(_doc(docs, "halt-lessen-social-media-online-veiligheid"), KitOptions(who="ouder"))
    for_parents = resource_fit(_doc(docs, "tien-tips-ouders-praten-over-sexting"), KitOptions(who="ouder"))
    assert lesson.resource.audiences[0] != "ouders" and for_parents.resource.audiences[0] == "ouders"
    assert for_parents.score > lesson.score


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
