"""Disclosure control comes before rendering: a suppressed cell is ``*``, never its number.

The strongest check: rows marked suppressed are given distinctive numbers (as if the
engine had left them in), and those numbers must appear nowhere in the HTML, the typst
markup or the PDF's text, while the cells read ``*`` with the footnote.
"""

from __future__ import annotations

import subprocess
from datetime import date

import pandas as pd
import pytest

from placewell.geography.hierarchy import AreaHierarchy
from placewell.indicators.packs import all_definitions, load_pack
from placewell.reports import render_html, render_typst
from placewell.reports.apr import build_apr
from placewell.reports.data import ReportData, ReportYear
from placewell.reports.document import SUPPRESSED_NOTE
from placewell.reports.pdf import compile_pdf
from placewell.workspace import Workspace
from tests.reports.conftest import PARTNERSHIP, YEAR, need_tool

SECRET_VALUE = 987654.321
SECRET_COUNT = 4321987.0
SECRETS = ("987,654", "987654", "4,321,987", "4321987")


def _frames(workspace: Workspace, codes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    with workspace.warehouse.connect(read_only=True) as con:
        results = con.execute(
            "SELECT * FROM indicator_results WHERE area_code IN (SELECT unnest(?)) "
            "AND breakdown IN ('all', 'simd_national_quintile')",
            [codes],
        ).fetch_df()
        inequality = con.execute(
            "SELECT * FROM indicator_inequality WHERE area_code IN (SELECT unnest(?))", [codes]
        ).fetch_df()
    return results, inequality


@pytest.fixture(scope="module")
def tampered(workspace: Workspace) -> tuple[str, str]:
    """The APR as HTML and typst markup, built from results with planted suppressed rows."""
    hierarchy = AreaHierarchy.from_warehouse(workspace.warehouse)
    localities = [a.code for a in hierarchy.areas("locality", PARTNERSHIP)]
    results, inequality = _frames(workspace, [PARTNERSHIP, *localities])
    plant = (
        (
            # the partnership's NI-12 this year (core table, outcome tables, trend chart)
            (results["indicator"] == "NI-12")
            & (results["area_code"] == PARTNERSHIP)
            & (results["period"] == "2023")
            & (results["breakdown"].isin(["all", "simd_national_quintile"]))
        )
        | (
            # a locality's NI-11 (the localities table and chart)
            (results["indicator"] == "NI-11")
            & (results["area_code"] == localities[0])
            & (results["period"] == "2023")
            & (results["breakdown"] == "all")
        )
        | (
            # one month of MSG-1 (the year's total must not be shown either)
            (results["indicator"] == "MSG-1")
            & (results["area_code"] == PARTNERSHIP)
            & (results["period"] == "2023-07")
            & (results["breakdown"] == "all")
        )
    )
    assert plant.sum() >= 3
    results = results.copy()
    results.loc[plant, "suppressed"] = True
    for column in ("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"):
        results.loc[plant, column] = SECRET_VALUE
    for column in ("numerator", "denominator", "records"):
        results.loc[plant, column] = SECRET_COUNT
    data = ReportData(
        hierarchy,
        results,
        inequality,
        all_definitions(workspace),
        workspace=workspace,
        core=[d.id for d in load_pack("core-suite").definitions],
        msg=[d.id for d in load_pack("msg").definitions],
    )
    report = build_apr(
        data, hierarchy.area(PARTNERSHIP), ReportYear.parse(YEAR), date(2026, 11, 30)
    )
    return render_html(report), render_typst(report)


def test_planted_numbers_never_reach_the_html(tampered: tuple[str, str]) -> None:
    html, _ = tampered
    for secret in SECRETS:
        assert secret not in html, secret
    assert SUPPRESSED_NOTE in html
    assert 'class="num tone-none">*</td>' in html


def test_planted_numbers_never_reach_the_pdf(tampered: tuple[str, str], tmp_path) -> None:
    _, markup = tampered
    for secret in SECRETS:
        assert secret not in markup, secret
    pdftotext = need_tool("pdftotext")
    pdf = tmp_path / "apr.pdf"
    pdf.write_bytes(compile_pdf(markup))
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Not shown to protect confidentiality" in text


def test_suppressed_value_is_described_without_its_number(tampered: tuple[str, str]) -> None:
    html, _ = tampered
    assert (
        "NI-12 (Emergency admission rate for adults) in 2023 is not shown to protect "
        "confidentiality (*)." in html
    )
    # and the MSG year with a hidden month has no total either
    assert "MSG-1 (Emergency admissions (MSG 1)) in 2023/24 is not shown" in html


def test_real_suppressed_cells_render_as_stars(apr_html: str) -> None:
    """The small demo has genuinely suppressed locality values: they read '*' with the note."""
    assert apr_html.count(">*</td>") > 0
    assert SUPPRESSED_NOTE in apr_html
