"""Compare areas with a comparator (benchmark) the way Fingertips does.

Fingertips (OHID/UKHSA) colours every area by comparing it with a benchmark such as
England or the region. :func:`compare` reproduces its comparison methods, for many
areas at once, from the published source code (``PholioVisualisationWS/Analysis``
in ``ukhsa-collaboration/fingertips-open``) and the Fingertips technical guidance:

=================  ====  =====================================================
``method``         id    rule
=================  ====  =====================================================
``single_ci``      1     similar if the comparator lies inside the area's 95%
                         interval (ends included), else higher/lower
``two_ci_levels``  17    as 1 at 95%, and highest/lowest when the comparator
                         also lies outside the area's 99.8% interval
``overlap``        12    similar if the area's and the comparator's intervals
                         overlap, else higher/lower
``spc_proportion`` 5     control limits around the comparator proportion at
                         the area's denominator (Wilson score); the area is
                         higher/lower when its value lies outside them
``spc_dsr``        6     control limits from exact Poisson limits of the
                         events expected at the comparator rate in the
                         area's population
``quintiles``      15    quintile of the area's value among all areas
``quartiles``      16    quartile of the area's value among all areas
=================  ====  =====================================================

Significance codes are Fingertips' ``Significance`` enum: 0 not compared, 1 worse
(or lower), 2 similar, 3 better (or higher), 4 worst (or lowest: outside the 99.8%
level), 5 best (or highest). Polarity decides the words: with ``high_is_good`` a
higher value is *Better*; with ``low_is_good`` codes 1/3 and 4/5 swap, as in
Fingertips' ``AdjustForPolarity``; with ``no_judgement`` (Fingertips' blue/orange
"BOB" polarity) codes keep their direction and read *Higher*/*Similar*/*Lower*.
For quintiles and quartiles the code is the category number (1 = lowest values).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_confidence, check_not_above, z_for
from placewell.stats.intervals import exact_poisson, wilson

__all__ = ["compare", "quantile_bounds"]

FloatArray = npt.NDArray[np.float64]
Polarity = Literal["low_is_good", "high_is_good", "no_judgement"]

NOT_COMPARED, WORSE, SAME, BETTER, WORST, BEST = 0, 1, 2, 3, 4, 5

_POLARITY_ALIASES: dict[str, str] = {
    "low_is_good": "low_is_good",
    "rag - low is good": "low_is_good",
    "high_is_good": "high_is_good",
    "rag - high is good": "high_is_good",
    "no_judgement": "no_judgement",
    "bob - blue orange blue": "no_judgement",
}

_LABELS = {
    "judgement": np.array(["Not compared", "Worse", "Similar", "Better", "Worst", "Best"]),
    "no_judgement": np.array(["Not compared", "Lower", "Similar", "Higher", "Lowest", "Highest"]),
}
_CATEGORY_LABELS = {
    (5, "no_judgement"): ["Lowest", "Low", "Middle", "High", "Highest"],
    (5, "high_is_good"): ["Worst", "Worse", "Middle", "Better", "Best"],
    (4, "no_judgement"): ["Lowest", "Low", "High", "Highest"],
    (4, "high_is_good"): ["Worst", "Worse", "Better", "Best"],
}

_METHOD_IDS = {
    1: "single_ci",
    17: "two_ci_levels",
    12: "overlap",
    5: "spc_proportion",
    6: "spc_dsr",
    15: "quintiles",
    16: "quartiles",
}
_METHOD_LABELS = {
    "single_ci": "Fingertips 1: comparator within the area's interval",
    "two_ci_levels": "Fingertips 17: comparator within the area's 95% and 99.8% intervals",
    "overlap": "Fingertips 12: overlap of the area's and the comparator's intervals",
    "spc_proportion": "Fingertips 5: SPC control limits for proportions (Wilson)",
    "spc_dsr": "Fingertips 6: SPC control limits for DSRs (exact Poisson)",
    "quintiles": "Fingertips 15: quintiles",
    "quartiles": "Fingertips 16: quartiles",
}


def check_polarity(polarity: str) -> str:
    """Normalise a polarity name; Fingertips' own labels are accepted too."""
    key = _POLARITY_ALIASES.get(str(polarity).strip().lower())
    if key is None:
        raise StatisticsInputError(
            f"polarity must be 'low_is_good', 'high_is_good' or 'no_judgement'; got {polarity!r}"
        )
    return key


def _adjust_for_polarity(code: npt.NDArray[np.int8], polarity: str) -> npt.NDArray[np.int8]:
    """Fingertips' AdjustForPolarity: low-is-good swaps better/worse and best/worst."""
    if polarity != "low_is_good":
        return code
    swap = np.array([NOT_COMPARED, BETTER, SAME, WORSE, BEST, WORST], dtype=np.int8)
    return swap[code]


