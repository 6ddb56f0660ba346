"""Means with Student's t confidence intervals.

Follows PHEindicatormethods ``phe_mean``: value = mean of the records, limits
value ± t(1 - (1-c)/2, n-1) x sd / √n with the sample standard deviation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import stdtrit

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_non_negative
from placewell.stats.intervals import confidence_levels, level_suffix

__all__ = ["mean"]

METHOD = "Student's t-distribution"


def _from_records(
    values: Any, groups: Any
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], Any]:
    v = as_float_array(values, "values", ndim=1)
    if groups is None:
        labels = None
        inverse = np.zeros(v.shape[0], dtype=np.intp)
        k = 1
    else:
        g = np.asarray(groups)
        if g.ndim != 1 or g.shape[0] != v.shape[0]:
            raise StatisticsInputError(
                f"groups must give one label per value ({v.shape[0]} values, {g.size} labels)"
            )
        labels, inverse = np.unique(g, return_inverse=True)
        k = labels.shape[0]
    if v.shape[0] == 0:
        raise StatisticsInputError("values must contain at least one record")
    bad = ~np.isfinite(v)
    if bad.any():
        gi = int(inverse[np.flatnonzero(bad)[0]])
        name = f"group {gi}" if labels is None else f"group {gi} ({labels[gi].item()!r})"
        raise StatisticsInputError(f"{name}: values must be finite numbers (found NaN or inf)")
    n = np.bincount(inverse, minlength=k).astype(np.float64)
    mu = np.bincount(inverse, weights=v, minlength=k) / n
    # two-pass variance: exact for values far from zero, unlike sums of squares
    ss = np.bincount(inverse, weights=(v - mu[inverse]) ** 2, minlength=k)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.where(n > 1, np.sqrt(ss / (n - 1)), np.nan)
    return mu, sd, n, labels


def mean(
    values: Any = None,
    groups: Any = None,
    confidence: float | Sequence[float] = 0.95,
    *,
    n: Any = None,
    means: Any = None,
    sds: Any = None,
) -> StatResult:
    """Means of many groups with Student's t confidence limits.

    Give either record-level ``values`` (with optional ``groups`` labels, one per
    value; one result per distinct label in sorted order), or per-group summaries
    ``n``, ``means`` and ``sds`` (sample standard deviations, divisor n - 1), as a
    database computes them with ``count``, ``avg`` and ``stddev_samp``.

    Limits: mean ± t(1 - (1-c)/2, n - 1) · sd / √n. Groups with a single record have
    NaN limits.

    Returns:
        :class:`StatResult` with method ``"Student's t-distribution"`` and extras
        ``n``, ``sd`` (and ``group`` labels when ``groups`` was given).

    References:
        Student (1908). The probable error of a mean. Biometrika 6:1-25.
        PHEindicatormethods ``phe_mean``.

    Example:
        >>> r = mean([1.0, 2.0, 3.0, 10.0, 20.0], groups=["a", "a", "a", "b", "b"])
        >>> r.value.tolist(), r.extra["n"].tolist()
        ([2.0, 15.0], [3.0, 2.0])
    """
    levels = confidence_levels(confidence)
    extra: dict[str, Any] = {}
    if values is not None:
        if n is not None or means is not None or sds is not None:
            raise StatisticsInputError("give either values or n/means/sds, not both")
        mu, sd, count, labels = _from_records(values, groups)
        if labels is not None:
            extra["group"] = labels
    else:
        if n is None or means is None or sds is None:
            raise StatisticsInputError("give values, or all three of n, means and sds")
        count = as_float_array(n, "n", ndim=1)
        mu = as_float_array(means, "means", ndim=1)
        sd = as_float_array(sds, "sds", ndim=1)
        count, mu, sd = (np.array(a) for a in np.broadcast_arrays(count, mu, sd))
        check_non_negative(sd, "sds")
        check_non_negative(count, "n")
        bad = (count < 1) | (count != np.floor(count)) | ~np.isfinite(mu)
        if bad.any():
            g = int(np.flatnonzero(bad)[0])
            raise StatisticsInputError(
                f"group {g}: n must be a whole number of at least 1 and the mean finite"
            )
        sd = np.where(count > 1, sd, np.nan)
    extra["n"] = count
    extra["sd"] = sd

    limits = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for c in levels:
            t = stdtrit(np.maximum(count - 1, 1), 1 - (1 - c) / 2)
            half = np.where(count > 1, t * sd / np.sqrt(count), np.nan)
            limits[c] = (mu - half, mu + half)
            if len(levels) > 1:
                extra[f"lower_{level_suffix(c)}"] = limits[c][0]
                extra[f"upper_{level_suffix(c)}"] = limits[c][1]
    lower, upper = limits[levels[0]]
    return StatResult(
        value=mu,
        lower=lower,
        upper=upper,
        method=METHOD,
        statistic="mean",
        confidence=levels[0],
        extra=extra,
    )
