"""Roll data-zone cells up to every geography level and breakdown, vectorised.

The backend returns cells ``(period, datazone, sex, ageg)`` with their sums. Here each
cell's data zone, sex and age group become small integers once; every level and
breakdown is then one :func:`numpy.bincount` over a dense group index (period x area
x breakdown value x age band), never a loop over areas. Measures that need age bands
(DSR, ISR, life expectancy) get ``groups x bands`` matrices straight from the same
arrays. Numerator and denominator cells are rolled up separately into the same
dense groups, so they never need joining.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from placewell.indicators.definition import Definition

__all__ = ["AgeLayout", "Geography", "Rolled", "age_layout", "roll_up"]

FloatMatrix = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
VALUES = ("value", "records", "value2")
ESP2013_STARTS = tuple(range(0, 95, 5))
ESP1976_STARTS = tuple(range(0, 90, 5))
LE_STARTS = (0, 1, *range(5, 95, 5))
SEXES = ("M", "F", "unknown")
QUINTILES = ("unknown", "1", "2", "3", "4", "5")


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


class Geography:
    """Data zones as integers, with each level's area index and SIMD quintiles per zone."""

    def __init__(self, lookup: pd.DataFrame, simd: pd.DataFrame, names: dict[str, str]) -> None:
        self.datazones = pa.array([str(x) for x in lookup.index], pa.string())
        self.levels: dict[str, tuple[IntArray, npt.NDArray[np.object_]]] = {}
        n = len(lookup)
        self.levels["datazone"] = (
            np.arange(n),
            np.asarray(self.datazones.to_pylist(), dtype=object),
        )
        for level in lookup.columns:
            codes, uniques = pd.factorize(
                lookup[level].to_numpy(dtype=object), use_na_sentinel=True
            )
            self.levels[str(level)] = (codes.astype(np.int64), np.asarray(uniques, dtype=object))
        self.quintiles: dict[str, IntArray] = {}
        for name, column in (
            ("simd_national_quintile", "national_quintile"),
            ("simd_local_quintile", "local_quintile"),
        ):
            q = np.zeros(n, dtype=np.int64)
            if column in simd.columns:
                values = simd[column].reindex(lookup.index)
                known = values.notna().to_numpy()
                q[known] = values.to_numpy()[known].astype(np.int64)
            self.quintiles[name] = q
        self.names = names

    def index(self, datazones: pa.ChunkedArray | pa.Array) -> IntArray:
        """Position of each data zone in the lookup (-1 if unknown)."""
        idx = pc.index_in(datazones, value_set=self.datazones)
        return np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


@dataclass
class _Cells:
    period: IntArray
    dz: IntArray
    sex: IntArray
    ageg: IntArray
    values: dict[str, npt.NDArray[np.float64]]

    @classmethod
    def of(cls, table: pa.Table | None, geo: Geography, periods: IntArray) -> _Cells:
        if table is None or table.num_rows == 0:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, empty, {v: np.zeros(0) for v in VALUES})
        dz = geo.index(table["datazone"])
        keep = dz >= 0
        sex = pc.fill_null(pc.index_in(table["sex"], value_set=pa.array(SEXES)), 2)
        cols = {
            v: np.nan_to_num(np.asarray(table[v].to_numpy(), dtype=np.float64))
            if v in table.column_names
            else np.zeros(table.num_rows)
            for v in VALUES
        }
        period = np.searchsorted(periods, np.asarray(table["period"].to_numpy(), dtype=np.int64))
        return cls(
            period[keep],
            dz[keep],
            np.asarray(sex.to_numpy(zero_copy_only=False), dtype=np.int64)[keep],
            np.asarray(table["ageg"].to_numpy(), dtype=np.int64)[keep],
            {k: v[keep] for k, v in cols.items()},
        )


@dataclass
class Rolled:
    """Groups (rows of ``frame``) and, for band measures, their band matrices."""

    frame: pd.DataFrame
    bands: dict[str, FloatMatrix] = field(default_factory=dict)
    reference: dict[str, FloatMatrix] = field(default_factory=dict)


