"""Events in time: Poisson counts per person-year, expanded with ``np.repeat``.

A person is exposed in a financial year from the later of its first day and their
birth until the earlier of its end and their death (events stop at death). Rates
are per year and may depend on age at the middle of the year (1 October).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from placewell.data.synth import calibration as cal
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.people import DAYS_PER_YEAR, Spine

__all__ = ["RateFn", "choose", "neg_binomial", "poisson_events", "weighted_choice"]

RateFn = Callable[[int, np.ndarray], np.ndarray]
"""``rate(year, ages)``: each person's annual rate in financial year ``year``."""


def poisson_events(
    rng: np.random.Generator,
    spine: Spine,
    cfg: DemoConfig,
    rate: RateFn,
    age_range: tuple[int, int] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(person index, day) of events drawn at ``rate`` while each person is alive.

    ``age_range=(lo, hi)`` keeps only events at exact ages ``lo..hi`` on the day (rates
    use the age in the middle of the year, so without it a service for 8-17 year
    olds could reach a child a few months short of 8 or past 18).
    """
    people: list[np.ndarray] = []
    days: list[np.ndarray] = []
    for year in cfg.years:
        entry = np.maximum(spine.birth, cfg.fy_start(year))
        exit_ = np.minimum(spine.death, cfg.fy_end(year) + 1)
        exposure = np.maximum(exit_ - entry, 0)
        ages = np.clip(spine.age_on(year, 10, 1), 0, cal.MAX_AGE)
        lam = rate(year, ages) * (exposure / DAYS_PER_YEAR)
        counts = rng.poisson(lam)
        who = np.flatnonzero(counts)
        who = np.repeat(who, counts[who])
        people.append(who)
        days.append(entry[who] + np.floor(rng.random(len(who)) * exposure[who]).astype(np.int64))
    who, when = np.concatenate(people), np.concatenate(days)
    if age_range is not None:
        exact = spine.age_at(who, when)
        keep = (exact >= age_range[0]) & (exact <= age_range[1])
        who, when = who[keep], when[keep]
    return who, when


def neg_binomial(rng: np.random.Generator, mean: np.ndarray, shape: float) -> np.ndarray:
    """Gamma-Poisson counts with the given means (long right tail, many small values)."""
    mean = np.asarray(mean, dtype=float)
    return rng.poisson(rng.gamma(shape, mean / shape)).astype(np.int64)


def weighted_choice(
    rng: np.random.Generator, weights: Sequence[float] | np.ndarray, size: int
) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size, p=p / p.sum())


def choose(
    rng: np.random.Generator, context: np.ndarray, weights: Sequence[Sequence[float]]
) -> np.ndarray:
    """For each element, an index drawn with the weights of its ``context`` row."""
    out = np.zeros(len(context), dtype=np.int64)
    for c, row in enumerate(weights):
        members = np.flatnonzero(context == c)
        if len(members):
            out[members] = weighted_choice(rng, row, len(members))
    return out
