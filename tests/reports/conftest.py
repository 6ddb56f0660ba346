"""Fixtures of the report tests: one small deterministic demo workspace, reports built once.

The demo workspace (5,000 synthetic people, the example strategies, every bundled
indicator computed) is built once per session and only read. Report dates are fixed
(``TODAY``) so the output does not change with the calendar; change-log times are
pinned by :class:`PinnedStrategies` for the same reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from placewell.config import Settings, load_settings
from placewell.reports import Report, ReportService
from placewell.store import dispose_engines
from placewell.strategy import ChangeRecord, StrategyService
from placewell.workspace import Workspace

TODAY = date(2026, 11, 30)
CHANGED_AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
PARTNERSHIP = "S37000020"  # North Ayrshire
LOCALITY = "LOC-NA-IRVINE"
STRATEGY = "sa-healthy-communities"
YEAR = "2023/24"
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def need_tool(name: str) -> str:
    """The path of a command-line tool; skip without it, except in CI (then fail)."""
    found = shutil.which(name)
    if found is None:
        reason = f"{name} not found (apt-get install poppler-utils)"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true: the PDF tests must run in CI")
        pytest.skip(reason)
    return found


class PinnedStrategies(StrategyService):
    """The strategy service with every change-log entry at one fixed time (for snapshots)."""

    def history(self, strategy_key: str | None = None, limit: int = 100) -> list[ChangeRecord]:
        return [replace(c, changed_at=CHANGED_AT) for c in super().history(strategy_key, limit)]


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of the demo workspace, with indicators computed (built once)."""
    from placewell.demo import setup_demo

    home = tmp_path_factory.mktemp("reports-demo")
    settings = load_settings(home=home)
    setup_demo(settings, people=5_000)
    yield settings
    dispose_engines(settings.app_database_url)


@pytest.fixture(scope="session")
def workspace(demo_settings: Settings) -> Workspace:
    return Workspace(Path(demo_settings.home))


@pytest.fixture(scope="session")
def service(demo_settings: Settings, workspace: Workspace) -> ReportService:
    strategies = PinnedStrategies(demo_settings.app_database_url)
    return ReportService(workspace, strategies=strategies, clock=lambda: TODAY)


@pytest.fixture(scope="session")
def apr(service: ReportService) -> Report:
    return service.apr(PARTNERSHIP, YEAR)


@pytest.fixture(scope="session")
def locality(service: ReportService) -> Report:
    return service.locality_profile(LOCALITY, YEAR)


@pytest.fixture(scope="session")
def progress(service: ReportService) -> Report:
    return service.progress(STRATEGY, since=date(2026, 8, 30))


@pytest.fixture(scope="session")
def apr_html(service: ReportService, apr: Report) -> str:
    return service.render(apr, "html").decode("utf-8")


@pytest.fixture(scope="session")
def apr_pdf(service: ReportService, apr: Report) -> bytes:
    return service.render(apr, "pdf")