def _breakdown(
    name: str, c: _Cells, geo: Geography, layout: AgeLayout
) -> tuple[IntArray, npt.NDArray[np.object_]]:
    """Breakdown value index of every cell, and the value labels."""
    if name == "all":
        return np.zeros(len(c.dz), dtype=np.int64), np.array(["all"], dtype=object)
    if name == "sex":
        return c.sex, np.array(SEXES, dtype=object)
    if name == "age_band":
        labels = np.array([*layout.breakdown_labels, "unknown"], dtype=object)
        band = np.asarray([*layout.breakdown_band, len(labels) - 1], dtype=np.int64)
        return band[np.where(c.ageg >= 0, c.ageg, len(band) - 1)], labels
    return geo.quintiles[name][c.dz], np.array(QUINTILES, dtype=object)


DENSE_LIMIT = 20_000_000  # groups summed through a dense array; beyond, sort and reduce


def _sum_by(
    key_parts: tuple[IntArray, ...],
    shape: tuple[int, ...],
    weights: dict[str, npt.NDArray[np.float64]],
) -> tuple[tuple[IntArray, ...], dict[str, npt.NDArray[np.float64]]]:
    """Sum ``weights`` by the composite key; returns the keys present and their sums."""
    key = np.ravel_multi_index(key_parts, shape)
    size = int(np.prod(shape))
    if size <= DENSE_LIMIT:
        count = np.bincount(key, minlength=size)
        present = np.flatnonzero(count)
        sums = {
            k: np.asarray(np.bincount(key, weights=w, minlength=size)[present], dtype=np.float64)
            for k, w in weights.items()
        }
    else:
        present, inverse = np.unique(key, return_inverse=True)
        sums = {
            k: np.asarray(np.bincount(inverse, weights=w, minlength=len(present)), dtype=np.float64)
            for k, w in weights.items()
        }
    parts = tuple(np.asarray(p, dtype=np.int64) for p in np.unravel_index(present, shape))
    return parts, sums


@dataclass
class _Reduced:
    """Cells summed to (period, data zone, breakdown value, band) for one breakdown."""

    period: IntArray
    dz: IntArray
    value: IntArray
    band: IntArray
    sums: dict[str, npt.NDArray[np.float64]]

    @classmethod
    def of(
        cls, c: _Cells, value: IntArray, band: IntArray, shape: tuple[int, int, int, int]
    ) -> _Reduced:
        ok = band >= 0
        weights = {k: v[ok] for k, v in c.values.items()}
        weights["cells"] = np.ones(int(ok.sum()))
        (p, d, v, b), sums = _sum_by((c.period[ok], c.dz[ok], value[ok], band[ok]), shape, weights)
        return cls(p, d, v, b, sums)


class _Grouper:
    """Dense group index (period x area x value x band) summed with bincount."""

    def __init__(self, n_periods: int, n_areas: int, n_values: int, n_bands: int) -> None:
        self.shape = (n_periods, n_areas, n_values, max(n_bands, 1))
        self.size = int(np.prod(self.shape))

    def sums(self, r: _Reduced, area: IntArray) -> dict[str, FloatMatrix]:
        ok = area >= 0
        key = np.ravel_multi_index((r.period[ok], area[ok], r.value[ok], r.band[ok]), self.shape)
        return {
            k: np.asarray(np.bincount(key, weights=v[ok], minlength=self.size), dtype=np.float64)
            for k, v in r.sums.items()
        }


def _group_band(c: _Cells, layout: AgeLayout, n_bands: int) -> IntArray:
    if not n_bands:
        return np.zeros(len(c.dz), dtype=np.int64)
    mb = np.asarray(layout.measure_band, dtype=np.int64)
    return np.where(c.ageg >= 0, mb[np.clip(c.ageg, 0, len(mb) - 1)], -1)


