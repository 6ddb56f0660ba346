"""The charts of a place's profile: the spine chart, the population pyramid, deprivation.

The spine chart follows Fingertips' area profiles: one row per indicator, centred on
the country's value, with the range of the peer areas (lightest), their middle half
(darker), the partnership's value (a hollow diamond) and the area's value marked by
its comparison with the country. Better is always to the right. The comparison is
given three ways: the marker's shape, its colour and the word at the end of the row.
"""

from __future__ import annotations

from typing import Any

from placewell.charts import VEGA_LITE, Chart, bar_chart
from placewell.portal.indicator_views import fmt_value
from placewell.portal.places import PlaceProfile, SpineRow
from placewell.web.pages.figures import CONFIG, INK, LIGHT, SIGNIFICANCE_STYLE, figure, short

__all__ = ["deprivation_chart", "pyramid_chart", "spine_chart", "spine_positions"]

PARTNERSHIP = "Partnership value"


def spine_positions(row: SpineRow) -> dict[str, float] | None:
    """Positions (0 to 1) of the row's values, the country at 0.5 and better to the right."""
    centre = row.country.value if row.country else None
    if centre is None or row.low is None or row.high is None:
        return None
    values = {
        "low": row.low,
        "q25": row.q25,
        "q75": row.q75,
        "high": row.high,
        "area": row.area.value,
        "partnership": row.partnership.value if row.partnership else None,
    }
    spread = max(abs(v - centre) for v in values.values() if v is not None)
    if spread <= 0:
        spread = abs(centre) * 0.1 or 1.0
    sign = -1.0 if row.polarity == "low_is_good" else 1.0
    out = {k: 0.5 + sign * (v - centre) / (2 * spread) for k, v in values.items() if v is not None}
    for a, b in (("low", "high"), ("q25", "q75")):
        if a in out and b in out and out[a] > out[b]:
            out[a], out[b] = out[b], out[a]
    return out


def _label(row: SpineRow) -> str:
    return short(f"{row.indicator} {row.title}", 52)


def spine_chart(profile: PlaceProfile) -> Chart | None:
    """Every comparable indicator of the area on one spine, against the country."""
    rows = []
    for row in profile.spine:
        pos = spine_positions(row) if row.charted else None
        if pos is None:
            continue
        rows.append((row, pos))
    if not rows:
        return None
    name = profile.area.name
    data = [
        {
            "label": _label(r),
            "low": p["low"],
            "high": p["high"],
            "q25": p.get("q25"),
            "q75": p.get("q75"),
            "area": p.get("area"),
            "partnership": p.get("partnership"),
            "category": r.versus_country or "Not compared",
            "word": (r.versus_country or "Not compared")
            if r.area.value is not None
            else "Suppressed",
        }
        for r, p in rows
    ]
    order = [d["label"] for d in data]
    used = [d["category"] for d in data if d["area"] is not None]
    styles = {**SIGNIFICANCE_STYLE, PARTNERSHIP: ("diamond", "#ffffff")}
    domain = [k for k in styles if k in {*used, PARTNERSHIP}]
    shape = {
        "field": "category",
        "type": "nominal",
        "title": f"{name} compared with the country",
        "scale": {"domain": domain, "range": [styles[k][0] for k in domain]},
    }
    colour = {
        "field": "category",
        "type": "nominal",
        "title": f"{name} compared with the country",
        "scale": {"domain": domain, "range": [styles[k][1] for k in domain]},
    }
    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": order,
        "axis": {"labelLimit": 0},
    }
    x = {
        "type": "quantitative",
        "scale": {"domain": [0, 1]},
        "axis": {
            "values": [0, 0.5, 1],
            "grid": False,
            "title": "Worse ← country → better",
            "labelExpr": "datum.value == 0.5 ? 'Country' : datum.value < 0.5 ? 'Worse' : 'Better'",
        },
    }
    partnership = [
        {"label": d["label"], "partnership": d["partnership"], "category": PARTNERSHIP}
        for d in data
        if d["partnership"] is not None
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": LIGHT, "height": 14},
            "encoding": {"y": y, "x": {**x, "field": "low"}, "x2": {"field": "high"}},
        },
        {
            "mark": {"type": "bar", "color": "#6f777b", "height": 14},
            "encoding": {"y": y, "x": {**x, "field": "q25"}, "x2": {"field": "q75"}},
        },
        {
            "data": {"values": [{"centre": 0.5}]},
            "mark": {"type": "rule", "color": INK, "strokeWidth": 2},
            "encoding": {"x": {**x, "field": "centre"}},
        },
        {
            "data": {"values": partnership},
            "mark": {
                "type": "point",
                "filled": True,
                "size": 80,
                "stroke": INK,
                "strokeWidth": 1.5,
                "opacity": 1,
            },
            "encoding": {
                "y": y,
                "x": {**x, "field": "partnership"},
                "shape": shape,
                "color": colour,
            },
        },
        {
            "transform": [{"filter": "datum.area != null"}],
            "mark": {
                "type": "point",
                "filled": True,
                "size": 120,
                "stroke": INK,
                "strokeWidth": 1,
                "opacity": 1,
            },
            "encoding": {"y": y, "x": {**x, "field": "area"}, "shape": shape, "color": colour},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 8, "color": INK, "fontSize": 13},
            "encoding": {
                "y": y,
                "x": {"datum": 1, "type": "quantitative", "scale": {"domain": [0, 1]}},
                "text": {"field": "word"},
            },
        },
    ]
    charted = len(data)
    listed = len(profile.spine)
    text = (
        f"{charted} indicators for {name} against the country (the centre line), with the "
        "range of "
        + (rows[0][0].peers if rows else "areas")
        + " behind each. "
        + "; ".join(f"{d['label']}: {str(d['word']).lower()}" for d in data)
        + "."
    )
    if listed > charted:
        text += f" {listed - charted} more are listed in the table but not charted (counts and totals, or no comparison)."
    spec = {
        "$schema": VEGA_LITE,
        "description": text,
        "width": 360,
        "height": {"step": 26},
        "padding": {"right": 110},
        "data": {"values": data},
        "layer": layers,
        "config": CONFIG,
    }
    columns = [
        "Indicator",
        "Period",
        name,
        "Partnership",
        "Country",
        "Range",
        "Compared with the country",
    ]
    table = [
        (
            _label(r),
            r.period,
            r.area.shown or "Suppressed",
            r.partnership.shown if r.partnership else "",
            r.country.shown if r.country else "",
            f"{fmt_value(r.low)} to {fmt_value(r.high)}",
            r.versus_country or "Not compared",
        )
        for r, _ in rows
    ]
    return figure(
        spec,
        title=f"Spine chart: {name} against the country",
        description=text,
        columns=columns,
        rows=table,
    )


