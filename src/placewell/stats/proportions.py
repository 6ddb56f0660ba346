"""Proportions with Wilson score confidence intervals.

Follows PHEindicatormethods ``phe_proportion``: value = numerator / denominator x
multiplier, limits by the Wilson score method (Wilson 1927; Newcombe & Altman 2000).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_non_negative, check_not_above, z_for
from placewell.stats.intervals import (
    check_multiplier,
    check_positive,
    confidence_levels,
    level_suffix,
    wilson,
)

__all__ = ["proportion"]


def _statistic(multiplier: float) -> str:
    if multiplier == 1:
        return "proportion"
    if multiplier == 100:
        return "percentage"
    return f"proportion of {multiplier:g}"


def proportion(
    numerator: Any,
    denominator: Any,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 1,
) -> StatResult:
    """Proportions of many groups with Wilson score confidence limits.

    Args:
        numerator: cases per group (non-negative; need not be whole numbers).
        denominator: group sizes (positive, not below the numerator).
        confidence: one level between 0.9 and 1, or several such as ``(0.95, 0.998)``;
            ``lower``/``upper`` use the first, extras ``lower_95``, ``upper_99_8`` ... all.
        multiplier: scale of the result (1 = proportion, 100 = percentage).

    Returns:
        :class:`StatResult` with method ``"Wilson"`` and extras ``numerator`` and
        ``denominator``.

    Raises:
        StatisticsInputError: naming the first bad group (negative or missing counts,
        a zero denominator, a numerator above its denominator) or a bad confidence.

    References:
        Wilson EB (1927). Probable inference, the law of succession, and statistical
        inference. J Am Stat Assoc 22:209-212. Newcombe RG, Altman DG (2000).
        Proportions and their differences. In: Statistics with confidence, 2nd ed.
        PHEindicatormethods ``phe_proportion``.

    Example:
        >>> r = proportion([1, 65], [100, 100], multiplier=100)
        >>> r.lower.round(4).tolist()
        [0.1767, 55.2544]
    """
    levels = confidence_levels(confidence)
    mult = check_multiplier(multiplier)
    x = as_float_array(numerator, "numerator", ndim=1)
    n = as_float_array(denominator, "denominator", ndim=1)
    x, n = np.broadcast_arrays(x, n)
    check_non_negative(x, "numerator")
    check_positive(n, "denominator")
    check_not_above(x, n, "numerator", "denominator")

    value = x / n * mult
    extra: dict[str, Any] = {"numerator": x.copy(), "denominator": n.copy()}
    limits = {}
    for c in levels:
        lo, hi = wilson(x, n, z_for(c))
        limits[c] = (lo * mult, hi * mult)
        if len(levels) > 1:
            extra[f"lower_{level_suffix(c)}"] = limits[c][0]
            extra[f"upper_{level_suffix(c)}"] = limits[c][1]
    lower, upper = limits[levels[0]]
    return StatResult(
        value=value,
        lower=lower,
        upper=upper,
        method="Wilson",
        statistic=_statistic(mult),
        confidence=levels[0],
        extra=extra,
    )
