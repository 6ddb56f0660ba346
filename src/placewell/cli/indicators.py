"""``placewell indicators`` (list, show, validate), ``placewell compute`` and ``placewell export``.

Thin adapters over :mod:`placewell.indicators`: parse options, call the service,
print the outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from placewell.cli._context import get_state
from placewell.cli._progress import progress_bar
from placewell.errors import DefinitionError

app = typer.Typer(help="Indicator definitions: list, show and validate them.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


@app.command("list")
def list_indicators(
    ctx: typer.Context,
    pack: Annotated[
        str | None, typer.Option(help="Only this pack (e.g. core-suite, msg, local).")
    ] = None,
) -> None:
    """List the indicator packs and their indicators."""
    from placewell.indicators.packs import list_packs, load_pack

    ws = get_state(ctx).workspace
    names = [pack] if pack else list_packs(ws)
    for name in names:
        p = load_pack(name, ws)
        grid = Table("id", "title", "measure", "period", title=f"{p.title} ({p.name})")
        for d in p.definitions:
            grid.add_row(d.id, d.title, d.measure.kind, d.period.value)
        out.print(grid)


@app.command()
def show(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Argument(help="Indicator id, e.g. NI-12.")],
) -> None:
    """Show an indicator's definition: what it counts, how, and from which data."""
    from placewell.indicators.packs import find_definition

    d = find_definition(indicator, get_state(ctx).workspace)
    m = d.measure
    out.print(f"[bold]{d.id}[/bold] {d.title}")
    if d.description:
        out.print(d.description.strip())
    grid = Table.grid(padding=(0, 2))
    rows = [
        ("outcomes", ", ".join(d.outcomes) or "-"),
        ("numerator", f"{d.numerator.kind} of {d.numerator.table}"),
        ("filter", d.numerator.filter or "-"),
        (
            "denominator",
            "-"
            if d.denominator is None
            else d.denominator.kind
            + (
                f" ({den_filter})" if (den_filter := getattr(d.denominator, "filter", None)) else ""
            ),
        ),
        ("measure", f"{m.kind} x {m.scale:g}"),
        ("period", d.period.value),
        ("polarity", d.polarity),
        ("levels", ", ".join(d.breakdowns.levels)),
        ("breakdowns", ", ".join(d.breakdowns.by) or "-"),
        ("targets", "; ".join(f"{t.direction} {t.value:g}" for t in d.targets) or "-"),
        ("source", d.metadata.source),
        ("follows", d.metadata.follows.strip() or "-"),
        ("definition", d.source),
        ("hash", d.hash),
    ]
    for name, value in rows:
        grid.add_row(f"[bold]{name}[/bold]", value)
    out.print(grid)
    for caveat in d.metadata.caveats:
        out.print(f"  - {caveat}")


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Definition files; every bundled pack when omitted.")
    ] = None,
) -> None:
    """Check definitions against the data contract; every problem names file, line and field."""
    from placewell.indicators.definition import load_definition
    from placewell.indicators.packs import list_packs, load_pack

    problems: list[str] = []
    checked = 0
    if paths:
        files = [f for p in paths for f in (sorted(p.glob("*.y*ml")) if p.is_dir() else [p])]
        for f in files:
            if f.name == "pack.yaml":
                continue
            try:
                d = load_definition(f)
                out.print(f"[green]ok[/green] {f} ({d.id})")
                checked += 1
            except DefinitionError as exc:
                problems.append(exc.message)
    else:
        ws = get_state(ctx).workspace
        for name in list_packs(ws):
            try:
                pack = load_pack(name, ws)
                out.print(f"[green]ok[/green] pack {name}: {len(pack.definitions)} definitions")
                checked += len(pack.definitions)
            except DefinitionError as exc:
                problems.append(exc.message)
    for problem in problems:
        err.print(f"[bold red]error:[/] {problem}", highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(2)
    out.print(f"{checked} definition{'s' if checked != 1 else ''} valid.")


def compute(
    ctx: typer.Context,
    pack: Annotated[str | None, typer.Option(help="Pack to compute (default: core-suite).")] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option("--indicator", "-i", help="Indicator id or definition file (repeatable)."),
    ] = None,
    engine: Annotated[
        str | None, typer.Option(help="duckdb (default), postgres or spark; or PLACEWELL_ENGINE.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Recompute even if nothing changed.")] = False,
) -> None:
    """Compute indicators for every area, period and breakdown, and store the results."""
    from placewell.indicators.api import compute_many, resolve_definitions

    state = get_state(ctx)
    ws = state.workspace.require()
    definitions = resolve_definitions(ws, indicator or None, pack)
    with progress_bar(out, "Computing indicators") as progress:
        outcomes = compute_many(
            ws,
            definitions,
            engine=engine or state.settings.engine.value,
            force=force,
            progress=progress,
            keep=False,
        )
    grid = Table("indicator", "status", "rows", "seconds", "note", title="Indicators")
    colours = {"computed": "green", "unchanged": "dim", "failed": "red"}
    for o in outcomes:
        grid.add_row(
            o.indicator,
            f"[{colours[o.status]}]{o.status}[/]",
            f"{o.rows:,}",
            f"{o.seconds:.1f}",
            o.message,
        )
    out.print(grid)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="Only this indicator.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, parquet or xlsx (default: from the file name)."),
    ] = None,
) -> None:
    """Export stored indicator results (Excel adds inequality and metadata sheets)."""
    from placewell.indicators.export import export as export_results

    ws = get_state(ctx).workspace.require()
    path = export_results(ws, output, fmt, indicator=indicator)
    out.print(f"Wrote [bold]{path}[/bold]")
