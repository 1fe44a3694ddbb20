"""The numpy facet index against a plain reading of the faceting rules, on random documents."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bronwijzer.catalog import vocab
from bronwijzer.search.facets import FACETS, FACETS_BY_NAME, FacetIndex, Selection

LANGUAGES = ("nl", "en", "ar", "tr", "fr")
AGES = ("0-11", "12-14", "15-17", "18-99", "14", "10-12")


def sample(values, max_size=3):
    return st.lists(st.sampled_from(values), max_size=max_size, unique=True)


@st.composite
def documents(draw):
    low = draw(st.one_of(st.none(), st.integers(0, 20)))
    high = draw(st.one_of(st.none(), st.integers(low or 0, 25)))
    return SimpleNamespace(
        themes=draw(sample(vocab.THEMES.slugs)),
        professions=draw(sample(vocab.PROFESSIONS.slugs)),
        audiences=draw(sample(vocab.AUDIENCES.slugs)),
        formats=draw(sample(vocab.FORMATS.slugs)),
        contexts=draw(sample(vocab.CONTEXTS.slugs)),
        languages=draw(sample(LANGUAGES, 3)),
        cost=draw(st.sampled_from(vocab.COST.slugs)),
        age_min=low,
        age_max=high,
    )


@st.composite
def selections(draw):
    choices = {
        "theme": vocab.THEMES.slugs,
        "format": vocab.FORMATS.slugs,
        "language": LANGUAGES,
        "cost": vocab.COST.slugs,
        "age": AGES,
        "context": vocab.CONTEXTS.slugs,
    }
    values = {}
    for name in draw(st.lists(st.sampled_from(sorted(choices)), max_size=3, unique=True)):
        chosen = draw(sample(choices[name], 2))
        if chosen:
            values[name] = tuple(chosen)
    return Selection(values)


def reference_counts(items, selection):
    """The faceting rules read literally: OR within a facet, AND across, counts ignore their own facet."""

    def matches(item, skip=None):
        return all(
            FACETS_BY_NAME[name].matches(item, values)
            for name, values in selection.values.items()
            if name != skip
        )

    result = {}
    for facet in FACETS:
        pool = [item for item in items if matches(item, skip=facet.name)]
        offered = [value for value, _ in facet.options(items)] + [
            v for v in selection.get(facet.name) if v not in dict(facet.options(items))
        ]
        result[facet.name] = {value: sum(facet.matches(item, [value]) for item in pool) for value in offered}
    return result


@settings(max_examples=60, deadline=None)
@given(st.lists(documents(), max_size=25), selections(), st.data())
def test_counts_and_filters_follow_the_rules(items, selection, data):
    index = FacetIndex(items)
    pool = np.array(data.draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items))), dtype=bool)
    pooled = [item for item, keep in zip(items, pool, strict=True) if keep]
    counts = {f.name: {o.value: o.count for o in f.options} for f in index.counts(pool, selection)}
    assert counts == reference_counts(pooled, selection)
    matched = [
        i
        for i, item in enumerate(items)
        if pool[i]
        and all(FACETS_BY_NAME[name].matches(item, values) for name, values in selection.values.items())
    ]
    assert np.flatnonzero(index.mask(selection, pool)).tolist() == matched


def test_selected_options_are_marked():
    items = [
        SimpleNamespace(
            themes=["preventie"],
            professions=[],
            audiences=[],
            formats=[],
            contexts=[],
            languages=["nl"],
            cost="free",
            age_min=None,
            age_max=None,
        )
    ]
    selection = Selection({"theme": ("preventie",), "age": ("14",)})
    facets = {f.name: f for f in FacetIndex(items).counts(np.ones(1, dtype=bool), selection)}
    assert [o.value for o in facets["theme"].selected] == ["preventie"]
    assert [(o.value, o.count) for o in facets["age"].selected] == [("14", 1)]
