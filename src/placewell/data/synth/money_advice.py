"""Money and welfare advice cases and the annualised financial gains they secure.

Adults open cases more often in deprived areas; most gains are social security
benefits (lognormal amounts), then debt written off and small grants, and some
cases gain nothing. The rates give North Ayrshire over 20 million pounds of
benefits gained a year at its real size, and scale with population elsewhere. A
share of cases is not linked to a person id (advice given anonymously).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, floats, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.geography import Geography
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import Spine
from placewell.data.synth.timeline import poisson_events, weighted_choice

__all__ = ["money_advice_table"]


def money_advice_table(
    cfg: DemoConfig, spine: Spine, geo: Geography, person_id: pa.Array, rng: np.random.Generator
) -> pa.Table:
    factor = cal.deprivation_multiplier(spine.percentile, cal.MONEY_ADVICE_BETA)
    who, opened = poisson_events(
        rng, spine, cfg, lambda _y, a: cal.MONEY_ADVICE[a] * factor, age_range=(16, cal.MAX_AGE)
    )
    n = len(who)
    gain_names = [name for name, _ in cal.MONEY_ADVICE_GAINS]
    gain_type = weighted_choice(rng, [p for _, p in cal.MONEY_ADVICE_GAINS], n)
    mean = np.array([cal.MONEY_ADVICE_GAIN[g][0] for g in gain_names])[gain_type]
    sigma = np.array([cal.MONEY_ADVICE_GAIN[g][1] for g in gain_names])[gain_type]
    # Lognormal with the given mean: median = mean * exp(-sigma^2 / 2).
    gain = mean * np.exp(sigma * rng.standard_normal(n) - sigma**2 / 2)
    gain = np.where(rng.random(n) < cal.MONEY_ADVICE_NO_GAIN, 0.0, np.round(gain, 2))
    closed = opened + np.floor(rng.exponential(cal.MONEY_ADVICE_CASE_DAYS, n)).astype(np.int64)
    closed = np.minimum(closed, np.maximum(spine.death[who], opened))
    linked = rng.random(n) >= cal.MONEY_ADVICE_UNLINKED
    order = np.lexsort((who, opened))
    return to_table(
        "money_advice",
        {
            "case_id": record_ids("M", n),
            "person_id": labels(person_id, who[order], linked[order]),
            "datazone": labels(geo.dz_code, spine.dz[who[order]]),
            "open_date": dates(opened[order]),
            "close_date": dates(closed[order], closed[order] <= cfg.end),
            "gain_type": labels(gain_names, gain_type[order]),
            "financial_gain": floats(gain[order]),
        },
    )
