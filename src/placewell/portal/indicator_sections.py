"""The sections of an indicator page, each built from one indicator's stored results.

Pure functions over the results frame (:mod:`placewell.portal.results`): cells,
the trend with SPC lines, rankings with funnel limits, and the deprivation section
with SII, RII and PAR in plain English. Statistics come from :mod:`placewell.stats`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from placewell import stats
from placewell.indicators.definition import Definition
from placewell.indicators.enrich import compare_all
from placewell.indicators.evidence import compares_areas
from placewell.portal.indicator_views import (
    AreaRef,
    Cell,
    TrendPoint,
    TrendView,
    breakdown_value_label,
    fmt_value,
    spc_words,
)
from placewell.portal.results import IndicatorData

__all__ = [
    "cells_of",
    "number",
    "rows_of",
    "significance_against",
    "trend_view",
]


def number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def rows_of(
    data: IndicatorData,
    *,
    area: str | Sequence[str] | None = None,
    level: str | None = None,
    breakdown: str = "all",
    period: str | None = None,
) -> pd.DataFrame:
    """The rows of one or several areas (or a level), one breakdown, one or all periods."""
    return data.rows(area=area, level=level, breakdown=breakdown, period=period)


def _texts(rows: pd.DataFrame, column: str) -> list[str | None]:
    return [v if isinstance(v, str) and v else None for v in rows[column].astype(object)]


def cells_of(
    rows: pd.DataFrame,
    definition: Definition,
    *,
    label_by: str = "area",
    significance: str | None = None,
) -> list[Cell]:
    """Cells of result rows; ``label_by`` 'area' or 'breakdown'; ``significance`` a column."""
    hidden = rows["suppressed"].to_numpy(dtype=bool)

    def floats(column: str) -> list[float | None]:
        values = rows[column].to_numpy(dtype=np.float64, na_value=np.nan)
        return [
            None if h or not math.isfinite(v) else float(v)
            for v, h in zip(values, hidden, strict=True)
        ]

    value, lo, hi = floats("value"), floats("lower_95"), floats("upper_95")
    num, den = floats("numerator"), floats("denominator")
    codes, names, levels = (
        rows[c].astype(str).tolist() for c in ("area_code", "area_name", "area_level")
    )
    periods = rows["period"].astype(str).tolist()
    if label_by == "area":
        labels = names
    else:
        labels = [
            breakdown_value_label(b, v)
            for b, v in zip(
                rows["breakdown"].astype(str), rows["breakdown_value"].astype(str), strict=True
            )
        ]
    sigs = _texts(rows, significance) if significance else [None] * len(rows)
    reasons = (
        rows["suppression"].astype(str).tolist() if "suppression" in rows else [""] * len(rows)
    )
    out = []
    for i in range(len(rows)):
        v, low, high = value[i], lo[i], hi[i]
        out.append(
            Cell(
                area=AreaRef(codes[i], names[i], levels[i]),
                period=periods[i],
                label=labels[i],
                value=v,
                lower=low,
                upper=high,
                shown=fmt_value(v, definition),
                interval=(
                    f"{fmt_value(low, definition)} to {fmt_value(high, definition)}"
                    if low is not None and high is not None
                    else ""
                ),
                numerator=num[i],
                denominator=den[i],
                suppressed=bool(hidden[i]),
                significance=sigs[i],
                protects=bool(hidden[i]) and reasons[i].startswith("secondary"),
            )
        )
    return out


def significance_against(
    rows: pd.DataFrame, comparator: pd.DataFrame, definition: Definition
) -> list[str | None]:
    """Each row compared with the comparator's row of the same period and breakdown value,
    by the definition's Fingertips method (as the engine compares with its comparators).

    Where the engine stored that comparison (the comparator is the row's parent, country
    or partnership) the stored label is used; otherwise it is computed the same way.
    """
    if rows.empty or comparator.empty or not compares_areas(definition):
        return [None] * len(rows)
    code = str(comparator["area_code"].iloc[0])
    for name in ("country", "parent", "partnership"):
        codes = rows[f"{name}_code"].astype(object)
        if (codes == code).all():
            return [
                None if s == "Not compared" else s for s in _texts(rows, f"{name}_significance")
            ]
    both = pd.concat([rows, comparator[~comparator["area_code"].isin(rows["area_code"])]])
    both = both.rename(columns={"denominator": "den"}).reset_index(drop=True)
    for name in ("area_code", "period", "breakdown", "breakdown_value"):
        both[name] = both[name].astype(str)
    parents = {"partnership": pd.Series(code, index=both["area_code"].unique())}
    judged = compare_all(
        both, definition.model_copy(update={"comparators": ["partnership"]}), parents, None
    )
    labels = judged["partnership_significance"].iloc[: len(rows)]
    return [str(s) if isinstance(s, str) and s != "Not compared" else None for s in labels]


def trend_view(
    data: IndicatorData,
    definition: Definition,
    area: str,
    breakdown: str,
    value: str,
    comparators: Sequence[tuple[str, str]],
) -> TrendView | None:
    """The area's series, with the comparators' values and SPC where it has enough points."""
    part = data.rows(area=area, breakdown=breakdown)
    part = part[part["breakdown_value"] == value]
    if part.empty:
        return None
    lookups = []
    for _, code in comparators:
        other = data.rows(area=code, breakdown=breakdown)
        other = other[other["breakdown_value"] == value]
        lookups.append(dict(zip(other["period"].astype(str), other["value"], strict=True)))
    spc = _spc(part, definition)
    kinds, rules = _texts(part, "spc_point"), _texts(part, "spc_rule")
    points = [
        TrendPoint(
            period=cell.period,
            value=cell.value,
            lower=cell.lower,
            upper=cell.upper,
            shown=cell.shown,
            interval=cell.interval,
            suppressed=cell.suppressed,
            spc=spc_words(kind, rule),
            spc_point=kind,
            comparators=tuple(number(lk.get(cell.period)) for lk in lookups),
        )
        for cell, kind, rule in zip(cells_of(part, definition), kinds, rules, strict=True)
    ]
    trend = next((t for t in reversed(_texts(part, "trend")) if t), None)
    return TrendView(
        points=tuple(points),
        comparator_names=tuple(name for name, _ in comparators),
        trend=trend,
        spc_mean=spc[0] if spc else None,
        spc_lower=spc[1] if spc else None,
        spc_upper=spc[2] if spc else None,
        spc_variation=_texts(part, "spc_variation")[-1],
        spc_assurance=_texts(part, "spc_assurance")[-1],
    )


def _spc(part: pd.DataFrame, definition: Definition) -> tuple[float, float, float] | None:
    """Centre line and process limits of the series (the engine's XmR chart's last segment)."""
    values = part["value"].to_numpy(dtype=np.float64)
    if len(values) < definition.spc.min_points or not np.isfinite(values).all():
        return None
    improvement = {"high_is_good": "increase", "low_is_good": "decrease"}.get(
        definition.polarity, "neither"
    )
    s = stats.spc(values, improvement=improvement)
    return float(s.mean[-1]), float(s.lower[-1]), float(s.upper[-1])
