"""The charts of the indicator and place pages: Vega-Lite specs rendered to SVG on the server.

Each function takes a portal record and returns a :class:`~placewell.web.charts.Chart`
(or None when there is nothing to draw): the SVG with its accessible name, and the
data as a table the page shows with it. Meaning never rests on colour alone: SPC
points, comparisons and funnel positions have a shape of their own as well as a
colour, a legend in words, and the words again in the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from placewell.charts import VEGA_LITE, Chart, render_chart
from placewell.indicators.definition import Definition
from placewell.indicators.evidence import compares_areas, unit_of
from placewell.portal.indicator_views import (
    BREAKDOWNS,
    Cell,
    DeprivationView,
    IndicatorPage,
    RankingView,
)

__all__ = [
    "SIGNIFICANCE_STYLE",
    "SPC_STYLE",
    "base_spec",
    "breakdown_chart",
    "category_scales",
    "comparison_chart",
    "figure",
    "quintile_chart",
    "ranking_chart",
    "round_sig",
    "value_title",
]

INK, GREY, BLUE, LIGHT = "#0b0c0c", "#505a5f", "#1d70b8", "#b1b4b6"
#: Making Data Count: grey common cause, blue improvement, orange concern, purple neither.
SPC_STYLE = {
    "Common cause variation": ("circle", GREY),
    "Special cause: improvement": ("triangle-up", BLUE),
    "Special cause: concern": ("triangle-down", "#a34a00"),
    "Special cause: higher (neither good nor bad)": ("diamond", "#4c2c92"),
    "Special cause: lower (neither good nor bad)": ("square", "#4c2c92"),
    "No SPC (too few points)": ("circle", BLUE),
}
#: Fingertips comparison: the shape says it as well as the colour (all with a dark outline).
SIGNIFICANCE_STYLE = {
    "Better": ("triangle-up", "#00703c"),
    "Best": ("triangle-up", "#00703c"),
    "Similar": ("circle", "#ffdd00"),
    "Worse": ("triangle-down", "#d4351c"),
    "Worst": ("triangle-down", "#d4351c"),
    "Higher": ("triangle-up", BLUE),
    "Highest": ("triangle-up", BLUE),
    "Lower": ("triangle-down", "#003078"),
    "Lowest": ("triangle-down", "#003078"),
    "Not compared": ("square", "#ffffff"),
}
FUNNEL_STYLE = {
    "Above the 99.8% limit": ("triangle-up", "#a34a00"),
    "Above the 95% limit": ("triangle-up", "#f47738"),
    "Within the limits": ("circle", GREY),
    "Below the 95% limit": ("triangle-down", "#5694ca"),
    "Below the 99.8% limit": ("triangle-down", "#003078"),
}
CONFIG = {
    "font": "Arial, Helvetica, sans-serif",
    # no label limits: truncating text makes the renderer measure it again and again
    "axis": {
        "labelFontSize": 13,
        "titleFontSize": 13,
        "labelColor": INK,
        "titleColor": INK,
        "labelLimit": 0,
    },
    "legend": {
        "labelLimit": 0,
        "titleLimit": 0,
        "labelFontSize": 13,
        "titleFontSize": 13,
        "labelColor": INK,
        "titleColor": INK,
        "orient": "bottom",
        "direction": "vertical",
    },
    "view": {"stroke": None},
    # the SVG is one image with a name (and its data as a table): its parts stay out of
    # the accessibility tree rather than each being an unnamed graphic
    "aria": False,
}


_INNER_ROLES = re.compile(r'\s(?:role="graphics-[a-z]+"|aria-roledescription="[^"]*")')


def figure(
    spec: dict[str, Any],
    *,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> Chart:
    """:func:`placewell.charts.render_chart`, with the SVG's parts out of the accessibility
    tree: the whole SVG is one image named by its title and description (its data is the
    table beside it), not a tree of unnamed graphics."""
    chart = render_chart(spec, title=title, description=description, columns=columns, rows=rows)
    return Chart(
        chart.title, chart.description, Markup(_INNER_ROLES.sub("", str(chart.svg))),
        chart.columns, chart.rows,
    )  # fmt: skip


def short(text: str, limit: int = 44) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (chart labels)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def round_sig(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else float(f"{value:.{digits}g}")


def category_scales(
    styles: dict[str, tuple[str, str]], used: Sequence[object]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Shape and colour scales over the categories present, in the style table's order."""
    domain = [k for k in styles if k in set(used)] or list(styles)[:1]
    shape = {
        "field": "category",
        "type": "nominal",
        "title": None,
        "scale": {"domain": domain, "range": [styles[k][0] for k in domain]},
    }
    colour = {
        "field": "category",
        "type": "nominal",
        "title": None,
        "scale": {"domain": domain, "range": [styles[k][1] for k in domain]},
    }
    return shape, colour


