"""Mid-year populations counted from the people spine, so rates and events agree.

Everyone born on or before 30 June and not dead by then counts, by data zone, sex
and single year of age (90 = 90 and over), for every year of the period; every
combination is a row, zeros included, as in the published small area estimates.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth.columns import integers, labels, to_table
from placewell.data.synth.config import DemoConfig, day
from placewell.data.synth.geography import Geography
from placewell.data.synth.people import Spine

__all__ = ["TOP_AGE", "mid_year_counts", "population_table"]

TOP_AGE = 90


def mid_year_counts(spine: Spine, n_datazones: int, year: int) -> np.ndarray:
    """Residents on 30 June of ``year`` as an array ``[datazone, sex, age]``."""
    on = day(year, 6, 30)
    alive = np.flatnonzero((spine.birth <= on) & (spine.death > on))
    age = np.minimum(spine.age_on(year, 6, 30)[alive], TOP_AGE)
    key = (spine.dz[alive] * 2 + spine.sex[alive]) * (TOP_AGE + 1) + age
    counts = np.bincount(key, minlength=n_datazones * 2 * (TOP_AGE + 1))
    return counts.reshape(n_datazones, 2, TOP_AGE + 1)


def population_table(cfg: DemoConfig, spine: Spine, geo: Geography) -> pa.Table:
    n_dz = geo.n_datazones
    cells = n_dz * 2 * (TOP_AGE + 1)
    counts = np.concatenate([mid_year_counts(spine, n_dz, y).ravel() for y in cfg.years])
    n_years = len(cfg.years)
    cell = np.tile(np.arange(cells), n_years)
    return to_table(
        "population",
        {
            "year": integers(np.repeat(np.arange(cfg.first_year, cfg.last_year + 1), cells)),
            "datazone": labels(geo.dz_code, cell // (2 * (TOP_AGE + 1))),
            "sex": labels(["M", "F"], (cell // (TOP_AGE + 1)) % 2),
            "age": integers(cell % (TOP_AGE + 1)),
            "population": integers(counts),
        },
    )
