"""Referrals to drug and alcohol treatment (Alcohol and Drug Partnership).

Referrals peak in the late twenties to forties, are more common for men and rise
steeply with deprivation; a gamma propensity makes repeat referrals cluster in the
same people. Waits to treatment are short (the 3-week standard is met for over
90%), shortest in North Ayrshire; a few referrals never start treatment, and none
starts after death or the end of the period.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import Spine
from placewell.data.synth.timeline import neg_binomial, poisson_events, weighted_choice

__all__ = ["adp_table"]


def adp_table(
    cfg: DemoConfig, spine: Spine, person_id: pa.Array, rng: np.random.Generator
) -> pa.Table:
    shape = cal.ADP_PROPENSITY_SHAPE
    factor = (
        np.where(spine.sex == 0, cal.ADP_MALE, cal.ADP_FEMALE)
        * cal.deprivation_multiplier(spine.percentile, cal.ADP_BETA)
        * rng.gamma(shape, 1 / shape, len(spine))
    )
    who, referral = poisson_events(
        rng, spine, cfg, lambda _y, a: cal.ADP[a] * factor, age_range=(16, cal.MAX_AGE)
    )
    n = len(who)
    mean_wait = np.array([p.adp_wait_mean_days for p in cal.PARTNERSHIPS])[spine.partnership[who]]
    start = referral + neg_binomial(rng, mean_wait, cal.ADP_WAIT_SHAPE)
    started = (
        (rng.random(n) >= cal.ADP_NOT_STARTED) & (start <= cfg.end) & (start < spine.death[who])
    )
    substance = weighted_choice(rng, [p for _, p in cal.ADP_SUBSTANCES], n)
    order = np.lexsort((who, referral))
    return to_table(
        "adp_referrals",
        {
            "referral_id": record_ids("R", n),
            "person_id": labels(person_id, who[order]),
            "referral_date": dates(referral[order]),
            "treatment_start_date": dates(start[order], started[order]),
            "substance": labels([name for name, _ in cal.ADP_SUBSTANCES], substance[order]),
        },
    )