def _labels(code: npt.NDArray[np.int8], polarity: str) -> npt.NDArray[np.object_]:
    table = _LABELS["no_judgement" if polarity == "no_judgement" else "judgement"]
    return table.astype(object)[code]


def _directional(
    higher: npt.NDArray[np.bool_], lower: npt.NDArray[np.bool_], ok: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int8]:
    code = np.where(higher, BETTER, np.where(lower, WORSE, SAME))
    return np.where(ok, code, NOT_COMPARED).astype(np.int8)


def quantile_bounds(values: Any, categories: int = 5) -> FloatArray:
    """Category bounds as Fingertips computes them: ``[min, P(1/k), ..., P((k-1)/k), max]``.

    Percentiles use the rank ``n = (count - 1) * f + 1`` with linear interpolation
    between the neighbouring sorted values (Excel's ``PERCENTILE.INC``) and are
    rounded to 10 decimal places to remove floating-point artefacts, as Fingertips'
    ``ValueCategoriesCalculator``. Missing values (NaN) are ignored.

    Args:
        values: one value per area (1-D), or groups x areas (2-D, NaN-padded) to get
            the bounds of many groups at once.
        categories: 5 for quintiles, 4 for quartiles (any k >= 2).

    Returns:
        ``k + 1`` bounds (1-D input) or groups x ``k + 1`` (2-D input). A group with
        fewer than ``max(k, 4)`` values gets NaN bounds (Fingertips needs more than
        3 values and at least ``k`` for its quintile/quartile comparers).
    """
    k = int(categories)
    if k != categories or k < 2:
        raise StatisticsInputError(
            f"categories must be an integer of at least 2; got {categories!r}"
        )
    arr = as_float_array(values, "values")
    one = arr.ndim <= 1
    arr = as_float_array(arr, "values", ndim=2) if arr.ndim >= 1 else arr.reshape(1, 1)
    if np.isinf(arr).any():
        raise StatisticsInputError("values must be finite numbers (NaN marks a missing value)")
    if arr.shape[1] == 0:
        arr = np.full((arr.shape[0], 1), np.nan)
    s = np.sort(arr, axis=1)  # NaN sorts last
    n = np.sum(~np.isnan(arr), axis=1)
    enough = n >= max(k, 4)
    nn = np.where(enough, n, 1)
    fractions = (1.0 / k) * np.arange(1, k)
    pos = (nn[:, None] - 1.0) * fractions[None, :] + 1.0
    kk = np.floor(pos).astype(np.intp)
    d = pos - kk
    below = np.take_along_axis(s, kk - 1, axis=1)
    above = np.take_along_axis(s, np.minimum(kk, nn[:, None] - 1), axis=1)
    inner = np.round(below + d * (above - below), 10)
    lo = s[:, :1]
    hi = np.take_along_axis(s, (nn - 1)[:, None], axis=1)
    bounds = np.concatenate([lo, inner, hi], axis=1)
    bounds[~enough] = np.nan
    return bounds[0] if one else bounds


def _categories(value: FloatArray, k: int, polarity: str) -> tuple[StatResult, str]:
    bounds = quantile_bounds(value, k)
    ok = np.isfinite(value) & np.isfinite(bounds[0])
    # first category i (1..k) with value <= bound[i], as QuintilesComparer.GetCategory
    cat = np.searchsorted(bounds[1:], np.where(ok, value, bounds[0]), side="left") + 1
    cat = np.where(ok, np.minimum(cat, k), 0).astype(np.int8)
    names = _CATEGORY_LABELS[(k, "no_judgement" if polarity == "no_judgement" else "high_is_good")]
    if polarity == "low_is_good":
        names = names[::-1]
    label = np.array(["Not compared", *names], dtype=object)[cat]
    idx = np.clip(cat.astype(np.intp), 1, k)
    lower = np.where(ok, bounds[idx - 1], np.nan)
    upper = np.where(ok, bounds[idx], np.nan)
    method = "quintiles" if k == 5 else "quartiles"
    result = StatResult(
        value=np.where(ok, cat.astype(np.float64), np.nan),
        lower=lower,
        upper=upper,
        method=_METHOD_LABELS[method],
        statistic=method[:-1],
        confidence=float("nan"),
        extra={"label": label, "significance": cat},
    )
    return result, method


