"""The search index: matching, weights, minimum should match, facets, suggestions, glossary."""

from __future__ import annotations

import pytest

from bronwijzer.search.facets import FACETS, FacetIndex, Selection, parse_selection
from bronwijzer.search.index import SearchIndex
from tests.search.factories import glossary_term, resource

DOCS = [
    resource("summary-only", "Brochure voor professionals", "Over sexting en weerbaarheid van jongeren."),
    resource("in-title", "Weerbaarheid online", "Een korte training.", formats=["online-training"]),
    resource(
        "compound",
        "Opname van een ouderavond",
        "Ouders kijken de avond terug.",
        formats=["ouderavond"],
        languages=["nl", "tr"],
    ),
    resource("phrase", "Praten over sexting misbruik", "Tips voor ouders.", formats=["brochure"]),
    resource(
        "organisation",
        "Website",
        "Informatie voor ouders.",
        organisations=["Halt"],
        formats=["website"],
        languages=["nl", "en"],
        cost="free",
    ),
    resource(
        "escape", "Het stopt bij jou!", "Educatieve escaperoom voor leerlingen.", formats=["escaperoom"]
    ),
    resource("halt-summary", "Lessen", "Lessen van Halt op school.", formats=["les"], cost="free"),
    resource("arabic", "Video", "Tips over mediagebruik.", formats=["video"], languages=["nl", "ar"]),
]
GLOSSARY = [
    glossary_term("doxing", "Doxing", "Iemand zet persoonlijke gegevens van een ander online."),
    glossary_term("online-weerbaarheid", "Online weerbaarheid", "Hoe goed iemand zich online beschermt."),
]


@pytest.fixture(scope="module")
def index():
    docs = [d.__class__(**{**_fields(d), "position": i}) for i, d in enumerate(DOCS)]
    return SearchIndex.build(docs, GLOSSARY)


def _fields(doc):
    return {name: getattr(doc, name) for name in doc.__dataclass_fields__}


def slugs(index, q, **filters):
    selection = parse_selection(
        {k: v if isinstance(v, list) else [v] for k, v in filters.items()}, strict=True
    )[0]
    return [index.docs[i].slug for i in index.search(q, selection).order]


def test_an_empty_query_gives_everything_in_printed_order(index):
    assert slugs(index, "") == [d.slug for d in DOCS]
    assert slugs(index, "wat is het") == [d.slug for d in DOCS]  # only stopwords


def test_a_title_hit_ranks_above_a_summary_only_hit(index):
    assert slugs(index, "weerbaarheid")[:2] == ["in-title", "summary-only"]


def test_an_organisation_hit_ranks_above_a_summary_hit(index):
    assert slugs(index, "halt")[:2] == ["organisation", "halt-summary"]


def test_exact_ranks_above_stem_above_prefix():
    docs = [
        resource("prefix", "Vragenlijsten", position=0),
        resource("stem", "Vraag", position=1),
        resource("exact", "Vragen", position=2),
        resource("other", "Ouders", position=3),
    ]
    index = SearchIndex.build(docs, [])
    assert slugs(index, "vragen") == ["exact", "stem", "prefix"]
    assert slugs(index, "vraag") == ["stem", "exact"]
    assert slugs(index, "vragenlij") == ["prefix"]


def test_compounds_both_ways(index):
    assert slugs(index, "sextingmisbruik")[0] == "phrase"
    assert slugs(index, "ouder avond")[0] == "compound"
    assert slugs(index, "escape room") == ["escape"]
    assert "compound" in slugs(index, "avond")


def test_typos_are_tolerated_only_from_five_letters(index):
    assert slugs(index, "trainng") == ["in-title"]  # 7 letters: 1 edit
    assert slugs(index, "weerbaarhied")[0] == "in-title"  # swap
    assert slugs(index, "wearbaarhied")[0] == "in-title"  # 12 letters: 2 edits
    assert slugs(index, "trenng") == []  # 6 letters: 2 edits is too many
    assert slugs(index, "halr") == []  # 4 letters: no typos


