"""The report service: build a report for an area or a strategy, render it, name the file.

One object used by the CLI and the web app (and notebooks)::

    from placewell.reports import ReportService
    service = ReportService(workspace, strategies=StrategyService.from_settings())
    report = service.apr("North Ayrshire", "2023/24")
    pdf = service.render(report, "pdf")

Unknown areas and years raise :class:`~placewell.errors.NotFoundError`, malformed
ones :class:`~placewell.errors.ValidationError`, each naming what is valid.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

import duckdb

from placewell.errors import NotFoundError, ValidationError
from placewell.geography.hierarchy import Area, AreaHierarchy
from placewell.indicators.evidence import workspace_evidence
from placewell.reports.apr import build_apr
from placewell.reports.data import ReportData, ReportYear, require_area
from placewell.reports.document import Report
from placewell.reports.html import render_html
from placewell.reports.locality import build_locality
from placewell.reports.pdf import render_pdf
from placewell.reports.progress import build_progress
from placewell.strategy.evidence import EvidenceProvider
from placewell.strategy.service import StrategyService
from placewell.workspace import Workspace

__all__ = ["FORMATS", "Format", "ReportService", "default_since"]

Format = Literal["html", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "pdf")
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def default_since(today: date) -> date:
    """Three months before ``today`` (the same day of the month, or the month's last day)."""
    month = today.month - 3
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return today - timedelta(days=91)  # pragma: no cover - unreachable


def check_format(fmt: str) -> Format:
    """``fmt`` if it is ``html`` or ``pdf``; ValidationError otherwise."""
    for known in FORMATS:
        if fmt == known:
            return known
    raise ValidationError(f"unknown report format {fmt!r}; use html or pdf")


class ReportService:
    """Reports over one workspace (results, areas) and one strategy service."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        strategies: StrategyService | None = None,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.workspace = workspace
        self.strategies = strategies
        self.clock = clock

    # -- areas and years ----------------------------------------------------------------
    def hierarchy(self) -> AreaHierarchy:
        self.workspace.require()
        return AreaHierarchy.from_warehouse(self.workspace.warehouse)

    def partnership(self, code_or_name: str) -> Area:
        return require_area(self.hierarchy(), code_or_name, "partnership")

    def locality(self, code_or_name: str) -> Area:
        return require_area(self.hierarchy(), code_or_name, "locality")

    def years(self) -> list[str]:
        """Financial years with partnership results (newest first), for the web's choices."""
        self.workspace.require()
        try:
            with self.workspace.warehouse.connect(read_only=True) as con:
                rows = con.execute(
                    "SELECT DISTINCT period FROM indicator_results WHERE "
                    "period_type = 'financial_year' AND area_level = 'partnership' "
                    "ORDER BY period DESC"
                ).fetchall()
        except duckdb.Error:
            return []
        return [str(r[0]) for r in rows]

    def _data(self, area: Area, year: str) -> tuple[ReportData, ReportYear]:
        wanted = ReportYear.parse(year)
        hierarchy = self.hierarchy()
        codes = [area.code, *(a.code for a in hierarchy.areas("locality", area.code))]
        data = ReportData.from_workspace(self.workspace, codes)
        years = data.financial_years(area.code)
        if wanted.label not in years:
            known = f"{years[0]} to {years[-1]}" if years else "none"
            raise NotFoundError(
                f"no indicator results for {area.name} in {wanted.label}; years with "
                f"results: {known}"
            )
        return data, wanted

    # -- reports ------------------------------------------------------------------------
    def apr(self, partnership: str, year: str, *, generated: date | None = None) -> Report:
        """The Annual Performance Report of a partnership (code or name) for ``2023/24``."""
        area = self.partnership(partnership)
        data, wanted = self._data(area, year)
        return build_apr(data, area, wanted, generated or self.clock())

    def locality_profile(
        self, locality: str, year: str, *, generated: date | None = None
    ) -> Report:
        """The profile of a locality (code or name) for a financial year."""
        area = self.locality(locality)
        hierarchy = self.hierarchy()
        parent = hierarchy.ancestor_at(area.code, "partnership")
        if parent is None:
            raise NotFoundError(f"locality {area.name} is not inside a partnership")
        wanted = ReportYear.parse(year)
        data = ReportData.from_workspace(self.workspace, [area.code, parent.code])
        years = data.financial_years(area.code)
        if wanted.label not in years:
            known = f"{years[0]} to {years[-1]}" if years else "none"
            raise NotFoundError(
                f"no indicator results for {area.name} in {wanted.label}; years with "
                f"results: {known}"
            )
        return build_locality(data, area, parent, wanted, generated or self.clock())

    def progress(
        self,
        strategy: str,
        *,
        since: date | None = None,
        evidence: EvidenceProvider | None = None,
        fallback: EvidenceProvider | None = None,
        today: date | None = None,
    ) -> Report:
        """The progress report of a strategy: status, actions, what changed since ``since``.

        Indicator statuses are judged on ``evidence``; by default on the workspace's
        computed results, as the dashboard judges them (``fallback`` answers for
        indicators without results, e.g. the demo's illustrative evidence).
        """
        if self.strategies is None:
            raise ValidationError("progress reports need the strategy service")
        day = today or self.clock()
        start = since or default_since(day)
        if start > day:
            raise ValidationError(f"--since {start} is after the report date {day}")
        provider = evidence or workspace_evidence(self.workspace, fallback)
        doc = self.strategies.export_doc(strategy)
        status = self.strategies.status(strategy, today=day, evidence=provider)
        history = self.strategies.history(strategy, limit=100_000)
        return build_progress(doc, status, history, today=day, since=start)

    # -- output -------------------------------------------------------------------------
    @staticmethod
    def render(report: Report, fmt: str) -> bytes:
        """The report as HTML (UTF-8) or PDF bytes."""
        if check_format(fmt) == "pdf":
            return render_pdf(report)
        return render_html(report).encode("utf-8")

    @staticmethod
    def filename(report: Report, fmt: str) -> str:
        return f"{report.slug}.{check_format(fmt)}"

    @staticmethod
    def media_type(fmt: str) -> str:
        return MEDIA_TYPES[check_format(fmt)]