def base_spec(description: str, body: dict[str, Any], *, width: int = 600) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE,
        "description": description,
        "width": width,
        "config": CONFIG,
        **body,
    }


def value_title(d: Definition) -> str:
    unit = unit_of(d)
    return f"Value ({unit})" if unit else "Value"


def _dot_chart(
    cells: Sequence[Cell],
    d: Definition,
    description: str,
    *,
    categories: Sequence[str | None] | None = None,
    styles: dict[str, tuple[str, str]] = SIGNIFICANCE_STYLE,
    reference: float | None = None,
    legend: bool = True,
) -> dict[str, Any] | None:
    """Values as points with 95% interval whiskers, one row per cell (suppressed left out)."""
    data = [
        {
            "label": short(c.label),
            "value": round_sig(c.value),
            "lower": round_sig(c.lower),
            "upper": round_sig(c.upper),
            "category": cat or "Not compared",
        }
        for c, cat in zip(cells, categories or [None] * len(cells), strict=True)
        if c.value is not None
    ]
    if not data:
        return None
    order = [short(c.label) for c in cells if c.value is not None]
    shape, colour = category_scales(styles, [r["category"] for r in data])
    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": order,
        "axis": {"labelLimit": 0},
    }
    x = {
        "field": "value",
        "type": "quantitative",
        "title": value_title(d),
        "scale": {"zero": False},
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "rule", "color": GREY, "strokeWidth": 2},
            "encoding": {"y": y, "x": {**x, "field": "lower"}, "x2": {"field": "upper"}},
        },
        {
            "mark": {
                "type": "point",
                "filled": True,
                "size": 110,
                "stroke": INK,
                "strokeWidth": 1,
                "opacity": 1,
            },
            "encoding": {
                "y": y,
                "x": x,
                "shape": {**shape, "legend": {"title": "Compared"} if legend else None},
                "color": {**colour, "legend": {"title": "Compared"} if legend else None},
            },
        },
    ]
    if reference is not None:
        layers.insert(
            0,
            {
                "data": {"values": [{"ref": round_sig(reference)}]},
                "mark": {"type": "rule", "color": INK, "strokeDash": [6, 3]},
                "encoding": {"x": {"field": "ref", "type": "quantitative"}},
            },
        )
    return base_spec(
        description, {"data": {"values": data}, "height": {"step": 26}, "layer": layers}, width=520
    )


def comparison_chart(page: IndicatorPage) -> Chart | None:
    """The area against its partnership and the country, latest period."""
    d = page.definition
    if len(page.comparison) < 2:
        return None
    cats = ["This area", *[c.significance or "Not compared" for c in page.comparison[1:]]]
    styles = {"This area": ("diamond", BLUE), **SIGNIFICANCE_STYLE}
    text = "; ".join(
        f"{c.label}: {c.shown or 'suppressed'}"
        + (f" ({page.area.name} is {c.significance.lower()})" if c.significance else "")
        for c in page.comparison
    )
    spec = _dot_chart(page.comparison, d, text, categories=cats, styles=styles)
    if spec is None:
        return None
    rows = [
        (
            c.label,
            c.shown or "Suppressed",
            c.interval,
            "" if i == 0 else (c.significance or "Not compared"),
        )
        for i, c in enumerate(page.comparison)
    ]
    return figure(
        spec,
        title=f"{page.area.name} compared, {page.comparison[0].period}",
        description=text + ".",
        columns=["Area", "Value", "95% confidence interval", f"{page.area.name} compared with it"],
        rows=rows,
    )


