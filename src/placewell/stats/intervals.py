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

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import gammainccinv

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
    bad = ~(n > 0)
    lower = np.where(bad, np.nan, np.clip(lower, 0.0, 1.0))
    upper = np.where(bad, np.nan, np.clip(upper, 0.0, 1.0))
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
