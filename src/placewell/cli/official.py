"""``placewell import`` and ``placewell fetch``: official files and open data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from placewell.cli._context import get_state
from placewell.data import imports
from placewell.data.warehouse import LoadRecord

import_app = typer.Typer(
    help="Import official files (SIMD, localities, populations, delayed discharge).",
    no_args_is_help=True,
)
fetch_app = typer.Typer(help="Download Public Health Scotland open data.", no_args_is_help=True)
out = Console()

FileArg = Annotated[Path, typer.Argument(help="The file as published (CSV; .xlsx where noted).")]


def _report(records: list[LoadRecord]) -> None:
    for r in records:
        out.print(f"Loaded [bold]{r.rows:,}[/bold] rows into {r.table}")


@import_app.command("simd")
def simd(
    ctx: typer.Context,
    file: FileArg,
    sheet: Annotated[str | None, typer.Option(help="Worksheet of an .xlsx file.")] = None,
) -> None:
    """A SIMD 2020v2 data zone file: the PHS lookup or the Scottish Government file."""
    _report(imports.import_simd(get_state(ctx).workspace, file, sheet=sheet))


@import_app.command("localities")
def localities(ctx: typer.Context, file: FileArg) -> None:
    """The PHS HSCP localities lookup (data zone to locality)."""
    _report(imports.import_localities(get_state(ctx).workspace, file))


@import_app.command("population")
def population(
    ctx: typer.Context,
    file: FileArg,
    year: Annotated[
        int | None, typer.Option(help="Mid-year, for NRS files without a Year column.")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Worksheet of an .xlsx file.")] = None,
) -> None:
    """Small-area population estimates by data zone, sex and single year of age."""
    _report(imports.import_population(get_state(ctx).workspace, file, year=year, sheet=sheet))


@import_app.command("delayed-discharge")
def delayed_discharge_file(ctx: typer.Context, file: FileArg) -> None:
    """A downloaded PHS 'delayed discharge bed days by council area' CSV."""
    _report(imports.import_delayed_discharge(get_state(ctx).workspace, file))


@fetch_app.command("delayed-discharge")
def delayed_discharge(
    ctx: typer.Context,
    resource_id: Annotated[
        str | None, typer.Option(help="CKAN resource id (default: the published one).")
    ] = None,
    base_url: Annotated[str | None, typer.Option(help="Open data portal address.")] = None,
) -> None:
    """Download delayed discharge bed days by council area from PHS open data."""
    _report(
        imports.fetch_delayed_discharge(
            get_state(ctx).workspace, resource_id=resource_id, base_url=base_url
        )
    )
