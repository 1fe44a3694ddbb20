"""One reading of a request's search words and filters (``search.selection.selection_from``),
the same for the map, the embed, the downloads, the API and the kit."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from bronwijzer.search.facets import SelectionError, parse_selection
from bronwijzer.search.query import Q_MAX_LENGTH
from bronwijzer.search.selection import SearchSelection, selection_from


def test_a_query_string_gives_the_words_and_the_filters_as_the_search_box_and_facets_read_them():
    asked = selection_from(QueryDict("q=  turkse   moeder &language=AR&theme=preventie&kit=AQ&page=2"))

    assert asked.q == "turkse moeder"
    assert asked.selection == parse_selection({"language": ["ar"], "theme": ["preventie"]}, strict=True)[0]
    assert asked.ignored == ()
    assert asked.filtered


def test_a_query_dict_and_a_mapping_of_lists_are_read_alike():
    text = "q=ouders&language=en&language=ar&format=video"
    from_request = selection_from(QueryDict(text))
    from_mapping = selection_from({"q": ["ouders"], "language": ["en", "ar"], "format": ["video"]})

    assert from_request == from_mapping


def test_the_last_q_counts_as_a_search_box_sends_one():
    assert selection_from(QueryDict("q=eerst&q=laatst")).q == "laatst"


def test_the_words_are_cut_at_the_limit_for_every_caller():
    assert len(selection_from({"q": ["woord " * 100]}).q) == Q_MAX_LENGTH


def test_bad_values_are_left_out_and_listed_unless_strict():
    asked = selection_from(QueryDict("language=klingon&theme=preventie"))

    assert asked.selection.get("theme") == ("preventie",)
    assert asked.selection.get("language") == ()
    assert [(e.parameter, e.value) for e in asked.ignored] == [("language", "klingon")]
    with pytest.raises(SelectionError):
        selection_from(QueryDict("language=klingon"), strict=True)


def test_exact_refuses_values_that_are_not_canonical():
    asked = selection_from({"language": ["AR"]}, exact=True)

    assert asked.selection.get("language") == ()
    assert [e.hint for e in asked.ignored] == ["did you mean 'ar'?"]


def test_as_query_asks_for_the_same_again():
    asked = selection_from(QueryDict("theme=preventie&q=sexting&language=ar"))

    assert asked.as_query()[0] == ("q", "sexting")
    assert selection_from(QueryDict("&".join(f"{k}={v}" for k, v in asked.as_query()))) == asked


def test_nothing_asked_is_the_whole_map():
    asked = selection_from(QueryDict(""))

    assert asked == SearchSelection()
    assert not asked.filtered
    assert asked.as_query() == []
