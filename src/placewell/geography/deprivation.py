"""Deprivation quantiles of small areas: national equal-count cuts and local population-weighted cuts.

Two rules are used for SIMD (Scottish Index of Multiple Deprivation) data zones:

**National, equal count** (:func:`equal_count_quantile`). The Scottish Government
publishes SIMD deciles, quintiles and vigintiles that hold (nearly) equal numbers of
data zones: with ``N`` ranked zones (rank 1 = most deprived) and ``n`` quantiles, a
zone of rank ``r`` is in quantile ``ceil(r * n / N)``, i.e. quantile ``k`` ends at rank
``floor(N * k / n)``. For SIMD 2020v2 (N = 6,976) the first decile is ranks 1-697 and
the first quintile ranks 1-1,395. This reproduces every decile, quintile, vigintile and
percentile in the Scottish Government's *SIMD 2020v2 ranks* file.

**Local, population weighted** (:func:`population_weighted_quantile`). Public Health
Scotland (PHS) publishes deciles and quintiles within each health board, health and
social care partnership (HSCP) and council area so that each holds about the same
*population* rather than the same number of zones. The rule, from PHS's scripts that
build the SIMD 2020v2 data zone lookup ("Create SIMD 2020 Population-Weighted Files",
functions ``geo_dec``, ``geo_cut_off`` and the decile step that follows them):

1. Within the area, sort the data zones by national SIMD rank (most deprived first) and
   take the cumulative population share *including* the zone, ``s`` (its upper share).
2. Provisional quantile: the smallest ``k`` with ``s <= k / n`` (``ceil(s * n)``).
3. For each zone, the distance to the nearest cut-off ``c = k / n`` (``k = 1 .. n-1``)
   is ``d1 = c - s`` when ``s`` lies within half a quantile of it
   (``(k - 1/2) / n < s <= (k + 1/2) / n``), else 0.
4. At the first zone of a new provisional quantile (the previous zone, in the same
   area, had a different one), ``d2 = d1 + d1(previous zone)``. If ``d2 > 0`` the
   cut-off is nearer the end of this zone than the end of the previous one, so the zone
   joins the previous zone's quantile; otherwise it keeps its own.

So each cut-off falls at whichever data zone boundary is nearer the target share.
PHS computes quintiles from the deciles (quintile = ceil(decile / 2)), not with a
separate ``n = 5`` pass, and the national population-weighted deciles of its lookup
from vigintiles in the same way; :func:`quintile_from_decile` does the first step.
For SIMD 2020v2 PHS then moved two Shetland data zones by hand (S01012409 to decile 2,
S01012387 to decile 4 in the health board, HSCP and council cuts); placewell does not
repeat manual edits, so recomputed Shetland deciles can differ from the published ones
there. Zones before any population (cumulative share 0) get quantile 1.

Everything is vectorised: one lexicographic sort over (group, rank) handles all areas
at once, with no loop per area.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError

__all__ = [
    "equal_count_quantile",
    "population_weighted_quantile",
    "quintile_from_decile",
]

Method = Literal["phs", "upper", "midpoint"]
_SNAP = 1e-9  # shares within this of a half-quantile boundary count as on it


def _as_1d(x: Any, name: str) -> npt.NDArray[np.float64]:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise StatisticsInputError(f"{name} must be numeric: {exc}") from exc
    if arr.ndim != 1:
        raise StatisticsInputError(f"{name} must be one-dimensional (one value per area)")
    return arr


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise StatisticsInputError(
            f"n (the number of quantiles) must be a whole number >= 1; got {n!r}"
        )
    return int(n)


def _group_codes(group: Any, size: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    if group is None:
        return np.zeros(size, dtype=np.intp), np.array([None], dtype=object)
    arr = np.asarray(group)
    if arr.ndim != 1 or arr.shape[0] != size:
        raise StatisticsInputError(
            f"group must be one label per area ({size} areas); got shape {arr.shape}"
        )
    try:
        labels, codes = np.unique(arr, return_inverse=True)
    except TypeError as exc:
        raise StatisticsInputError(f"group labels must be comparable: {exc}") from exc
    return np.asarray(codes, dtype=np.intp).ravel(), labels


def equal_count_quantile(rank: Any, total: int, n: int) -> npt.NDArray[np.int64]:
    """Quantile ``ceil(rank * n / total)`` of each rank: equal numbers of areas per quantile.

    This is the Scottish Government's national SIMD cut (deciles, quintiles, vigintiles):
    rank 1 is the most deprived of ``total`` areas and quantile 1 the most deprived.

    Raises:
        StatisticsInputError: ranks that are not whole numbers between 1 and ``total``.
    """
    nq = _check_n(n)
    if isinstance(total, bool) or int(total) != total or total < 1:
        raise StatisticsInputError(f"total must be a whole number >= 1; got {total!r}")
    r = _as_1d(np.atleast_1d(rank), "rank")
    bad = ~np.isfinite(r) | (r != np.round(r)) | (r < 1) | (r > total)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise StatisticsInputError(
            f"area {i}: rank must be a whole number between 1 and {total}; got {r[i]!r}"
        )
    ri = r.astype(np.int64)
    return (ri * nq + int(total) - 1) // int(total)


def quintile_from_decile(decile: Any) -> npt.NDArray[np.int64]:
    """Quintile of each decile (1-2 -> 1, ..., 9-10 -> 5), as PHS derives its quintiles."""
    d = _as_1d(np.atleast_1d(decile), "decile")
    bad = ~np.isfinite(d) | (d != np.round(d)) | (d < 1) | (d > 10)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise StatisticsInputError(f"area {i}: decile must be a whole number 1-10; got {d[i]!r}")
    return (d.astype(np.int64) + 1) // 2


def population_weighted_quantile(
    rank: Any,
    population: Any,
    group: Any = None,
    n: int = 10,
    *,
    method: Method = "phs",
) -> npt.NDArray[np.int64]:
    """Population-weighted quantile (1..n, 1 = most deprived) of each area within its group.

    Args:
        rank: deprivation rank of each small area (lower = more deprived); only the
            order within a group matters. Ties keep their input order.
        population: residents of each area (the weights), non-negative.
        group: label of each area's parent (health board, HSCP, council); ``None`` puts
            every area in one group.
        n: number of quantiles (10 for deciles).
        method: ``"phs"`` (default) the Public Health Scotland rule described in the
            module docstring; ``"upper"`` the smallest ``k`` with upper cumulative share
            ``<= k/n`` (PHS's provisional quantile, before moving cut-offs);
            ``"midpoint"`` the same using the share at the middle of the area.

    Returns:
        Integer array of quantiles in the input order.

    Raises:
        StatisticsInputError: arrays of different lengths, non-finite ranks, negative or
            non-finite populations, a group whose total population is 0, ``n < 1``.
    """
    nq = _check_n(n)
    if method not in ("phs", "upper", "midpoint"):
        raise StatisticsInputError(f"method must be 'phs', 'upper' or 'midpoint'; got {method!r}")
    r = _as_1d(rank, "rank")
    pop = _as_1d(population, "population")
    size = r.shape[0]
    if pop.shape[0] != size:
        raise StatisticsInputError(
            f"rank and population must have one value per area; got {size} and {pop.shape[0]}"
        )
    if not np.isfinite(r).all():
        i = int(np.flatnonzero(~np.isfinite(r))[0])
        raise StatisticsInputError(f"area {i}: rank must be a finite number")
    bad_pop = ~np.isfinite(pop) | (pop < 0)
    if bad_pop.any():
        i = int(np.flatnonzero(bad_pop)[0])
        raise StatisticsInputError(f"area {i}: population must be a non-negative number")
    codes, labels = _group_codes(group, size)
    if size == 0:
        return np.zeros(0, dtype=np.int64)

    order = np.lexsort((np.arange(size), r, codes))
    g = codes[order]
    p = pop[order]
    totals = np.bincount(g, weights=p, minlength=labels.shape[0])
    present = np.bincount(g, minlength=labels.shape[0]) > 0
    empty = present & (totals <= 0)
    if empty.any():
        label = labels[int(np.flatnonzero(empty)[0])]
        where = f"group {label!r}" if group is not None else "all areas"
        raise StatisticsInputError(
            f"{where}: total population is 0, so population-weighted quantiles are undefined"
        )
    before = np.cumsum(totals) - totals
    upper = np.cumsum(p) - before[g]
    share_n = (upper - p / 2 if method == "midpoint" else upper) * nq / totals[g]
    snapped = np.round(share_n * 2) / 2
    share_n = np.where(np.abs(share_n - snapped) < _SNAP, snapped, share_n)
    provisional = np.clip(np.ceil(share_n), 1, nq).astype(np.int64)
    if method != "phs":
        out = np.empty(size, dtype=np.int64)
        out[order] = provisional
        return out

    # Distance to the nearest cut-off k/n (k = 1..n-1) within half a quantile; else 0.
    nearest = np.ceil(share_n - 0.5)
    in_window = (share_n > 0.5) & (share_n <= nq - 0.5)
    d1 = np.where(in_window, nearest - share_n, 0.0)
    same_group = np.zeros(size, dtype=bool)
    same_group[1:] = g[1:] == g[:-1]
    prev_q = np.zeros(size, dtype=np.int64)
    prev_q[1:] = provisional[:-1]
    prev_d1 = np.zeros(size)
    prev_d1[1:] = d1[:-1]
    changed = same_group & (provisional != prev_q)
    d2 = np.where(changed, d1 + prev_d1, 0.0)
    final = np.where(d2 > _SNAP, prev_q, provisional)
    out = np.empty(size, dtype=np.int64)
    out[order] = final
    return out
