"""Turn rolled-up numerators and denominators into values with confidence limits.

One call of :mod:`placewell.stats` per indicator, vectorised over every area, period
and breakdown at once. Limits are at 95% and 99.8% (Fingertips' two levels). Groups a
method cannot handle (no population, no records) get NaN with the reason as ``method``.

Intervals are only given when the numerator counts events or people: bed days, pounds
or days in the community are not Poisson counts, so their rates and shares are
reported without an interval (as Public Health Scotland publishes NI-13, NI-15, NI-19
and NI-20).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from placewell import stats
from placewell.indicators.definition import Definition
from placewell.indicators.rollup import AgeLayout, Rolled
from placewell.stats import StatResult
from placewell.stats.standards import standard_population, standard_population_bands

__all__ = ["LEVELS", "compute_measure", "counts_events", "poisson"]

LEVELS = (0.95, 0.998)
FloatArray = npt.NDArray[np.float64]
NO_INTERVAL = "No interval: the numerator is not a count of events"


def counts_events(definition: Definition) -> bool:
    """Whether the numerator counts events or people (so Poisson/binomial limits apply)."""
    n = definition.numerator
    if definition.measure.kind == "weighted_proportion":
        return True
    return n.kind in ("count", "count_distinct", "readmissions_within_days") and n.weight is None


class _Out:
    """Result columns for all groups, filled where a method applies."""

    def __init__(self, n: int, statistic: str) -> None:
        self.n = n
        self.cols: dict[str, Any] = {
            name: np.full(n, np.nan)
            for name in ("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8")
        }
        self.cols["method"] = np.full(n, "", dtype=object)
        self.statistic = statistic

    def put(
        self, where: npt.NDArray[np.bool_], result: Any, *, value: FloatArray | None = None
    ) -> None:
        self.cols["value"][where] = result.value if value is None else value
        if "lower_95" in result.extra:
            for name in ("lower_95", "upper_95", "lower_99_8", "upper_99_8"):
                self.cols[name][where] = result.extra[name]
        else:
            self.cols["lower_95"][where] = result.lower
            self.cols["upper_95"][where] = result.upper
        self.cols["method"][where] = result.methods()

    def plain(self, where: npt.NDArray[np.bool_], value: FloatArray, method: str) -> None:
        self.cols["value"][where] = value
        self.cols["method"][where] = method

    def unset(self, where: npt.NDArray[np.bool_], reason: str) -> None:
        blank = where & (self.cols["method"] == "")
        self.cols["method"][blank] = reason

    def frame(self) -> pd.DataFrame:
        cols = dict(self.cols)
        cols["method"] = pd.Series(cols["method"], dtype=object)
        out = pd.DataFrame(cols)
        out["statistic"] = self.statistic
        return out


def poisson(count: FloatArray, population: FloatArray, multiplier: float) -> StatResult:
    """Crude rates (or counts, with population 1) with Poisson limits, as ``stats.crude_rate``.

    The limits depend on the count only, and results have few distinct counts, so the
    exact (chi-square) limits are computed once per distinct count with
    :func:`placewell.stats.count_ci` (``method="auto"``: exact below 10 events, Byar's
    from 10, as ``phe_rate``) and divided by each population: the same numbers as
    :func:`placewell.stats.crude_rate`, without recomputing the same limits thousands of
    times.
    """
    counts, inverse = np.unique(count, return_inverse=True)
    limits = stats.count_ci(counts, LEVELS, method="auto")
    scale = multiplier / population
    extra = {name: limits.extra[name][inverse] * scale for name in limits.extra}
    return StatResult(
        value=count * scale,
        lower=extra["lower_95"],
        upper=extra["upper_95"],
        method=limits.methods()[inverse],
        statistic="rate",
        confidence=LEVELS[0],
        extra=extra,
    )


def _statistic(definition: Definition) -> str:
    m = definition.measure
    scale = m.scale
    names = {
        "count": "count",
        "proportion": "percentage" if scale == 100 else f"proportion x {scale:g}",
        "within_standard": "percentage within the standard",
        "weighted_proportion": "weighted percentage"
        if scale == 100
        else f"weighted proportion x {scale:g}",
        "ratio": "percentage" if scale == 100 else f"ratio x {scale:g}",
        "crude_rate": f"rate per {scale:,.0f}",
        "dsr": f"directly standardised rate per {scale:,.0f} ({m.standard.upper()})",
        "isr": f"indirectly standardised ratio x {m.refvalue:g}"
        if m.ratio == "ratio"
        else f"indirectly standardised rate per {scale:,.0f}",
        "mean": "mean",
        "life_expectancy": f"life expectancy at {m.age_start} (years)",
    }
    return names[m.kind]


def compute_measure(definition: Definition, rolled: Rolled, layout: AgeLayout) -> pd.DataFrame:
    """Value, 95% and 99.8% limits and method for every row of ``rolled.frame``."""
    m = definition.measure
    f = rolled.frame
    n = len(f)
    out = _Out(n, _statistic(definition))
    den = f["den"].to_numpy(dtype=np.float64)
    num = f["num"].to_numpy(dtype=np.float64)
    # sums of weights or costs added in another order can pass the denominator by a rounding error
    num = np.where((num > den) & (num <= den * (1 + 1e-9)), den, num)
    mult = m.scale
    events = counts_events(definition)
    kind = m.kind
    if n == 0:
        return out.frame()
    if kind == "count":
        if events:
            out.put(np.ones(n, bool), poisson(num, np.ones(n), 1.0))
        else:
            out.plain(np.ones(n, bool), num * mult, "Sum: no interval")
    elif kind in ("proportion", "within_standard", "ratio"):
        ok = (den > 0) & (num <= den)
        if events and kind != "ratio":
            out.put(ok, stats.proportion(num[ok], den[ok], LEVELS, mult))
        else:
            out.plain(
                ok,
                num[ok] / den[ok] * mult,
                NO_INTERVAL if kind != "ratio" else "Ratio: no interval",
            )
        out.unset(~ok, "Not calculated: no denominator")
    elif kind == "weighted_proportion":
        den2 = f["den2"].to_numpy(dtype=np.float64)
        ok = (den > 0) & (den2 > 0) & (num <= den)
        n_eff = den[ok] ** 2 / den2[ok]
        p = num[ok] / den[ok]
        r = stats.proportion(p * n_eff, n_eff, LEVELS, mult)
        out.put(ok, r)
        out.cols["method"][ok] = "Wilson, Kish effective sample size"
        out.unset(~ok, "Not calculated: no responses")
    elif kind == "crude_rate":
        ok = den > 0
        if events:
            out.put(ok, poisson(num[ok], den[ok], mult))
        else:
            out.plain(ok, num[ok] / den[ok] * mult, NO_INTERVAL)
        out.unset(~ok, "Not calculated: no population")
    elif kind == "mean":
        sums, squares, count = (
            num,
            f["num2"].to_numpy(dtype=np.float64),
            f["num_records"].to_numpy(dtype=np.float64),
        )
        ok = count >= 1
        means = sums[ok] / count[ok]
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(
                count[ok] > 1, (squares[ok] - count[ok] * means**2) / (count[ok] - 1), 0.0
            )
        sds = np.sqrt(np.clip(var, 0.0, None))
        out.put(ok, stats.mean(n=count[ok], means=means, sds=sds, confidence=LEVELS))
        out.unset(~ok, "Not calculated: no records")
    elif kind == "dsr":
        _dsr(definition, rolled, layout, out)
    elif kind == "isr":
        _isr(definition, rolled, out)
    elif kind == "life_expectancy":
        deaths, pops = rolled.bands["num"], rolled.bands["den"]
        r = stats.life_expectancy(deaths, pops, age_start=m.age_start, confidence=LEVELS)
        out.put(np.ones(n, bool), r)
        reason = np.asarray(r.extra.get("reason", np.full(n, "")), dtype=object)
        bad = reason != ""
        out.cols["method"][bad] = "Not calculated: " + reason[bad]
    return out.frame()


def _dsr(definition: Definition, rolled: Rolled, layout: AgeLayout, out: _Out) -> None:
    m = definition.measure
    counts, pops = rolled.bands["num"], rolled.bands["den"]
    weights_all = np.asarray(standard_population(m.standard))
    starts = [int(b.split("-")[0].rstrip("+")) for b in standard_population_bands(m.standard)]
    weights = weights_all[[starts.index(s) for s in layout.measure_starts]]
    ok = np.asarray((pops > 0).all(axis=1), dtype=bool)
    r = stats.dsr(counts[ok], pops[ok], standard=weights, confidence=LEVELS, multiplier=m.scale)
    out.put(ok, r)
    out.unset(~ok, "Not calculated: an age band has no population")


def _isr(definition: Definition, rolled: Rolled, out: _Out) -> None:
    m = definition.measure
    counts, pops = rolled.bands["num"], rolled.bands["den"]
    ref_x, ref_n = rolled.reference["num"], rolled.reference["den"]
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = np.where(ref_n > 0, ref_x / np.where(ref_n > 0, ref_n, 1.0) * pops, 0.0).sum(
            axis=1
        )
    ok = (expected > 0) & (ref_n > 0).all(axis=1)
    r = stats.isr(
        counts[ok],
        pops[ok],
        ref_x[ok],
        ref_n[ok],
        LEVELS,
        kind=m.ratio,
        refvalue=m.refvalue,
        multiplier=m.scale,
    )
    out.put(ok, r)
    out.unset(~ok, "Not calculated: no expected events")
