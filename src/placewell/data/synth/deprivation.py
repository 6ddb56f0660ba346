"""SIMD quantiles of the invented data zones: national (equal counts) and local.

National deciles and quintiles cut Scotland's 6,976 ranked data zones into equal
counts (decile = ceil(rank / 697.6)). Health board and partnership ("local")
deciles are population-weighted as Public Health Scotland publishes them, with
quintiles derived from the deciles; both rules live in
:mod:`placewell.geography.deprivation`, so demo data and real lookups agree.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import integers, labels, to_table
from placewell.data.synth.geography import Geography
from placewell.geography.deprivation import (
    equal_count_quantile,
    population_weighted_quantile,
    quintile_from_decile,
)

__all__ = ["area_deprivation_table", "population_weighted_quantile"]


def area_deprivation_table(geo: Geography, residents: np.ndarray) -> pa.Table:
    """One row per data zone; ``residents`` weight the local and health board deciles."""
    rank = geo.dz_rank
    n = geo.n_datazones
    board = np.zeros(n, dtype=np.int64)
    weight = np.maximum(residents, 0).astype(float)
    hb_decile = population_weighted_quantile(rank, weight, board, 10)
    local_decile = population_weighted_quantile(rank, weight, geo.dz_partnership, 10)
    return to_table(
        "area_deprivation",
        {
            "datazone": geo.dz_code,
            "simd_version": labels([cal.SIMD_VERSION], np.zeros(n, dtype=np.int64)),
            "simd_rank": integers(rank),
            "national_decile": integers(equal_count_quantile(rank, cal.SIMD_DATAZONES, 10)),
            "national_quintile": integers(equal_count_quantile(rank, cal.SIMD_DATAZONES, 5)),
            "hb_decile": integers(hb_decile),
            "hb_quintile": integers(quintile_from_decile(hb_decile)),
            "local_decile": integers(local_decile),
            "local_quintile": integers(quintile_from_decile(local_decile)),
            "most_deprived_15pc": pa.array(rank <= cal.SIMD_15PC),
            "least_deprived_15pc": pa.array(rank > cal.SIMD_DATAZONES - cal.SIMD_15PC),
        },
    )
