"""``placewell areas``: list, show and search the area hierarchy."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from placewell.cli._context import get_state
from placewell.geography.hierarchy import LEVELS, AreaHierarchy

app = typer.Typer(help="The area hierarchy: data zones up to the country.", no_args_is_help=True)
out = Console()


def _hierarchy(ctx: typer.Context) -> AreaHierarchy:
    ws = get_state(ctx).workspace.require()
    return AreaHierarchy.from_warehouse(ws.warehouse)


@app.command("list")
def list_areas(
    ctx: typer.Context,
    level: Annotated[str, typer.Option(help=f"Level: {', '.join(LEVELS)}.")] = "partnership",
    parent: Annotated[
        str | None, typer.Option(help="Only areas inside this area (code or name).")
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Only areas whose name or code contains this.")
    ] = None,
) -> None:
    """List areas at a level, optionally inside a parent area."""
    hierarchy = _hierarchy(ctx)
    if search:
        found = [a for a in hierarchy.search(search, limit=200) if a.level == level or not level]
    else:
        parent_code = hierarchy.resolve(parent).code if parent else None
        found = hierarchy.areas(level, parent_code)
    grid = Table("code", "name", "level", "parent", title=f"{len(found)} areas")
    for a in found:
        grid.add_row(a.code, a.name, a.level, a.parent_code or "")
    out.print(grid)


@app.command()
def show(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="Area code or exact name.")],
) -> None:
    """Show an area: its parents, its children and how many data zones it has."""
    hierarchy = _hierarchy(ctx)
    a = hierarchy.resolve(area)
    out.print(f"[bold]{a.name}[/bold] ({a.code}), {a.level}")
    chain = hierarchy.ancestors(a.code)
    if chain:
        out.print("Inside: " + " > ".join(f"{p.name} ({p.level})" for p in reversed(chain)))
    kids = hierarchy.children(a.code)
    if kids:
        grid = Table("code", "name", "level", title=f"{len(kids)} children")
        for k in kids[:200]:
            grid.add_row(k.code, k.name, k.level)
        out.print(grid)
    out.print(f"Data zones: {len(hierarchy.datazones(a.code))}")
