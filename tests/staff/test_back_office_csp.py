"""Guard: no back-office page needs what the Content-Security-Policy forbids.

The policy allows no inline style and no inline script (``style-src 'self'``,
``script-src 'self'``), so an administrator's tour of the whole back office (the same pages
as the Dutch guard: index, every list, add form, change form, history and revert page) must
meet no ``style`` attribute, no ``<style>`` element, no ``<script>`` without ``src`` (data
blocks such as JSON aside), no ``on...`` event handler and no ``javascript:`` link.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.staff.admin_pages import admin_pages

DATA_SCRIPTS = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.append(f"<{tag} style={attributes['style']!r}>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in DATA_SCRIPTS:
            self.found.append("<script> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_markup(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_sees_every_kind_of_inline_markup():
    html = (
        '<p style="color:red">a</p><style>p{}</style><script>alert(1)</script>'
        '<script src="/static/x.js"></script><script type="application/json">{}</script>'
        '<button onclick="x()">b</button><a href="javascript:void(0)">c</a>'
    )
    assert inline_markup(html) == [
        "<p style='color:red'>",
        "<style> element",
        "<script> without src",
        "<button onclick=...>",
        "<a href='javascript:void(0)'>",
    ]


@pytest.mark.django_db
def test_no_back_office_page_has_inline_style_or_script(client, admin_user, one_of_everything):
    client.force_login(admin_user)
    pages = admin_pages()
    assert len(pages) > 60
    problems = {}
    for url in pages:
        response = client.get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        found = inline_markup(response.content.decode())
        if found:
            problems[url] = sorted(set(found))
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())