def _required(x: Any, name: str, method: str, shape: tuple[int, ...]) -> FloatArray:
    if x is None:
        raise StatisticsInputError(f"method {method!r} needs {name}")
    arr = as_float_array(x, name)
    try:
        return np.broadcast_to(arr, shape).astype(np.float64)
    except ValueError as exc:
        raise StatisticsInputError(
            f"{name} must be one value or one per area ({shape[0]} areas); got shape {arr.shape}"
        ) from exc


def _levels(confidence: Any) -> tuple[float, ...]:
    levels = tuple(np.atleast_1d(np.asarray(confidence, dtype=object)).tolist())
    if len(levels) not in (1, 2):
        raise StatisticsInputError("confidence must be one level or a pair, e.g. (0.95, 0.998)")
    checked = tuple(check_confidence(c) for c in levels)
    if len(checked) == 2 and not checked[0] < checked[1]:
        raise StatisticsInputError("a confidence pair must be increasing, e.g. (0.95, 0.998)")
    return checked


def _two_level_code(
    value: FloatArray,
    limits: list[tuple[FloatArray, FloatArray]],
    ok: npt.NDArray[np.bool_],
) -> npt.NDArray[np.int8]:
    """Raw (high-is-better) code from one or two pairs of control limits."""
    lo1, hi1 = limits[0]
    code = _directional(value > hi1, value < lo1, ok)
    if len(limits) == 2:
        lo2, hi2 = limits[1]
        code = np.where(ok & (value > hi2), BEST, code)
        code = np.where(ok & (value < lo2), WORST, code).astype(np.int8)
    return code


