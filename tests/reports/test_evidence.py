"""The progress report judges indicators on the stored results, never on a hidden value."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb

from placewell.config import Settings
from placewell.reports import Report, ReportService
from placewell.reports.document import Table
from placewell.strategy import StrategyService
from placewell.strategy.evidence import IndicatorEvidence, InMemoryEvidenceProvider
from placewell.workspace import Workspace
from tests.reports.conftest import STRATEGY, TODAY

SOUTH_AYRSHIRE = "S37000027"


def _indicator_row(report: Report, indicator: str) -> tuple[str, ...]:
    for block in report.blocks():
        if isinstance(block, Table) and block.columns[0] == "Indicator":
            for row in block.rows:
                if row[0].text.split()[0] == indicator:
                    return tuple(c.text for c in row)
    raise AssertionError(f"{indicator} is not in the report")


def test_indicator_status_comes_from_the_stored_results(progress: Report) -> None:
    row = _indicator_row(progress, "NI-15")
    assert row[2] == "2024"  # the latest calendar year computed
    assert row[3] in ("On track", "Some concern", "Off track")
    assert "NI-15" in row[4]


def test_a_suppressed_latest_value_is_never_quoted(
    demo_settings: Settings, workspace: Workspace, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    for name in ("workspace.json", "warehouse.duckdb", "app.sqlite"):
        shutil.copyfile(workspace.home / name, home / name)
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute(
        "UPDATE indicator_results SET suppressed = true, value = NULL, numerator = NULL, "
        "lower_95 = NULL, upper_95 = NULL WHERE indicator = 'NI-15' AND area_code = ? "
        "AND period = '2024' AND breakdown = 'all'",
        [SOUTH_AYRSHIRE],
    )
    con.close()
    url = f"sqlite:///{home / 'app.sqlite'}"
    service = ReportService(Workspace(home), strategies=StrategyService(url), clock=lambda: TODAY)
    report = service.progress(STRATEGY, since=date(2026, 8, 30))
    row = _indicator_row(report, "NI-15")
    assert row[2] == "2023"  # the latest value that may be shown


def test_given_evidence_is_used_as_given(service: ReportService) -> None:
    mine = IndicatorEvidence(
        indicator_id="NI-15", area_code=SOUTH_AYRSHIRE, period="2026", value=95.0, unit="%"
    )
    report = service.progress(
        STRATEGY, since=date(2026, 8, 30), evidence=InMemoryEvidenceProvider([mine])
    )
    row = _indicator_row(report, "NI-15")
    assert row[1] == "95%" and row[2] == "2026"
