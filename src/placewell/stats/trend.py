"""Fingertips' recent trend: is the latest run of values significantly rising or falling?

The method is Fingertips' ``TrendMarkerCalculator`` (``fingertips-open``
``PholioVisualisationWS/Analysis/TrendMarkers``; kept in FingertipsNext's
``trend-analysis`` service) and the Fingertips technical guidance on recent trends:

1. Take the unbroken run of valid points ending at the most recent period (as
   fingertips-open; FingertipsNext no longer requires the run to be unbroken). With
   fewer than five, or a count equal to its denominator anywhere in the run (or, for
   proportions, a zero count), the trend *could not be calculated*.
2. Use the five most recent points, numbered t = 1..5 (oldest first).
3. Proportions (Fingertips uses this for indicators compared by "SPC for
   proportions"): the chi-squared test for trend in proportions (Armitage),
   ``chi2 = N (N Σ r t - R Σ n t)² / (R (N - R) (N Σ n t² - (Σ n t)²))``, with ``r``
   the counts, ``n`` the denominators, ``R = Σ r`` and ``N = Σ n``; the direction is
   the least-squares slope of the log-odds ``log(r / (n - r))`` on ``t``.
   Other values (crude rates, DSRs ...): inverse-variance weighted least squares of
   the value on ``t``, weights ``1 / ((upper - lower) / 3.92)²`` from the 95%
   limits, ``chi2 = slope² / var(slope)``.
4. The trend is significant when ``chi2 > 9.54953570608324`` (chi-squared, 1 d.f.,
   p = 0.002) **and** the slope keeps its sign in each of the six fits (all five
   points, then each point left out in turn): one point cannot make a trend.
5. A significant positive slope is *Increasing*, a negative one *Decreasing*; otherwise
   *No significant change*. With a polarity the words say whether that is getting
   better or worse.

As in Fingertips, a leave-one-out slope of exactly zero counts as positive (its code
reads ``slope < 0 ? -1 : 1``), so a flat remainder does not block a rising trend but
does block a falling one.

Differences from Fingertips, all at the edges: a zero proportion (log-odds -inf)
makes the trend "could not be calculated" rather than the arbitrary result of
Fingertips' arithmetic; a point whose interval has zero width is treated as invalid.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array
from placewell.stats.compare import check_polarity

__all__ = ["recent_trend"]

FloatArray = npt.NDArray[np.float64]

POINTS = 5
CHI_SQUARED_THRESHOLD = 9.54953570608324  # chi2.isf(0.002, 1), as Fingertips
_CI95_WIDTH_IN_SE = 3.92  # 2 x 1.96, as Fingertips

CANNOT, INCREASING, DECREASING, NO_CHANGE = 0, 1, 2, 3  # Fingertips' TrendMarker

_LABELS = {
    "no_judgement": [
        "Could not be calculated",
        "Increasing",
        "Decreasing",
        "No significant change",
    ],
    "high_is_good": [
        "Could not be calculated",
        "Increasing and getting better",
        "Decreasing and getting worse",
        "No significant change",
    ],
    "low_is_good": [
        "Could not be calculated",
        "Increasing and getting worse",
        "Decreasing and getting better",
        "No significant change",
    ],
}

_METHODS = {
    "proportion": "Fingertips recent trend: chi-squared test for trend in proportions",
    "ci_weighted": "Fingertips recent trend: inverse-variance weighted regression",
}


def _series(x: Any, name: str, shape: tuple[int, ...] | None) -> FloatArray | None:
    if x is None:
        return None
    arr = as_float_array(x, name, ndim=2)
    if shape is not None and arr.shape != shape:
        raise StatisticsInputError(
            f"{name} must have the same shape as the other inputs {shape}; got {arr.shape}"
        )
    if np.isinf(arr).any():
        raise StatisticsInputError(f"{name} must be finite (NaN marks a missing point)")
    return arr


def _first_row(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask.any(axis=1))[0])


def _leave_one_out() -> FloatArray:
    """Rows: all five points, then each point left out in turn (6 x 5 weights)."""
    return np.vstack([np.ones(POINTS), 1.0 - np.eye(POINTS)])


def _proportion_trend(r: FloatArray, n: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    t = np.arange(1.0, POINTS + 1)
    big_n, big_r = n.sum(1), r.sum(1)
    nt, rt, nt2 = n @ t, r @ t, n @ (t * t)
    chi2 = (
        big_n * (big_n * rt - big_r * nt) ** 2 / (big_r * (big_n - big_r) * (big_n * nt2 - nt**2))
    )
    y = np.log(r / (n - r))
    m = _leave_one_out()  # (6, 5)
    k = m.sum(1)  # points in each fit
    st, st2 = m @ t, m @ (t * t)
    sy, sty = y @ m.T, (y * t) @ m.T  # (S, 6)
    slopes = (k * sty - sy * st) / (k * st2 - st**2)
    return chi2, slopes[:, 0], slopes


def _weighted_trend(
    v: FloatArray, lo: FloatArray, hi: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    t = np.arange(1.0, POINTS + 1)
    w = 1.0 / ((hi - lo) / _CI95_WIDTH_IN_SE) ** 2
    m = _leave_one_out()
    s1 = w @ m.T
    s2 = (w * v * t) @ m.T
    s3 = (w * t) @ m.T
    s4 = (w * v) @ m.T
    s5 = (w * t * t) @ m.T
    det = s1 * s5 - s3**2
    slopes = (s1 * s2 - s3 * s4) / det
    chi2 = slopes[:, 0] ** 2 / (s1[:, 0] / det[:, 0])
    return chi2, slopes[:, 0], slopes


def recent_trend(
    values: Any = None,
    lower: Any = None,
    upper: Any = None,
    *,
    counts: Any = None,
    denominators: Any = None,
    method: str = "auto",
    polarity: str = "no_judgement",
) -> StatResult:
    """Fingertips recent-trend marker for many series at once.

    Args:
        values: series x periods (2-D; a 1-D array is one series), oldest period
            first and the most recent period last; NaN marks a missing point. Pad
            shorter series with NaN at the *start*.
        lower, upper: the 95% confidence limits of ``values`` (``ci_weighted``).
        counts, denominators: numerators and denominators (``proportion``).
        method: ``'proportion'`` (chi-squared test for trend in proportions),
            ``'ci_weighted'`` (weighted regression on the 95% limits) or ``'auto'``:
            ``proportion`` when counts and denominators are given, else
            ``ci_weighted``. Fingertips uses ``proportion`` for indicators compared
            by "SPC for proportions" and the weighted regression for the rest.
        polarity: ``'no_judgement'`` (Increasing/Decreasing), ``'high_is_good'`` or
            ``'low_is_good'`` (... and getting better/worse).

    Returns:
        :class:`StatResult`, one row per series: ``value`` is Fingertips' marker
        code as float (0 could not be calculated, 1 increasing, 2 decreasing, 3 no
        significant change); ``lower``/``upper`` are NaN (a trend has no interval);
        ``extra`` holds ``label``, ``marker`` (int), ``chi_squared``, ``slope`` (per
        period, of the log-odds for proportions) and ``significant``.
    """
    pol = check_polarity(polarity)
    if method not in ("auto", *_METHODS):
        raise StatisticsInputError(
            f"method must be 'auto', 'proportion' or 'ci_weighted'; got {method!r}"
        )
    if method == "auto":
        method = "proportion" if counts is not None and denominators is not None else "ci_weighted"

    shape: tuple[int, ...] | None = None
    arrays: dict[str, FloatArray | None] = {}
    for name, x in (
        ("values", values),
        ("lower", lower),
        ("upper", upper),
        ("counts", counts),
        ("denominators", denominators),
    ):
        arrays[name] = arr = _series(x, name, shape)
        if arr is not None:
            shape = arr.shape
    v, lo, hi = arrays["values"], arrays["lower"], arrays["upper"]
    r, n = arrays["counts"], arrays["denominators"]
    if method == "proportion" and (r is None or n is None):
        raise StatisticsInputError("method 'proportion' needs counts and denominators")
    if method == "ci_weighted" and (v is None or lo is None or hi is None):
        raise StatisticsInputError("method 'ci_weighted' needs values, lower and upper")
    assert shape is not None
    n_series, n_periods = shape

    valid = np.ones(shape, dtype=bool)
    for arr in arrays.values():
        if arr is not None:
            valid &= ~np.isnan(arr)
    if r is not None and n is not None:
        bad = valid & ((r < 0) | (n <= 0) | (r > n))
        if bad.any():
            raise StatisticsInputError(
                f"group {_first_row(bad)}: counts must lie between 0 and the denominator, "
                "and denominators must be positive"
            )
    if lo is not None and hi is not None:
        bad = valid & (lo > hi)
        if bad.any():
            raise StatisticsInputError(f"group {_first_row(bad)}: lower is greater than upper")
        valid &= hi > lo

    # unbroken run of valid points ending at the latest period
    run = np.flip(np.cumprod(np.flip(valid, axis=1), axis=1), axis=1).astype(bool)
    ok = run.sum(axis=1) >= POINTS
    if r is not None and n is not None:
        # Fingertips: a count equal to its denominator anywhere in the run; and a zero
        # count has no log-odds, so the proportion method cannot use it either
        undefined = (r == n) | ((r == 0) if method == "proportion" else False)
        ok &= ~(run & undefined).any(axis=1)

    take = slice(n_periods - POINTS, None) if n_periods >= POINTS else slice(0, 0)
    chi2 = np.full(n_series, np.nan)
    slope = np.full(n_series, np.nan)
    stable = np.zeros(n_series, dtype=bool)
    if ok.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "proportion":
                assert r is not None and n is not None
                c, s, slopes = _proportion_trend(r[ok, take], n[ok, take])
            else:
                assert v is not None and lo is not None and hi is not None
                c, s, slopes = _weighted_trend(v[ok, take], lo[ok, take], hi[ok, take])
        chi2[ok], slope[ok] = c, s
        # Fingertips counts a slope that is not negative (including NaN) as positive
        signs = np.where(slopes < 0, -1, 1).sum(axis=1)
        stable[ok] = np.abs(signs) == slopes.shape[1]

    significant = ok & stable & (chi2 > CHI_SQUARED_THRESHOLD)
    marker = np.where(
        ~ok,
        CANNOT,
        np.where(
            significant & (slope > 0),
            INCREASING,
            np.where(significant & (slope < 0), DECREASING, NO_CHANGE),
        ),
    ).astype(np.int8)
    labels = np.array(_LABELS[pol], dtype=object)[marker]
    nan = np.full(n_series, np.nan)
    return StatResult(
        value=marker.astype(np.float64),
        lower=nan,
        upper=nan.copy(),
        method=_METHODS[method],
        statistic="recent trend",
        confidence=0.998,
        extra={
            "label": labels,
            "marker": marker,
            "chi_squared": chi2,
            "slope": slope,
            "significant": significant,
        },
    )
