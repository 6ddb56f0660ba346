"""Roll data-zone cells up to every geography level and breakdown, vectorised.

The backend returns small frames of cells ``(period, datazone, sex, ageg)``. Here they
are joined to the area lookup (one row per data zone with its code at every level) and
to deprivation quintiles, then summed with a handful of pandas group-bys: one per
level and breakdown, never one per area. Measures that need age bands (DSR, ISR, life
expectancy) also get ``groups x bands`` matrices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from placewell.indicators.definition import Definition

__all__ = ["AgeLayout", "Rolled", "age_layout", "roll_up"]

FloatMatrix = npt.NDArray[np.float64]
KEYS = ["period", "area_code", "area_level", "breakdown", "breakdown_value"]
VALUES = ["num", "num_records", "num2", "den", "den2", "den_records"]
ESP2013_STARTS = tuple(range(0, 95, 5))
ESP1976_STARTS = tuple(range(0, 90, 5))
LE_STARTS = (0, 1, *range(5, 95, 5))


@dataclass(frozen=True)
class AgeLayout:
    """The fine age groups cells use, and how they map to breakdown and measure bands."""

    breaks: tuple[int, ...]
    breakdown_band: tuple[int, ...]  # per fine group: index of its breakdown band
    breakdown_labels: tuple[str, ...]
    measure_band: tuple[int, ...]  # per fine group: index of its measure band, -1 if none
    measure_starts: tuple[int, ...]  # start ages of the measure bands used


def _labels(starts: Sequence[int]) -> tuple[str, ...]:
    """``under 18``, ``18-44``, ..., ``85+`` (``all ages`` for a single band)."""
    out = []
    for i, s in enumerate(starts):
        if i == len(starts) - 1:
            out.append(f"{s}+" if s > 0 else "all ages")
        elif s == 0:
            out.append(f"under {starts[i + 1]}")
        else:
            out.append(f"{s}-{starts[i + 1] - 1}")
    return tuple(out)


def age_layout(definition: Definition) -> AgeLayout:
    """Fine age groups: the union of the breakdown bands and the measure's bands."""
    m = definition.measure
    bands = tuple(definition.breakdowns.age_bands)
    measure: tuple[int, ...] = ()
    if m.kind in ("dsr", "isr"):
        measure = ESP1976_STARTS if m.standard == "esp1976" else ESP2013_STARTS
    elif m.kind == "life_expectancy":
        measure = LE_STARTS
    lo = m.min_age if m.min_age is not None else 0
    hi = m.max_age if m.max_age is not None else 200
    used = tuple(s for s in measure if lo <= s <= hi)
    extra = {x for x in (lo, hi + 1) if 0 < x <= 90} if measure else set()
    breaks = tuple(sorted({0, *bands, *measure, *extra}))
    bd = tuple(int(np.searchsorted(bands, b, side="right") - 1) for b in breaks)
    mb = []
    for b in breaks:
        if not used or b < lo or b > hi:
            mb.append(-1)
            continue
        mb.append(int(np.searchsorted(used, b, side="right") - 1))
    return AgeLayout(breaks, bd, _labels(bands), tuple(mb), used)


@dataclass
class Rolled:
    """Groups (rows of ``frame``) and, for band measures, their band matrices."""

    frame: pd.DataFrame
    bands: dict[str, FloatMatrix] = field(default_factory=dict)
    reference: dict[str, FloatMatrix] = field(default_factory=dict)


def _merge_cells(num: pd.DataFrame, den: pd.DataFrame | None) -> pd.DataFrame:
    keys = ["period", "datazone", "sex", "ageg"]
    a = num.rename(columns={"value": "num", "records": "num_records", "value2": "num2"})
    if den is None:
        out = a
    else:
        b = den.rename(columns={"value": "den", "records": "den_records", "value2": "den2"})
        out = a.merge(b, on=keys, how="outer")
    for col in VALUES:
        if col not in out.columns:
            out[col] = 0.0
    out[VALUES] = out[VALUES].astype("float64").fillna(0.0)
    return out


