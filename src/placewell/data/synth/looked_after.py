"""Episodes of children being looked after by the local authority.

Children already looked after on the first day keep their true, earlier start
date; new episodes start at an age-specific rate with a very steep deprivation
gradient and a falling trend over the years, as Scotland's and North Ayrshire's
numbers fell. Episodes end after an exponential duration, by the 18th birthday or
at death; placements depend on age (residential care mostly for teenagers).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import DAYS_PER_YEAR, Spine
from placewell.data.synth.timeline import choose, poisson_events

__all__ = ["looked_after_table"]

_ADULT_DAYS = int(18 * DAYS_PER_YEAR)


def looked_after_table(
    cfg: DemoConfig, spine: Spine, person_id: pa.Array, rng: np.random.Generator
) -> pa.Table:
    dep = cal.deprivation_multiplier(spine.percentile, cal.LOOKED_AFTER_BETA)
    age0 = np.clip(spine.age_on(cfg.first_year, 4, 1), 0, cal.MAX_AGE)
    alive0 = (spine.birth < cfg.start) & (spine.death > cfg.start)
    p0 = np.minimum(cal.LOOKED_AFTER_PREVALENCE[age0] * dep, 0.5)
    who0 = np.flatnonzero(alive0 & (rng.random(len(p0)) < p0))
    since = np.minimum(cfg.start - spine.birth[who0], int(6 * DAYS_PER_YEAR))
    start0 = cfg.start - 1 - np.floor(rng.random(len(who0)) * since).astype(np.int64)

    def rate(year: int, ages: np.ndarray) -> np.ndarray:
        trend = cal.LOOKED_AFTER_TREND ** (year - cfg.first_year)
        return cal.LOOKED_AFTER_STARTS[ages] * dep * trend

    who1, start1 = poisson_events(rng, spine, cfg, rate, age_range=(0, 17))
    who = np.concatenate([who0, who1])
    start = np.concatenate([start0, start1])
    # Exponential lengths; for episodes open on the first day, the (memoryless) rest.
    length = np.floor(rng.exponential(cal.LOOKED_AFTER_MEAN_YEARS * DAYS_PER_YEAR, len(who)))
    begin = np.maximum(start, cfg.start)
    end = np.minimum(begin + length.astype(np.int64), spine.birth[who] + _ADULT_DAYS - 1)
    end = np.minimum(end, spine.death[who])
    # One episode at a time: drop new episodes that start while an earlier one is open.
    open_until = np.full(len(spine), -1, dtype=np.int64)
    open_until[who0] = end[: len(who0)]
    keep = np.r_[np.ones(len(who0), dtype=bool), start1 > open_until[who1]]
    keep &= end >= start
    who, start, end = who[keep], start[keep], end[keep]

    age = spine.age_at(who, start)
    band = np.where(age < 5, 0, np.where(age < 12, 1, 2))
    placement = choose(rng, band, cal.LOOKED_AFTER_PLACEMENT_WEIGHTS)
    order = np.lexsort((who, start))
    return to_table(
        "looked_after",
        {
            "episode_id": record_ids("L", len(who)),
            "person_id": labels(person_id, who[order]),
            "start_date": dates(start[order]),
            "end_date": dates(end[order], end[order] <= cfg.end),
            "placement_type": labels(list(cal.LOOKED_AFTER_PLACEMENTS), placement[order]),
        },
    )
