"""Funnel plot control limits and funnel significance.

Follows PHEindicatormethods ``calculate_funnel_limits`` / ``assign_funnel_significance``
(Fingertips technical guidance, after Spiegelhalter 2005):

- proportions: limits around the average proportion p̄ for a denominator n are the
  values whose Wilson score interval just reaches p̄ (the "sigma adjustment");
- ratios and rates: limits for x observed events are x / E, where E is the expected
  count at which x is just significant under a Poisson distribution. By default E is
  found by Fingertips' bisection (``solver="fingertips"``), which reproduces published
  charts exactly; ``solver="exact"`` uses the chi-square closed form it approximates.

95% limits correspond to "2 sigma" (p = 0.025 each side) and 99.8% to "3 sigma"
(p = 0.001 each side).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
from scipy.special import gammainccinv, ndtri, pdtr, pdtrc

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_non_negative, check_not_above
from placewell.stats.intervals import (
    check_multiplier,
    check_positive,
    confidence_levels,
    level_suffix,
)
from placewell.stats.rates import poisson_limits

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FunnelSignificance", "funnel_limits", "funnel_significance"]

FloatArray = npt.NDArray[np.float64]
Statistic = Literal["proportion", "ratio", "rate"]
NOT_SIGNIFICANT = "Not significant"
DSR_NOT_APPLICABLE = "Not applicable for events less than 10 for DSRs"
_DEFAULT_MULTIPLIER = {"proportion": 100.0, "ratio": 100.0, "rate": 100_000.0}


def _tail(confidence: float) -> float:
    """One-sided tail probability of a two-sided level: 0.95 -> 0.025, 0.998 -> 0.001."""
    return (1.0 - confidence) / 2.0


def _label(side: str, confidence: float) -> str:
    return f"{side} ({_tail(confidence):.6g})"


def _proportion_limits(n: FloatArray, average: float, confidence: float) -> tuple[Any, Any]:
    """Fingertips' closed form: proportions whose Wilson interval at n touches p̄."""
    z2 = ndtri(1.0 - _tail(confidence)) ** 2
    a = average * (n / z2 + 1.0)
    last = 1.0 / z2 + 1.0 / n
    with np.errstate(invalid="ignore"):
        disc = (8.0 * a) ** 2 - 64.0 * last * average * (
            n * (average * (n / z2 + 2.0) - 1.0) + z2 * (average - 1.0)
        )
        adj = np.sqrt(disc) / 8.0
    return (a - adj) / last / n, (a + adj) / last / n


def _expected_limit(obs: FloatArray, tail: float, side: str, solver: str) -> FloatArray:
    """Expected count E at which ``obs`` events sit on the funnel.

    ``side="low"``: P(X >= obs | E) = tail (E below obs, gives the upper ratio limit);
    ``side="high"``: P(X <= obs | E) = tail (E above obs, gives the lower ratio limit).
    """
    if solver == "exact":
        if side == "high":
            return np.asarray(gammainccinv(obs + 1.0, tail), dtype=np.float64)
        safe = np.where(obs > 0, obs, 1.0)
        return np.where(obs > 0, gammainccinv(safe, 1.0 - tail), 0.0)
    # Fingertips/PHEindicatormethods bisection on v, with E = (1 + obs) v / (1 - v):
    # 23 halvings of dv from 0.5 (to below 1e-7), vectorised over every point.
    v = np.full(obs.shape, 0.5)
    dv = 0.5
    k_low = np.ceil(obs) - 1.0  # P(X >= obs) = P(X > ceil(obs) - 1)
    k_high = np.floor(obs)
    while dv > 1e-7:
        dv /= 2.0
        e = (1.0 + obs) * v / (1.0 - v)
        if side == "low":
            too_big = np.where(k_low < 0, 1.0, pdtrc(np.maximum(k_low, 0), e)) > tail
        else:
            too_big = pdtr(k_high, e) < tail
        v = np.where(too_big, v - dv, v + dv)
    return (1.0 + obs) * v / (1.0 - v)


