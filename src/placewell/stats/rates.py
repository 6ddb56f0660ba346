"""Crude rates and intervals for counts.

Follows PHEindicatormethods ``phe_rate``: exact (chi-square) Poisson limits below 10
events and Byar's approximation from 10 events (Byar, in Breslow & Day 1987), with
the method named per group (``"Exact"`` or ``"Byars"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_non_negative, z_for
from placewell.stats.intervals import (
    byars,
    check_multiplier,
    check_positive,
    confidence_levels,
    exact_poisson,
    level_suffix,
)

__all__ = ["EXACT_BELOW", "count_ci", "crude_rate", "poisson_limits"]

#: Counts below this use exact limits, counts from it Byar's (PHEindicatormethods).
EXACT_BELOW = 10

FloatArray = npt.NDArray[np.float64]


def poisson_limits(
    count: npt.NDArray[np.float64], confidence: float
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.str_]]:
    """Limits of a Poisson count: exact below 10 events, Byar's from 10.

    Returns ``(lower, upper, method)`` with method ``"Exact"`` or ``"Byars"`` per group.
    Shared by crude rates, indirectly standardised ratios/rates and funnel significance.
    """
    small = count < EXACT_BELOW
    b_lo, b_hi = byars(count, z_for(confidence))
    e_lo, e_hi = exact_poisson(count, confidence)
    lower = np.where(small, e_lo, b_lo)
    upper = np.where(small, e_hi, b_hi)
    method = np.where(small, "Exact", "Byars")
    return lower, upper, method


def _single_method(method: npt.NDArray[np.str_]) -> str | npt.NDArray[np.str_]:
    first = str(method[0]) if method.size else "Byars"
    return first if method.size == 0 or (method == first).all() else method


def crude_rate(
    count: Any,
    population: Any,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
) -> StatResult:
    """Crude rates per ``multiplier`` population with Poisson confidence limits.

    Value = count / population x multiplier. Limits are the Poisson limits of the
    count divided by the population: exact (chi-square) limits below 10 events and
    Byar's approximation from 10 events, as PHEindicatormethods ``phe_rate``.

    Args:
        count: events per group (non-negative).
        population: person-time or population per group (positive).
        confidence: one level between 0.9 and 1, or several such as ``(0.95, 0.998)``.
        multiplier: rate per this many (default 100,000).

    Returns:
        :class:`StatResult` whose ``method`` is ``"Exact"`` or ``"Byars"`` (per group
        when they differ); extras ``count``, ``population``, and ``lower_95`` ... when
        several levels are asked for.

    References:
        Breslow NE, Day NE (1987). Statistical methods in cancer research, vol. II.
        IARC. Armitage P, Berry G (2002). Statistical methods in medical research.
        PHEindicatormethods ``phe_rate``.

    Example:
        >>> r = crude_rate([1, 65], [100, 100])
        >>> r.methods().tolist(), r.upper.round(2).tolist()
        (['Exact', 'Byars'], [5571.64, 82849.14])
    """
    levels = confidence_levels(confidence)
    mult = check_multiplier(multiplier)
    x = as_float_array(count, "count", ndim=1)
    n = as_float_array(population, "population", ndim=1)
    x, n = np.broadcast_arrays(x, n)
    check_non_negative(x, "count")
    check_positive(n, "population")

    extra: dict[str, Any] = {"count": x.copy(), "population": n.copy()}
    limits = {}
    method: npt.NDArray[np.str_] = np.asarray([], dtype=str)
    for c in levels:
        lo, hi, method = poisson_limits(x, c)
        limits[c] = (lo / n * mult, hi / n * mult)
        if len(levels) > 1:
            extra[f"lower_{level_suffix(c)}"] = limits[c][0]
            extra[f"upper_{level_suffix(c)}"] = limits[c][1]
    lower, upper = limits[levels[0]]
    return StatResult(
        value=x / n * mult,
        lower=lower,
        upper=upper,
        method=_single_method(method),
        statistic=f"rate per {mult:g}",
        confidence=levels[0],
        extra=extra,
    )


def count_ci(
    count: Any,
    confidence: float | Sequence[float] = 0.95,
    method: Literal["byars", "exact", "auto"] = "byars",
) -> StatResult:
    """Confidence limits for observed counts treated as Poisson.

    Args:
        count: observed counts per group (non-negative).
        confidence: one level between 0.9 and 1, or several.
        method: ``"byars"`` (default; Byar's approximation for every count, as
            PHEindicatormethods ``byars_lower``/``byars_upper``; a negative lower
            limit, e.g. one event at 99.8%, is NaN), ``"exact"`` (chi-square limits), or
            ``"auto"`` (exact below 10 events, Byar's from 10, as ``phe_rate``).

    References:
        Breslow NE, Day NE (1987). Statistical methods in cancer research, vol. II.
        IARC. PHEindicatormethods ``byars_lower``/``byars_upper``.

    Example:
        >>> r = count_ci([65])
        >>> round(float(r.lower[0]), 4), round(float(r.upper[0]), 4)
        (50.1632, 82.8491)
    """
    levels = confidence_levels(confidence)
    if method not in ("byars", "exact", "auto"):
        raise StatisticsInputError(f"method must be 'byars', 'exact' or 'auto', got {method!r}")
    x = as_float_array(count, "count", ndim=1)
    check_non_negative(x, "count")

    extra: dict[str, Any] = {}
    limits = {}
    labels: str | npt.NDArray[np.str_] = "Byars" if method == "byars" else "Exact"
    for c in levels:
        if method == "byars":
            lo, hi = byars(x, z_for(c))
        elif method == "exact":
            lo, hi = exact_poisson(x, c)
        else:
            lo, hi, per_group = poisson_limits(x, c)
            labels = _single_method(per_group)
        limits[c] = (lo, hi)
        if len(levels) > 1:
            extra[f"lower_{level_suffix(c)}"] = lo
            extra[f"upper_{level_suffix(c)}"] = hi
    lower, upper = limits[levels[0]]
    return StatResult(
        value=x.copy(),
        lower=lower,
        upper=upper,
        method=labels,
        statistic="count",
        confidence=levels[0],
        extra=extra,
    )
