"""Charts for the web pages: server-rendered Vega-Lite SVG with a text description and data.

The chart code lives in :mod:`placewell.charts` (shared with the PDF and HTML reports);
this module keeps the web app's imports working::

    from placewell.web.charts import COLOURS, Chart, bar_chart
"""

from __future__ import annotations

from placewell.charts.core import COLOURS, Chart, bar_chart, render_chart, svg_from_spec

__all__ = ["COLOURS", "Chart", "bar_chart", "render_chart", "svg_from_spec"]
