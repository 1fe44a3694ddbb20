"""Faceting semantics: OR within a facet, AND across facets, multi-select counts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bronwijzer.search import facets
from bronwijzer.search.facets import SelectionError, parse_selection


def doc(slug, *, themes=(), formats=(), languages=("nl",), cost="unknown", age=(None, None), **rest):
    return SimpleNamespace(
        slug=slug,
        themes=list(themes),
        professions=list(rest.get("professions", [])),
        audiences=list(rest.get("audiences", [])),
        formats=list(formats),
        languages=list(languages),
        contexts=list(rest.get("contexts", [])),
        cost=cost,
        age_min=age[0],
        age_max=age[1],
    )


DOCS = [
    doc("a", themes=["preventie"], formats=["video"], languages=["nl", "ar"], cost="free", age=(11, 17)),
    doc("b", themes=["preventie"], formats=["brochure"], languages=["nl"], age=(12, 18)),
    doc("c", themes=["melden-en-hulp"], formats=["website"], languages=["nl", "en"], cost="free"),
    doc("d", themes=["diversiteit"], formats=["video"], languages=["en"], age=(0, 11)),
]


def select(**query):
    selection, errors = parse_selection(
        {k: v if isinstance(v, list) else [v] for k, v in query.items()}, strict=True
    )
    assert not errors
    return selection


def slugs(selection):
    return [d.slug for d in facets.apply(DOCS, selection)]


def counts(selection, facet):
    result = {f.name: {o.value: o.count for o in f.options} for f in facets.count(DOCS, selection)}
    return result[facet]


def test_values_within_one_facet_are_combined_with_or():
    assert slugs(select(format=["video", "website"])) == ["a", "c", "d"]


def test_facets_are_combined_with_and():
    assert slugs(select(format=["video"], language=["ar"])) == ["a"]


def test_a_facets_counts_ignore_its_own_selection_but_respect_the_others():
    selection = select(format=["video"], language=["en"])
    # format counts: only the language=en filter applies -> c (website) and d (video)
    assert counts(selection, "format")["video"] == 1
    assert counts(selection, "format")["website"] == 1
    assert counts(selection, "format")["brochure"] == 0
    # language counts: only the format=video filter applies -> a (nl, ar) and d (en)
    assert counts(selection, "language") == {"nl": 1, "en": 1, "ar": 1}


def test_counts_without_selection_count_every_document_per_value():
    assert counts(select(), "theme")["preventie"] == 2
    assert counts(select(), "cost") == {"free": 2, "paid": 0, "unknown": 2}


def test_age_matches_overlapping_ranges_and_material_without_an_age():
    assert slugs(select(age="14")) == ["a", "b", "c"]
    assert slugs(select(age="0-11")) == ["a", "c", "d"]
    assert slugs(select(age="18-99")) == ["b", "c"]


def test_an_age_outside_the_bands_is_still_counted_and_shown_as_selected():
    options = {o.value: o for f in facets.count(DOCS, select(age="14")) if f.name == "age" for o in f.options}
    assert options["14"].selected and options["14"].count == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("theme", "bestaat-niet"),
        ("language", "xx"),
        ("language", "dutch"),
        ("age", "abc"),
        ("age", "17-12"),
        ("cost", "gratis"),
    ],
)
def test_unknown_values_name_the_parameter_and_what_is_allowed(name, value):
    with pytest.raises(SelectionError) as caught:
        parse_selection({name: [value]}, strict=True)
    assert caught.value.parameter == name
    assert name in str(caught.value) and "allowed" in str(caught.value)


def test_lenient_parsing_skips_bad_values_and_reports_them():
    selection, errors = parse_selection(
        {"theme": ["preventie", "nope"], "language": ["AR", "ar"]}, strict=False
    )
    assert selection.get("theme") == ("preventie",)
    assert selection.get("language") == ("ar",)  # case-folded and de-duplicated
    assert [e.value for e in errors] == ["nope"]


def test_as_query_can_leave_out_one_value():
    selection = select(theme=["preventie", "diversiteit"], language="ar")
    assert selection.as_query(without=("theme", "preventie")) == [
        ("theme", "diversiteit"),
        ("language", "ar"),
    ]


def test_exact_parsing_refuses_non_canonical_and_empty_values_with_a_hint():
    selection, errors = parse_selection(
        {"language": ["AR", "en"], "age": ["07"], "theme": [""]}, strict=False, exact=True
    )
    assert selection.get("language") == ("en",)
    assert [(e.parameter, e.value, e.hint) for e in errors] == [
        ("theme", "", ""),
        ("language", "AR", "did you mean 'ar'?"),
        ("age", "07", "did you mean '7'?"),
    ]
