"""Formatting of service results for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from placewell.data.demo import WorkspaceSummary


def print_summary(console: Console, summary: object) -> None:
    """Print a workspace summary: partnerships, populations, tables."""
    assert isinstance(summary, WorkspaceSummary)
    console.print(f"\nWorkspace [bold]{summary.home}[/bold]")
    if summary.partnerships:
        grid = Table(
            "partnership",
            "code",
            "localities",
            "data zones",
            f"population {summary.population_year or ''}".strip(),
            title="Partnerships",
        )
        for p in summary.partnerships:
            grid.add_row(p.name, p.code, str(p.localities), str(p.datazones), f"{p.population:,}")
        console.print(grid)
    if summary.tables:
        rows = Table("table", "rows", title="Warehouse tables")
        for name, count in summary.tables.items():
            rows.add_row(name, f"{count:,}")
        console.print(rows)
    if summary.first_event and summary.last_event:
        console.print(f"Hospital stays from {summary.first_event} to {summary.last_event}.")