def funnel_limits(
    x: Any,
    average: float | None = None,
    *,
    statistic: Statistic = "proportion",
    confidence: float | Sequence[float] = (0.95, 0.998),
    multiplier: float | None = None,
    ratio_type: Literal["isr", "count"] = "isr",
    years_of_data: float = 1,
    solver: Literal["fingertips", "exact"] = "fingertips",
) -> StatResult:
    """Funnel plot control limits at the x-axis points ``x``.

    Args:
        x: for proportions, denominators (populations); for ratios and rates,
            observed events (at least 1). Typically 100 points spanning the data.
        average: the baseline: the average proportion (0-1) for proportions, the
            average rate per person (not per multiplier) for rates; unused for ratios.
        statistic: ``"proportion"``, ``"ratio"`` or ``"rate"``.
        confidence: limit levels; the default ``(0.95, 0.998)`` gives the 2 and 3
            sigma limits (``lower``/``upper`` at the first, extras for each).
        multiplier: scale of the limits; defaults to 100 for proportions (percent)
            and ratios (ISR x 100) and 100,000 for rates.
        ratio_type: for ratios, ``"isr"`` (limits x multiplier) or ``"count"``
            (limits minus 1), as PHEindicatormethods.
        years_of_data: for rates, years the events cover (divides the populations).
        solver: ``"fingertips"`` (bisection, as published) or ``"exact"``.

    Returns:
        :class:`StatResult` with ``value`` the baseline at every point, limits, method
        ``"Wilson"`` (proportions) or ``"Poisson"``, and extras ``x`` and per level
        ``lower_95``, ``upper_95`` ...; ratios add ``lower_expected_events_95`` ...,
        rates ``lower_population_95`` ... (one year's population on the limit).

    References:
        Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance.
        Stat Med 24:1185-1202. PHEindicatormethods ``calculate_funnel_limits``;
        Fingertips technical guidance.
    """
    levels = confidence_levels(confidence)
    if statistic not in _DEFAULT_MULTIPLIER:
        raise StatisticsInputError(
            f"statistic must be 'proportion', 'ratio' or 'rate', got {statistic!r}"
        )
    if solver not in ("fingertips", "exact"):
        raise StatisticsInputError(f"solver must be 'fingertips' or 'exact', got {solver!r}")
    mult = check_multiplier(_DEFAULT_MULTIPLIER[statistic] if multiplier is None else multiplier)
    pts = as_float_array(x, "x", ndim=1)
    extra: dict[str, Any] = {"x": pts.copy()}
    limits: dict[float, tuple[FloatArray, FloatArray]] = {}

    if statistic == "proportion":
        check_positive(pts, "x (denominator)")
        av = _check_average(average, upper=1.0)
        for c in levels:
            lo, hi = _proportion_limits(pts, av, c)
            limits[c] = (np.clip(lo * mult, 0.0, mult), np.clip(hi * mult, 0.0, mult))
        baseline, method, stat = av * mult, "Wilson", "funnel limits: proportion"
    else:
        if np.any(~np.isfinite(pts) | (pts < 1)):
            g = int(np.flatnonzero(~np.isfinite(pts) | (pts < 1))[0])
            raise StatisticsInputError(
                f"group {g}: x (observed events) must be at least 1 for {statistic} funnels"
            )
        if statistic == "ratio":
            if ratio_type not in ("isr", "count"):
                raise StatisticsInputError(
                    f"ratio_type must be 'isr' or 'count', got {ratio_type!r}"
                )
            av = 1.0
            baseline = mult if ratio_type == "isr" else 0.0
            stat = f"funnel limits: ratio ({ratio_type})"
        else:
            av = _check_average(average, upper=np.inf)
            if years_of_data is None or not (np.isfinite(years_of_data) and years_of_data > 0):
                raise StatisticsInputError("years_of_data must be a positive number")
            baseline, stat = av * mult, f"funnel limits: rate per {mult:g}"
        method = "Poisson"
        for c in levels:
            tail, s = _tail(c), level_suffix(c)
            e_for_lower = _expected_limit(pts, tail, "high", solver)
            e_for_upper = _expected_limit(pts, tail, "low", solver)
            with np.errstate(divide="ignore"):
                lo, hi = pts / e_for_lower, pts / e_for_upper
            if statistic == "ratio":
                extra[f"lower_expected_events_{s}"] = e_for_lower
                extra[f"upper_expected_events_{s}"] = e_for_upper
                lo, hi = (lo * mult, hi * mult) if ratio_type == "isr" else (lo - 1, hi - 1)
            else:
                extra[f"lower_population_{s}"] = e_for_lower / av / years_of_data
                extra[f"upper_population_{s}"] = e_for_upper / av / years_of_data
                lo, hi = lo * av * mult, hi * av * mult
            limits[c] = (lo, hi)
    for c in levels:
        extra[f"lower_{level_suffix(c)}"] = limits[c][0]
        extra[f"upper_{level_suffix(c)}"] = limits[c][1]
    lower, upper = limits[levels[0]]
    return StatResult(
        value=np.full(pts.shape, float(baseline)),
        lower=lower,
        upper=upper,
        method=method,
        statistic=stat,
        confidence=levels[0],
        extra=extra,
    )