def _breakdown_values(cells: pd.DataFrame, name: str, layout: AgeLayout, simd: pd.DataFrame) -> pd.Series:
    if name == "sex":
        return cells["sex"].astype(str)
    if name == "age_band":
        groups = cells["ageg"].to_numpy(dtype=np.int64)
        labels = np.array([*layout.breakdown_labels, "unknown"], dtype=object)
        band = np.asarray(layout.breakdown_band, dtype=np.int64)
        idx = np.where(groups >= 0, band[np.clip(groups, 0, len(band) - 1)], len(labels) - 1)
        return pd.Series(labels[idx], index=cells.index)
    column = "national_quintile" if name == "simd_national_quintile" else "local_quintile"
    quintile = cells["datazone"].map(simd[column]) if column in simd else None
    if quintile is None:
        return pd.Series("unknown", index=cells.index)
    return quintile.map(lambda q: "unknown" if pd.isna(q) else str(int(q)))


def _group(
    df: pd.DataFrame, keys: list[str], n_bands: int
) -> tuple[pd.DataFrame, dict[str, FloatMatrix]]:
    cols = ["num", "num_records", "num2", "den", "den2", "den_records"]
    if not n_bands:
        return df.groupby(keys, sort=False, dropna=False)[cols].sum().reset_index(), {}
    g = df.groupby([*keys, "band"], sort=False, dropna=False)[cols].sum().reset_index()
    gid = g.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    n = int(gid.max()) + 1 if len(gid) else 0
    band = g["band"].to_numpy(dtype=np.int64)
    ok = band >= 0
    mats = {}
    for name in ("num", "den"):
        mat = np.zeros((n, n_bands))
        np.add.at(mat, (gid[ok], band[ok]), g[name].to_numpy()[ok])
        mats[name] = mat
    in_range = g[cols].mul(ok.astype(np.float64), axis=0)  # only bands the measure uses
    totals = in_range.groupby(gid, sort=True).sum()
    first = np.unique(gid, return_index=True)[1]
    rows = g.iloc[first][keys].reset_index(drop=True)
    rows[cols] = totals.to_numpy()
    return rows, mats


def roll_up(
    definition: Definition,
    num: pd.DataFrame,
    den: pd.DataFrame | None,
    lookup: pd.DataFrame,
    simd: pd.DataFrame,
    layout: AgeLayout,
) -> Rolled:
    """Sum cells to every requested level x breakdown; band matrices where needed."""
    cells = _merge_cells(num, den)
    cells = cells[cells["datazone"].isin(lookup.index)].reset_index(drop=True)
    n_bands = len(layout.measure_starts)
    if n_bands:
        mb = np.asarray(layout.measure_band, dtype=np.int64)
        g = cells["ageg"].to_numpy(dtype=np.int64)
        cells["band"] = np.where(g >= 0, mb[np.clip(g, 0, len(mb) - 1)], -1)
    levels = [lv for lv in definition.breakdowns.levels if lv == "datazone" or lv in lookup.columns]
    breakdowns = ["all", *definition.breakdowns.by]
    frames: list[pd.DataFrame] = []
    mats: dict[str, list[FloatMatrix]] = {"num": [], "den": []}
    base = cells.copy()
    for name in breakdowns:
        base["breakdown"] = name
        base["breakdown_value"] = "all" if name == "all" else _breakdown_values(cells, name, layout, simd)
        for level in levels:
            if level == "datazone" and name != "all":
                continue  # data zones are too small to split; their splits would be suppressed
            codes = base["datazone"] if level == "datazone" else base["datazone"].map(lookup[level])
            part = base.assign(area_code=codes, area_level=level)
            part = part[part["area_code"].notna()]
            rows, m = _group(part, KEYS, n_bands)
            frames.append(rows)
            for key, mat in m.items():
                mats[key].append(mat)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*KEYS, *VALUES])
    rolled = Rolled(frame)
    if n_bands:
        rolled.bands = {k: np.vstack(v) if v else np.zeros((0, n_bands)) for k, v in mats.items()}
        ref_keys = ["period", "breakdown", "breakdown_value"]
        whole = base.assign(breakdown="all", breakdown_value="all")
        parts = [whole]
        for name in definition.breakdowns.by:
            parts.append(
                cells.assign(breakdown=name, breakdown_value=_breakdown_values(cells, name, layout, simd))
            )
        ref_rows, ref = _group(pd.concat(parts, ignore_index=True), ref_keys, n_bands)
        index = pd.MultiIndex.from_frame(ref_rows[ref_keys].astype(str))
        where = index.get_indexer(pd.MultiIndex.from_frame(frame[ref_keys].astype(str)))
        rolled.reference = {k: v[where] for k, v in ref.items()}
    return rolled
