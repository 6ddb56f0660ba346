"""Benchmark: the Annual Performance Report of the full demo within 10 seconds.

Run by hand (``python bench/reports.py``); prints one JSON line per result.

1. Builds (or reuses, with ``--workspace``) the demo workspace at its default size
   (365,300 people), with the example strategies and every bundled indicator computed.
2. Times the Annual Performance Report in this process from a cold chart cache: the
   model (reading the results, narrative, charts), the HTML and the PDF, against the
   target of 10 seconds; then the same with ``placewell report apr`` as a new process
   (imports included).
3. Times a locality profile and a strategy progress report for reference.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 10.0


def emit(**fields: Any) -> None:
    print(json.dumps(fields, default=str), flush=True)


def pages(pdf: bytes) -> int | None:
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run([tool, f.name], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":")[1])
    return None


def build(home: Path, people: int) -> None:
    from placewell.config import load_settings
    from placewell.demo import setup_demo

    start = time.perf_counter()
    result = setup_demo(load_settings(home=home), people=people)
    emit(
        bench="demo",
        people=people,
        indicators=result.indicators,
        seconds=round(time.perf_counter() - start, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="An existing demo workspace to reuse.")
    parser.add_argument("--people", type=int, default=365_300)
    parser.add_argument("--partnership", default="S37000020")
    parser.add_argument("--locality", default="LOC-NA-IRVINE")
    parser.add_argument("--strategy", default="na-health-wellbeing-vision")
    parser.add_argument("--year", default="2023/24")
    args = parser.parse_args()

    from placewell.config import load_settings
    from placewell.workspace import Workspace

    temp = None
    home = args.workspace
    if home is None:
        temp = tempfile.mkdtemp(prefix="placewell-bench-reports-")
        home = Path(temp) / "demo"
    build(home, args.people)  # an existing demo is reused; changed indicators recomputed
    try:
        from placewell.charts import core
        from placewell.reports import ReportService
        from placewell.strategy import StrategyService

        settings = load_settings(home=home)
        service = ReportService(
            Workspace(home), strategies=StrategyService(settings.app_database_url)
        )
        core._render.cache_clear()
        start = time.perf_counter()
        report = service.apr(args.partnership, args.year)
        model = time.perf_counter() - start
        html = service.render(report, "html")
        after_html = time.perf_counter() - start
        pdf = service.render(report, "pdf")
        total = time.perf_counter() - start
        emit(
            bench="apr",
            partnership=args.partnership,
            year=args.year,
            seconds_model=round(model, 2),
            seconds_html=round(after_html - model, 2),
            seconds_pdf=round(total - after_html, 2),
            seconds=round(total, 2),
            charts=len(report.figures()),
            html_kb=round(len(html) / 1024),
            pdf_kb=round(len(pdf) / 1024),
            pdf_pages=pages(pdf),
            target_seconds=TARGET_SECONDS,
            ok=total <= TARGET_SECONDS,
        )
        out = Path(tempfile.mkdtemp(prefix="placewell-bench-apr-")) / "apr.pdf"
        cmd = [sys.executable, "-m", "placewell", "--home", str(home), "report", "apr"]
        cmd += ["--partnership", args.partnership, "--year", args.year, "-o", str(out)]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        cli = time.perf_counter() - start
        emit(
            bench="apr_cli_pdf",
            seconds=round(cli, 2),
            exit=done.returncode,
            target_seconds=TARGET_SECONDS,
            ok=done.returncode == 0 and cli <= TARGET_SECONDS,
        )
        shutil.rmtree(out.parent, ignore_errors=True)
        for name, make in (
            ("locality", lambda: service.locality_profile(args.locality, args.year)),
            ("progress", lambda: service.progress(args.strategy)),
        ):
            start = time.perf_counter()
            other = make()
            body = service.render(other, "pdf")
            emit(
                bench=name,
                seconds=round(time.perf_counter() - start, 2),
                pdf_pages=pages(body),
                charts=len(other.figures()),
            )
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
