"""Social care services: care at home, care homes, telecare and the rest.

Each service type has an age-specific prevalence on the first day of the period
(those records keep their true, earlier start date) and new services start at
about prevalence / duration a year (a steady state), more for frailer people.
Services end after an exponential duration or at death; services running at the
end of the period have no end date. A death during a care home placement is a care
home death. Care home placements themselves come from the deaths step
(:class:`~placewell.data.synth.deaths.CareHomes`), drawn together with deaths.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, floats, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.deaths import CareHomes, frailty_factor
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import DAYS_PER_YEAR, Spine
from placewell.data.synth.timeline import poisson_events

__all__ = ["care_services_table"]


def _durations(rng: np.random.Generator, mean_years: float, n: int) -> np.ndarray:
    return np.floor(rng.exponential(mean_years * DAYS_PER_YEAR, n)).astype(np.int64)


def _spells(
    cfg: DemoConfig, spine: Spine, svc: cal.CareService, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(person, start, end) of one service type (ends are cut at death later)."""
    prevalence = svc.prevalence_by_age()
    factor = frailty_factor(spine.frailty, svc.frailty_power) * cal.deprivation_multiplier(
        spine.percentile, cal.CARE_DEPRIVATION_BETA
    )
    age0 = np.clip(spine.age_on(cfg.first_year, 4, 1), 0, cal.MAX_AGE)
    alive0 = (spine.birth < cfg.start) & (spine.death > cfg.start)
    p0 = np.minimum(prevalence[age0] * factor, 0.95)
    who0 = np.flatnonzero(alive0 & (rng.random(len(p0)) < p0))
    start0 = np.maximum(cfg.start - _durations(rng, svc.mean_years, len(who0)), spine.birth[who0])
    end0 = cfg.start + _durations(rng, svc.mean_years, len(who0))

    starts = prevalence / svc.mean_years
    who1, start1 = poisson_events(rng, spine, cfg, lambda _y, a: starts[a] * factor)
    open_until = np.full(len(spine), -1, dtype=np.int64)
    open_until[who0] = end0
    new = start1 > open_until[who1]
    who1, start1 = who1[new], start1[new]
    end1 = start1 + _durations(rng, svc.mean_years, len(who1))
    return (
        np.concatenate([who0, who1]),
        np.concatenate([start0, start1]),
        np.concatenate([end0, end1]),
    )


def care_services_table(
    cfg: DemoConfig,
    spine: Spine,
    person_id: pa.Array,
    care_homes: CareHomes,
    rng: np.random.Generator,
) -> pa.Table:
    names = list(cal.CARE_SERVICES)
    parts = [
        (care_homes.person, care_homes.start, spine.death[care_homes.person])
        if name == "care_home"
        else _spells(cfg, spine, cal.CARE_SERVICES[name], rng)
        for name in names
    ]
    kind = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(parts)])
    person = np.concatenate([p[0] for p in parts])
    start = np.concatenate([p[1] for p in parts])
    end = np.concatenate([p[2] for p in parts])
    end = np.minimum(end, spine.death[person])

    n = len(person)
    home_care = kind == names.index("home_care")
    median, sigma = cal.HOME_CARE_HOURS
    hours = np.clip(np.round(median * np.exp(sigma * rng.standard_normal(n)) * 4) / 4, 0.5, 80)
    low = np.array([cal.CARE_SERVICES[k].weekly_cost[0] for k in names])[kind]
    high = np.array([cal.CARE_SERVICES[k].weekly_cost[1] for k in names])[kind]
    unit = rng.uniform(low, high)
    weekly = np.round(np.where(home_care, hours * unit, unit), 2)

    order = np.lexsort((person, start))
    return to_table(
        "care_services",
        {
            "service_id": record_ids("C", n),
            "person_id": labels(person_id, person[order]),
            "service_type": labels(names, kind[order]),
            "start_date": dates(start[order]),
            "end_date": dates(end[order], end[order] <= cfg.end),
            "hours_per_week": floats(hours[order], home_care[order]),
            "weekly_cost": floats(weekly[order]),
        },
    )
