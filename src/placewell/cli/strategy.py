"""``placewell strategy``: import, export, list, show and judge strategies; ``placewell update``."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from placewell.cli._context import get_state

if TYPE_CHECKING:  # the strategy service is imported when a command runs
    from placewell.strategy import ItemAssessment, StatusValue, StrategyDoc, StrategyService
    from placewell.strategy.models import ActionDoc, IndicatorLinkDoc, PriorityDoc

__all__ = ["app", "update"]

app = typer.Typer(
    help="Strategies: outcomes, priorities, actions, indicator links and their status.",
    no_args_is_help=True,
)
out = Console()

_COLOURS = {
    "on_track": "green",
    "some_concern": "yellow",
    "off_track": "red",
    "not_enough_data": "bright_black",
}
AuthorOption = Annotated[
    str | None, typer.Option("--author", help="Who is making the change (default: your user name).")
]


def _author(author: str | None) -> str:
    if author:
        return author
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in some containers
        return "unknown"


def _service(ctx: typer.Context) -> StrategyService:
    from placewell.strategy import StrategyService

    state = get_state(ctx)
    if state.settings.database_url is None:
        state.workspace.require()
    return StrategyService(state.settings.app_database_url)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Strategy YAML file.")],
    author: AuthorOption = None,
) -> None:
    """Import a strategy from YAML (or update the stored one to match it)."""
    result = _service(ctx).import_file(file, author=_author(author))
    if result.created:
        out.print(
            f"Imported strategy [bold]{escape(result.key)}[/bold] ({result.changes} changes logged)"
        )
    elif result.changes:
        out.print(
            f"Updated strategy [bold]{escape(result.key)}[/bold]: {result.changes} changes logged"
        )
    else:
        out.print(f"Strategy [bold]{escape(result.key)}[/bold] already matches {escape(file.name)}")


@app.command()
def export(
    ctx: typer.Context,
    strategy_id: Annotated[str, typer.Argument(help="Strategy id.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of the screen."),
    ] = None,
) -> None:
    """Export a strategy as canonical YAML."""
    text = _service(ctx).export_yaml(strategy_id)
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    out.print(f"Wrote {escape(str(output))}")


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the stored strategies."""
    rows = _service(ctx).list_strategies()
    if not rows:
        out.print(
            "No strategies yet: `placewell strategy examples` loads the examples, "
            "`placewell strategy import FILE` your own."
        )
        return
    grid = Table(title=f"{len(rows)} strategies")
    grid.add_column("id", no_wrap=True)
    grid.add_column("title")
    grid.add_column("years", no_wrap=True)
    grid.add_column("status")
    grid.add_column("outcomes", justify="right")
    grid.add_column("actions", justify="right")
    for s in rows:
        years = (
            f"{s.period_start.year}-{s.period_end.year}" if s.period_start and s.period_end else ""
        )
        grid.add_row(
            escape(s.key), escape(s.title), years, s.status, str(s.outcomes), str(s.actions)
        )
    out.print(grid)


def _link_text(link: IndicatorLinkDoc) -> str:
    text = f"[cyan]{escape(link.indicator)}[/cyan]" + (
        f" ({escape(link.area)})" if link.area else ""
    )
    if link.target:
        by = f" by {link.target.by}" if link.target.by else ""
        text += f", target {link.target.direction} to {link.target.value:g}{by}"
    if link.standard:
        text += f", standard {link.standard.value:g}"
        if link.standard.description:
            text += f" ({escape(link.standard.description)})"
    return text


def _action_node(parent: Tree, action: ActionDoc) -> None:
    due = f", due {action.due}" if action.due else ""
    lead = f", lead {escape(action.lead)}" if action.lead else ""
    node = parent.add(
        f"[bold]{escape(action.id)}[/bold] {escape(action.title)} [dim]({action.status}{due}{lead})[/dim]"
    )
    if action.localities:
        node.add("localities: " + escape(", ".join(action.localities)))
    if action.updates:
        last = action.updates[-1]
        done = f" {last.percent}%" if last.percent is not None else ""
        node.add(f"latest update {last.date}: {last.rag}{done}: {escape(last.narrative)}")


def _priority_node(parent: Tree, priority: PriorityDoc) -> None:
    node = parent.add(f"Priority [bold]{escape(priority.id)}[/bold]: {escape(priority.title)}")
    for link in priority.indicators:
        node.add(_link_text(link))
    for action in priority.actions:
        _action_node(node, action)


@app.command()
def show(
    ctx: typer.Context, strategy_id: Annotated[str, typer.Argument(help="Strategy id.")]
) -> None:
    """Show a strategy: outcomes, priorities, actions, indicators and themes."""
    from placewell.strategy import national_outcomes

    doc: StrategyDoc = _service(ctx).show(strategy_id)
    titles = {o.code: o.short_title for o in national_outcomes()}
    root = Tree(f"[bold]{escape(doc.title)}[/bold] ({escape(doc.id)}), {doc.status}")
    facts = [("organisation", doc.organisation.name), ("vision", doc.vision),
             ("governance", doc.governance_group), ("lead officer", doc.lead_officer),
             ("reports to", doc.reports_to), ("version", doc.version)]  # fmt: skip
    if doc.period:
        facts.insert(1, ("period", f"{doc.period.start} to {doc.period.end}"))
    for name, value in facts:
        if value:
            root.add(f"[dim]{name}:[/dim] {escape(value)}")
    for theme in doc.themes:
        root.add(f"Theme [bold]{escape(theme.id)}[/bold]: {escape(theme.title)}")
    for outcome in doc.outcomes:
        node = root.add(f"Outcome [bold]{escape(outcome.id)}[/bold]: {escape(outcome.title)}")
        if outcome.what_good_looks_like:
            node.add(f"[dim]what good looks like:[/dim] {escape(outcome.what_good_looks_like)}")
        for code in outcome.national_outcomes:
            node.add(f"{code} {escape(titles.get(code, ''))}")
        if outcome.wellbeing:
            node.add("wellbeing: " + ", ".join(outcome.wellbeing))
        for link in outcome.indicators:
            node.add(_link_text(link))
        for priority in outcome.priorities:
            _priority_node(node, priority)
    for priority in doc.priorities:
        _priority_node(root, priority)
    out.print(root)


