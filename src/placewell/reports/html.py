"""Render a report as one self-contained, accessible HTML file.

Inline CSS and inline SVG only: no scripts, fonts or links to other sites, so the
file can be mailed, archived or opened offline. ``lang="en-GB"``, one ``<h1>`` and
nested headings, tables with captions and ``<th scope>``, charts with an accessible
name (``role="img"``), a text description and their data as a table.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from placewell import __version__
from placewell.reports.document import (
    SUPPRESSED_NOTE,
    Block,
    Bullets,
    Figure,
    Paragraph,
    Report,
    Table,
)

__all__ = ["render_html"]


def _kind(block: Block) -> str:
    if isinstance(block, Paragraph):
        return "paragraph"
    if isinstance(block, Bullets):
        return "bullets"
    if isinstance(block, Table):
        return "table"
    if isinstance(block, Figure):
        return "figure"
    raise TypeError(f"not a report block: {block!r}")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("placewell.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["block_kind"] = _kind
    env.globals["version"] = __version__
    env.globals["suppressed_note"] = SUPPRESSED_NOTE
    return env


def render_html(report: Report) -> str:
    """The report as an HTML document (a string)."""
    return _environment().get_template("report.html").render(report=report)
