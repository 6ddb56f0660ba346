"""Generation time: the Annual Performance Report is quick to make.

The full demo (365,300 people) is measured by ``bench/reports.py`` against 10 seconds;
here the small demo, from a cold chart cache, must take well under that.
"""

from __future__ import annotations

import time

from placewell.charts import core
from placewell.reports import ReportService
from tests.reports.conftest import PARTNERSHIP, YEAR

LIMIT_SECONDS = 8.0


def test_apr_model_html_and_pdf_in_reasonable_time(service: ReportService) -> None:
    core._render.cache_clear()  # no help from charts drawn by other tests
    start = time.perf_counter()
    report = service.apr(PARTNERSHIP, YEAR)
    html = service.render(report, "html")
    pdf = service.render(report, "pdf")
    elapsed = time.perf_counter() - start
    assert html and pdf.startswith(b"%PDF-")
    assert elapsed < LIMIT_SECONDS, f"the APR took {elapsed:.1f} s"
