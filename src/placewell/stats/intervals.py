"""Confidence-interval building blocks shared by the statistical methods.

These functions take already-validated arrays and return ``(lower, upper)`` arrays;
they do no input checking of their own (the public methods validate first). They
broadcast over any number of groups with no Python loop.

- :func:`wilson`: Wilson score interval for a proportion (Wilson 1927), as
  PHEindicatormethods' ``wilson_lower``/``wilson_upper``.
- :func:`byars`: Byar's approximation to the exact Poisson limits of a count
  (Breslow & Day 1987), as PHEindicatormethods' ``byars_lower``/``byars_upper``.
- :func:`exact_poisson`: exact (chi-square) Poisson limits of a count, as
  PHEindicatormethods' ``poisson_cis`` / ``qchisq`` formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import gammainccinv

from placewell.errors import StatisticsInputError
from placewell.stats._validate import check_confidence

__all__ = ["byars", "exact_poisson", "wilson"]

FloatArray = npt.NDArray[np.float64]


def wilson(numerator: Any, denominator: Any, z: Any) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits of ``numerator / denominator`` for normal quantile ``z``.

    ``lower, upper = (2x + z² ∓ z√(z² + 4x(1 - x/n))) / (2(n + z²))``
    (Wilson 1927; PHEindicatormethods ``phe_proportion``). Limits are proportions in
    [0, 1]; multiply by a multiplier afterwards. A zero denominator gives NaN.
    """
    x = np.asarray(numerator, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    z2 = z * z
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(n > 0, x / n, np.nan)
        root = z * np.sqrt(np.maximum(z2 + 4.0 * x * (1.0 - q), 0.0))
        centre = 2.0 * x + z2
        denom = 2.0 * (n + z2)
        lower = (centre - root) / denom
        upper = (centre + root) / denom
    # exact at the edges (x = 0 gives lower 0, x = n upper 1), clipped against rounding
    lower = np.where(x == 0, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(x == n, 1.0, np.clip(upper, 0.0, 1.0))
    bad = ~(n > 0)
    lower = np.where(bad, np.nan, lower)
    upper = np.where(bad, np.nan, upper)
    return lower, upper


def byars(count: Any, z: Any) -> tuple[FloatArray, FloatArray]:
    """Byar's approximate Poisson limits of an observed ``count`` for quantile ``z``.

    ``lower = x (1 - 1/(9x) - z/(3√x))³`` and
    ``upper = (x+1) (1 - 1/(9(x+1)) + z/(3√(x+1)))³``
    (Byar, in Breslow & Day 1987; PHEindicatormethods ``byars_lower``/``byars_upper``).
    The lower limit of a zero count is 0; a negative lower limit (tiny counts at high
    confidence, e.g. one event at 99.8%) is returned as NaN, as PHEindicatormethods'
    test data show. Callers that need small-count limits use :func:`exact_poisson`.
    """
    x = np.asarray(count, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))) ** 3
        x1 = x + 1.0
        upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
    lower = np.where(x == 0, 0.0, np.where(lower < 0, np.nan, lower))
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def exact_poisson(count: Any, confidence: Any) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits of an observed ``count`` at two-sided ``confidence``.

    ``lower = qchisq((1-c)/2, 2x) / 2`` and ``upper = qchisq(1-(1-c)/2, 2x+2) / 2``
    (Garwood 1936; PHEindicatormethods ``phe_rate`` below 10 events). Computed with the
    inverse regularised incomplete gamma function, which equals ``qchisq(p, 2k) / 2``;
    the lower limit of a zero count is 0.
    """
    x = np.asarray(count, dtype=np.float64)
    c = np.asarray(confidence, dtype=np.float64)
    alpha = (1.0 - c) / 2.0
    with np.errstate(invalid="ignore"):
        # qchisq(p, 2k)/2 == gammaincinv(k, p) == gammainccinv(k, 1 - p)
        lower = np.where(x > 0, gammainccinv(np.where(x > 0, x, 1.0), 1.0 - alpha), 0.0)
        upper = gammainccinv(x + 1.0, alpha)
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


# --- helpers shared by the public methods (not re-exported by placewell.stats) ---


def confidence_levels(confidence: float | Sequence[float]) -> tuple[float, ...]:
    """Validate one confidence level or several (e.g. ``(0.95, 0.998)``), first is primary.

    As in PHEindicatormethods, results carry ``lower``/``upper`` at the first level and,
    when more than one is given, ``lower_95``/``upper_95``/``lower_99_8``/... extras.
    """
    if isinstance(confidence, str):
        raise StatisticsInputError(f"confidence must be a number, got {confidence!r}")
    if isinstance(confidence, (Sequence, np.ndarray)):
        levels = tuple(check_confidence(c) for c in np.ravel(np.asarray(confidence, dtype=object)))
        if not levels:
            raise StatisticsInputError("confidence must give at least one level, e.g. 0.95")
        if len(set(levels)) != len(levels):
            raise StatisticsInputError(f"confidence levels must differ, got {confidence!r}")
        return levels
    return (check_confidence(confidence),)


def level_suffix(confidence: float) -> str:
    """Column suffix of a confidence level: 0.95 -> ``"95"``, 0.998 -> ``"99_8"``."""
    return f"{confidence * 100:.10g}".replace(".", "_")


def check_positive(arr: npt.NDArray[np.float64], name: str) -> None:
    """Raise naming the first group with a value that is not a positive finite number."""
    bad = ~(np.isfinite(arr) & (arr > 0))
    if bad.any():
        per_group = bad.reshape(bad.shape[0], -1).any(axis=1) if bad.ndim > 1 else bad
        g = int(np.flatnonzero(per_group)[0])
        n = int(per_group.sum())
        raise StatisticsInputError(
            f"group {g}: {name} must be greater than zero"
            f" ({n} group{'s' if n != 1 else ''} affected)"
        )


def check_multiplier(multiplier: float) -> float:
    """A multiplier must be a positive finite number (1, 100, 100000 ...)."""
    try:
        m = float(multiplier)
    except (TypeError, ValueError) as exc:
        raise StatisticsInputError(f"multiplier must be a number, got {multiplier!r}") from exc
    if not (np.isfinite(m) and m > 0):
        raise StatisticsInputError(f"multiplier must be a positive number, got {multiplier!r}")
    return m
