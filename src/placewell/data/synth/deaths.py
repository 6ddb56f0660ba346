"""Deaths: dates from age, sex, deprivation and frailty; causes and places.

Death rates follow Scottish age-specific rates with a steep deprivation gradient
under 75 (NI-11: the most deprived fifth about 3.4 times the least) and a flat one
after. Frail people die sooner, so decedents are the heavy users of hospital and
care before death. The place of death comes from the other steps: a death during a
hospital stay is a hospital death, a death during a care home placement a care home
death; the rest are at home, in a hospice or elsewhere.
"""

from __future__ import annotations

from math import exp, lgamma

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import NEVER, DemoConfig
from placewell.data.synth.people import DAYS_PER_YEAR, Spine
from placewell.data.synth.timeline import choose

__all__ = ["deaths_table", "draw_deaths", "frailty_factor"]


def frailty_factor(frailty: np.ndarray, power: float) -> np.ndarray:
    """``frailty ** power`` scaled to mean 1 under the gamma frailty distribution."""
    k = cal.FRAILTY_SHAPE
    mean = exp(lgamma(k + power) - lgamma(k)) / k**power
    return frailty**power / mean


def draw_deaths(cfg: DemoConfig, spine: Spine, rng: np.random.Generator) -> None:
    """Set ``spine.death`` for everyone who dies during the period."""
    r = cal.MALE_MORTALITY_RATIO
    sex = np.where(spine.sex == 0, 2 * r / (1 + r), 2 / (1 + r))
    person = sex * frailty_factor(spine.frailty, cal.MORTALITY_FRAILTY_POWER)
    young = cal.deprivation_multiplier(spine.percentile, cal.MORTALITY_BETA_UNDER_75)
    old = cal.deprivation_multiplier(spine.percentile, cal.MORTALITY_BETA_75_PLUS)
    for year in cfg.years:
        entry = np.maximum(spine.birth, cfg.fy_start(year))
        exposure = np.maximum(np.minimum(spine.death, cfg.fy_end(year) + 1) - entry, 0)
        ages = np.clip(spine.age_on(year, 10, 1), 0, cal.MAX_AGE)
        rate = cal.MORTALITY[ages] * person * np.where(ages < 75, young, old)
        p = -np.expm1(-rate * exposure / DAYS_PER_YEAR)
        dies = np.flatnonzero(rng.random(len(p)) < p)
        offset = np.floor(rng.random(len(dies)) * exposure[dies]).astype(np.int64)
        spine.death[dies] = entry[dies] + offset


def deaths_table(
    spine: Spine,
    person_id: pa.Array,
    in_hospital: np.ndarray,
    in_care_home: np.ndarray,
    rng: np.random.Generator,
) -> pa.Table:
    """One row per decedent; ``in_hospital``/``in_care_home`` are per person."""
    who = np.flatnonzero(spine.death < NEVER)
    when = spine.death[who]
    age = spine.age_at(who, when)
    bands = np.array([start for start, _, _ in cal.DEATH_CAUSES])
    band = np.searchsorted(bands, age, side="right") - 1
    cause_codes = [code for _, codes, _ in cal.DEATH_CAUSES for code in codes]
    offsets = np.cumsum([0] + [len(codes) for _, codes, _ in cal.DEATH_CAUSES])
    cause = offsets[band] + choose(rng, band, [w for _, _, w in cal.DEATH_CAUSES])

    places = ["hospital", "care_home"] + [name for name, _ in cal.PLACE_OUTSIDE_INSTITUTIONS]
    other = 2 + choose(
        rng, np.zeros(len(who), dtype=np.int64), [[p for _, p in cal.PLACE_OUTSIDE_INSTITUTIONS]]
    )
    place = np.where(in_hospital[who], 0, np.where(in_care_home[who], 1, other))
    order = np.argsort(when, kind="stable")
    return to_table(
        "deaths",
        {
            "person_id": labels(person_id, who[order]),
            "date_of_death": dates(when[order]),
            "underlying_cause": labels(cause_codes, cause[order]),
            "place_of_death": labels(places, place[order]),
        },
    )