def compare(
    value: Any,
    lower: Any = None,
    upper: Any = None,
    comparator: Any = None,
    *,
    method: str | int = "single_ci",
    polarity: str = "no_judgement",
    confidence: Any = 0.95,
    lower_99_8: Any = None,
    upper_99_8: Any = None,
    comparator_lower: Any = None,
    comparator_upper: Any = None,
    denominator: Any = None,
    multiplier: float | None = None,
) -> StatResult:
    """Compare each area with a comparator as Fingertips does (see the module table).

    Args:
        value: the areas' values (1-D, one per area).
        lower, upper: the areas' confidence limits (95% for ``two_ci_levels``).
        comparator: the benchmark value, one for all areas or one per area.
        method: a name from the module table or Fingertips' comparison method id.
        polarity: ``'high_is_good'``, ``'low_is_good'`` or ``'no_judgement'``
            (Fingertips' labels such as ``'RAG - Low is good'`` are accepted).
        confidence: level of the SPC control limits, one (``0.95``, ``0.998``) or a
            pair ``(0.95, 0.998)`` for the five-way result of method 17; for the
            interval methods it only records the level of ``lower``/``upper``.
        lower_99_8, upper_99_8: the areas' 99.8% limits (``two_ci_levels``).
        comparator_lower, comparator_upper: the comparator's limits (``overlap``).
        denominator: the areas' denominators (``spc_proportion``) or populations
            (``spc_dsr``; Fingertips' ``Denominator2``).
        multiplier: the scale of ``value`` and ``comparator`` for the SPC methods,
            e.g. 100 for percentages, 100000 for a DSR per 100,000 (Fingertips'
            ``unit``). Required for those methods, so a fraction is never read as a
            percentage by accident.

    Returns:
        :class:`StatResult` with ``value`` the significance code as float (NaN where
        not compared), ``lower``/``upper`` the limits the comparison used (the area's
        interval for methods 1/12/17, the control limits around the comparator for
        SPC, the bounds of the area's category for quintiles/quartiles), and
        ``extra['label']`` (words) and ``extra['significance']`` (integer codes; 0 =
        not compared). Two-level SPC adds ``lower_99_8``/``upper_99_8``.

    Control limits use z = qnorm(1 - (1-c)/2) (1.959964 at 95%); Fingertips stores the
    rounded 1.96 and 3.0902, which moves a limit by about 0.002% of its width.
    The DSR limits are Fingertips' ``PoisLow``/``PoisHigh`` computed exactly: lower
    and upper exact Poisson limits of ``ceil(E)`` and ``floor(E)`` events, where ``E``
    is the expected count at the comparator's rate (Fingertips searches for them by
    bisection to 1e-7).
    """
    name = _METHOD_IDS.get(method, method) if isinstance(method, int) else str(method)
    if name not in _METHOD_LABELS:
        raise StatisticsInputError(
            f"method must be one of {sorted(_METHOD_LABELS)} or a Fingertips id "
            f"{sorted(_METHOD_IDS)}; got {method!r}"
        )
    pol = check_polarity(polarity)
    val = as_float_array(value, "value", ndim=1)
    if np.isinf(val).any():
        raise StatisticsInputError(
            f"group {int(np.flatnonzero(np.isinf(val))[0])}: value must be finite "
            "(NaN marks a missing value)"
        )
    if name in ("quintiles", "quartiles"):
        return _categories(val, 5 if name == "quintiles" else 4, pol)[0]

    shape = val.shape
    levels = _levels(confidence)
    comp = _required(comparator, "comparator", name, shape)
    ok = np.isfinite(val) & np.isfinite(comp)
    extra: dict[str, npt.NDArray[Any]] = {}

    if name in ("single_ci", "two_ci_levels", "overlap"):
        lo = _required(lower, "lower", name, shape)
        hi = _required(upper, "upper", name, shape)
        check_not_above(lo, hi, "lower", "upper")
        ok &= np.isfinite(lo) & np.isfinite(hi)
        if name == "single_ci":
            inside = (comp >= lo) & (comp <= hi)
            code = _directional(~inside & (val >= comp), ~inside & (val < comp), ok)
        elif name == "overlap":
            clo = _required(comparator_lower, "comparator_lower", name, shape)
            chi = _required(comparator_upper, "comparator_upper", name, shape)
            check_not_above(clo, chi, "comparator_lower", "comparator_upper")
            ok &= np.isfinite(clo) & np.isfinite(chi)
            overlap = np.where(comp < val, lo <= chi, clo <= hi)
            code = _directional(~overlap & (val >= comp), ~overlap & (val < comp), ok)
        else:
            lo2 = _required(lower_99_8, "lower_99_8", name, shape)
            hi2 = _required(upper_99_8, "upper_99_8", name, shape)
            check_not_above(lo2, lo, "lower_99_8", "lower")
            check_not_above(hi, hi2, "upper", "upper_99_8")
            ok &= np.isfinite(lo2) & np.isfinite(hi2)
            code = np.select(
                [
                    (comp >= lo) & (comp <= hi),
                    (comp <= lo) & (comp >= lo2),
                    (comp <= hi2) & (comp >= hi),
                    val < comp,
                ],
                [SAME, BETTER, WORSE, WORST],
                default=BEST,
            )
            code = np.where(ok, code, NOT_COMPARED).astype(np.int8)
            levels = (0.95, 0.998)
        lim_lo, lim_hi = lo, hi
    else:
        if multiplier is None or not np.isfinite(multiplier) or multiplier <= 0:
            raise StatisticsInputError(
                f"method {name!r} needs multiplier, the scale of value and comparator "
                "(e.g. 100 for percentages, 100000 for a rate per 100,000)"
            )
        den = _required(denominator, "denominator", name, shape)
        neg = den < 0
        if neg.any():
            raise StatisticsInputError(
                f"group {int(np.flatnonzero(neg)[0])}: denominator must not be negative"
            )
        ok &= np.isfinite(den) & (den > 0)
        limits: list[tuple[FloatArray, FloatArray]] = []
        if name == "spc_proportion":
            p0 = comp / multiplier
            p1 = val / multiplier
            bad = ((p0 < 0) | (p0 > 1) | (p1 < 0) | (p1 > 1)) & ok
            if bad.any():
                raise StatisticsInputError(
                    f"group {int(np.flatnonzero(bad)[0])}: value and comparator divided by "
                    f"multiplier ({multiplier:g}) must be proportions between 0 and 1"
                )
            safe_den = np.where(ok, den, 1.0)
            for c in levels:
                lo, hi = wilson(safe_den * np.where(ok, p0, 0.0), safe_den, z_for(c))
                limits.append((lo * multiplier, hi * multiplier))
        else:
            expected = np.where(ok, comp * den / multiplier, 0.0)
            if (expected < 0).any():
                raise StatisticsInputError("comparator must not be negative for spc_dsr")
            safe_den = np.where(ok, den, 1.0)
            for c in levels:
                lo = exact_poisson(np.ceil(expected), c)[0]
                hi = exact_poisson(np.floor(expected), c)[1]
                limits.append((lo / safe_den * multiplier, hi / safe_den * multiplier))
        limits = [(np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)) for lo, hi in limits]
        code = _two_level_code(val, limits, ok)
        lim_lo, lim_hi = limits[0]
        if len(limits) == 2:
            extra["lower_99_8"], extra["upper_99_8"] = limits[1]

    code = _adjust_for_polarity(code.astype(np.int8), pol)
    return StatResult(
        value=np.where(code > 0, code.astype(np.float64), np.nan),
        lower=np.asarray(lim_lo, dtype=np.float64),
        upper=np.asarray(lim_hi, dtype=np.float64),
        method=_METHOD_LABELS[name],
        statistic="comparison with comparator",
        confidence=levels[0],
        extra={"label": _labels(code, pol), "significance": code, **extra},
    )
