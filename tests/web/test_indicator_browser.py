"""In a real browser: from a place to an indicator and its CSV, and axe-core on the new
page types (indicators, definitions, an indicator, places, a place profile).

Uses the browser fixtures of :mod:`tests.web.test_browser` (Debian's Chromium through
Playwright): skipped without Chromium, except with ``CI=true``, where that fails.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import browser, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def test_a_reader_goes_from_a_locality_to_an_indicator_and_its_csv(
    page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Service navigation").get_by_role(
        "link", name="Places"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Places"
    page.get_by_role("link", name="Kilmarnock", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kilmarnock"
    assert page.get_by_role("figure").filter(has_text="Spine chart").count() == 1
    # the spine's data as a table, opened from its summary
    page.get_by_text("Show the data as a table").first.click()
    table = page.get_by_role("table").filter(has_text="Compared with the country").first
    assert table.is_visible()
    page.get_by_role("link", name="NI-12: Emergency admission rate for adults").click()
    assert "/indicators/NI-12?area=LOC-EA-KILMARNOCK" in page.url
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Emergency admission rate for adults")
    )
    # another area and a breakdown, with the form (GET, no script)
    page.get_by_label("Area", exact=True).select_option("S37000008")
    page.get_by_label("Breakdown", exact=True).select_option("sex")
    page.get_by_role("button", name="Show").click()
    assert "area=S37000008" in page.url and "breakdown=sex" in page.url
    assert page.get_by_role("heading", name="By sex").is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Results for East Ayrshire as CSV").click()
    download = info.value
    assert download.suggested_filename == "NI-12-results-S37000008.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows and {r["area_code"] for r in rows} == {"S37000008"}
    assert "records" not in rows[0]


PAGE_TYPES = [
    ("indicators", "/indicators"),
    ("definitions", "/indicators/definitions"),
    ("indicator", "/indicators/NI-12?area=LOC-EA-KILMARNOCK"),
    ("indicator by age", "/indicators/MSG-2?area=S37000008&breakdown=age_band"),
    ("places", "/places"),
    ("place profile", "/places/S37000020"),
]


@pytest.mark.parametrize(("name", "path"), PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_axe_finds_no_serious_or_critical_violations(
    browser: Any,  # noqa: F811
    live_server: str,
    name: str,
    path: str,
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(base_url=live_server, bypass_csp=True)
    tab = context.new_page()
    try:
        tab.goto(path)
        tab.locator("details").evaluate_all("(all) => all.forEach((d) => d.open = true)")
        violations = Axe().run(tab).response["violations"]
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        detail = [(v["id"], v["impact"], v["help"], len(v["nodes"])) for v in serious]
        assert serious == [], f"{name}: {detail}"
        if os.environ.get("PLACEWELL_AXE_REPORT"):
            print(name, [(v["id"], v["impact"], len(v["nodes"])) for v in violations])
    finally:
        context.close()
