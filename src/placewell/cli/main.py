"""The ``placewell`` command: a thin adapter over the services.

Every user error (a :class:`PlacewellError`) becomes one red line on stderr and exit
status 2; usage errors also exit 2. ``-v`` shows INFO logs, ``-vv`` DEBUG.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from placewell import __version__
from placewell.cli import areas as areas_cli
from placewell.cli import indicators as indicators_cli
from placewell.cli import official as official_cli
from placewell.cli import reports as reports_cli
from placewell.cli import strategy as strategy_cli
from placewell.cli import users as users_cli
from placewell.cli import web as web_cli
from placewell.cli._context import State, get_state
from placewell.cli._progress import progress_bar
from placewell.config import load_settings
from placewell.demo import DEFAULT_PEOPLE, DEFAULT_SEED
from placewell.errors import PlacewellError
from placewell.log import configure_logging
from placewell.workspace import Workspace

__all__ = ["app", "main"]

app = typer.Typer(
    name="placewell",
    help="From a partnership's strategy to the evidence: data, indicators, places, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(areas_cli.app, name="areas")
app.add_typer(official_cli.import_app, name="import")
app.add_typer(official_cli.fetch_app, name="fetch")
app.add_typer(indicators_cli.app, name="indicators")
app.command("compute")(indicators_cli.compute)
app.command("export")(indicators_cli.export)
app.add_typer(strategy_cli.app, name="strategy")
app.command("update")(strategy_cli.update)
app.add_typer(users_cli.app, name="users")
app.command("serve")(web_cli.serve)
app.add_typer(reports_cli.app, name="report")

out = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        out.print(f"placewell {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home", help="Workspace directory (default: $PLACEWELL_HOME or ./placewell-data)."
        ),
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More output: -v info, -vv debug.")
    ] = 0,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    settings = load_settings(home=home)
    configure_logging(verbose, settings.log_level)
    ctx.obj = State(settings=settings, workspace=Workspace(Path(settings.home)))


@app.command()
def init(ctx: typer.Context) -> None:
    """Create an empty workspace (warehouse and application database)."""
    ws = get_state(ctx).workspace.init()
    out.print(f"Workspace ready at [bold]{ws.home.resolve()}[/bold]")


@app.command("demo-data")
def demo_data(
    ctx: typer.Context,
    people: Annotated[
        int, typer.Option(min=1_000, help="Number of people to generate.")
    ] = DEFAULT_PEOPLE,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same data.")
    ] = DEFAULT_SEED,
    first_year: Annotated[
        int, typer.Option(help="First financial year (April of this year).")
    ] = 2018,
    last_year: Annotated[
        int, typer.Option(help="Last financial year (ending March of the next year).")
    ] = 2024,
) -> None:
    """Generate the synthetic Ayrshire demo population into the workspace."""
    from placewell.data.demo import build_demo
    from placewell.data.synth import DemoConfig

    config = DemoConfig(people=people, seed=seed, first_year=first_year, last_year=last_year)
    with progress_bar(out, "Generating demo data") as progress:
        summary = build_demo(get_state(ctx).workspace, config, progress=progress)
    _print_summary(summary)


@app.command()
def demo(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the demo data even if it exists.")] = False,
    serve: Annotated[
        bool, typer.Option(help="Then serve the web app with a demo admin sign-in.")
    ] = False,
    host: web_cli.HostOption = "127.0.0.1",
    port: web_cli.PortOption = 8000,
) -> None:
    """Set up the demo workspace (data and example strategies) and show what it holds."""
    from placewell.demo import setup_demo

    state = get_state(ctx)
    with progress_bar(out, "Setting up the demo") as progress:
        result = setup_demo(state.settings, rebuild=rebuild, progress=progress)
    if not result.built:
        out.print(f"Using the existing demo data at {state.workspace.home.resolve()}")
    _print_summary(result.summary)
    if result.strategies:
        out.print("Example strategies: " + ", ".join(result.strategies))
    out.print(f"Indicators computed (or already up to date): {result.indicators}")
    for failure in result.failed:
        out.print(f"[yellow]warning:[/yellow] not computed: {failure}", highlight=False)
    if serve:
        username, password = web_cli.demo_admin(state.settings)
        out.print(
            f"\nDemo sign-in at http://{host}:{port}/login (a new password on every start)\n"
            f"  user name: [bold]{username}[/bold]\n  password:  [bold]{password}[/bold]",
            highlight=False,
            soft_wrap=True,
        )
        web_cli.serve_state(state, host=host, port=port, evidence="demo")


@app.command()
def load(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help="Contract table, e.g. people or hospital_stays.")],
    file: Annotated[Path, typer.Argument(help="CSV or Parquet file.")],
    append: Annotated[
        bool, typer.Option(help="Add rows to the table instead of replacing it.")
    ] = False,
) -> None:
    """Validate FILE against the data contract and load it into TABLE, atomically."""
    from placewell.data.load import load_file

    record = load_file(
        get_state(ctx).workspace, table, file, mode="append" if append else "replace"
    )
    out.print(
        f"Loaded [bold]{record.rows:,}[/bold] rows into {record.table} "
        f"({'appended' if append else 'replaced'}; fingerprint {record.fingerprint})"
    )


@app.command()
def contract(
    table: Annotated[str | None, typer.Argument(help="One table; all tables when omitted.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print the contract as Markdown.")] = False,
) -> None:
    """Show the data contract: tables, columns, types and allowed values."""
    from placewell.data.contract_doc import contract_markdown, contract_tables

    if markdown:
        sys.stdout.write(contract_markdown(table))
        return
    for rich_table in contract_tables(table):
        out.print(rich_table)


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the workspace and say what is missing."""
    from rich.table import Table as RichTable

    from placewell.doctor import Status, check_workspace

    checks = check_workspace(get_state(ctx).workspace)
    colours = {
        Status.OK: "green",
        Status.WARNING: "yellow",
        Status.MISSING: "red",
        Status.ERROR: "red",
    }
    grid = RichTable("check", "status", "detail", title="placewell doctor")
    for c in checks:
        grid.add_row(c.name, f"[{colours[c.status]}]{c.status.value}[/]", c.detail)
    out.print(grid)
    if any(c.status in (Status.ERROR, Status.MISSING) for c in checks):
        raise typer.Exit(1)


def _print_summary(summary: object) -> None:
    from placewell.cli._output import print_summary

    print_summary(out, summary)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn errors into one clear line and exit 2."""
    try:
        code = app(args=argv, standalone_mode=False)
        if isinstance(code, int) and code != 0:
            sys.exit(code)
    except PlacewellError as exc:
        err.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("[red]aborted[/]")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        sys.exit(int(getattr(exc, "exit_code", 2)))
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]")
        sys.exit(130)
    except OSError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
