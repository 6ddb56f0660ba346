"""Period life expectancy from an abridged life table (Chiang II, Silcocks intervals).

The method follows PHEindicatormethods' ``phe_life_expectancy`` and the Public Health
England life expectancy calculator:

* 20 age bands: 0, 1-4, 5-9, ..., 85-89, 90+ (columns of ``deaths`` and
  ``populations``, one row per group);
* Chiang's abridged life table (Chiang 1984) with the fraction of the interval lived
  by those who die ``a = 0.1`` for age 0 and ``0.5`` for every other band;
* the variance of Chiang's method plus the final-interval term of Silcocks, Jenner and
  Reza (2001), which depends on the mortality rate in the 90+ band rather than on a
  survival probability;
* life expectancy is not calculated (NaN) for a group whose total population is 5,000
  or fewer, which has a band with no population, where deaths exceed the population
  in a band, or with no deaths at 90+ (Toson and Baker 2003; Eayres and Williams 2004);
* a value whose 95% interval is wider than 20 years is suppressed (its limits are kept).

References:
    Chiang CL. The Life Table and its Applications. Malabar (FL): Krieger; 1984.
    Silcocks PBS, Jenner DA, Reza R. Life expectancy as a summary of mortality in a
    population: statistical considerations and suitability for use by health
    authorities. J Epidemiol Community Health 2001;55:38-43.
    Eayres DP, Williams ES. Evaluation of methodologies for small area life
    expectancy estimation. J Epidemiol Community Health 2004;58:243-249.
    PHEindicatormethods (UKHSA), ``phe_life_expectancy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_non_negative, z_for
from placewell.stats.intervals import confidence_levels, level_suffix

__all__ = ["LE_START_AGES", "life_expectancy"]

FloatArray = npt.NDArray[np.float64]

#: Start age of each of the 20 abridged life-table bands (0, 1-4, 5-9, ..., 90+).
LE_START_AGES: tuple[int, ...] = (0, 1, *range(5, 95, 5))

_N_BANDS = len(LE_START_AGES)
_MIN_TOTAL_POPULATION = 5000.0
_MAX_CI_WIDTH_95 = 20.0
_RADIX = 1e5
_METHOD = "Chiang, using Silcocks et al for confidence limits"


def _band_index(age_start: Any) -> int:
    try:
        return LE_START_AGES.index(int(age_start))
    except (TypeError, ValueError):
        raise StatisticsInputError(
            f"age_start must be the start age of a life-table band {list(LE_START_AGES)}, "
            f"or 'all'; got {age_start!r}"
        ) from None


def _life_table(deaths: FloatArray, pops: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Life expectancy and its standard error at every band (groups x 20).

    Groups must already be screened (positive populations, deaths <= populations,
    deaths at 90+); the arithmetic for the others is masked by the caller.
    """
    g = deaths.shape[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        m = deaths / pops
        width = np.empty((g, _N_BANDS))
        width[:, :-1] = np.diff(np.asarray(LE_START_AGES, dtype=np.float64))
        width[:, -1] = 2.0 / m[:, -1]
        a = np.full(_N_BANDS, 0.5)
        a[0] = 0.1

        # probability of dying in the band; 1 when deaths are too many for the formula
        q = np.where(
            deaths <= pops / width / a,
            m * width / (1.0 + m * width * (1.0 - a)),
            1.0,
        )
        q[:, -1] = 1.0
        p = 1.0 - q

        # survivors to the start of each band
        lx = np.empty((g, _N_BANDS))
        lx[:, 0] = _RADIX
        lx[:, 1:] = _RADIX * np.cumprod(p[:, :-1], axis=1)
        l_next = np.zeros((g, _N_BANDS))
        l_next[:, :-1] = lx[:, 1:]
        dx = lx - l_next

        # person-years lived in each band; the open band uses l / M
        big_l = width * (l_next + a * dx)
        big_l[:, -1] = lx[:, -1] / m[:, -1]
        big_t = np.cumsum(big_l[:, ::-1], axis=1)[:, ::-1]
        ex = np.where(lx == 0, 0.0, big_t / lx)

        # Chiang's variance of q, and Silcocks' term for the open band
        spi = np.where(dx == 0, 0.0, q**2 * (1.0 - q) / deaths)
        spi[:, -1] = 4.0 / (deaths[:, -1] * m[:, -1] ** 2)
        e_next = np.zeros((g, _N_BANDS))
        e_next[:, :-1] = ex[:, 1:]
        w = spi * lx**2 * ((1.0 - a) * width + e_next) ** 2
        w[:, -1] = (lx[:, -1] / 2.0) ** 2 * spi[:, -1]
        st = np.cumsum(w[:, ::-1], axis=1)[:, ::-1]
        se = np.sqrt(st / lx**2)
    return ex, se


def life_expectancy(
    deaths: Any,
    populations: Any,
    *,
    age_start: int | Literal["all"] = 0,
    confidence: float | Sequence[float] = 0.95,
    strict: bool = False,
) -> StatResult:
    """Life expectancy with confidence limits for many groups at once.

    Args:
        deaths: deaths per age band, shape ``(groups, 20)`` (a single group may be
            given as a 1-D array of 20). Bands: 0, 1-4, 5-9, ..., 85-89, 90+.
        populations: population (person-years) per age band, same shape.
        age_start: start age of the band at which to report life expectancy
            (``0`` for life expectancy at birth, ``65`` for at 65, ...), or ``"all"``
            for every band. With ``"all"`` the result has one row per group and band,
            group-major, so ``result.value.reshape(groups, 20)`` is the table and the
            extras ``group`` and ``age_start`` label the rows.
        confidence: confidence level of the limits, 0.9 to 1 (e.g. 0.95), or several
            such as ``(0.95, 0.998)``: ``lower``/``upper`` are at the first and extras
            ``lower_95``, ``upper_95``, ``lower_99_8``, ... hold each level.
        strict: raise :class:`StatisticsInputError` for a group with more deaths than
            population in a band, instead of returning NaN for it as PHEindicatormethods
            does.

    Returns:
        :class:`StatResult` with ``value`` (years; NaN when not calculated or
        suppressed), ``lower``, ``upper`` and extras ``se``, ``population_used`` and
        ``deaths_used`` (the population and deaths from the band upwards) and
        ``reason`` (why a value is NaN; empty when it is calculated).

    Raises:
        StatisticsInputError: wrong number of bands, shapes that differ, negative or
            non-finite counts, confidence outside 0.9-1, an unknown ``age_start``.
    """
    levels = confidence_levels(confidence)
    d = as_float_array(deaths, "deaths", ndim=2)
    pop = as_float_array(populations, "populations", ndim=2)
    if d.shape[1] != _N_BANDS:
        raise StatisticsInputError(
            f"deaths must have {_N_BANDS} age bands (0, 1-4, 5-9, ..., 85-89, 90+) per group; "
            f"got {d.shape[1]}"
        )
    if pop.shape != d.shape:
        raise StatisticsInputError(
            f"populations has shape {pop.shape} but deaths has shape {d.shape}; "
            "give one row of 20 age bands per group for both"
        )
    check_non_negative(d, "deaths")
    check_non_negative(pop, "populations")
    band = None if age_start == "all" else _band_index(age_start)

    over = d > pop
    if strict and over.any():
        gi = int(np.flatnonzero(over.any(axis=1))[0])
        bi = int(np.flatnonzero(over[gi])[0])
        raise StatisticsInputError(
            f"group {gi}: deaths ({d[gi, bi]:g}) exceed the population ({pop[gi, bi]:g}) "
            f"in the age band starting at {LE_START_AGES[bi]}"
        )

    g = d.shape[0]
    reason = np.full(g, "", dtype=object)
    checks = [
        (d[:, -1] == 0, "no deaths in the 90+ band"),
        (pop.sum(axis=1) <= _MIN_TOTAL_POPULATION, "total population is 5,000 or fewer"),
        (over.any(axis=1), "deaths exceed the population in an age band"),
        ((pop == 0).any(axis=1), "an age band has no population"),
    ]
    for mask, why in checks:  # four checks, each over all groups; the last match is kept
        reason[mask] = why
    invalid = reason != ""

    # compute on valid groups only; invalid rows get harmless placeholders
    safe_d = np.where(invalid[:, None], 1.0, d)
    safe_p = np.where(invalid[:, None], 10.0, pop)
    ex, se = _life_table(safe_d, safe_p)
    value = np.where(np.isinf(ex), np.nan, ex)
    wide = z_for(0.95) * se > _MAX_CI_WIDTH_95 / 2
    value = np.where(wide | invalid[:, None], np.nan, value)
    se = np.where(invalid[:, None], np.nan, se)
    limits: dict[str, FloatArray] = {}
    for c in levels:  # one or two confidence levels, not groups
        z = z_for(c)
        for name, lim in (("lower", ex - z * se), ("upper", ex + z * se)):
            limits[f"{name}_{level_suffix(c)}"] = np.where(np.isfinite(lim), lim, np.nan)
    lower = limits[f"lower_{level_suffix(levels[0])}"]
    upper = limits[f"upper_{level_suffix(levels[0])}"]
    if len(levels) == 1:
        limits = {}

    band_reason = np.repeat(reason[:, None], _N_BANDS, axis=1)
    band_reason[~invalid[:, None] & wide] = "95% confidence interval wider than 20 years"
    pops_used = np.cumsum(pop[:, ::-1], axis=1)[:, ::-1]
    deaths_used = np.cumsum(d[:, ::-1], axis=1)[:, ::-1]

    if band is None:
        groups = np.repeat(np.arange(g), _N_BANDS)
        ages = np.tile(np.asarray(LE_START_AGES), g)
        extra: dict[str, npt.NDArray[Any]] = {
            "group": groups,
            "age_start": ages,
            "se": se.ravel(),
            "population_used": pops_used.ravel(),
            "deaths_used": deaths_used.ravel(),
            "reason": band_reason.ravel(),
            **{k: lim.ravel() for k, lim in limits.items()},
        }
        return StatResult(
            value=value.ravel(),
            lower=lower.ravel(),
            upper=upper.ravel(),
            method=_METHOD,
            statistic="life expectancy at each age band",
            confidence=levels[0],
            extra=extra,
        )
    return StatResult(
        value=value[:, band],
        lower=lower[:, band],
        upper=upper[:, band],
        method=_METHOD,
        statistic=f"life expectancy at {LE_START_AGES[band]}",
        confidence=levels[0],
        extra={
            "se": se[:, band],
            "population_used": pops_used[:, band],
            "deaths_used": deaths_used[:, band],
            "reason": band_reason[:, band],
            **{k: lim[:, band] for k, lim in limits.items()},
        },
    )
