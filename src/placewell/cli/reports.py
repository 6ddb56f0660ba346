"""``placewell report``: the Annual Performance Report, progress reports, locality profiles.

Each command builds the report from the workspace's stored results (and, for progress
reports, the strategy records) and writes one HTML or PDF file::

    placewell report apr --partnership "North Ayrshire" --year 2023/24 -o apr.pdf
    placewell report progress sa-healthy-communities --since 2026-08-01
    placewell report locality Irvine --year 2023/24 --format pdf

Unknown partnerships, localities, strategies and years exit with status 2 and one line.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from placewell.cli._context import get_state

if TYPE_CHECKING:  # services are imported when a command runs
    from placewell.reports import Report, ReportService

__all__ = ["app"]

app = typer.Typer(
    help="Reports as HTML or PDF: the Annual Performance Report, strategy progress "
    "reports and locality profiles.",
    no_args_is_help=True,
)
out = Console(stderr=True)

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="File to write (default: a name like apr-S37000020-2023-24.html in the current "
        "folder); '-' writes to standard output.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help="html or pdf (default: the output file's suffix, else html)."
    ),
]
YearOption = Annotated[
    str, typer.Option("--year", "-y", help="Financial year, e.g. 2023/24.", show_default=False)
]
DateOption = Annotated[
    datetime | None,
    typer.Option(
        "--date", formats=["%Y-%m-%d"], help="The report's date (default: today), YYYY-MM-DD."
    ),
]


def _service(ctx: typer.Context, day: datetime | None, strategies: bool = False) -> ReportService:
    from placewell.reports import ReportService

    state = get_state(ctx)
    service = None
    if strategies:
        from placewell.strategy import StrategyService

        if state.settings.database_url is None:
            state.workspace.require()
        service = StrategyService(state.settings.app_database_url)
    today = day.date() if day else date.today()
    return ReportService(state.workspace, strategies=service, clock=lambda: today)


def _format(fmt: str | None, output: Path | None) -> str:
    from placewell.reports.service import check_format

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output and str(output) != "-" else ""
        fmt = suffix if suffix in ("html", "pdf") else "html"
    return check_format(fmt.lower())


def _write(service: ReportService, report: Report, fmt: str, output: Path | None) -> None:
    data = service.render(report, fmt)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = output or Path(service.filename(report, fmt))
    target.write_bytes(data)
    out.print(
        f"Wrote {report.title} ({fmt.upper()}, {len(data) / 1024:,.0f} KB) to {target}",
        soft_wrap=True,
        highlight=False,
    )


@app.command("apr")
def apr(
    ctx: typer.Context,
    partnership: Annotated[
        str,
        typer.Option("--partnership", "-p", help="Partnership code or name.", show_default=False),
    ],
    year: YearOption,
    output: OutputOption = None,
    fmt: FormatOption = None,
    day: DateOption = None,
) -> None:
    """The Annual Performance Report of a partnership for a financial year."""
    kind = _format(fmt, output)
    service = _service(ctx, day)
    _write(service, service.apr(partnership, year), kind, output)


@app.command("locality")
def locality(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="Locality code or name.", show_default=False)],
    year: YearOption,
    output: OutputOption = None,
    fmt: FormatOption = None,
    day: DateOption = None,
) -> None:
    """The profile of a locality: population, deprivation, indicators against the partnership."""
    kind = _format(fmt, output)
    service = _service(ctx, day)
    _write(service, service.locality_profile(area, year), kind, output)


@app.command("progress")
def progress(
    ctx: typer.Context,
    strategy: Annotated[str, typer.Argument(help="Strategy id.", show_default=False)],
    since: Annotated[
        datetime | None,
        typer.Option(
            "--since",
            formats=["%Y-%m-%d"],
            help="Report changes since this date (default: three months before the report).",
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            help="Evidence for indicators without computed results: a YAML file, or 'demo'."
        ),
    ] = None,
    output: OutputOption = None,
    fmt: FormatOption = None,
    day: DateOption = None,
) -> None:
    """The progress report of a strategy: status with reasons, actions, what changed."""
    from placewell.strategy.evidence import load_evidence

    kind = _format(fmt, output)
    service = _service(ctx, day, strategies=True)
    report = service.progress(
        strategy,
        since=since.date() if since else None,
        fallback=load_evidence(evidence) if evidence else None,
    )
    _write(service, report, kind, output)