def test_language_names_find_materials_in_that_language(index):
    assert slugs(index, "arabisch") == ["arabic"]
    assert slugs(index, "iets voor een Turkse moeder") == ["compound"]  # Turkish + "ouders" (synonym)


def test_synonyms_find_other_words(index):
    assert "in-title" in slugs(index, "cursus")  # "training"
    assert "phrase" in slugs(index, "shame sexting")  # "sexting misbruik"


def test_minimum_should_match(index):
    # two concepts: both needed
    assert slugs(index, "weerbaarheid ouderavond") == []
    # three concepts: one may miss, and documents that match all three come first
    found = slugs(index, "sexting ouders tips")
    assert found[0] == "phrase"
    assert "summary-only" not in found  # only "sexting"
    assert "organisation" not in found  # only "ouders"


def test_filters_and_query_combine(index):
    assert slugs(index, "ouders", format="website") == ["organisation"]
    assert slugs(index, "ouders", language=["tr", "en"]) == ["compound", "organisation"]


def test_facet_counts_respect_the_query_and_the_other_facets_but_not_their_own(index):
    selection = parse_selection({"format": ["website"], "cost": ["free"]}, strict=True)[0]
    facets = {f.name: {o.value: o for o in f.options} for f in index.search("ouders", selection).facets}
    # format counts: query "ouders" and cost=free -> only "organisation" (website)
    assert facets["format"]["website"].count == 1 and facets["format"]["website"].selected
    assert facets["format"]["ouderavond"].count == 0
    # cost counts: query "ouders" and format=website
    assert facets["cost"]["free"].count == 1 and facets["cost"]["unknown"].count == 0
    # language options are the languages of what the query finds
    assert set(facets["language"]) == {"nl", "tr", "en"}
    assert facets["language"]["en"].count == 1


def test_terms_are_the_folded_words_to_highlight(index):
    assert "training" in index.search("trainng", Selection()).terms
    assert "ouders" in index.search("Ouders", Selection()).terms
    assert index.search("", Selection()).terms == ()


def test_a_typo_only_query_without_hits_gets_a_suggestion(index):
    hits = index.search("halr", Selection())
    assert hits.order == [] and hits.suggestion == "halt"
    hits = index.search("sxetnig ouders", Selection())
    assert hits.order == [] and hits.suggestion == "sexting ouders"
    assert index.search("wat is sxetnig", Selection()).suggestion == "wat is sexting"
    assert index.search("qqqxyzzz", Selection()).suggestion is None
    assert index.search("ouders", Selection()).suggestion is None


def test_glossary_terms_are_searchable(index):
    assert index.search("doxing", Selection()).glossary == (0,)
    assert index.search("weerbaarheid", Selection()).glossary == (1,)
    assert index.search("doxxing", Selection()).glossary == (0,)  # typo
    assert index.search("sexting", Selection()).glossary == ()


def test_zero_results_offer_the_nearest_glossary_terms(index):
    hits = index.search("doxen", Selection())
    assert hits.order == [] and hits.glossary == (0,)


def test_an_empty_index_answers():
    empty = SearchIndex.build([], [])
    hits = empty.search("sexting", Selection())
    assert hits.order == [] and hits.glossary == ()
    assert {f.name for f in hits.facets} == {f.name for f in FACETS}


def test_facet_index_agrees_with_facet_matches_on_the_real_vocabulary():
    """The numpy masks give what Facet.matches gives, one document and one value at a time."""
    facet_index = FacetIndex(DOCS)
    for facet in FACETS:
        values = facet_index.values[facet.name] + (["14", "0-11", "18-99"] if facet.name == "age" else [])
        for value in values:
            expected = [facet.matches(doc, [value]) for doc in DOCS]
            assert facet_index.value_mask(facet.name, value).tolist() == expected, (facet.name, value)
