"""The map: what a professional sees first, and the way from a card to a resource."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import card_slugs, result_count

# The default map (KIS overzichtskaart 2025): 43 published resources, six parts in printed order.
DEFAULT_MAP_RESOURCES = 43
PRINTED_SECTIONS = [
    "Wat is sexting misbruik?",
    "Sensitiviteit voor diversiteit",
    "Levensbeschouwelijk werken",
    "Eergerelateerd geweld",
    "Preventieve aanpak",
    "Melding of aangifte doen",
]


def test_map_shows_every_published_resource_in_printed_sections(page: Page, base_url: str):
    response = page.goto(base_url + "/")
    assert response is not None and response.status == 200

    expect(page.get_by_role("heading", level=1)).to_contain_text("Overzichtskaart sexting misbruik")
    expect(page).to_have_title("Overzichtskaart sexting misbruik – Bronwijzer")
    expect(page.locator(".results__count")).to_have_text(
        f"{DEFAULT_MAP_RESOURCES} van {DEFAULT_MAP_RESOURCES} bronnen"
    )
    assert result_count(page) == (DEFAULT_MAP_RESOURCES, DEFAULT_MAP_RESOURCES)
    assert len(card_slugs(page)) == DEFAULT_MAP_RESOURCES

    sections = page.locator(".results > section.section > h2").all_inner_texts()
    assert sections == PRINTED_SECTIONS
    subsections = page.locator("#s-preventieve-aanpak ~ section.subsection > h3").all_inner_texts()
    assert subsections[0] == "Tools gericht op onderwijsinstellingen"
    assert "Tools gericht op ouders" in subsections


def test_a_card_opens_its_resource_page(page: Page, base_url: str):
    page.goto(base_url + "/")
    link = page.locator("#s-eergerelateerd-geweld").locator("xpath=..").locator(".card__title a").first
    title = link.inner_text()
    href = link.get_attribute("href")

    link.click()

    page.wait_for_url(base_url + href)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page).to_have_title(f"{title} – Bronwijzer")
    expect(page.get_by_role("navigation", name="Kruimelpad")).to_contain_text("Kaart")
    on_map_at = page.locator(".facts > div", has=page.locator("dt", has_text="Op de kaart bij"))
    expect(on_map_at.locator("dd")).to_contain_text("Eergerelateerd geweld")
    expect(page.get_by_role("link", name="Terug naar de kaart")).to_have_attribute("href", "/")
