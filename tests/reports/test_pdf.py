"""The PDF reports: typst from its wheel, A4 pages that render, text that can be extracted.

Rendering to PNG (``pdftoppm``) and extracting text (``pdftotext``) need Debian's
poppler-utils: skipped without them, except in CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from placewell.reports import Report, ReportService, render_typst
from tests.reports.conftest import need_tool


def _pages(pdf: Path, out: Path) -> int:
    """Render every page to PNG (low resolution) and count the images."""
    pdftoppm = need_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "24", "-png", str(pdf), str(out / "page")], check=True)
    return len(list(out.glob("page-*.png")))


def _text(pdf: Path) -> str:
    pdftotext = need_tool("pdftotext")
    return subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _info(pdf: Path) -> dict[str, str]:
    pdfinfo = need_tool("pdfinfo")
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_apr_pdf_renders_page_by_page_with_text_and_headings(
    apr: Report, apr_pdf: bytes, tmp_path: Path
) -> None:
    assert apr_pdf.startswith(b"%PDF-")
    pdf = tmp_path / "apr.pdf"
    pdf.write_bytes(apr_pdf)
    pages = _pages(pdf, tmp_path)
    info = _info(pdf)
    assert pages == int(info["Pages"])
    assert 10 <= pages <= 80
    assert info["Title"] == f"{apr.title}: {apr.area}"
    assert info["Page size"].startswith("595.276 x 841.89")  # A4
    assert info.get("Tagged") == "yes"
    text = _text(pdf)
    assert apr.title in text
    for heading in (
        "Contents",
        "Summary",
        "NHWO-1: Healthier living",
        "Core Suite of Integration Indicators",
        "Localities",
        "Inequality by deprivation",
        "Ministerial Strategic Group indicators",
    ):
        assert heading in text, heading
    assert re.search(r"Page \d+ of \d+", text)


@pytest.mark.parametrize("which", ["locality", "progress"])
def test_other_reports_render_as_pdf(
    which: str, request: pytest.FixtureRequest, service: ReportService, tmp_path: Path
) -> None:
    report: Report = request.getfixturevalue(which)
    pdf = tmp_path / f"{which}.pdf"
    pdf.write_bytes(service.render(report, "pdf"))
    pages = _pages(pdf, tmp_path)
    assert 2 <= pages <= 40
    text = _text(pdf)
    assert report.title.split(":")[0] in text
    for _, section in report.walk():
        if section.id in ("about", "summary", "population", "overdue"):
            assert section.title in text


def test_typst_markup_is_titled_british_a4_with_alt_text(apr: Report) -> None:
    markup = render_typst(apr)
    assert f'#set document(title: "{apr.title}: {apr.area}"' in markup
    assert '#set text(lang: "en", region: "GB"' in markup
    assert 'paper: "a4"' in markup
    figures = apr.figures()
    assert figures and markup.count('format: "svg"') == len(figures)
    assert markup.count("alt: ") == len(figures)
    assert "<svg" in markup and "<path" in markup  # the charts are vector graphics
    assert markup.count("#heading(level: 1,") == 1


def test_text_cannot_change_the_typst_layout(tmp_path: Path) -> None:
    """Titles and narrative go in as string literals: markup characters stay text."""
    from datetime import date

    from placewell.reports.document import Paragraph, Section
    from placewell.reports.pdf import compile_pdf

    tricky = 'A *bold* claim, #set page(paper: "a3") and a "quote" \\ with [brackets] $x$'
    report = Report(
        kind="apr",
        title="Title",
        subtitle="Sub",
        area="Area",
        period="2023/24",
        generated=date(2026, 11, 30),
        sections=(Section("s", "Section", (Paragraph(tricky),)),),
        slug="t",
    )
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(compile_pdf(render_typst(report)))
    assert _info(pdf)["Page size"].startswith("595.276 x 841.89")  # still A4
    text = " ".join(_text(pdf).split())
    assert 'A *bold* claim, #set page(paper: "a3") and a "quote" \\ with [brackets] $x$' in text
