"""Charts rendered on the server: Vega-Lite specifications to accessible SVG.

Shared by the web pages and the reports, so a chart looks the same on screen, in an
HTML report and in a PDF. Every :class:`Chart` carries a text description (its
accessible name and the PDF's alt text) and its data as a table.
"""

from __future__ import annotations

from placewell.charts.core import (
    COLOURS,
    VEGA_LITE,
    Chart,
    bar_chart,
    base_config,
    render_chart,
    svg_from_spec,
)
from placewell.charts.series import (
    Point,
    Series,
    grouped_bar_chart,
    interval_bar_chart,
    trend_chart,
)

__all__ = [
    "COLOURS",
    "VEGA_LITE",
    "Chart",
    "Point",
    "Series",
    "bar_chart",
    "base_config",
    "grouped_bar_chart",
    "interval_bar_chart",
    "render_chart",
    "svg_from_spec",
    "trend_chart",
]
