"""Deaths: dates from age, sex, deprivation and frailty; causes and places.

Death rates follow Scottish age-specific rates with a steep deprivation gradient
under 75 (NI-11: the most deprived fifth about 3.4 times the least) and a flat one
after. Frail people die sooner, so decedents are the heavy users of hospital and
care before death. The place of death comes from the other steps: a death during a
hospital stay is a hospital death, a death during a care home placement a care home
death; the rest are at home, in a hospice or elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import exp, lgamma

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth import coding
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import NEVER, DemoConfig
from placewell.data.synth.people import DAYS_PER_YEAR, Spine
from placewell.data.synth.timeline import choose

__all__ = ["CareHomes", "deaths_table", "draw_deaths", "frailty_factor"]


def frailty_factor(frailty: np.ndarray, power: float) -> np.ndarray:
    """``frailty ** power`` scaled to mean 1 under the gamma frailty distribution."""
    k = cal.FRAILTY_SHAPE
    mean = exp(lgamma(k + power) - lgamma(k)) / k**power
    return frailty**power / mean


@dataclass(frozen=True)
class CareHomes:
    """Long-stay care home residents: one placement each, ending at death (or open)."""

    person: np.ndarray
    start: np.ndarray  # day the placement began (earlier than the period if resident then)
    died_there: np.ndarray  # per person: died while living in a care home


def draw_deaths(cfg: DemoConfig, spine: Spine, rng: np.random.Generator) -> CareHomes:
    """Set ``spine.death`` for everyone who dies in the period; move people into care homes.

    Care home moves and deaths are drawn together, year by year, because care home
    residents die at several times the rate of people of the same age and frailty at
    home: that is what makes a realistic share of deaths happen in care homes and
    keeps the number of residents steady.
    """
    r = cal.MALE_MORTALITY_RATIO
    sex = np.where(spine.sex == 0, 2 * r / (1 + r), 2 / (1 + r))
    person = sex * frailty_factor(spine.frailty, cal.MORTALITY_FRAILTY_POWER)
    young = cal.deprivation_multiplier(spine.percentile, cal.MORTALITY_BETA_UNDER_75)
    old = cal.deprivation_multiplier(spine.percentile, cal.MORTALITY_BETA_75_PLUS)
    ratio = cal.CARE_HOME_MORTALITY_RATIO

    home = cal.CARE_SERVICES["care_home"]
    frail = frailty_factor(spine.frailty, home.frailty_power)
    n = len(spine)
    age0 = np.clip(spine.age_on(cfg.first_year, 4, 1), 0, cal.MAX_AGE)
    p0 = np.minimum(home.prevalence_by_age()[age0] * frail, 0.95)
    resident = (spine.birth < cfg.start) & (rng.random(n) < p0)
    since = np.floor(rng.exponential(home.mean_years * DAYS_PER_YEAR, n)).astype(np.int64)
    moved_in = np.where(resident, np.maximum(cfg.start - 1 - since, spine.birth), NEVER)
    died_there = np.zeros(n, dtype=bool)

    for year in cfg.years:
        entry = np.maximum(spine.birth, cfg.fy_start(year))
        exit_ = np.minimum(spine.death, cfg.fy_end(year) + 1)
        exposure = np.maximum(exit_ - entry, 0)
        ages = np.clip(spine.age_on(year, 10, 1), 0, cal.MAX_AGE)
        # Moves into a care home during the year.
        q = -np.expm1(-cal.CARE_HOME_ENTRY[ages] * frail * exposure / DAYS_PER_YEAR)
        moves = (moved_in == NEVER) & (rng.random(n) < q)
        moved_in[moves] = entry[moves] + np.floor(rng.random(int(moves.sum())) * exposure[moves])
        # Deaths: the days in a care home count ``ratio`` times.
        home_from = np.maximum(moved_in, entry)
        home_days = np.clip(exit_ - home_from, 0, exposure)
        weighted = exposure + (ratio - 1) * home_days
        rate = cal.MORTALITY[ages] * person * np.where(ages < 75, young, old)
        dies = rng.random(n) < -np.expm1(-rate * weighted / DAYS_PER_YEAR)
        there = dies & (rng.random(n) * np.maximum(weighted, 1) < ratio * home_days)
        u = rng.random(n)
        at_home_day = entry + np.floor(u * (exposure - home_days)).astype(np.int64)
        in_home_day = home_from + np.floor(u * home_days).astype(np.int64)
        spine.death[dies] = np.where(there, in_home_day, at_home_day)[dies]
        died_there |= there
        # Someone who died before their move never moved.
        moved_in[dies & ~there & (moved_in >= spine.death)] = NEVER

    who = np.flatnonzero(moved_in < NEVER)
    return CareHomes(person=who, start=moved_in[who], died_there=died_there)


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
    bands = np.array([start for start, _, _ in coding.DEATH_CAUSES])
    band = np.searchsorted(bands, age, side="right") - 1
    cause_codes = [code for _, codes, _ in coding.DEATH_CAUSES for code in codes]
    offsets = np.cumsum([0] + [len(codes) for _, codes, _ in coding.DEATH_CAUSES])
    cause = offsets[band] + choose(rng, band, [w for _, _, w in coding.DEATH_CAUSES])

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
