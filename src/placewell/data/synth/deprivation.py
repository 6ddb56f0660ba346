"""SIMD quantiles of the data zones: national (equal counts) and local (population-weighted).

National deciles and quintiles cut Scotland's 6,976 ranked data zones into equal
counts (decile = ceil(rank / 697.6)). Health board and partnership ("local")
quantiles are population-weighted, as Public Health Scotland publishes them: the
area's data zones are ordered from most to least deprived and the cumulative share
of the area's residents is cut at k/10 or k/5.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import integers, labels, to_table
from placewell.data.synth.geography import Geography

__all__ = ["area_deprivation_table", "national_quantile", "population_weighted_quantile"]


def national_quantile(rank: np.ndarray, n: int, total: int = cal.SIMD_DATAZONES) -> np.ndarray:
    """Equal-count quantile 1..n of a national rank (1 = most deprived), exactly."""
    rank = np.asarray(rank, dtype=np.int64)
    return (rank * n + total - 1) // total


def population_weighted_quantile(
    rank: np.ndarray, population: np.ndarray, group: np.ndarray, n: int
) -> np.ndarray:
    """Population-weighted quantile (1 = most deprived .. n) of each area within its group.

    Areas of each group are sorted by ``rank`` (ties by position); an area's quantile
    is ``ceil(n * cumulative population up to and including it / group population)``,
    so quantile k holds the areas whose residents fall in the (k-1)/n .. k/n share of
    the group's population. Vectorised over all groups at once.

    Args:
        rank: deprivation rank of each area (lower is more deprived).
        population: residents of each area (non-negative).
        group: the group of each area (any labels: partnership, health board ...).
        n: number of quantiles (10 for deciles, 5 for quintiles).
    """
    rank = np.asarray(rank)
    population = np.asarray(population, dtype=float)
    if not (len(rank) == len(population) == len(group)):
        raise ValueError("rank, population and group must have the same length")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if np.any(population < 0):
        raise ValueError("population must not be negative")
    _, g = np.unique(np.asarray(group), return_inverse=True)
    order = np.lexsort((np.arange(len(rank)), rank, g))
    g_sorted = g[order]
    cum = np.cumsum(population[order])
    totals = np.bincount(g_sorted, weights=population[order])
    before = np.concatenate([[0.0], np.cumsum(totals)])[:-1]
    within = cum - before[g_sorted]
    share = within / np.where(totals > 0, totals, 1.0)[g_sorted]
    q = np.clip(np.ceil(share * n - 1e-9), 1, n).astype(np.int64)
    out = np.empty(len(rank), dtype=np.int64)
    out[order] = q
    return out


def area_deprivation_table(geo: Geography, residents: np.ndarray) -> pa.Table:
    """One row per data zone; ``residents`` weight the local and health board quantiles."""
    rank = geo.dz_rank
    n = geo.n_datazones
    board = np.zeros(n, dtype=np.int64)
    return to_table(
        "area_deprivation",
        {
            "datazone": geo.dz_code,
            "simd_version": labels([cal.SIMD_VERSION], np.zeros(n, dtype=np.int64)),
            "simd_rank": integers(rank),
            "national_decile": integers(national_quantile(rank, 10)),
            "national_quintile": integers(national_quantile(rank, 5)),
            "hb_decile": integers(population_weighted_quantile(rank, residents, board, 10)),
            "hb_quintile": integers(population_weighted_quantile(rank, residents, board, 5)),
            "local_decile": integers(
                population_weighted_quantile(rank, residents, geo.dz_partnership, 10)
            ),
            "local_quintile": integers(
                population_weighted_quantile(rank, residents, geo.dz_partnership, 5)
            ),
            "most_deprived_15pc": pa.array(rank <= cal.SIMD_15PC),
            "least_deprived_15pc": pa.array(rank > cal.SIMD_DATAZONES - cal.SIMD_15PC),
        },
    )
