"""An index brought up to date by a patch is the index a full build makes of the same content."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bronwijzer.search.facets import Selection
from bronwijzer.search.index import SearchIndex
from tests.search.factories import glossary_term, resource

WORDS = (
    "sexting",
    "ouders",
    "gesprek",
    "naaktfoto",
    "sextortion",
    "weerbaarheid",
    "training",
    "ouderavond",
    "school",
    "jongeren",
    "migratie",
    "moskee",
    "geloof",
    "schaamte",
    "melden",
    "politie",
    "aangifte",
    "hulp",
    "video",
    "brochure",
    "lesmateriaal",
    "doorsturen",
    "beelden",
    "verwijderen",
    "vader",
    "moeder",
    "tiener",
    "meisjes",
    "jongens",
    "online",
    "veilig",
)
THEMES = ("preventie", "melden-en-hulp", "gesprek-met-ouders")
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "so")
QUERIES = (
    "sexting",
    "ouders gesprek",
    "naaktfoto",
    "trainng",
    "moeder arabisch",
    "video",
    "ouderavond school",
)


@st.composite
def documents(draw: st.DrawFn, pk: int) -> object:
    def text(low: int, high: int) -> str:
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high)))

    # a new word now and then, so that the vocabulary grows and shrinks
    title = text(1, 4) + draw(st.sampled_from(("", "", f" woord{pk % 7}", f" uniek{pk}")))
    return resource(
        f"bron-{pk}-{draw(st.sampled_from(('a', 'b')))}",
        title,
        text(0, 12),
        position=draw(st.integers(0, 40)),  # ties: the slug decides
        summary_en=text(0, 3),
        themes=draw(st.lists(st.sampled_from(THEMES), max_size=2, unique=True)),
        languages=draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True)),
        age_min=draw(st.none() | st.integers(0, 18)),
        organisations=draw(
            st.lists(st.sampled_from(("Rutgers", "Fier", "Helpwanted")), max_size=2, unique=True)
        ),
        pk=pk,
    )


@st.composite
def content_and_change(draw: st.DrawFn) -> tuple[list, list[int], list]:
    n = draw(st.integers(0, 30))
    before = [draw(documents(pk)) for pk in range(1, n + 1)]
    changed = draw(st.lists(st.integers(1, n + 8), max_size=8, unique=True))
    # a changed resource comes back changed, or not at all (deleted, taken offline)
    back = [draw(documents(pk)) for pk in changed if draw(st.booleans())]
    return before, changed, back


def assert_same_index(patched: SearchIndex, built: SearchIndex) -> None:
    assert [d.slug for d in patched.docs] == [d.slug for d in built.docs]
    assert patched.docs == built.docs
    a, b = patched.text, built.text
    assert a.n == b.n
    assert a.words == b.words
    assert a.word_id == b.word_id
    np.testing.assert_array_equal(a.offsets, b.offsets)
    np.testing.assert_array_equal(a.post_docs, b.post_docs)
    np.testing.assert_array_equal(a.post_fields, b.post_fields)
    np.testing.assert_array_equal(a.df, b.df)
    assert a.post_docs.dtype == b.post_docs.dtype and a.offsets.dtype == b.offsets.dtype
    assert a.stems == b.stems
    assert a.reversed == b.reversed
    assert a.by_length == b.by_length
    assert patched.facets.values == built.facets.values
    for name, masks in built.facets.masks.items():
        np.testing.assert_array_equal(patched.facets.masks[name], masks)
    for q in QUERIES:
        for selection in (Selection(), Selection({"language": ("ar",)})):
            got, want = patched.search(q, selection), built.search(q, selection)
            assert got == want, q


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content_and_change())
def test_a_patched_index_is_the_index_a_full_build_makes(case):
    before, changed, back = case
    glossary = [glossary_term("sexting", "sexting", "beelden delen")]
    index = SearchIndex.build(before, glossary)
    after = [d for d in before if d.pk not in set(changed)] + back
    assert_same_index(index.patched(changed, back), SearchIndex.build(after, glossary))


def test_a_patch_of_a_patch_is_still_the_full_build():
    glossary = [glossary_term("sexting", "sexting", "beelden delen")]
    docs = [resource(f"r{i}", f"titel {i} sexting", "ouders", position=i, pk=i) for i in range(1, 20)]
    index = SearchIndex.build(docs, glossary)
    first = resource("nieuw", "Nieuwe gesprekskaart", "voor vaders", position=5, pk=100)
    second = dataclasses.replace(docs[3], title="Ander woord helemaal", pk=4)
    twice = index.patched([], [first]).patched([4, 7], [second])
    after = [d for d in docs if d.pk not in (4, 7)] + [first, second]
    assert_same_index(twice, SearchIndex.build(after, glossary))
    assert [d.title for d in twice.docs if d.pk == 4] == ["Ander woord helemaal"]
    assert twice.search("gesprekskaart", Selection()).order == [twice.docs.index(first)]


def test_a_patch_leaves_the_index_it_started_from_as_it_was():
    docs = [resource(f"r{i}", f"titel {i}", "ouders", position=i, pk=i) for i in range(1, 6)]
    index = SearchIndex.build(docs, [])
    words, postings = list(index.text.words), index.text.post_docs.copy()
    patched = index.patched([2], [resource("x", "weerbaarheid", position=1, pk=9)])
    assert index.text.words == words
    np.testing.assert_array_equal(index.text.post_docs, postings)
    assert index.search("weerbaarheid", Selection()).order == []
    assert len(patched.search("weerbaarheid", Selection()).order) == 1
    assert len(index.docs) == 5 and len(patched.docs) == 5


def test_a_patched_index_answers_after_the_one_it_came_from_is_gone():
    docs = [resource(f"r{i}", f"titel {i} sexting", position=i, pk=i) for i in range(1, 6)]
    glossary = [glossary_term("sexting", "sexting", "beelden delen")]
    patched = SearchIndex.build(docs, glossary).patched([1], [])  # the first index is freed here
    hits = patched.search("sextng", Selection())  # a typo: asks is_known of the new index
    assert len(hits.order) == 4
    assert hits.glossary == (0,)


@pytest.mark.parametrize("replace_glossary", [False, True])
def test_a_patch_replaces_the_glossary_when_given(replace_glossary):
    docs = [resource("r1", "titel", pk=1)]
    index = SearchIndex.build(docs, [glossary_term("sexting", "sexting")])
    new = [glossary_term("grooming", "grooming", "online benaderen")]
    patched = index.patched([], [], new if replace_glossary else None)
    assert bool(patched.search("grooming", Selection()).glossary) is replace_glossary
