"""The synonym file: loading, validation, lookup, and how queries become concepts."""

from __future__ import annotations

import pytest
import yaml

from bronwijzer.search.query import parse_query
from bronwijzer.search.synonyms import (
    DEFAULT_PATH,
    RELATED,
    SYNONYM,
    SynonymError,
    default_synonyms,
    load_synonyms,
    parse_groups,
)


@pytest.fixture(scope="module")
def synonyms():
    return default_synonyms()


def forms(synonyms, text):
    return {" ".join(form): weight for form, weight, _ in synonyms.expansions(tuple(text.split())) or ()}


def related(synonyms, text):
    return {
        " ".join(form) for form, _, is_related in synonyms.expansions(tuple(text.split())) or () if is_related
    }


def test_the_file_has_dozens_of_named_groups():
    groups = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))["groups"]
    assert len(groups) >= 50
    assert len(parse_groups({"groups": groups})) == len(groups)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("shame sexting", "sexting misbruik"),
        ("sexting misbruik", "shame sexting"),
        ("sextortion", "afpersing"),
        ("afpersing", "sextortion"),
        ("nudes", "naaktbeelden"),
        ("naaktfoto", "nudes"),
        ("cursus", "training"),
        ("training", "elearning"),
        ("ouder", "moeder"),
        ("moeders", "opvoeder"),  # an inflection finds the group by its stem
        ("jongere", "tiener"),
        ("puber", "jongeren"),
        ("school", "onderwijs"),
        ("melden", "aangifte"),
        ("hulp", "help"),
        ("moskee", "islamitisch"),
        ("kerk", "christelijk"),
        ("lhbti", "lgbt"),
        ("eergerelateerd", "eerwraak"),
        ("weerbaar", "resilience"),
        ("doorgestuurd", "verspreiden"),
        ("filmpje", "video"),
        ("lesprogramma", "les"),
    ],
)
def test_equivalent_words_find_each_other(synonyms, typed, expected):
    assert forms(synonyms, typed).get(expected) == SYNONYM


def test_also_words_are_one_way(synonyms):
    assert forms(synonyms, "marokkaans")["lang:ar"] == RELATED
    assert "marokkaans" not in forms(synonyms, "arabisch")
    assert forms(synonyms, "reformatorisch")["christelijk"] == RELATED
    assert "reformatorisch" not in forms(synonyms, "christelijk")


def test_also_words_are_marked_related_and_equivalent_words_are_not(synonyms):
    assert {"lang:ar", "migratieachtergrond"} <= related(synonyms, "marokkaans")
    assert "hulp" in related(synonyms, "sextortion")
    assert "afpersing" in forms(synonyms, "sextortion") and "afpersing" not in related(synonyms, "sextortion")


@pytest.mark.parametrize(
    ("typed", "codes"),
    [("pools", ("pl",)), ("turkse", ("tr",)), ("arabic", ("ar",)), ("marokkaans", ()), ("ouders", ())],
)
def test_a_form_names_the_languages_of_its_own_group_not_its_related_ones(synonyms, typed, codes):
    assert synonyms.languages((typed,)) == codes


def test_every_word_of_the_list_is_a_known_word(synonyms):
    assert synonyms.is_word("moslim") and synonyms.is_word("getinte") and synonyms.is_word("moeders")
    assert not synonyms.is_word("tante")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("turks", "tr"),
        ("turkse", "tr"),
        ("turkish", "tr"),
        ("arabische", "ar"),
        ("arabic", "ar"),
        ("engels", "en"),
        ("english", "en"),
        ("frans", "fr"),
        ("pools", "pl"),
        ("polish", "pl"),
        ("oekraiens", "uk"),
        ("oekraïense", "uk"),
        ("somalisch", "so"),
        ("tigrinya", "ti"),
        ("zweeds", "sv"),  # from Babel, not listed in the file
        ("swedish", "sv"),
    ],
)
def test_language_names_match_materials_in_that_language(synonyms, typed, code):
    from bronwijzer.search.analysis import fold

    assert f"lang:{code}" in forms(synonyms, fold(typed))


def test_the_typed_word_is_not_its_own_synonym(synonyms):
    assert "ouders" not in forms(synonyms, "ouders")
    assert "ouder" not in forms(synonyms, "ouders")