def ranking_chart(ranking: RankingView, d: Definition, reference: float | None) -> Chart | None:
    """Areas ranked, with intervals, each marked by its comparison with the country."""
    cells = list(ranking.cells)
    compared = compares_areas(d)
    cats = [c.significance or "Not compared" for c in cells]
    reference = reference if compared else None
    shown = [c for c in cells if c.value is not None]
    if not shown:
        return None
    text = f"{ranking.title} in {ranking.period}: {len(shown)} values" + (
        ", best first" if ranking.cells[0].rank else ", highest first"
    )
    if ranking.comparator and compared:
        text += f"; each compared with {ranking.comparator} (dashed line)"
    spec = _dot_chart(cells, d, text, categories=cats, reference=reference, legend=compared)
    if spec is None:
        return None
    rows = [
        (
            c.label,
            c.rank or "",
            c.shown or "Suppressed",
            c.interval,
            c.significance or "",
            c.funnel or "",
        )
        for c in cells
    ]
    return figure(
        spec,
        title=f"{ranking.title}, {ranking.period}",
        description=text + ".",
        columns=[
            "Area",
            "Rank",
            "Value",
            "95% confidence interval",
            f"Compared with {ranking.comparator or 'the country'}",
            "Funnel plot",
        ],
        rows=rows,
    )


def quintile_chart(view: DeprivationView, page: IndicatorPage) -> Chart | None:
    """Values by SIMD quintile (most deprived first) with intervals and the area's value."""
    d = page.definition
    cats = ["Quintile"] * len(view.cells)
    styles = {"Quintile": ("circle", BLUE)}
    reference = page.latest.value if page.latest and page.latest.period == view.period else None
    reference = reference if compares_areas(d) else None
    label = BREAKDOWNS.get(view.quintile_type, view.quintile_type)
    text = f"{d.title} in {page.area.name} by {label}, {view.period}: " + "; ".join(
        f"{c.label} {c.shown or 'suppressed'}" for c in view.cells
    )
    spec = _dot_chart(
        view.cells, d, text, categories=cats, styles=styles, reference=reference, legend=False
    )
    if spec is None:
        return None
    rows = [(c.label, c.shown or "Suppressed", c.interval) for c in view.cells]
    return figure(
        spec,
        title=f"By {label}, {page.area.name}, {view.period}",
        description=text + ".",
        columns=["Quintile", "Value", "95% confidence interval"],
        rows=rows,
    )


def breakdown_chart(page: IndicatorPage) -> Chart | None:
    """The area's latest values by sex or age band."""
    if not page.by_breakdown:
        return None
    d = page.definition
    label = BREAKDOWNS.get(page.breakdown, page.breakdown).lower()
    cells = page.by_breakdown
    text = f"{d.title} in {page.area.name} by {label}, {cells[0].period}: " + "; ".join(
        f"{c.label} {c.shown or 'suppressed'}" for c in cells
    )
    spec = _dot_chart(
        cells,
        d,
        text,
        categories=["Group"] * len(cells),
        styles={"Group": ("circle", BLUE)},
        legend=False,
    )
    if spec is None:
        return None
    rows = [(c.label, c.shown or "Suppressed", c.interval) for c in cells]
    return figure(
        spec,
        title=f"By {label}, {page.area.name}, {cells[0].period}",
        description=text + ".",
        columns=[label.capitalize(), "Value", "95% confidence interval"],
        rows=rows,
    )
