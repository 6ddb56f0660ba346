"""axe-core finds no serious or critical violations in the HTML reports (real Chromium).

Skipped when Debian's Chromium is missing, except in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from placewell.reports import Report, ReportService
from tests.reports.conftest import IN_CI

CHROMIUM = os.environ.get("PLACEWELL_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

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


@pytest.mark.parametrize("which", ["apr", "locality", "progress"])
def test_axe_finds_no_serious_or_critical_violations(
    which: str, browser: Any, request: pytest.FixtureRequest, service: ReportService
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    report: Report = request.getfixturevalue(which)
    html = service.render(report, "html").decode("utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(html)
        violations = Axe().run(page).response["violations"]
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], [(v["id"], v["help"], len(v["nodes"])) for v in serious]
    finally:
        context.close()