def _check_average(average: float | None, *, upper: float) -> float:
    if average is None:
        raise StatisticsInputError("average is required for proportion and rate funnels")
    try:
        av = float(average)
    except (TypeError, ValueError) as exc:
        raise StatisticsInputError(f"average must be a number, got {average!r}") from exc
    if not (np.isfinite(av) and 0 < av <= upper):
        raise StatisticsInputError(
            f"average must be above 0{' and at most 1' if upper == 1 else ''}, got {average!r}"
        )
    return av


@dataclass(frozen=True)
class FunnelSignificance:
    """Where each group falls against funnel limits around the overall average.

    Attributes:
        significance: per group ``"High (0.001)"``, ``"High (0.025)"``,
            ``"Low (0.001)"``, ``"Low (0.025)"`` or ``"Not significant"`` (for DSRs
            with fewer than 10 events, ``"Not applicable for events less than 10 for
            DSRs"``); the number is the one-sided tail probability of the level.
        value: each group's statistic (proportion x multiplier, ratio, or rate).
        average: the baseline compared against (proportion, ratio 1, or rate per
            person).
        statistic, method: what was compared and how (``"Wilson"`` or ``"Poisson"``).
        confidence: the levels used, narrowest first.
    """

    significance: npt.NDArray[np.object_]
    value: FloatArray
    average: float
    statistic: str
    method: str
    confidence: tuple[float, ...]

    def __len__(self) -> int:
        return int(self.significance.shape[0])

    def to_frame(self) -> pd.DataFrame:
        """One row per group: value, significance, statistic, method."""
        import pandas as pd

        return pd.DataFrame(
            {
                "value": self.value,
                "significance": self.significance,
                "statistic": self.statistic,
                "method": self.method,
            }
        )


def _classify(
    n: int, levels: tuple[float, ...], high: dict[float, Any], low: dict[float, Any]
) -> npt.NDArray[np.object_]:
    """Label groups; the widest level wins, High tested before Low (as upstream)."""
    out = np.full(n, NOT_SIGNIFICANT, dtype=object)
    for c in sorted(levels):  # narrowest first, wider levels overwrite
        out[low[c]] = _label("Low", c)
        out[high[c]] = _label("High", c)
    return out


