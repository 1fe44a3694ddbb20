"""Text analysis: folding, tokens, stems, compounds, prefixes, typos, minimum should match."""

from __future__ import annotations

import pytest

from bronwijzer.search import analysis
from bronwijzer.search.analysis import (
    fold,
    index_terms,
    known_head,
    known_tail,
    prefix_range,
    query_tokens,
    required_matches,
    split_compound,
    stem_en,
    stem_keys,
    stem_nl,
    typo_budget,
    typo_matches,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Privé", "prive"),
        ("Oekraïens", "oekraiens"),
        ("CLIËNTEN één", "clienten een"),
        ("Straße", "strasse"),
        ("Sexting Misbruik", "sexting misbruik"),
    ],
)
def test_fold_lowercases_and_drops_diacritics(text, folded):
    assert fold(text) == folded


def test_index_terms_split_on_punctuation_and_drop_stopwords_and_single_letters():
    terms = index_terms(
        "Wat is sexting misbruik? Een brochure (pdf), voor ouders & professionals: 13-18 jaar."
    )
    assert terms == {"sexting", "misbruik", "brochure", "pdf", "ouders", "professionals", "13", "18", "jaar"}


def test_index_terms_keep_hyphenated_parts_and_the_joined_word():
    terms = index_terms("E-learning over privé-informatie")
    assert {"learning", "elearning", "prive", "informatie", "priveinformatie"} <= terms
    assert "e" not in terms


def test_index_terms_drop_the_apostrophe_s_of_plurals():
    assert index_terms("Naaktfoto's en video’s") == {"naaktfoto", "video"}


def test_query_tokens_keep_order_and_stopwords_and_join_hyphenated_words():
    assert query_tokens("Iets voor een Turkse moeder") == ["iets", "voor", "een", "turkse", "moeder"]
    assert query_tokens("e-learning gratis!") == ["elearning", "gratis"]
    assert query_tokens("wat als naaktfoto's") == ["wat", "als", "naaktfoto"]


def test_stopwords_include_the_dutch_basics_and_english():
    basics = "de het een en van voor met op in iets over hoe wat mijn je ik is the what of"
    for word in basics.split():
        assert analysis.is_stopword(word), word
    for word in ("ouders", "sexting", "hulp", "online", "les"):
        assert not analysis.is_stopword(word), word


def test_dutch_stems_join_inflections_and_participles():
    assert stem_nl("ouders") == stem_nl("ouder")
    assert stem_nl("doorgestuurd") == stem_nl("doorsturen")
    assert stem_nl("christelijke") == stem_nl("christelijk")
    assert stem_nl("sexting") == stem_nl("sexten")


def test_english_stems_are_the_second_language():
    assert stem_en("parents") == stem_en("parent")
    assert stem_en("trainings") == stem_en("training")
    assert stem_keys("parents") == ("nl:par:" + stem_nl("parents"), "en:par:parent")


def test_stem_keys_only_join_words_that_start_alike():
    assert stem_nl("gezin") == stem_nl("zin")  # Snowball strips "ge-" ...
    assert stem_keys("gezin")[0] != stem_keys("zin")[0]  # ... the keys keep them apart
    assert stem_keys("doorgestuurd")[0] == stem_keys("doorsturen")[0]


KNOWN = {"sexting", "misbruik", "ouder", "avond", "vluchteling", "achtergrond", "naakt", "foto"}.__contains__


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("sextingmisbruik", ("sexting", "misbruik")),
        ("ouderavond", ("ouder", "avond")),
        ("vluchtelingenachtergrond", ("vluchteling", "achtergrond")),  # linking "en"
        ("naaktfoto", ("naakt", "foto")),
        ("weerbaarheid", None),
        ("oudermisbruikavond", None),  # three parts: not split
    ],
)
def test_split_compound_into_two_known_words(word, parts):
    assert split_compound(word, KNOWN) == parts


def test_known_head_and_tail_of_an_unknown_compound():
    known = {"ervaring", "verhalen", "slachtoffer"}.__contains__
    assert known_head("ervaringsdingen", known) == "ervaring"  # linking "s" dropped
    assert known_tail("slachtofferverhalen", known) == "verhalen"
    assert known_head("qqqqqqqq", known) is None


def test_prefix_range_is_the_block_of_a_sorted_vocabulary():
    words = sorted(["ouder", "ouderavond", "ouders", "oudste", "over", "les", "lessen"])
    low, high = prefix_range(words, "ouder")
    assert words[low:high] == ["ouder", "ouderavond", "ouders"]
    assert prefix_range(words, "xyz")[0] == prefix_range(words, "xyz")[1]


@pytest.mark.parametrize(
    ("word", "budget"),
    [("les", 0), ("halt", 0), ("media", 1), ("trainng", 1), ("podcats", 1), ("weerbaar", 2), ("12345", 0)],
)
def test_typo_budget_is_one_edit_from_five_letters_and_two_from_eight(word, budget):
    assert typo_budget(word) == budget


def test_typo_matches_count_a_swap_as_one_edit_and_respect_the_budget():
    vocabulary = ["training", "podcast", "weerbaarheid", "halt"]
    assert typo_matches("trainng", vocabulary, 1) == [("training", 1)]
    assert typo_matches("podcats", vocabulary, 1) == [("podcast", 1)]  # swap
    assert typo_matches("weerbaarhied", vocabulary, 2) == [("weerbaarheid", 1)]
    assert typo_matches("wearbaarhied", vocabulary, 2) == [("weerbaarheid", 2)]
    assert typo_matches("trainnnng", vocabulary, 1) == []
    assert typo_matches("halr", vocabulary, 0) == []


@pytest.mark.parametrize(
    ("concepts", "needed"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4), (8, 5)]
)
def test_minimum_should_match(concepts, needed):
    assert required_matches(concepts) == needed
