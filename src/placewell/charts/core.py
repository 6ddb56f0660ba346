"""Charts: Vega-Lite specifications rendered to SVG on the server (no JavaScript, no CDN).

The same specification renders in a web page, an HTML report and a PDF report (typst
embeds the SVG as vector graphics). Every chart comes
with a text description (its accessible name) and the data as a table, which the page
shows under the chart (WCAG 1.1.1: a text alternative; 1.4.1: not colour alone)::

    chart = bar_chart(
        [{"label": "Red", "value": 3}, {"label": "Green", "value": 7}],
        title="Actions by RAG rating", description="3 red and 7 green actions",
        value_title="Actions",
    )
    # in a template: {% from "macros/charts.html" import chart_figure %}{{ chart_figure(chart) }}

:mod:`placewell.charts.series` builds the reports' charts (trends, intervals, quintiles)
on :func:`render_chart` and :func:`base_config`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from markupsafe import Markup

__all__ = [
    "COLOURS",
    "VEGA_LITE",
    "Chart",
    "bar_chart",
    "base_config",
    "render_chart",
    "svg_from_spec",
]

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"
# GOV.UK Design System colours (text-safe on white)
COLOURS = {
    "red": "#d4351c",
    "amber": "#f47738",
    "green": "#00703c",
    "blue": "#1d70b8",
    "grey": "#505a5f",
    "purple": "#4c2c92",
}
_LOCK = threading.Lock()


def base_config() -> dict[str, Any]:
    """The look shared by every chart: readable type, dark text, no frame."""
    return {
        "font": "Arial, Helvetica, sans-serif",
        "axis": {
            "labelFontSize": 14,
            "titleFontSize": 14,
            "labelColor": "#0b0c0c",
            "titleColor": "#0b0c0c",
        },
        "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#0b0c0c"},
        "view": {"stroke": None},
    }


@dataclass(frozen=True)
class Chart:
    """A rendered chart: title, description, SVG, and its data as a table."""

    title: str
    description: str
    svg: Markup
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    import vl_convert

    with _LOCK:
        return str(vl_convert.vegalite_to_svg(spec_json))


def svg_from_spec(spec: Mapping[str, Any], label: str) -> Markup:
    """Render a Vega-Lite spec to inline SVG with ``role="img"`` and ``label`` as its name."""
    svg = _render(json.dumps(spec, sort_keys=True, default=str))
    name = escape(label, quote=True)
    svg = re.sub(r"^<svg ", f'<svg role="img" aria-label="{name}" focusable="false" ', svg, count=1)
    return Markup(svg)


def render_chart(
    spec: Mapping[str, Any],
    *,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> Chart:
    """A chart from any Vega-Lite spec, with its description and data table."""
    return Chart(
        title,
        description,
        svg_from_spec(spec, f"{title}. {description}"),
        tuple(columns),
        tuple(tuple(str(v) for v in row) for row in rows),
    )


def bar_chart(
    data: Sequence[Mapping[str, Any]],
    *,
    title: str,
    description: str,
    value_title: str,
    label_title: str = "",
    colours: Mapping[str, str] | None = None,
    width: int = 420,
) -> Chart:
    """A horizontal bar chart of ``data`` rows with ``label`` and ``value`` (and ``colour``)."""
    encoding: dict[str, Any] = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
        "x": {
            "field": "value",
            "type": "quantitative",
            "title": value_title,
            "axis": {"format": "d", "tickMinStep": 1},
        },
        "tooltip": [{"field": "label"}, {"field": "value"}],
    }
    if colours:
        encoding["color"] = {
            "field": "label",
            "type": "nominal",
            "scale": {"domain": list(colours), "range": list(colours.values())},
            "legend": None,
        }
    spec = {
        "$schema": VEGA_LITE,
        "description": description,
        "data": {"values": [dict(row) for row in data]},
        "mark": {"type": "bar", "color": COLOURS["blue"]},
        "encoding": encoding,
        "width": width,
        "height": {"step": 30},
        "config": base_config(),
    }
    rows = [(row["label"], row["value"]) for row in data]
    return render_chart(
        spec,
        title=title,
        description=description,
        columns=(label_title or "Category", value_title),
        rows=rows,
    )
