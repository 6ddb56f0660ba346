"""Reports: the Annual Performance Report, strategy progress reports, locality profiles.

Each report is built as a model (:class:`~placewell.reports.document.Report`) from
the stored indicator results, the area hierarchy and the strategy service, with
disclosure control applied first and a narrative that states only what the
statistics support (:mod:`placewell.reports.narrative`); then rendered as one
self-contained HTML file or an A4 PDF (typst)::

    from placewell.reports import ReportService
    service = ReportService(workspace, strategies=strategy_service)
    report = service.apr("S37000020", "2023/24")
    open(service.filename(report, "pdf"), "wb").write(service.render(report, "pdf"))

See ``docs/reports.md``.
"""

from __future__ import annotations

from placewell.reports.document import Report
from placewell.reports.html import render_html
from placewell.reports.pdf import render_pdf, render_typst
from placewell.reports.service import FORMATS, ReportService, default_since

__all__ = [
    "FORMATS",
    "Report",
    "ReportService",
    "default_since",
    "render_html",
    "render_pdf",
    "render_typst",
]
