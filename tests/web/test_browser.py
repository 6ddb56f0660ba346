"""In a real browser (Debian's Chromium driven by Playwright): the editor's journey, and
axe-core on every type of page with no serious or critical violations.

Skipped when Chromium is missing, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.helpers import ACCOUNTS, ACTION, OUTCOME, PASSWORD, STRATEGY

CHROMIUM = os.environ.get("PLACEWELL_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true: the browser tests must run in CI")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server, java_script_enabled=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert "Signed in as" in page.content()


def test_an_editor_records_an_update_and_the_admin_sees_it_audited(page: Any) -> None:
    editor = ACCOUNTS["editor"].username
    sign_in(page, editor)
    # the overview: strategies with their status and reasons
    assert page.get_by_role("heading", level=1).inner_text() == "Partnership overview"
    page.get_by_role("link", name="Cherishing our Families Strategy 2023-2026").click()
    # the strategy tree, then an outcome
    assert "Overall status" in page.content()
    page.get_by_role("link", name="Families get the right help at the right time").first.click()
    assert page.url.endswith(f"/strategies/{STRATEGY}/outcomes/{OUTCOME}")
    assert "What good looks like" in page.content()
    # the action and its update form
    page.get_by_role("link", name=f"{ACTION}:", exact=False).first.click()
    page.get_by_role("button", name="Record an update").click()
    page.get_by_role("button", name="Save update").click()  # empty: errors, GOV.UK style
    summary = page.locator(".pw-error-summary")
    assert summary.is_visible() and "Select a RAG rating" in summary.inner_text()
    assert page.title().startswith("Error: ")
    summary.get_by_role("link", name="Select a RAG rating").click()
    assert page.evaluate("document.activeElement.id") == "rag"
    page.get_by_label("Amber: some concern").check()
    page.get_by_label("Percentage complete (optional)").fill("65")
    page.get_by_label("What has happened since the last update?").fill(
        "Browser journey: two more teams now use the shared route."
    )
    page.get_by_label("Evidence links (optional)").fill("https://example.org/evidence")
    page.get_by_role("button", name="Save update").click()
    assert "was recorded" in page.locator(".pw-notification").inner_text()
    assert "Browser journey: two more teams" in page.content()
    page.get_by_role("button", name="Sign out").click()
    # the admin finds the update in the audit log
    sign_in(page, ACCOUNTS["admin"].username)
    page.get_by_role("link", name="Admin").click()
    page.get_by_label("User").fill(editor)
    page.get_by_label("Action").select_option("update.create")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1
    first = rows.first.inner_text()
    assert editor in first and "update.create" in first and f"{STRATEGY}/{ACTION}" in first
    assert "rag: amber" in first


def test_keyboard_users_can_skip_to_the_content(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline == "rgb(255, 221, 0)"  # the yellow focus state
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


PAGE_TYPES = [
    ("overview", "/", None),
    ("strategy", f"/strategies/{STRATEGY}", None),
    ("outcome", f"/strategies/{STRATEGY}/outcomes/{OUTCOME}", None),
    ("actions", "/actions?rag=red", None),
    ("action", f"/strategies/{STRATEGY}/actions/{ACTION}", "editor"),
    ("update form", f"/strategies/{STRATEGY}/actions/{ACTION}/update", "editor"),
    ("update form with errors", None, "editor"),
    ("search", "/search?q=care", None),
    ("about", "/about", None),
    ("accessibility", "/accessibility", None),
    ("api reference", "/api", None),
    ("sign in", "/login", None),
    ("error", "/no-such-page", None),
    ("audit log", "/admin/audit", "admin"),
    ("users", "/admin/users", "admin"),
]


@pytest.mark.parametrize(("name", "path", "role"), PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_axe_finds_no_serious_or_critical_violations(
    browser: Any, live_server: str, name: str, path: str | None, role: str | None
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    try:
        if role:
            sign_in(page, ACCOUNTS[role].username)
        if path is None:  # the form after a failed submission
            page.goto(f"/strategies/{STRATEGY}/actions/{ACTION}/update")
            page.get_by_role("button", name="Save update").click()
            assert page.locator(".pw-error-summary").is_visible()
        else:
            page.goto(path)
        results = Axe().run(page)
        violations = results.response["violations"]
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        detail = [(v["id"], v["impact"], v["help"], len(v["nodes"])) for v in serious]
        assert serious == [], f"{name}: {detail}"
        if os.environ.get("PLACEWELL_AXE_REPORT"):
            print(name, [(v["id"], v["impact"], len(v["nodes"])) for v in violations])
    finally:
        context.close()


def test_axe_does_find_violations(browser: Any) -> None:
    """The audit is real: a page with an unlabelled input and an image without alt fails."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html><body><main><img src="x.png"><input type="text"></main></body></html>')
    found = {v["id"]: v["impact"] for v in Axe().run(page).response["violations"]}
    context.close()
    assert found.get("image-alt") == "critical" and "label" in found
