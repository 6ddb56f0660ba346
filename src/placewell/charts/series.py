"""The reports' charts: trends with intervals, areas with intervals, grouped bars.

Each function takes values already judged and disclosure-controlled (``None`` for a
value that is suppressed or missing: it is left out of the chart and shown as ``*`` or
a dash in the data table by the caller's ``fmt``) and returns a
:class:`~placewell.charts.core.Chart` with its description and data table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from placewell.charts.core import COLOURS, VEGA_LITE, Chart, base_config, render_chart

__all__ = ["Point", "Series", "grouped_bar_chart", "interval_bar_chart", "trend_chart"]

Format = Callable[[float | None], str]
_SERIES_COLOURS = [COLOURS["blue"], COLOURS["grey"], COLOURS["purple"], COLOURS["amber"]]
_DASHES = [[1, 0], [6, 4], [2, 2], [8, 2]]
_LEGEND = {
    "orient": "bottom",
    "direction": "vertical",
    "symbolType": "stroke",
    "symbolSize": 400,
    "symbolStrokeWidth": 3,
}


@dataclass(frozen=True)
class Point:
    """One period of a series: value and (optionally) its 95% interval."""

    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Series:
    """A named line; the first series of a chart also gets its interval drawn as a band."""

    name: str
    points: tuple[Point, ...]


def _spec(data: list[dict[str, Any]], layers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE,
        "data": {"values": data},
        "layer": layers,
        "config": base_config(),
        **extra,
    }


def trend_chart(
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    value_title: str,
    fmt: Format,
    temporal: bool = False,
    width: int = 460,
) -> Chart:
    """Lines over periods; the first series with its 95% interval as a shaded band.

    ``temporal`` reads the periods as months (``2023-04``) on a time axis.
    """
    names = [s.name for s in series]
    data: list[dict[str, Any]] = []
    for s in series:
        for p in s.points:
            if p.value is None:
                continue
            row: dict[str, Any] = {"period": p.period, "series": s.name, "value": p.value}
            if p.lower is not None and p.upper is not None:
                row |= {"lower": p.lower, "upper": p.upper}
            data.append(row)
    x: dict[str, Any] = {"field": "period", "title": None}
    if temporal:
        x |= {"type": "temporal", "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6}}
    else:
        x |= {"type": "ordinal", "sort": None, "axis": {"labelAngle": 0}}
    y = {"type": "quantitative", "title": value_title, "scale": {"zero": False}}
    band = {
        "transform": [
            {"filter": {"field": "series", "equal": names[0]}},
            {"filter": "isValid(datum.lower)"},
        ],
        "mark": {"type": "area", "opacity": 0.2, "color": _SERIES_COLOURS[0], "aria": False},
        "encoding": {"x": x, "y": {**y, "field": "lower"}, "y2": {"field": "upper"}},
    }
    line = {
        "mark": {"type": "line", "point": not temporal, "strokeWidth": 2},
        "encoding": {
            "x": x,
            "y": {**y, "field": "value"},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "sort": names,
                "scale": {"domain": names, "range": _SERIES_COLOURS[: len(names)]},
                "legend": _LEGEND,
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "sort": names,
                "scale": {"domain": names, "range": _DASHES[: len(names)]},
                "legend": _LEGEND,
            },
        },
    }
    spec = _spec(data, [band, line], width=width, height=200, description=description)
    periods = list(dict.fromkeys(p.period for s in series for p in s.points))
    lookup = {(s.name, p.period): p for s in series for p in s.points}
    first = series[0].name
    columns = ["Period", first, "95% interval", *names[1:]]
    rows = []
    for period in periods:
        head = lookup.get((first, period))
        interval = ""
        if head is not None and head.value is not None and head.lower is not None:
            interval = f"{fmt(head.lower)} to {fmt(head.upper)}"
        rows.append(
            [
                period,
                fmt(head.value) if head else "",
                interval,
                *[
                    fmt(lookup[(n, period)].value) if (n, period) in lookup else ""
                    for n in names[1:]
                ],
            ]
        )
    return render_chart(spec, title=title, description=description, columns=columns, rows=rows)


def interval_bar_chart(
    rows: Sequence[tuple[str, float | None, float | None, float | None]],
    *,
    title: str,
    description: str,
    value_title: str,
    fmt: Format,
    label_title: str = "Area",
    reference: tuple[str, float] | None = None,
    width: int = 420,
) -> Chart:
    """Horizontal bars (label, value, lower, upper) with 95% intervals and a reference line."""
    data = [
        {"label": label, "value": value}
        | ({"lower": lo, "upper": hi} if lo is not None and hi is not None else {})
        for label, value, lo, hi in rows
        if value is not None
    ]
    y = {"field": "label", "type": "nominal", "sort": None, "title": None}
    xq = {"type": "quantitative", "title": value_title}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": COLOURS["blue"]},
            "encoding": {"y": y, "x": {**xq, "field": "value"}},
        },
        {
            "transform": [{"filter": "isValid(datum.lower)"}],
            "mark": {"type": "rule", "color": "#0b0c0c", "strokeWidth": 1.5, "aria": False},
            "encoding": {"y": y, "x": {**xq, "field": "lower"}, "x2": {"field": "upper"}},
        },
    ]
    if reference is not None:
        layers.append(
            {
                "data": {"values": [{"ref": reference[1]}]},
                "mark": {
                    "type": "rule",
                    "color": COLOURS["red"],
                    "strokeDash": [6, 4],
                    "aria": False,
                },
                "encoding": {"x": {"field": "ref", "type": "quantitative"}},
            }
        )
    spec = _spec(data, layers, width=width, height={"step": 26}, description=description)
    table = [
        (
            label,
            fmt(value),
            f"{fmt(lo)} to {fmt(hi)}" if value is not None and lo is not None else "",
        )
        for label, value, lo, hi in rows
    ]
    if reference is not None:
        table.append((reference[0], fmt(reference[1]), ""))
    return render_chart(
        spec,
        title=title,
        description=description,
        columns=(label_title, value_title, "95% interval"),
        rows=table,
    )


def grouped_bar_chart(
    rows: Sequence[tuple[str, str, float | None]],
    *,
    title: str,
    description: str,
    value_title: str,
    category_title: str,
    fmt: Format,
    width: int = 440,
) -> Chart:
    """Vertical bars of (category, group, value), the groups side by side in each category."""
    categories = list(dict.fromkeys(r[0] for r in rows))
    groups = list(dict.fromkeys(r[1] for r in rows))
    data = [{"category": c, "group": g, "value": v} for c, g, v in rows if v is not None]
    layer = {
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "category",
                "type": "nominal",
                "sort": categories,
                "title": category_title,
                "axis": {"labelAngle": 0},
            },
            "xOffset": {"field": "group", "type": "nominal", "sort": groups},
            "y": {"field": "value", "type": "quantitative", "title": value_title},
            "color": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "sort": groups,
                "scale": {"domain": groups, "range": _SERIES_COLOURS[: len(groups)]},
                "legend": {"orient": "bottom"},
            },
        },
    }
    spec = _spec(data, [layer], width=width, height=220, description=description)
    lookup = {(c, g): v for c, g, v in rows}
    table = [[c, *[fmt(lookup.get((c, g))) for g in groups]] for c in categories]
    return render_chart(
        spec, title=title, description=description, columns=[category_title, *groups], rows=table
    )
