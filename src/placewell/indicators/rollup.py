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
from scipy import sparse

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
        self._aggregators: dict[tuple[str, str | None], sparse.csr_matrix] = {}
        # every area of every level numbered once (data zones first): results carry
        # these integer ids beside their codes, so later steps need not hash strings
        self.offsets: dict[str, int] = {}
        start = 0
        for level, (_, level_codes) in self.levels.items():
            self.offsets[level] = start
            start += len(level_codes)
        self.area_codes = np.concatenate([level_codes for _, level_codes in self.levels.values()])
        self.area_names = np.asarray([names.get(c) for c in self.area_codes], dtype=object)

    def aggregator(self, level: str, quintile: str | None = None) -> sparse.csr_matrix | None:
        """Sparse (areas x data zones) matrix summing data zones into ``level``'s areas.

        With ``quintile`` (a SIMD breakdown) the rows are (area, quintile) pairs, row
        ``area * 6 + quintile`` (0 = unknown): each zone has one quintile, so the
        breakdown needs no cells of its own. ``None`` for the data-zone level itself
        (without a quintile); zones outside every area of the level are left out.
        """
        if level == "datazone" and quintile is None:
            return None
        key = (level, quintile)
        if key not in self._aggregators:
            area_of, codes = self.levels[level]
            inside = np.flatnonzero(area_of >= 0)
            rows, n_rows = area_of[inside], len(codes)
            if quintile is not None:
                rows = rows * len(QUINTILES) + self.quintiles[quintile][inside]
                n_rows *= len(QUINTILES)
            self._aggregators[key] = sparse.csr_matrix(
                (np.ones(len(inside)), (rows, inside)), shape=(n_rows, len(area_of))
            )
        return self._aggregators[key]

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
        cells = cls(
            period,
            dz,
            np.asarray(sex.to_numpy(zero_copy_only=False), dtype=np.int64),
            np.asarray(table["ageg"].to_numpy(), dtype=np.int64),
            cols,
        )
        if keep.all():
            return cells
        return cls(  # cells of data zones outside the geography are left out
            cells.period[keep],
            cells.dz[keep],
            cells.sex[keep],
            cells.ageg[keep],
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


CHUNK_LIMIT = 4_000_000  # entries of one dense (data zone x periods x values x bands) array


def _dense(
    c: _Cells,
    value: IntArray,
    band: IntArray,
    periods: tuple[int, int],
    shape: tuple[int, int, int],
    weights: Sequence[str],
) -> FloatMatrix:
    """Cells summed into a dense ``(data zone, weight x period x value x band)`` matrix.

    ``periods`` is the half-open range of period indices summed; ``shape`` is
    (data zones, values, bands). One :func:`numpy.bincount` per weight; the last
    weight, ``cells``, counts the cells (a group exists where it is non-zero).
    """
    n_dz, n_v, n_b = shape
    p0, p1 = periods
    n_p = p1 - p0
    ok = (band >= 0) & (c.period >= p0) & (c.period < p1)
    if ok.all():
        dz, per, val, bnd = c.dz, c.period - p0, value, band
        picked: dict[str, npt.NDArray[np.float64]] = c.values
    else:
        dz, per, val, bnd = c.dz[ok], c.period[ok] - p0, value[ok], band[ok]
        picked = {k: v[ok] for k, v in c.values.items() if k in weights}
    key = ((dz * n_p + per) * n_v + val) * n_b + bnd
    size = n_dz * n_p * n_v * n_b
    block = n_p * n_v * n_b
    out = np.empty((n_dz, len(weights), block))
    for i, w in enumerate(weights):
        counts = (
            np.bincount(key, minlength=size)
            if w == "cells"
            else np.bincount(key, weights=picked[w], minlength=size)
        )
        out[:, i, :] = counts.reshape(n_dz, block)
    return out.reshape(n_dz, len(weights) * block)


def _total(
    m: FloatMatrix,
    weights: Sequence[str],
    chunk: tuple[int, int],
    n_v: int,
    n_b: int,
    geo: Geography,
    quintile: str | None,
) -> FloatMatrix:
    """The ``value`` sums of all data zones together: (periods, values, bands)."""
    n_p = chunk[1] - chunk[0]
    if quintile is None:
        by_zone = m.reshape(m.shape[0], len(weights), n_p, n_v, n_b)
        return np.asarray(by_zone[:, weights.index("value")].sum(axis=0))
    # the "all" cells summed by the zones' quintile: (values, weights, periods, bands)
    q = geo.quintiles[quintile]
    pick = sparse.csr_matrix((np.ones(len(q)), (q, np.arange(len(q)))), shape=(n_v, len(q)))
    by_value = np.asarray(pick @ m).reshape(n_v, len(weights), n_p, n_b)
    return np.asarray(by_value[:, weights.index("value")].transpose(1, 0, 2))


def _period_chunks(n_periods: int, per_period: int) -> list[tuple[int, int]]:
    """Consecutive period ranges whose dense arrays stay under :data:`CHUNK_LIMIT`."""
    step = max(1, CHUNK_LIMIT // max(per_period, 1))
    return [(p, min(p + step, n_periods)) for p in range(0, n_periods, step)]


def _group_band(c: _Cells, layout: AgeLayout, n_bands: int) -> IntArray:
    if not n_bands:
        return np.zeros(len(c.dz), dtype=np.int64)
    mb = np.asarray(layout.measure_band, dtype=np.int64)
    return np.where(c.ageg >= 0, mb[np.clip(c.ageg, 0, len(mb) - 1)], -1)


def _weights(cells: dict[str, _Cells]) -> list[str]:
    """The value columns to sum (``value2`` only when some cell has one), then ``cells``."""
    used = ["value", "records"]
    if any(len(c.dz) and c.values["value2"].any() for c in cells.values()):
        used.append("value2")
    return [*used, "cells"]


def roll_up(
    definition: Definition,
    num: pa.Table,
    den: pa.Table | None,
    geo: Geography,
    layout: AgeLayout,
) -> Rolled:
    """Sum cells to every requested level x breakdown; band matrices where needed.

    Per breakdown (and, for long series, per block of periods) each side's cells are
    summed once into a dense data-zone matrix; every level is then one sparse
    aggregation matrix (areas x data zones) times that matrix. Rows are ordered by
    breakdown, level, period, area and breakdown value.
    """
    tables = [t for t in (num, den) if t is not None]
    periods = np.unique(
        np.concatenate([np.asarray(t["period"].to_numpy(), dtype=np.int64) for t in tables])
    )
    cells = {"num": _Cells.of(num, geo, periods), "den": _Cells.of(den, geo, periods)}
    n_bands = len(layout.measure_starts)
    n_b = max(n_bands, 1)
    bands = {k: _group_band(c, layout, n_bands) for k, c in cells.items()}
    weights = _weights(cells)
    levels = [lv for lv in definition.breakdowns.levels if lv in geo.levels]
    n_dz = len(geo.levels["datazone"][1])
    names = ("all", *definition.breakdowns.by)
    pieces: dict[tuple[int, int], list[_Piece]] = {}
    labels_of = {name: _breakdown(name, cells["num"], geo, layout)[1] for name in names}
    own = [name for name in names if name not in geo.quintiles]  # quintiles reuse "all"
    widest = max(len(labels_of[name]) for name in own)
    for chunk in _period_chunks(len(periods), n_dz * widest * n_b):
        dense: dict[str, dict[str, FloatMatrix]] = {}
        for b_i, name in enumerate(names):
            labels = labels_of[name]
            if name in own:
                values = {side: _breakdown(name, c, geo, layout)[0] for side, c in cells.items()}
                shape = (n_dz, len(labels), n_b)
                dense[name] = {
                    side: _dense(c, values[side], bands[side], chunk, shape, weights)
                    for side, c in cells.items()
                }
            quintile = None if name in own else name
            source = dense[name if quintile is None else "all"]
            # band measures: all areas together, per period and value (an ISR's reference)
            reference = (
                {
                    side: _total(m, weights, chunk, len(labels), n_b, geo, quintile)
                    for side, m in source.items()
                }
                if n_bands
                else None
            )
            for l_i, level in enumerate(levels):
                if level == "datazone" and name != "all":
                    continue  # data zones are too small to split; their splits would be suppressed
                agg = geo.aggregator(level, quintile)
                pieces.setdefault((b_i, l_i), []).append(
                    _Piece.of(agg, source, chunk, len(labels), n_b, weights, reference, quintile)
                )
    frames: list[dict[str, npt.NDArray[Any]]] = []
    mats: dict[str, list[FloatMatrix]] = {"num": [], "den": [], "ref_num": [], "ref_den": []}
    for (b_i, l_i), parts in pieces.items():  # in breakdown, level order
        for part in parts:
            columns = part.columns()
            columns |= {  # integer keys (see Geography.offsets); text is added below
                "_p": part.period,
                "_a": part.area + geo.offsets[levels[l_i]],
                "_b": np.full(len(part.period), b_i, dtype=np.int64),
                "_v": part.value,
                "_l": np.full(len(part.period), l_i, dtype=np.int64),
            }
            frames.append(columns)
            for key, mat in part.mats.items():
                mats[key].append(mat)
    columns = {k: np.concatenate([f[k] for f in frames]) for k in frames[0]} if frames else {}
    if columns:  # text columns: one take each from small tables of codes and labels
        label_table = np.concatenate([np.asarray(labels_of[n], dtype=object) for n in names])
        label_start = np.cumsum([0, *[len(labels_of[n]) for n in names]])[:-1]
        a, b = columns["_a"], columns["_b"]
        text = {
            "area_code": geo.area_codes[a],
            "area_level": np.asarray(levels, dtype=object)[columns.pop("_l")],
            "breakdown": np.asarray(names, dtype=object)[b],
            "breakdown_value": label_table[label_start[b] + columns["_v"]],
        }
        columns = {"period": periods[columns.pop("_p_index")], **text, **columns}
        columns["area_name"] = geo.area_names[a]
    # text stays object: converting to pandas' string dtype column by column costs more
    # than it saves, and the results go to Arrow anyway
    frame = pd.DataFrame(
        {k: pd.Series(v, dtype=object) if v.dtype == object else v for k, v in columns.items()}
    )
    rolled = Rolled(frame)
    if n_bands:
        stack = {k: np.vstack(v) if v else np.zeros((0, n_b)) for k, v in mats.items()}
        rolled.bands = {"num": stack["num"], "den": stack["den"]}
        rolled.reference = {"num": stack["ref_num"], "den": stack["ref_den"]}
    return rolled


@dataclass
class _Piece:
    """One level x breakdown x period block: the groups present and their sums."""

    period: IntArray
    area: IntArray
    value: IntArray
    sums: dict[str, dict[str, npt.NDArray[np.float64]]]
    mats: dict[str, FloatMatrix]

    @classmethod
    def of(
        cls,
        agg: sparse.csr_matrix | None,
        dense: dict[str, FloatMatrix],
        chunk: tuple[int, int],
        n_v: int,
        n_b: int,
        weights: Sequence[str],
        reference: dict[str, FloatMatrix] | None,
        quintile: str | None,
    ) -> _Piece:
        n_p, n_w = chunk[1] - chunk[0], len(weights)
        # per side: (periods, areas, values, weights, bands), so that the groups present
        # come out ordered by period, area and value
        if quintile is None:  # dense: (zones, weights x periods x values x bands)
            by_area = {
                side: (m if agg is None else np.asarray(agg @ m))
                .reshape(-1, n_w, n_p, n_v, n_b)
                .transpose(2, 0, 3, 1, 4)
                for side, m in dense.items()
            }
        else:  # "all" cells; the aggregator's rows are (area, quintile)
            assert agg is not None
            by_area = {
                side: np.asarray(agg @ m).reshape(-1, n_v, n_w, n_p, n_b).transpose(3, 0, 1, 2, 4)
                for side, m in dense.items()
            }
        cells = weights.index("cells")
        present = (by_area["num"][..., cells, :] + by_area["den"][..., cells, :]).sum(axis=3) > 0
        p, a, v = np.nonzero(present)
        sums: dict[str, dict[str, npt.NDArray[np.float64]]] = {}
        mats: dict[str, FloatMatrix] = {}
        value_at = weights.index("value")
        for side, arr in by_area.items():
            picked = arr[present]  # (rows, weights, bands)
            totals = picked.sum(axis=2)
            sums[side] = {w: totals[:, i] for i, w in enumerate(weights)}
            if reference is not None:
                mats[side] = picked[:, value_at, :]
                mats[f"ref_{side}"] = reference[side][p, v]
        return cls(p + chunk[0], a, v, sums, mats)

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        n = len(self.period)
        zeros = np.zeros(n)
        num, den = self.sums["num"], self.sums["den"]
        return {
            "_p_index": self.period,
            "num": num["value"],
            "num_records": num["records"],
            "num2": num.get("value2", zeros),
            "den": den["value"],
            "den2": den.get("value2", zeros),
            "den_records": den["records"],
        }
