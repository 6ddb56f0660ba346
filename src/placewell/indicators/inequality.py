"""Inequality across deprivation quintiles for every area and period.

For each area (locality and above), period and quintile type (national and local
SIMD), the five quintiles' values give, in one vectorised call each:

* the slope and relative index of inequality (SII, RII), as ScotPHO computes them
  (weighted regression on the population's relative rank with a t interval; RII =
  SII / the area's overall value), :func:`placewell.stats.sii` with ``method="scotpho"``;
* the population attributable risk (PAR %, ScotPHO): the share of the overall value
  that would go if every quintile had the least deprived quintile's value;
* the absolute and relative range between the most and the least deprived quintile.

Groups where a quintile is missing or suppressed get no measures.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from placewell import stats
from placewell.indicators.definition import Definition

__all__ = ["INEQUALITY_COLUMNS", "inequality"]

INEQUALITY_COLUMNS = [
    "indicator",
    "area_code",
    "area_level",
    "period",
    "quintile_type",
    "sii",
    "sii_lower_95",
    "sii_upper_95",
    "rii",
    "rii_lower_95",
    "rii_upper_95",
    "par",
    "absolute_range",
    "absolute_range_lower_95",
    "absolute_range_upper_95",
    "relative_range",
    "relative_range_lower_95",
    "relative_range_upper_95",
    "method",
]
_QUINTILES = ["1", "2", "3", "4", "5"]
_SKIP_LEVELS = {"datazone", "intzone"}


def inequality(frame: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """One row per area, period and quintile type with SII, RII, PAR and ranges."""
    kinds = [b for b in definition.breakdowns.by if b.startswith("simd_")]
    part = frame[
        frame["breakdown"].isin(kinds)
        & frame["breakdown_value"].isin(_QUINTILES)
        & ~frame["area_level"].isin(_SKIP_LEVELS)
    ]
    if part.empty:
        return pd.DataFrame(columns=INEQUALITY_COLUMNS)
    keys = ["area_code", "area_level", "period", "breakdown"]
    weight = np.where(part["den"] > 0, part["den"], part["num_records"])
    part = part.assign(_w=weight)
    wide = part.pivot_table(
        index=keys,
        columns="breakdown_value",
        values=["value", "lower_95", "upper_95", "_w"],
        aggfunc="first",
    )
    wide = wide.reindex(
        columns=pd.MultiIndex.from_product([["value", "lower_95", "upper_95", "_w"], _QUINTILES])
    )
    v = wide["value"].to_numpy(dtype=np.float64)
    lo = wide["lower_95"].to_numpy(dtype=np.float64)
    hi = wide["upper_95"].to_numpy(dtype=np.float64)
    w = wide["_w"].to_numpy(dtype=np.float64)
    ok = np.isfinite(v).all(axis=1) & (np.nan_to_num(w) > 0).all(axis=1)
    n = len(wide)
    cols: dict[str, np.ndarray] = {c: np.full(n, np.nan) for c in INEQUALITY_COLUMNS[5:-1]}
    method = np.full(n, "Not calculated: a quintile is missing or suppressed", dtype=object)
    if ok.any():
        s = stats.sii(v[ok], w[ok], method="scotpho")
        cols["sii"][ok], cols["sii_lower_95"][ok], cols["sii_upper_95"][ok] = (
            s.value,
            s.lower,
            s.upper,
        )
        cols["rii"][ok] = s.extra["rii"]
        cols["rii_lower_95"][ok], cols["rii_upper_95"][ok] = (
            s.extra["rii_lower"],
            s.extra["rii_upper"],
        )
        positive = ok & (v[:, -1] > 0) & (v >= 0).all(axis=1)
        if positive.any():
            cols["par"][positive] = stats.par(v[positive], w[positive], value_type="other").value
        limits = ok & np.isfinite(lo).all(axis=1) & np.isfinite(hi).all(axis=1)
        r = stats.ranges(v[ok])
        cols["absolute_range"][ok], cols["relative_range"][ok] = r.value, r.extra["relative"]
        if limits.any():
            rl = stats.ranges(v[limits], lower=lo[limits], upper=hi[limits])
            cols["absolute_range_lower_95"][limits] = rl.lower
            cols["absolute_range_upper_95"][limits] = rl.upper
            cols["relative_range_lower_95"][limits] = rl.extra["relative_lower"]
            cols["relative_range_upper_95"][limits] = rl.extra["relative_upper"]
        method[ok] = "ScotPHO SII/RII (weighted regression, t interval); ScotPHO PAR; ranges"
    index = wide.index.to_frame(index=False).rename(columns={"breakdown": "quintile_type"})
    data: dict[str, Any] = {"indicator": definition.id}
    data.update({str(k): v for k, v in index.to_dict("list").items()})
    data.update(cols)
    data["method"] = method
    out = pd.DataFrame(data)
    return out[INEQUALITY_COLUMNS]
