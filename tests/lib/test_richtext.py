"""The HTML Bronwijzer builds from content passes a strict allowlist (nh3)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bronwijzer.lib.richtext import TAGS, html_sanitised
from bronwijzer.lib.textlinks import link_terms
from bronwijzer.search.highlight import highlight

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)" onclick="x()">klik</a>',
    '<a href="//evil.example/">weg</a>',
    '<a href="data:text/html,x">data</a>',
    '<p style="background:url(x)">stijl</p>',
    '<svg onload="alert(1)"></svg><iframe src="https://evil.example"></iframe>',
    "<!-- <script>x</script> -->",
]


def tags_in(html: str) -> set[str]:
    return {name.lower() for name in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)", html)}


def test_scripts_handlers_styles_and_foreign_schemes_are_removed():
    for payload in PAYLOADS:
        cleaned = str(html_sanitised(payload))
        assert tags_in(cleaned) <= TAGS, cleaned
        for banned in (
            "script",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "style=",
            "//evil",
            "data:",
            "<!--",
        ):
            assert banned not in cleaned.lower(), (payload, cleaned)


def test_the_links_and_marks_bronwijzer_makes_come_through_unchanged():
    html = '<a href="/begrippen/#sexting" class="term">sexting</a> en <mark>ouders</mark>'
    assert str(html_sanitised(html)) == html
    assert str(html_sanitised('<a href="https://www.example.org/x?a=1&amp;b=2">x</a>')) == (
        '<a href="https://www.example.org/x?a=1&amp;b=2">x</a>'
    )


@given(st.text(max_size=300), st.lists(st.text(min_size=1, max_size=20), max_size=4))
def test_glossary_links_in_any_text_are_only_links_to_this_site(text, terms):
    html = str(link_terms(text, [(term, f"/begrippen/#t{i}") for i, term in enumerate(terms)]))
    assert tags_in(html) <= {"a"}
    assert all(href.startswith("/begrippen/#t") for href in re.findall(r'href="([^"]*)"', html))


@given(st.text(max_size=300), st.lists(st.text(min_size=1, max_size=12), max_size=4))
def test_highlighting_any_text_only_ever_adds_marks(text, terms):
    assert tags_in(str(highlight(text, terms))) <= {"mark"}
