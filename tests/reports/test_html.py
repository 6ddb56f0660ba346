"""The HTML reports: self-contained, accessible, and stable (snapshot tests).

Snapshots live in ``tests/reports/snapshots/``. After an intended change, rebuild them
with ``PLACEWELL_UPDATE_SNAPSHOTS=1 pytest tests/reports`` and review the diff. Charts
are compared by their accessible name and description (the SVG drawing itself belongs
to vl-convert), and the placewell version is masked.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from placewell import __version__
from placewell.reports import Report, ReportService

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("PLACEWELL_UPDATE_SNAPSHOTS", "").strip() not in ("", "0")
_SVG = re.compile(r"<svg [^>]*?aria-label=\"([^\"]*)\"[^>]*>.*?</svg>", re.DOTALL)


def normalise(html: str) -> str:
    """The HTML with each chart's SVG drawing and the version replaced by stable markers."""
    html = _SVG.sub(lambda m: f'<svg aria-label="{m.group(1)}">[chart]</svg>', html)
    return html.replace(f"placewell {__version__}", "placewell VERSION")


def check_snapshot(name: str, html: str) -> None:
    path = SNAPSHOTS / name
    text = normalise(html)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"no snapshot {path.name}; make it with PLACEWELL_UPDATE_SNAPSHOTS=1")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        old, new = expected.splitlines(), text.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        pytest.fail(
            f"{name} differs from its snapshot at line {first + 1}:\n"
            f"  snapshot: {old[first] if first < len(old) else '<end>'}\n"
            f"  now:      {new[first] if first < len(new) else '<end>'}\n"
            "If the change is intended: PLACEWELL_UPDATE_SNAPSHOTS=1 pytest tests/reports"
        )


@pytest.mark.parametrize("which", ["apr", "locality", "progress"])
def test_html_matches_snapshot(
    which: str, request: pytest.FixtureRequest, service: ReportService
) -> None:
    report: Report = request.getfixturevalue(which)
    html = (
        request.getfixturevalue("apr_html")
        if which == "apr"
        else service.render(report, "html").decode("utf-8")
    )
    check_snapshot(f"{report.slug}.html", html)


class Outline(HTMLParser):
    """Headings, tables, header cells and charts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.th_scopes: list[str | None] = []
        self.svgs: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.scripts = 0
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th":
            self.th_scopes.append(a.get("scope"))
        elif tag == "svg":
            self.svgs.append(a)
        elif tag == "script":
            self.scripts += 1
        for name in ("href", "src"):
            if a.get(name):
                self.links.append(str(a[name]))


@pytest.mark.parametrize("which", ["apr", "locality", "progress"])
def test_html_is_self_contained_and_accessible(
    which: str, request: pytest.FixtureRequest, service: ReportService
) -> None:
    report: Report = request.getfixturevalue(which)
    html = service.render(report, "html").decode("utf-8")
    page = Outline()
    page.feed(html)
    assert page.lang == "en-GB"
    assert f"<title>{report.title}: {report.area}</title>" in html.replace("&amp;", "&")
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, "a heading level is skipped"
    assert page.tables > 0 and page.captions == page.tables
    assert all(scope in ("col", "row") for scope in page.th_scopes)
    assert page.svgs and all(s.get("role") == "img" and s.get("aria-label") for s in page.svgs)
    assert page.scripts == 0
    assert all(link.startswith("#") for link in page.links), "links out of the file"
    assert "<style>" in html and "<link" not in html


def test_apr_has_every_section_and_outcome(apr: Report, apr_html: str) -> None:
    titles = [s.title for _, s in apr.walk()]
    for wanted in (
        "Summary",
        "National Health and Wellbeing Outcomes",
        "Core Suite of Integration Indicators",
        "Trends in the core indicators",
        "Localities",
        "Inequality by deprivation",
        "Ministerial Strategic Group indicators",
    ):
        assert wanted in titles
    outcomes = [t.split(":")[0] for t in titles if t.startswith("NHWO-")]
    assert outcomes == [f"NHWO-{n}" for n in range(1, 10)]
    assert "calendar year 2023" in apr_html  # the PHS period rule is stated
    assert "2023 (calendar year)" in apr_html and "2023/24 (financial year)" in apr_html


def test_progress_report_has_status_actions_overdue_and_changes(progress: Report) -> None:
    titles = [s.title for _, s in progress.walk()]
    assert "Overdue actions" in titles
    assert any(t.startswith("What changed since 30 Aug 2026") for t in titles)
    assert any(t.startswith("Outcome: ") for t in titles)
    assert any(t.startswith("Priority: ") for t in titles)
    changes = next(s for _, s in progress.walk() if s.id == "changes")
    assert "Progress update on SA-HC-" in str(changes.blocks)
