"""The strict Content-Security-Policy breaks nothing: no page reports a violation in Chromium (every
public page: test_every_page.py; here the API docs and the back office)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support.liveserver import manage


def test_the_api_docs_and_the_back_office_work_under_the_policy(page: Page, base_url: str):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base_url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui", timeout=15_000)
    page.goto(base_url + "/redactie/login/")
    page.wait_for_load_state("load")
    assert violations == []


def test_the_back_office_history_page_reports_no_violation(page: Page, server):
    """The edit history of an entry (django-simple-history's list, which sets an inline style
    that the policy blocks unless overridden: staff/templates/simple_history/)."""
    data_dir = server.log_path.parent
    password = "een-lang-wachtwoord-voor-tests"
    manage(
        data_dir, "staff", "csp-beheer", "--role", "administrator", "--password-stdin", stdin=password + "\n"
    )
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server.url + "/redactie/login/")
    page.fill("#id_username", "csp-beheer")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("csp-beheer")
    page.goto(server.url + "/redactie/catalog/resource/")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state("load")
    page.goto(page.url.rstrip("/").removesuffix("/change") + "/history/")
    expect(page.locator("#change-history")).to_be_visible()
    reported = page.evaluate(
        """() => new Promise(resolve => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
            setTimeout(() => resolve(seen), 50);
        })"""
    )
    assert reported == [] and violations == [], (reported, violations)
    expect(page.locator("p.paginator")).to_have_css("border-top-width", "0px")  # the class took its place