def pyramid_chart(profile: PlaceProfile) -> Chart | None:
    """Population by age band: males to the left, females to the right (labelled)."""
    if not profile.pyramid:
        return None
    order = [band for band, _, _ in profile.pyramid]
    data = [{"band": b, "males": m, "females": f} for b, m, f in profile.pyramid]
    top = max(max(m, f) for _, m, f in profile.pyramid) or 1
    y = {"field": "band", "type": "nominal", "sort": order, "title": "Age"}

    def side(field: str, title: str, colour: str, reverse: bool) -> dict[str, Any]:
        return {
            "width": 230,
            "height": {"step": 16},
            "title": {"text": title, "fontSize": 14},
            "mark": {"type": "bar", "color": colour},
            "encoding": {
                "y": {**y, "axis": None} if not reverse else y,
                "x": {
                    "field": field,
                    "type": "quantitative",
                    "title": "People",
                    "scale": {"domain": [0, top], "reverse": reverse},
                },
            },
        }

    spec = {
        "$schema": VEGA_LITE,
        "config": CONFIG,
        "data": {"values": data},
        "description": f"Population of {profile.area.name} by age band and sex",
        "hconcat": [
            side("males", "Males", "#1d70b8", True),
            side("females", "Females", "#4c2c92", False),
        ],
        "spacing": 4,
    }
    total_m = sum(m for _, m, _ in profile.pyramid)
    total_f = sum(f for _, _, f in profile.pyramid)
    text = (
        f"{profile.population:,} people in {profile.population_year}: {total_m:,} males and "
        f"{total_f:,} females, by five-year age band."
    )
    rows = [(b, f"{m:,}", f"{f:,}") for b, m, f in reversed(profile.pyramid)]
    return figure(
        spec,
        title=f"Population of {profile.area.name} by age and sex",
        description=text,
        columns=["Age band", "Males", "Females"],
        rows=rows,
    )


def deprivation_chart(profile: PlaceProfile) -> Chart | None:
    """The share of the area's people living in each national SIMD quintile."""
    if not profile.deprivation:
        return None
    data = [{"label": f"Quintile {q}", "value": share} for q, _, share in profile.deprivation]
    most = profile.deprivation[0][2]
    text = (
        f"{most:g}% of the people of {profile.area.name} live in Scotland's most deprived "
        "fifth of data zones (SIMD quintile 1). "
        + "; ".join(f"quintile {q}: {share:g}%" for q, _, share in profile.deprivation)
        + "."
    )
    chart = bar_chart(
        data,
        title=f"People of {profile.area.name} by SIMD quintile",
        description=text,
        value_title="Share of the population (%)",
        label_title="SIMD quintile (Scotland)",
    )
    rows = tuple(
        (f"Quintile {q}", f"{people:,}", f"{share:g}%") for q, people, share in profile.deprivation
    )
    return Chart(
        chart.title,
        chart.description,
        chart.svg,
        ("SIMD quintile (Scotland)", "People", "Share"),
        rows,
    )
