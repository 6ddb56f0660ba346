"""The trend chart (with SPC) and the funnel plot of an indicator page.

Making Data Count's point types are shown by shape and colour with a legend in
words, and written in the chart's table; funnel positions likewise.
"""

from __future__ import annotations

from typing import Any

from placewell.charts import Chart
from placewell.indicators.definition import Definition
from placewell.portal.indicator_views import IndicatorPage, RankingView, fmt_value, spc_words
from placewell.web.pages.figures import (
    BLUE,
    FUNNEL_STYLE,
    GREY,
    INK,
    SPC_STYLE,
    base_spec,
    category_scales,
    figure,
    round_sig,
    value_title,
)

__all__ = ["funnel_chart", "trend_chart"]


def trend_chart(page: IndicatorPage) -> Chart | None:
    """The area's values over time with 95% intervals, SPC point types and comparators."""
    trend, d = page.trend, page.definition
    if trend is None or not any(p.value is not None for p in trend.points):
        return None
    periods = [p.period for p in trend.points]
    points = [
        {
            "period": p.period,
            "value": round_sig(p.value),
            "lower": round_sig(p.lower),
            "upper": round_sig(p.upper),
            "category": spc_words(p.spc_point) or "No SPC (too few points)",
        }
        for p in trend.points
        if p.value is not None
    ]
    lines = [
        {"period": p.period, "series": name, "value": round_sig(v)}
        for p in trend.points
        for name, v in zip(trend.comparator_names, p.comparators, strict=True)
        if v is not None
    ]
    shape, colour = category_scales(SPC_STYLE, [p["category"] for p in points])
    x = {
        "field": "period",
        "type": "ordinal",
        "title": None,
        "scale": {"domain": periods},
        "axis": {"values": periods[:: max(1, len(periods) // 12)], "labelAngle": -40},
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": value_title(d),
        "scale": {"zero": False},
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "rule", "color": GREY},
            "encoding": {"x": x, "y": {**y, "field": "lower"}, "y2": {"field": "upper"}},
        },
        {"mark": {"type": "line", "color": BLUE, "strokeWidth": 2}, "encoding": {"x": x, "y": y}},
        {
            "mark": {
                "type": "point",
                "filled": True,
                "size": 70,
                "stroke": INK,
                "strokeWidth": 1,
                "opacity": 1,
            },
            "encoding": {
                "x": x,
                "y": y,
                "shape": {**shape, "legend": {"title": "Point (SPC)"}},
                "color": {**colour, "legend": {"title": "Point (SPC)"}},
            },
        },
    ]
    if lines:
        layers.insert(
            1,
            {
                "data": {"values": lines},
                "mark": {"type": "line", "color": INK, "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "y": y,
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "title": "Comparator",
                        "scale": {"range": [[6, 3], [2, 2]]},
                    },
                },
            },
        )
    if trend.spc_mean is not None:
        limits = [
            {"line": "Centre line (mean)", "y": round_sig(trend.spc_mean)},
            {"line": "Process limits", "y": round_sig(trend.spc_lower)},
            {"line": "Process limits", "y": round_sig(trend.spc_upper)},
        ]
        layers.insert(
            0,
            {
                "data": {"values": limits},
                "mark": {"type": "rule", "color": GREY, "strokeDash": [4, 4]},
                "encoding": {"y": {"field": "y", "type": "quantitative"}},
            },
        )
    spec = base_spec(
        f"{d.title} in {page.area.name} over time",
        {"data": {"values": points}, "height": 260, "layer": layers},
    )
    headers = ["Period", "Value", "95% confidence interval", "SPC", *trend.comparator_names]
    rows = [
        (
            p.period,
            p.shown or "Suppressed",
            p.interval,
            p.spc or "",
            *[fmt_value(v, d) for v in p.comparators],
        )
        for p in trend.points
    ]
    spc = ""
    if trend.spc_mean is not None:
        spc = (
            f" Dashed lines: the mean ({fmt_value(trend.spc_mean, d)}) and process limits "
            f"({fmt_value(trend.spc_lower, d)} to {fmt_value(trend.spc_upper, d)})."
        )
    first, last = trend.points[0].period, trend.points[-1].period
    text = (
        f"{len(trend.points)} periods from {first} to {last}."
        + (f" Recent trend: {trend.trend.lower()}." if trend.trend else "")
        + spc
    )
    return figure(
        spec, title=f"Trend in {page.area.name}", description=text, columns=headers, rows=rows
    )


def funnel_chart(ranking: RankingView, d: Definition) -> Chart | None:
    """The funnel plot: each area's value against its size, with 95% and 99.8% limits."""
    f = ranking.funnel
    if f is None:
        return None
    points = [
        {"label": n, "x": round_sig(x), "value": round_sig(v), "category": s}
        for n, x, v, s in f.points
    ]
    curves = [
        {"x": round_sig(x), "value": round_sig(v), "curve": f"{name} {side}", "limit": name}
        for x, lo95, hi95, lo998, hi998 in f.limits
        for name, side, v in (
            ("95%", "lower", lo95),
            ("95%", "upper", hi95),
            ("99.8%", "lower", lo998),
            ("99.8%", "upper", hi998),
        )
    ]
    shape, colour = category_scales(FUNNEL_STYLE, [p["category"] for p in points])
    x = {"field": "x", "type": "quantitative", "title": f.x_title, "scale": {"type": "log"}}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": value_title(d),
        "scale": {"zero": False},
    }
    layers = [
        {
            "data": {"values": curves},
            "mark": {"type": "line", "color": GREY, "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "y": y,
                "detail": {"field": "curve"},
                "strokeDash": {
                    "field": "limit",
                    "type": "nominal",
                    "title": "Limits",
                    "scale": {"domain": ["95%", "99.8%"], "range": [[5, 3], [1, 0]]},
                },
            },
        },
        {
            "data": {"values": [{"value": round_sig(f.average)}]},
            "mark": {"type": "rule", "color": INK},
            "encoding": {"y": y},
        },
        {
            "mark": {
                "type": "point",
                "filled": True,
                "size": 90,
                "stroke": INK,
                "strokeWidth": 1,
                "opacity": 1,
            },
            "encoding": {
                "x": x,
                "y": y,
                "shape": {**shape, "legend": {"title": "Area"}},
                "color": {**colour, "legend": {"title": "Area"}},
            },
        },
    ]
    outside = sum(1 for p in f.points if not p[3].startswith("Within"))
    text = (
        f"Funnel plot of {ranking.title} ({len(f.points)} values): average "
        f"{fmt_value(f.average, d)}; {outside} outside the 95% limits. {f.note}"
    )
    spec = base_spec(text, {"data": {"values": points}, "height": 300, "layer": layers}, width=520)
    rows = [(n, f"{x:,.0f}", fmt_value(v, d), s) for n, x, v, s in f.points]
    return figure(
        spec,
        title=f"Funnel plot: {ranking.title}, {ranking.period}",
        description=text,
        columns=["Area", f.x_title, "Value", "Position"],
        rows=rows,
    )