def _label(value: StatusValue) -> str:
    colour = _COLOURS[value.value]
    return f"[{colour}]{value.label}[/{colour}]"


def _status_node(parent: Tree, item: ItemAssessment) -> None:
    from placewell.strategy.status import fmt_value

    title = f"{item.kind.capitalize()} [bold]{escape(item.key)}[/bold]: {escape(item.title)}"
    node = parent.add(f"{title}: {_label(item.status.value)}")
    for reason in item.status.reasons:
        node.add(f"[dim]{escape(reason)}[/dim]")
    for ind in item.indicators:
        ev = ind.evidence
        value = ""
        if ev is not None and ev.value is not None:
            value = f" {ev.period}: {fmt_value(ev.value, ev.unit)}"
        area = f" ({ind.area_code})" if ind.area_code else ""
        node.add(
            f"[cyan]{escape(ind.indicator_id)}[/cyan]{area}{value}: {_label(ind.status.value)}"
        )
    for child in item.children:
        _status_node(node, child)


@app.command()
def status(
    ctx: typer.Context,
    strategy_id: Annotated[str, typer.Argument(help="Strategy id.")],
    evidence: Annotated[
        str | None,
        typer.Option(help="Indicator evidence: a YAML file, or 'demo' for the demo's values."),
    ] = None,
    rules: Annotated[
        Path | None, typer.Option(help="Roll-up rules (YAML); the defaults otherwise.")
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Judge as on this date."),
    ] = None,
) -> None:
    """Show the status of a strategy and every item in it, with the reasons."""
    from placewell.strategy import RulesConfig
    from placewell.strategy.evidence import load_evidence

    tree = _service(ctx).status(
        strategy_id,
        today=as_of.date() if as_of else None,
        evidence=load_evidence(evidence) if evidence else None,
        rules=RulesConfig.from_file(rules) if rules else None,
    )
    root = Tree(f"[bold]{escape(tree.title)}[/bold]: {_label(tree.status.value)}")
    for reason in tree.status.reasons:
        root.add(f"[dim]{escape(reason)}[/dim]")
    for child in tree.children:
        _status_node(root, child)
    out.print(root)


@app.command()
def history(
    ctx: typer.Context,
    strategy_id: Annotated[str, typer.Argument(help="Strategy id.")],
    limit: Annotated[int, typer.Option(min=1, help="How many changes to show.")] = 50,
) -> None:
    """Show the latest changes to a strategy: who changed what, when."""
    changes = _service(ctx).history(strategy_id, limit)
    grid = Table(
        "when", "who", "change", "item", "field", "old", "new", title=f"{len(changes)} changes"
    )
    for c in changes:
        grid.add_row(f"{c.changed_at:%Y-%m-%d %H:%M}", escape(c.author), c.operation,
                     escape(f"{c.entity} {c.entity_key}"), c.field or "",
                     escape((c.old_value or "")[:60]), escape((c.new_value or "")[:60]))  # fmt: skip
    out.print(grid)


@app.command()
def examples(ctx: typer.Context) -> None:
    """Load the bundled example strategies."""
    from placewell.strategy import load_examples

    state = get_state(ctx)
    if state.settings.database_url is None:
        state.workspace.require()
    keys = load_examples(state.settings.app_database_url)
    out.print("Loaded example strategies: " + ", ".join(f"[bold]{escape(k)}[/bold]" for k in keys))


def update(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(help="Action id, or STRATEGY/ACTION.")],
    rag: Annotated[str, typer.Option(help="red, amber or green.")],
    note: Annotated[str, typer.Option(help="What happened since the last update.")],
    percent: Annotated[
        int | None, typer.Option(min=0, max=100, help="Percentage complete.")
    ] = None,
    author: AuthorOption = None,
    on: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="Date of the update (default today)."),
    ] = None,
    link: Annotated[
        list[str] | None, typer.Option("--link", help="Evidence link (repeat for more).")
    ] = None,
    action_status: Annotated[
        str | None, typer.Option("--status", help="New action status, e.g. completed.")
    ] = None,
) -> None:
    """Record a progress update on an action (RAG, percentage, narrative)."""
    record = _service(ctx).record_update(
        action_id,
        rag=rag,
        note=note,
        author=_author(author),
        percent=percent,
        on=on.date() if on else None,
        evidence=link or [],
        status=action_status,
    )
    done = f", {record.update.percent}% complete" if record.update.percent is not None else ""
    out.print(
        f"Recorded update {record.number} on action [bold]{escape(record.action_key)}[/bold] "
        f"({escape(record.strategy_key)}): {record.update.rag}{done}; action {record.action_status}"
    )
