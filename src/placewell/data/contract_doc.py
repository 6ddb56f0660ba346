"""The data contract rendered for people: Markdown for docs/, rich tables for the CLI."""

from __future__ import annotations

from rich.table import Table as RichTable

from placewell.data.contract import Table, TableKind
from placewell.data.schemas import TABLES, get_table

__all__ = ["contract_markdown", "contract_tables"]

_KIND_TITLES = {
    TableKind.RECORD: "Record-level tables",
    TableKind.REFERENCE: "Reference tables",
    TableKind.OPEN_DATA: "Published (open data) tables",
    TableKind.SYNTHETIC: "Synthetic-only tables",
}


def _tables(name: str | None) -> list[Table]:
    return [get_table(name)] if name else list(TABLES.values())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _codes(column_codes: dict[str, str] | None) -> str:
    if not column_codes:
        return ""
    return "<br>".join(f"`{k}` {v}" for k, v in column_codes.items())


def contract_markdown(name: str | None = None) -> str:
    """The contract as Markdown (``docs/data-contract.md`` is this output)."""
    lines: list[str] = []
    if name is None:
        lines += [
            "# The placewell data contract",
            "",
            "Generated from `placewell.data.schemas` by `placewell contract --markdown`;"
            " do not edit by hand.",
            "",
            "Every file loaded with `placewell load TABLE FILE` (CSV with a header row,"
            " or Parquet) must have exactly these columns. Dates are `YYYY-MM-DD`; codes are"
            " text. A file that breaks any rule is rejected whole, with the file, row and"
            " column of each problem, and nothing is loaded. Person ids must be"
            " pseudonymised: never load CHI numbers or names.",
            "",
        ]
    for kind, title in _KIND_TITLES.items():
        group = [t for t in _tables(name) if t.kind is kind]
        if not group:
            continue
        if name is None:
            lines += [f"## {title}", ""]
        for table in group:
            lines += [f"### `{table.name}`", "", table.description, ""]
            if table.source:
                lines += [f"Usual source: {table.source}.", ""]
            if table.primary_key:
                lines += [f"Unique key: {', '.join(f'`{k}`' for k in table.primary_key)}.", ""]
            lines += [
                "| column | type | required | meaning | allowed values |",
                "| --- | --- | --- | --- | --- |",
            ]
            for c in table.columns:
                allowed = _codes(dict(c.codes)) if c.codes else c.allowed
                if c.references:
                    allowed = (
                        allowed + "; " if allowed else ""
                    ) + f"must exist in `{c.references}`"
                lines.append(
                    f"| `{c.name}` | {c.type.value} | {'no' if c.nullable else 'yes'} | "
                    f"{_cell(c.description)} | {_cell(allowed)} |"
                )
            if table.checks:
                lines += [
                    "",
                    "Row rules: "
                    + "; ".join(f"`{k.left} {k.op} {k.right}`" for k in table.checks)
                    + " (when both are present).",
                ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def contract_tables(name: str | None = None) -> list[RichTable]:
    """The contract as rich tables for the terminal."""
    out: list[RichTable] = []
    for table in _tables(name):
        grid = RichTable(
            "column",
            "type",
            "required",
            "meaning",
            "allowed",
            title=f"{table.name} ({table.kind.value})",
        )
        for c in table.columns:
            grid.add_row(
                c.name, c.type.value, "no" if c.nullable else "yes", c.description, c.allowed
            )
        out.append(grid)
    return out