def roll_up(
    definition: Definition,
    num: pa.Table,
    den: pa.Table | None,
    geo: Geography,
    layout: AgeLayout,
) -> Rolled:
    """Sum cells to every requested level x breakdown; band matrices where needed."""
    tables = [t for t in (num, den) if t is not None]
    periods = np.unique(
        np.concatenate([np.asarray(t["period"].to_numpy(), dtype=np.int64) for t in tables])
    )
    cells = {"num": _Cells.of(num, geo, periods), "den": _Cells.of(den, geo, periods)}
    n_bands = len(layout.measure_starts)
    bands = {k: _group_band(c, layout, n_bands) for k, c in cells.items()}
    levels = [lv for lv in definition.breakdowns.levels if lv in geo.levels]
    frames: list[dict[str, npt.NDArray[Any]]] = []
    mats: dict[str, list[FloatMatrix]] = {"num": [], "den": []}
    n_dz = len(geo.levels["datazone"][1])
    for name in ("all", *definition.breakdowns.by):
        labels = _breakdown(name, cells["num"], geo, layout)[1]
        shape = (len(periods), n_dz, len(labels), max(n_bands, 1))
        reduced = {
            side: _Reduced.of(c, _breakdown(name, c, geo, layout)[0], bands[side], shape)
            for side, c in cells.items()
        }
        for level in levels:
            if level == "datazone" and name != "all":
                continue  # data zones are too small to split; their splits would be suppressed
            area_of, codes = geo.levels[level]
            g = _Grouper(len(periods), len(codes), len(labels), n_bands)
            sums = {side: g.sums(r, area_of[r.dz]) for side, r in reduced.items()}
            columns, m = _collect(g, sums, periods, codes, labels, level, name)
            frames.append(columns)
            for key in mats:
                mats[key].append(m[key])
    columns = {k: np.concatenate([f[k] for f in frames]) for k in frames[0]} if frames else {}
    # text stays object: converting to pandas' string dtype column by column costs more
    # than it saves, and the results go to Arrow anyway
    frame = pd.DataFrame(
        {k: pd.Series(v, dtype=object) if v.dtype == object else v for k, v in columns.items()}
    )
    if len(frame):
        frame["area_name"] = frame["area_code"].map(geo.names).astype(object)
    rolled = Rolled(frame)
    if n_bands:
        rolled.bands = {k: np.vstack(v) for k, v in mats.items()}
        rolled.reference = _reference(definition, cells, bands, geo, layout, periods, frame)
    return rolled


def _collect(
    g: _Grouper,
    sums: dict[str, dict[str, FloatMatrix]],
    periods: IntArray,
    codes: npt.NDArray[np.object_],
    labels: npt.NDArray[np.object_],
    level: str,
    name: str,
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, FloatMatrix]]:
    n_band = g.shape[3]
    present = (sums["num"]["cells"] + sums["den"]["cells"]).reshape(-1, n_band).sum(axis=1) > 0
    idx = np.flatnonzero(present)
    p, a, v = np.unravel_index(idx, g.shape[:3])

    def per_group(side: str, column: str) -> FloatMatrix:
        return sums[side][column].reshape(-1, n_band)[idx]

    frame: dict[str, npt.NDArray[Any]] = {
        "period": periods[p],
        "area_code": codes[a],
        "area_level": np.full(len(idx), level, dtype=object),
        "breakdown": np.full(len(idx), name, dtype=object),
        "breakdown_value": labels[v],
        "num": per_group("num", "value").sum(axis=1),
        "num_records": per_group("num", "records").sum(axis=1),
        "num2": per_group("num", "value2").sum(axis=1),
        "den": per_group("den", "value").sum(axis=1),
        "den2": per_group("den", "value2").sum(axis=1),
        "den_records": per_group("den", "records").sum(axis=1),
    }
    mats = {"num": per_group("num", "value"), "den": per_group("den", "value")}
    return frame, mats


def _reference(
    definition: Definition,
    cells: dict[str, _Cells],
    bands: dict[str, IntArray],
    geo: Geography,
    layout: AgeLayout,
    periods: IntArray,
    frame: pd.DataFrame,
) -> dict[str, FloatMatrix]:
    """Band counts of all areas together, per period and breakdown value (for ISRs)."""
    n_bands = len(layout.measure_starts)
    out: dict[str, FloatMatrix] = {k: np.zeros((len(frame), n_bands)) for k in ("num", "den")}
    for name in ("all", *definition.breakdowns.by):
        labels = _breakdown(name, cells["num"], geo, layout)[1]
        g = _Grouper(len(periods), 1, len(labels), n_bands)
        shape = (len(periods), len(geo.levels["datazone"][1]), len(labels), max(n_bands, 1))
        sums = {}
        for side, c in cells.items():
            r = _Reduced.of(c, _breakdown(name, c, geo, layout)[0], bands[side], shape)
            sums[side] = g.sums(r, np.zeros(len(r.dz), dtype=np.int64))
        rows = (frame["breakdown"] == name).to_numpy()
        p = np.searchsorted(periods, frame.loc[rows, "period"].to_numpy())
        lookup = {str(label): i for i, label in enumerate(labels)}
        v = frame.loc[rows, "breakdown_value"].map(lookup).to_numpy(dtype=np.int64)
        for side in ("num", "den"):
            mat = sums[side]["value"].reshape(len(periods), len(labels), n_bands)
            out[side][rows] = mat[p, v]
    return out
