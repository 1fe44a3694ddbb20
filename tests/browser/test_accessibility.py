"""WCAG 2.1 A/AA: axe-core finds no violations on any public page type."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE = Axe()
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PAGE_TYPES = [
    "map",
    "filtered map",
    "search results",
    "search without results",
    "search with a suggestion",
    "search in a language with no material",
    "search through related words",
    "resource",
    "organisation list",
    "organisation",
    "glossary",
    "help",
    "about",
    "safe use",
    "accessibility statement",
    "404",
    "English map",
    "kit start",
    "kit",
    "handout (Arabic)",
    "handout (Dutch)",
    "preparation sheet",
    "interpreter sheet (Arabic)",
    "presenter sheet",
    "incident route",
    "what's new",
]


def violations_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)


def assert_no_violations(page: Page, where: str) -> None:
    violations = AXE.run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, f"axe-core, {where}:\n{violations_report(violations)}"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_wcag_violations(visitor_tab, base_url: str, public_paths: dict[str, str], page_type: str):
    path = public_paths[page_type]
    page = visitor_tab()
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == (404 if page_type == "404" else 200)
    assert_no_violations(page, f"{page_type} ({path})")


def test_no_wcag_violations_with_every_filter_open_and_a_narrow_screen(page: Page, base_url: str):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + "/?language=ar")
    page.locator("details.facet").evaluate_all("all => all.forEach(d => { d.open = true; })")
    assert_no_violations(page, "map at 320px with every filter open")


def test_no_wcag_violations_while_focus_is_on_snel_weg(page: Page, base_url: str):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-quick-exit-button')")
    assert_no_violations(page, "map with focus on Snel weg")
