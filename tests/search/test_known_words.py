"""Words people type: known words are never corrected, related words only boost, languages are
named, compounds are split, and only what the typed words matched is highlighted."""

from __future__ import annotations

import pytest

from bronwijzer.search.facets import Selection
from bronwijzer.search.index import LanguageHit, SearchIndex
from bronwijzer.search.lexicon import lexicon
from tests.search.factories import resource

DOCS = [
    resource("tools", "Tools voor teams", "Gesprekskaarten voor het team."),
    resource("sextortion", "Over sextortion", "Wat is sextortion en wat kun je doen."),
    resource("sextortion-help", "Sextortion", "Hulp en een hulplijn bij sextortion."),
    resource("help", "Hulplijn", "Hulp bij online grensoverschrijdend gedrag; gratis en anoniem."),
    resource("parents", "Tips voor ouders", "Praten met je kind.", audiences=["ouders"]),
    resource(
        "migration",
        "Animatie voor ouders",
        "Uitleg in beeld.",
        audiences=["ouders"],
        contexts=["migratieachtergrond"],
    ),
    resource("training", "Training weerbaarheid", "Een online training."),
    resource("turkish", "Gesprekskaart", "Praatplaat voor ouders.", languages=["nl", "tr"]),
    resource("subtitled", "Video", "Tips.", languages=["nl", "ar"], language_modes={"ar": ["ondertiteling"]}),
]


@pytest.fixture(scope="module")
def index():
    docs = [d.__class__(**{**_fields(d), "position": i}) for i, d in enumerate(DOCS)]
    return SearchIndex.build(docs, [])


def _fields(doc):
    return {name: getattr(doc, name) for name in doc.__dataclass_fields__}


def slugs(index, q):
    return [index.docs[i].slug for i in index.search(q, Selection()).order]


# --- the word lists ----------------------------------------------------------------------


@pytest.mark.parametrize("word", ["pools", "tante", "mobiel", "leraar", "naakt", "gamen", "polite", "arabic"])
def test_real_dutch_and_english_words_are_in_the_word_lists(word):
    assert lexicon().is_word(word)


@pytest.mark.parametrize("word", ["trainng", "podcats", "weerbaarhied", "sextnig", "qqqxyzzz"])
def test_typos_are_not(word):
    assert not lexicon().is_word(word)


def test_a_word_list_can_be_asked_by_language():
    assert lexicon().is_word("moeder", "nl") and not lexicon().is_word("moeder", "en")
    assert lexicon().is_word("mother", "en") and not lexicon().is_word("mother", "nl")


# --- known words are never corrected ---------------------------------------------------------


@pytest.mark.parametrize("word", ["pools", "tante", "mobiel", "nepnaakt", "moslimouders", "gereformeerde"])
def test_known_words_are_known(index, word):
    assert index.is_known(word)


def test_a_known_word_is_not_matched_as_a_typo_of_another(index):
    hits = index.search("pools", Selection())
    assert "tools" not in [index.docs[i].slug for i in hits.order]
    assert "tools" not in hits.terms
    assert hits.suggestion is None


def test_a_non_word_still_is(index):
    assert slugs(index, "toolz") == ["tools"]
    assert slugs(index, "trainng") == ["training"]


def test_did_you_mean_is_never_offered_for_a_known_word(index):
    for q in ("tante", "nepnaakt", "mobiel", "leraar"):
        hits = index.search(q, Selection())
        assert hits.order == [] and hits.suggestion is None, q


def test_did_you_mean_is_offered_for_a_non_word_when_the_correction_finds_something(index):
    hits = index.search("tarinng", Selection())  # 7 letters, 2 edits: too far to match, near enough to ask
    assert hits.order == [] and hits.suggestion == "training"
    hits = index.search("chentegu", Selection())  # 3 edits from "chantage", a synonym of sextortion
    assert hits.order == [] and hits.suggestion == "chantage"


def test_did_you_mean_is_not_offered_when_the_correction_finds_only_related_material():
    docs = [d for d in DOCS if "sextortion" not in d.slug]
    index = SearchIndex.build([d.__class__(**{**_fields(d), "position": i}) for i, d in enumerate(docs)], [])
    assert index.search("chantage", Selection()).related_only == ("chantage",)  # only help lines
    hits = index.search("chentegu", Selection())
    assert hits.order == [] and hits.suggestion is None


# --- related ("also") words: they raise the ranking and never widen ---------------------------


def test_related_words_do_not_widen_what_a_word_finds(index):
    assert set(slugs(index, "sextortion")) == {"sextortion", "sextortion-help"}


def test_related_words_raise_the_ranking_of_what_it_finds(index):
    # "hulp" and "hulplijn" are related to sextortion: the page that also offers help comes first,
    # although the other has the word in its title and its summary too
    assert slugs(index, "sextortion") == ["sextortion-help", "sextortion"]


