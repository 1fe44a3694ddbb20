"""The strict Content-Security-Policy breaks nothing: no page reports a violation in Chromium."""

from __future__ import annotations

from playwright.sync_api import Page


def test_no_public_page_violates_the_content_security_policy(page: Page, base_url: str, public_paths: dict):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for name, path in public_paths.items():
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        reported = page.evaluate(
            """() => new Promise(resolve => {
                const seen = [];
                document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
                setTimeout(() => resolve(seen), 50);
            })"""
        )
        assert reported == [], f"{name} ({path}): {reported}"
    assert violations == []


def test_the_api_docs_and_the_back_office_work_under_the_policy(page: Page, base_url: str):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base_url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui", timeout=15_000)
    page.goto(base_url + "/redactie/login/")
    page.wait_for_load_state("load")
    assert violations == []