def funnel_significance(
    numerator: Any,
    denominator: Any = None,
    *,
    statistic: Statistic = "proportion",
    average: float | None = None,
    confidence: float | Sequence[float] = (0.95, 0.998),
    rate: Any = None,
    rate_type: Literal["crude", "dsr"] = "crude",
    multiplier: float = 100_000,
) -> FunnelSignificance:
    """Whether each group lies outside funnel limits around the overall average.

    Args:
        numerator: events (proportions, rates) or observed counts (ratios).
        denominator: denominators (proportions), expected counts (ratios), or
            populations (rates; optional when ``rate`` is given and no count is 0).
        statistic: ``"proportion"``, ``"ratio"`` or ``"rate"``.
        average: the baseline; by default Σnumerator / Σdenominator (proportions),
            1 (ratios) or the events-weighted average rate (rates).
        confidence: levels, default 95% and 99.8%.
        rate, rate_type, multiplier: for rates, each group's rate per ``multiplier``
            and whether it is ``"crude"`` or a ``"dsr"``.

    Proportions are compared with the proportion funnel limits at the group's
    denominator; ratios and rates compare the baseline with the group's Poisson
    interval (exact below 10 events, Byar's from 10).

    References:
        PHEindicatormethods ``assign_funnel_significance``; Spiegelhalter DJ (2005)
        Stat Med 24:1185-1202.
    """
    levels = confidence_levels(confidence)
    if statistic not in _DEFAULT_MULTIPLIER:
        raise StatisticsInputError(
            f"statistic must be 'proportion', 'ratio' or 'rate', got {statistic!r}"
        )
    obs = as_float_array(numerator, "numerator", ndim=1)
    check_non_negative(obs, "numerator")
    high: dict[float, Any] = {}
    low: dict[float, Any] = {}
    if statistic == "proportion":
        den = _denominator(denominator, obs, "denominator")
        check_not_above(obs, den, "numerator", "denominator")
        av = float(obs.sum() / den.sum()) if average is None else _check_average(average, upper=1)
        value = obs / den
        for c in levels:
            lo, hi = _proportion_limits(den, av, c)
            low[c], high[c] = value < lo, value > hi
        return FunnelSignificance(
            _classify(obs.shape[0], levels, high, low), value, av, "proportion", "Wilson", levels
        )
    if statistic == "ratio":
        expected = _denominator(denominator, obs, "denominator (expected)")
        av = 1.0 if average is None else _check_average(average, upper=np.inf)
        value, derived, stat = obs / expected, expected, "ratio"
    else:
        mult = check_multiplier(multiplier)
        value, derived = _derived_population(obs, denominator, rate, rate_type, mult)
        with np.errstate(invalid="ignore"):
            default = float(obs.sum() / np.nansum(derived))
        av = default if average is None else _check_average(average, upper=np.inf)
        stat = f"rate ({rate_type} per {mult:g})"
    for c in levels:
        lo, hi, _ = poisson_limits(obs, c)
        with np.errstate(invalid="ignore", divide="ignore"):
            high[c], low[c] = av < lo / derived, av > hi / derived
    labels = _classify(obs.shape[0], levels, high, low)
    if statistic == "rate" and rate_type == "dsr":
        labels[obs < 10] = DSR_NOT_APPLICABLE
    return FunnelSignificance(labels, value, av, stat, "Poisson", levels)


def _denominator(denominator: Any, obs: FloatArray, name: str) -> FloatArray:
    if denominator is None:
        raise StatisticsInputError(f"{name} is required for this statistic")
    den = as_float_array(denominator, name, ndim=1)
    if den.shape != obs.shape:
        raise StatisticsInputError(f"{name} has {den.shape[0]} groups, numerator {obs.shape[0]}")
    check_positive(den, name)
    return den


def _derived_population(
    obs: FloatArray, denominator: Any, rate: Any, rate_type: str, mult: float
) -> tuple[FloatArray, FloatArray]:
    """Each group's rate and the population implied by events / rate (upstream rule)."""
    if rate_type not in ("crude", "dsr"):
        raise StatisticsInputError(f"rate_type must be 'crude' or 'dsr', got {rate_type!r}")
    if rate is None:
        raise StatisticsInputError("rate is required for rate funnels")
    r = as_float_array(rate, "rate", ndim=1)
    if r.shape != obs.shape:
        raise StatisticsInputError(f"rate has {r.shape[0]} groups, numerator {obs.shape[0]}")
    check_non_negative(r, "rate")
    bad = (obs > 0) & (r == 0)
    if bad.any():
        g = int(np.flatnonzero(bad)[0])
        raise StatisticsInputError(f"group {g}: rate is 0 but there are events")
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = mult * obs / r
    if rate_type == "dsr":
        return r, np.where(obs == 0, np.nan, implied)
    if denominator is None:
        if (obs == 0).any():
            g = int(np.flatnonzero(obs == 0)[0])
            raise StatisticsInputError(
                f"group {g}: no events, so the population must be given as denominator"
            )
        return r, implied
    den = _denominator(denominator, obs, "denominator (population)")
    return r, np.where(obs == 0, den, implied)