def group(**item):
    return {"groups": [{"group": "test-group", **item}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (group(words=["ouder", "lang:xx"]), "'test-group'.*lang:xx"),
        (group(words="ouder, moeder"), "'test-group'.*non-empty list"),
        (group(words=["ouder", None]), "'test-group'.*None"),
        (group(words=["ouder", "de het"]), "'test-group'.*only stopwords"),
        (group(words=["ouder"]), "'test-group'.*two or more"),
        (group(words=["ouder", "moeder"], extra=["x"]), "'test-group'.*unknown key"),
        ({"groups": [{"words": ["a", "b"]}]}, "#1"),
        ({"groups": [{"group": "Bad Name", "words": ["ab", "cd"]}]}, "#1"),
        (
            {
                "groups": [
                    {"group": "twice", "words": ["ab", "cd"]},
                    {"group": "twice", "words": ["ef", "gh"]},
                ]
            },
            "'twice'.*twice",
        ),
        ({"words": []}, "groups"),
    ],
)
def test_bad_entries_are_refused_with_the_group_named(data, message):
    with pytest.raises(SynonymError, match=message):
        parse_groups(data)


def test_a_file_loads_and_gets_the_language_names(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("groups:\n  - group: ouders\n    words: [ouder, moeder]\n", encoding="utf-8")
    loaded = load_synonyms(path)
    assert forms(loaded, "moeder") == {"ouder": SYNONYM}
    assert "lang:tr" in forms(loaded, "turkish")
    path.write_text("groups: [", encoding="utf-8")
    with pytest.raises(SynonymError, match="YAML"):
        load_synonyms(path)


# --- queries as concepts ---------------------------------------------------------------


def words(q, synonyms, known=lambda word: False):
    return [concept.words for concept in parse_query(q, synonyms, known)]


def test_stopwords_go_and_each_other_word_is_a_concept(synonyms):
    assert words("iets voor een Turkse moeder", synonyms) == [("turkse",), ("moeder",)]
    assert words("wat te doen als naaktfoto's worden doorgestuurd", synonyms) == [
        ("naaktfoto",),
        ("doorgestuurd",),
    ]


def test_a_synonym_phrase_is_one_concept(synonyms):
    assert words("les voor middelbare school", synonyms) == [("les",), ("middelbare", "school")]
    assert words("eergerelateerd geweld meldcode", synonyms) == [("eergerelateerd", "geweld"), ("meldcode",)]


def test_two_words_whose_joined_form_is_known_are_one_concept(synonyms):
    known = {"ouderavond", "escaperoom"}.__contains__
    assert words("ouder avond", synonyms, known) == [("ouder", "avond")]
    concept = parse_query("ouder avond", synonyms, known)[0]
    assert concept.alternatives[0].words == ("ouderavond",) and concept.alternatives[0].typed
    assert ("ouder", "avond") in [a.words for a in concept.alternatives]
    # "ouderavond" is in the synonym file, "schoolbeleid" only counts when the index knows it
    assert words("ouder avond", synonyms, lambda word: False) == [("ouder", "avond")]
    assert words("school beleid", synonyms, lambda word: False) == [("school",), ("beleid",)]
    assert words("school beleid", synonyms, {"schoolbeleid"}.__contains__) == [("school", "beleid")]


def test_only_the_typed_words_get_prefix_typo_and_compound_matching(synonyms):
    concept = parse_query("sextortion", synonyms)[0]
    assert [a.typed for a in concept.alternatives][:2] == [True, False]
    assert {a.weight for a in concept.alternatives[1:]} <= {SYNONYM, RELATED}
    assert [a.own for a in concept.alternatives][:2] == [True, False]
    assert {a.words for a in concept.alternatives if a.related} == {
        ("online", "grensoverschrijdend", "gedrag"),
        ("hulp",),
        ("hulplijn",),
        ("melden",),
    }


def test_a_word_the_caller_splits_becomes_two_concepts(synonyms):
    split = {"moslimouders": ("moslim", "ouders")}.get
    concepts = parse_query("moslimouders voorlichting", synonyms, split=split)
    assert [c.words for c in concepts] == [("moslim",), ("ouders",), ("voorlichting",)]
    assert ("islamitisch",) in [a.words for a in concepts[0].alternatives]


def test_a_query_of_stopwords_has_no_concepts(synonyms):
    assert words("wat is het", synonyms) == []
    assert words("", synonyms) == []
