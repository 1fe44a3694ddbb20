"""Soft hyphens in long words (lib/hyphens.py): where Dutch breaks them, and nothing else changed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bronwijzer.lib.hyphens import LONG_WORD, SOFT_HYPHEN, hyphens_soft


def test_a_long_dutch_word_gets_its_break_points_and_short_words_stay_whole():
    text = "Levensbeschouwing en religie: grensoverschrijdend gedrag in de hulpverlening"
    assert hyphens_soft(text, "nl") == (
        "Levens\xadbe\xadschou\xadwing en religie: grens\xadover\xadschrij\xaddend gedrag in de hulpverlening"
    )


def test_at_least_three_letters_stay_together_at_either_end():
    for part in hyphens_soft("levensbeschouwelijke ervaringsdeskundigen", "nl").split():
        pieces = part.split(SOFT_HYPHEN)
        assert len(pieces) > 1
        assert len(pieces[0]) >= 3 and len(pieces[-1]) >= 3, pieces


def test_a_language_without_patterns_or_a_word_of_digits_is_left_as_it_is():
    assert hyphens_soft("Levensbeschouwing", "zz") == "Levensbeschouwing"
    assert hyphens_soft("0612345678901234 ________________", "nl") == "0612345678901234 ________________"
    assert hyphens_soft("", "nl") == ""


def test_a_language_is_named_by_its_code_and_gets_its_own_rules():
    english = hyphens_soft("characteristically", "en")
    assert english.count(SOFT_HYPHEN) >= 3 and english != hyphens_soft("characteristically", "nl")


@given(st.text())
def test_taking_the_soft_hyphens_out_gives_the_text_back(text: str):
    hyphenated = hyphens_soft(text, "nl")
    assert hyphenated.replace(SOFT_HYPHEN, "") == text.replace(SOFT_HYPHEN, "")
    assert len(hyphenated) >= len(text)


@given(st.from_regex(r"[a-z]{1,14}", fullmatch=True))
def test_a_word_shorter_than_the_limit_is_never_broken(word: str):
    assert len(word) < LONG_WORD
    assert hyphens_soft(word, "nl") == word
