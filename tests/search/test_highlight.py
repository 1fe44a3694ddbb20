"""Highlighting the search words in result texts."""

from __future__ import annotations

from django.utils.safestring import SafeString

from bronwijzer.search.highlight import highlight


def test_text_is_escaped_and_the_result_is_safe():
    html = highlight('<script>alert("x")</script> & ouders', ["ouders"])
    assert isinstance(html, SafeString)
    # quotes in text need no escaping; nh3 (lib.richtext) writes them as they are
    assert html == '&lt;script&gt;alert("x")&lt;/script&gt; &amp; <mark>ouders</mark>'


def test_without_terms_the_text_is_only_escaped():
    assert highlight("a < b", []) == "a &lt; b"
    assert highlight("", ["x"]) == ""


def test_words_match_case_and_diacritics_insensitively():
    assert highlight("Privé-informatie en CLIËNTEN", ["prive", "clienten"]) == (
        "<mark>Privé</mark>-informatie en <mark>CLIËNTEN</mark>"
    )


def test_a_term_marks_words_that_start_with_it_but_never_the_middle_of_a_word():
    html = highlight("Lessen en een voorlichtingsles; les", ["les"])
    assert html == "<mark>Lessen</mark> en een voorlichtingsles; <mark>les</mark>"


def test_short_terms_only_mark_whole_words():
    assert highlight("Ik en ikzelf", ["ik"]) == "<mark>Ik</mark> en ikzelf"


def test_hyphenated_words_are_marked_whole_or_by_part():
    assert highlight("Gratis e-learning", ["elearning"]) == "Gratis <mark>e-learning</mark>"
    assert highlight("over sexting-misbruik", ["misbruik"]) == "over sexting-<mark>misbruik</mark>"


def test_a_plural_apostrophe_s_is_left_outside_the_mark():
    assert highlight("Naaktfoto's doorgestuurd", ["naaktfoto"]) == "<mark>Naaktfoto</mark>'s doorgestuurd"


def test_escaped_text_between_marks_is_kept():
    html = highlight("Ouders & jongeren <samen>", ["ouders", "jongeren"])
    assert html == "<mark>Ouders</mark> &amp; <mark>jongeren</mark> &lt;samen&gt;"