def test_when_a_word_finds_nothing_its_related_words_stand_in_and_this_is_reported():
    docs = [d for d in DOCS if "sextortion" not in d.slug]
    index = SearchIndex.build([d.__class__(**{**_fields(d), "position": i}) for i, d in enumerate(docs)], [])
    hits = index.search("sextortion", Selection())
    assert [index.docs[i].slug for i in hits.order] == ["help"]
    assert hits.related_only == ("sextortion",)
    assert "hulp" not in hits.terms and "hulplijn" not in hits.terms


def test_a_context_named_in_two_words_finds_the_related_material_for_that_audience(index):
    # no material names Muslims; "moslim" relates to material for a migration background
    hits = index.search("moslim ouders", Selection())
    assert [index.docs[i].slug for i in hits.order] == ["migration"]
    assert hits.related_only == ("moslim",)


def test_a_word_some_material_names_is_never_reported_as_named_by_none():
    # "moslim" is in a title, but that resource is not about parents: the parents' material is
    # found through the related words; the page must not say that no resource names "moslim"
    docs = [*DOCS, resource("mosque", "Moslim gemeenschap", "Een gesprek in de moskee.")]
    index = SearchIndex.build([d.__class__(**{**_fields(d), "position": i}) for i, d in enumerate(docs)], [])
    hits = index.search("moslim ouders", Selection())
    assert "migration" in [index.docs[i].slug for i in hits.order]
    assert hits.related_only == () and hits.unmatched == ()


# --- compounds --------------------------------------------------------------------------------


def test_a_compound_of_two_known_words_is_searched_as_the_two_words(index):
    assert slugs(index, "moslimouders") == slugs(index, "moslim ouders")
    assert slugs(index, "weerbaarheidstraining") == ["training"]


def test_a_compound_that_finds_nothing_as_two_words_is_a_kind_of_its_last_part(index):
    hits = index.search("pleegouders", Selection())
    assert {index.docs[i].slug for i in hits.order} == {"parents", "migration", "turkish"}
    assert hits.unmatched == ("pleeg",)


def test_a_real_word_no_material_has_is_left_out_when_nothing_is_found_and_named(index):
    hits = index.search("training tante", Selection())
    assert [index.docs[i].slug for i in hits.order] == ["training"]
    assert hits.unmatched == ("tante",)


def test_a_typo_is_never_left_out_it_gets_a_did_you_mean(index):
    hits = index.search("tarinng weerbaarheid", Selection())
    assert hits.order == [] and hits.suggestion == "training weerbaarheid"


def test_a_language_nothing_is_in_is_named_when_the_other_words_find_material(index):
    hits = index.search("poolse ouders", Selection())
    assert {index.docs[i].slug for i in hits.order} >= {"parents", "migration"}
    assert [(h.code, h.count, h.available) for h in hits.languages] == [("pl", 0, 0)]


# --- languages --------------------------------------------------------------------------------


def test_a_language_name_finds_the_material_in_that_language(index):
    hits = index.search("turkse moeder", Selection())
    assert [index.docs[i].slug for i in hits.order] == ["turkish"]
    assert hits.languages == (LanguageHit("tr", ("turkse",), count=1, available=1),)


@pytest.mark.parametrize(("q", "code"), [("pools", "pl"), ("somalisch", "so"), ("oekraïens", "uk")])
def test_a_language_nothing_is_in_is_reported_with_no_results_in_it(index, q, code):
    hits = index.search(q, Selection())
    assert hits.order == []
    assert [(h.code, h.count, h.available) for h in hits.languages] == [(code, 0, 0)]


def test_a_language_the_map_has_but_the_results_are_not_in_is_told_apart(index):
    hits = index.search("training turks", Selection())
    assert [(h.code, h.count, h.available) for h in hits.languages] == [("tr", 0, 1)]


def test_words_that_are_not_language_names_name_no_language(index):
    assert index.search("marokkaanse ouders", Selection()).languages == ()
    assert index.search("ouders", Selection()).languages == ()


# --- highlighting: only what the typed words matched ------------------------------------------


def test_synonyms_and_related_words_are_not_highlighted(index):
    assert index.search("sextortion", Selection()).terms == ("sextortion",)
    terms = index.search("moeder", Selection()).terms  # finds "ouders" by synonym
    assert "ouders" not in terms


def test_the_forms_of_a_typed_word_and_the_parts_of_a_compound_are_highlighted(index):
    assert {"ouders"} <= set(index.search("ouders", Selection()).terms)
    assert {"ouders"} <= set(index.search("moslimouders", Selection()).terms)
    assert "training" in index.search("trainng", Selection()).terms  # a non-word: its correction
