"""Inequality across deprivation quantiles: SII, RII, PAR and ranges.

Inputs are 2-D: one row per area, one column per quantile, from quantile 1 (most
deprived) to quantile n (least deprived); everything is vectorised over areas.

* :func:`sii` - slope and relative index of inequality, as PHEindicatormethods'
  ``phe_sii`` (Low & Low 2004; simulated intervals) or as ScotPHO (``method="scotpho"``:
  SII = -slope with the regression's t interval, RII = SII / overall rate).
* :func:`par` - population attributable risk, as ScotPHO.
* :func:`ranges` - absolute and relative range between the most and least deprived.

Simulated intervals use a seeded :class:`numpy.random.Generator` and the same
standard-normal draws for every area (common random numbers): an area's interval does
not depend on which other areas are computed with it, and reruns agree exactly.

References:
    Low A, Low A. Measuring the gap: quantifying and comparing local health
    inequalities. J Public Health 2004;26:388-395.
    PHEindicatormethods (UKHSA), ``phe_sii``.
    ScotPHO. Measuring socio-economic inequalities in health: a practical guide
    (2007); ScotPHO inequalities indicator production code (SII, RII, PAR, ranges).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, z_for
from placewell.stats.intervals import confidence_levels, level_suffix

__all__ = ["DEFAULT_SEED", "par", "ranges", "sii"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ValueType = Literal["other", "rate", "proportion"]

#: Seed of the default random generator for the simulated intervals.
DEFAULT_SEED = 2004
_VALUE_TYPES: dict[Any, str] = {0: "other", 1: "rate", 2: "proportion"}
_BUDGET = 1 << 21  # simulated numbers held at once per block of areas


def _scales(value_type: Any) -> tuple[str, Callable[[FloatArray], FloatArray], Callable[..., Any]]:
    """Value type name, transform (log for rates, logit for proportions) and inverse."""
    vt = _VALUE_TYPES.get(value_type, value_type)
    if vt == "rate":
        return vt, np.log, np.exp
    if vt == "proportion":
        return vt, lambda x: np.log(x / (1.0 - x)), lambda y: 1.0 / (1.0 + np.exp(-y))
    if vt == "other":
        return vt, lambda x: x, lambda y: y
    raise StatisticsInputError(
        f"value_type must be 'other', 'rate' or 'proportion' (or 0, 1, 2); got {value_type!r}"
    )


def _raise_if(mask: BoolArray, message: str) -> None:
    """Raise naming the first group (row) where ``mask`` holds."""
    if mask.any():
        g = int(np.flatnonzero(mask.reshape(mask.shape[0], -1).any(axis=1))[0])
        raise StatisticsInputError(f"group {g}: {message}")


def _shaped(arr: Any, name: str, shape: tuple[int, ...]) -> FloatArray | None:
    out = None if arr is None else as_float_array(arr, name, ndim=2)
    if out is not None and out.shape != shape:
        raise StatisticsInputError(
            f"{name} has shape {out.shape} but values has shape {shape}; "
            "give one row per area and one column per quantile"
        )
    return out


def _prepare(
    values: Any, population: Any, lower: Any, upper: Any, vt: str
) -> tuple[FloatArray, FloatArray, FloatArray | None, FloatArray | None]:
    """Validate the area x quantile arrays (NaN values mean missing data)."""
    v = as_float_array(values, "values", ndim=2)
    if not 5 <= v.shape[1] <= 100:
        raise StatisticsInputError(
            f"the number of quantiles (columns) must be between 5 and 100; got {v.shape[1]}"
        )
    pop = as_float_array(population, "population", ndim=2)
    _shaped(pop, "population", v.shape)
    _raise_if(~np.isfinite(pop) | (pop <= 0), "every quantile needs a positive population")
    lo, hi = _shaped(lower, "lower", v.shape), _shaped(upper, "upper", v.shape)
    if lo is not None and hi is not None:
        _raise_if(lo > hi, "a lower limit is above its upper limit")
    for name, arr in (("values", v), ("lower", lo), ("upper", hi)):
        if arr is not None and vt == "proportion":
            _raise_if((arr < 0) | (arr > 1), f"{name} must be proportions between 0 and 1")
        elif arr is not None and vt == "rate":
            _raise_if(arr < 0, f"{name} must not be negative for value_type='rate'")
    return v, pop, lo, hi


def _regression(pop: FloatArray, y: FloatArray) -> dict[str, FloatArray]:
    """Low & Low's weighted regression of ``y`` on relative rank, for every area.

    Shares ``a`` weight the quantiles; ranks ``b`` are the midpoints of the
    cumulative shares. Identical to ``lm(y*sqrt(a) ~ sqrt(a) + b*sqrt(a) - 1)``.
    ``ws`` and ``wi`` are the weights that give slope and intercept as ``sum(w * y)``.
    """
    a = pop / pop.sum(axis=1, keepdims=True)
    b = np.cumsum(a, axis=1) - a / 2.0
    mb = (a * b).sum(axis=1, keepdims=True)
    sxx = (a * (b - mb) ** 2).sum(axis=1, keepdims=True)
    ws = a * (b - mb) / sxx
    wi = a - mb * ws
    slope, intercept = (ws * y).sum(axis=1), (wi * y).sum(axis=1)
    return dict(a=a, b=b, ws=ws, wi=wi, sxx=sxx[:, 0], slope=slope, intercept=intercept)


def _simulation(
    repetitions: int, levels: tuple[float, ...], n_quantiles: int, seed: Any
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """Standard-normal draws (reps x quantiles) and, per level, the order statistics
    (0-based) used as limits: as upstream, the round(reps x p)-th smallest values.
    """
    if isinstance(repetitions, bool) or int(repetitions) != repetitions or repetitions < 1000:
        raise StatisticsInputError(
            f"repetitions must be a whole number of 1000 or more; got {repetitions!r}"
        )
    cv = np.asarray(levels) + (1 - np.asarray(levels)) / 2
    pos = np.round(int(repetitions) * np.column_stack([1 - cv, cv])).astype(np.intp) - 1
    if (pos < 0).any():
        raise StatisticsInputError(f"{repetitions} repetitions are too few for {levels}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return rng.standard_normal((int(repetitions), n_quantiles)), pos


def _blocks(n_areas: int, per_area: int) -> Iterator[slice]:
    """Slices of areas small enough to simulate at once (bounds memory; not per area)."""
    size = max(1, _BUDGET // max(per_area, 1))
    for start in range(0, n_areas, size):
        yield slice(start, min(start + size, n_areas))


def _limits(sims: FloatArray, pos: npt.NDArray[np.intp]) -> tuple[FloatArray, FloatArray]:
    """Lower and upper limits (levels x areas) from simulations (areas x reps)."""
    part = np.partition(sims, np.unique(pos), axis=1)
    return part[:, pos[:, 0]].T, part[:, pos[:, 1]].T


def _standard_errors(
    v: FloatArray, lo: FloatArray | None, hi: FloatArray | None, se: Any, fwd: Callable[..., Any]
) -> FloatArray:
    """Given ``se``, or ``(fwd(upper) - fwd(lower)) / (2 x 1.96)`` from 95% limits."""
    s = _shaped(se, "se", v.shape)
    if s is not None:
        _raise_if(s < 0, "standard errors must not be negative")
        return s
    if lo is None or hi is None:
        raise StatisticsInputError("give the quantiles' 95% limits (lower and upper) or their se")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((fwd(hi) - fwd(lo)) / (2 * z_for(0.95)), dtype=np.float64)


def _result(
    ok: BoolArray,
    point: dict[str, Any],
    bounds: dict[str, tuple[Any, Any]],
    levels: tuple[float, ...],
    method: str,
    statistic: str,
) -> StatResult:
    """StatResult (NaN where ``ok`` is False) from point values and limits per level.

    ``bounds`` maps a prefix (``""`` for the main statistic, ``"rii_"``) to lower and
    upper arrays of shape (levels, areas); the first level gives ``lower``/``upper``
    and, with several levels, each also gets ``lower_95``, ``upper_99_8``, ...
    """

    def nan_if(x: Any) -> FloatArray:
        return np.where(ok, np.asarray(x, dtype=np.float64), np.nan)

    extra = {k: nan_if(x) for k, x in point.items()}
    for prefix, (lo, hi) in bounds.items():
        for name, lim in (("lower", np.atleast_2d(lo)), ("upper", np.atleast_2d(hi))):
            extra[f"{prefix}{name}"] = nan_if(lim[0])
            for i, c in enumerate(levels if len(levels) > 1 else ()):
                extra[f"{prefix}{name}_{level_suffix(c)}"] = nan_if(lim[i])
    value, lower, upper = extra.pop("value"), extra.pop("lower"), extra.pop("upper")
    return StatResult(value, lower, upper, method, statistic, levels[0], extra)


def sii(
    values: Any,
    population: Any,
    *,
    lower: Any = None,
    upper: Any = None,
    se: Any = None,
    value_type: ValueType | int = "other",
    transform: bool = False,
    multiplier: float = 1.0,
    method: Literal["phe", "scotpho"] = "phe",
    overall: Any = None,
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    seed: int | np.random.Generator | None = DEFAULT_SEED,
) -> StatResult:
    """Slope and relative index of inequality for many areas at once.

    ``method="phe"`` (PHEindicatormethods ``phe_sii``, Low & Low 2004): SII is the
    slope of the weighted regression (fitted value at rank 1 minus rank 0), RII the
    ratio of the fitted values at rank 1 and rank 0; limits come from simulating each
    quantile's value from its standard error (log scale for rates, logit for
    proportions). ``method="scotpho"``: SII = -slope with the regression's t interval
    (df = quantiles - 2), RII = SII / overall rate.

    Args:
        values: value per area (rows) and quantile (columns, most deprived first);
            NaN marks missing data, giving NaN results for that area.
        population: population per area and quantile (all positive).
        lower, upper: the quantiles' 95% confidence limits, from which standard errors
            are derived: ``(upper - lower) / (2 x 1.96)`` on the log (rates) or logit
            (proportions) scale.
        se: standard errors instead of limits (on that scale).
        value_type: ``"other"`` (0), ``"rate"`` (1) or ``"proportion"`` (2).
        transform: regress log rates / logit proportions and back-transform the
            results (upstream ``transform = TRUE``; needs the limits, not ``se``).
        multiplier: scales SII and its limits (e.g. 100 for percentages); a negative
            multiplier also inverts RII, to flip polarity.
        method: ``"phe"`` or ``"scotpho"``.
        overall: ScotPHO: each area's overall rate for RII (default: the
            population-weighted mean of the quantile values).
        confidence: level of the limits, 0.9 to 1, or several such as
            ``(0.95, 0.998)`` (extras ``lower_95``, ``rii_upper_99_8``, ...).
        repetitions: simulations per area (``"phe"``), 1000 or more.
        seed: seed or Generator of the simulation; the default makes results repeat.

    Returns:
        :class:`StatResult`: SII as ``value``/``lower``/``upper``; extras ``rii``,
        ``rii_lower``, ``rii_upper``, ``intercept`` (fitted value at rank 0, the most
        deprived end); ScotPHO adds ``rii_percent`` (RII x 50) and ``se`` (of the slope).
    """
    levels = confidence_levels(confidence)
    vt, fwd, back = _scales(value_type)
    v, pop, lo, hi = _prepare(values, population, lower, upper, vt)
    if method == "scotpho":
        if transform or multiplier != 1:
            raise StatisticsInputError("transform and multiplier apply to method='phe' only")
        return _sii_scotpho(v, pop, overall, levels)
    if method != "phe":
        raise StatisticsInputError(f"method must be 'phe' or 'scotpho'; got {method!r}")
    if transform and (vt == "other" or se is not None or lo is None or hi is None):
        raise StatisticsInputError(
            "transform needs value_type 'rate' or 'proportion' and the 95% limits (not se)"
        )
    s = _standard_errors(v, lo, hi, se, fwd)
    with np.errstate(divide="ignore", invalid="ignore"):
        tv = fwd(v)
    ok = np.asarray(np.isfinite(tv).all(axis=1) & np.isfinite(s).all(axis=1), dtype=bool)
    tv, v, s = (np.where(ok[:, None], x, fill) for x, fill in ((tv, 0.5), (v, 0.5), (s, 0.0)))
    mult = float(multiplier)
    reg = _regression(pop, tv if transform else v)
    icept, slope, ws, wi = reg["intercept"], reg["slope"], reg["ws"], reg["wi"]

    z, pos = _simulation(repetitions, levels, v.shape[1], seed)
    out = {k: np.empty((len(levels), v.shape[0])) for k in ("lo", "hi", "rlo", "rhi")}
    linear = transform or vt == "other"
    for blk in _blocks(v.shape[0], z.shape[0] * (1 if linear else z.shape[1])):
        if linear:  # the coefficients are linear in the simulated values: one matmul
            s_sim = slope[blk, None] + (ws[blk] * s[blk]) @ z.T
            i_sim = None if transform else icept[blk, None] + (wi[blk] * s[blk]) @ z.T
        else:
            y = back(tv[blk, None, :] + s[blk, None, :] * z[None, :, :])
            s_sim = np.einsum("aq,arq->ar", ws[blk], y)
            i_sim = np.einsum("aq,arq->ar", wi[blk], y)
        if i_sim is None:
            out["lo"][:, blk], out["hi"][:, blk] = _limits(s_sim, pos)
            continue
        out["lo"][:, blk], out["hi"][:, blk] = _limits(s_sim * mult, pos)
        with np.errstate(divide="ignore", invalid="ignore"):
            r_sim = (i_sim + s_sim) / i_sim
            out["rlo"][:, blk], out["rhi"][:, blk] = _limits(1 / r_sim if mult < 0 else r_sim, pos)

    if transform:  # upstream: limits of the slope placed about the fitted midpoint
        half = icept + slope / 2
        y0, y1 = back(icept), back(icept + slope)
        lo0, lo1 = back(half - out["lo"] / 2), back(half + out["lo"] / 2)
        hi0, hi1 = back(half - out["hi"] / 2), back(half + out["hi"] / 2)
        value, intercept = (y1 - y0) * mult, y0 * abs(mult)
        sii_lo, sii_hi = (lo1 - lo0) * mult, (hi1 - hi0) * mult
        rii, rii_lo, rii_hi = y1 / y0, lo1 / lo0, hi1 / hi0
        if mult < 0:
            sii_lo, sii_hi = sii_hi, sii_lo
            rii, rii_lo, rii_hi = 1 / rii, 1 / rii_hi, 1 / rii_lo
    else:
        value, intercept, sii_lo, sii_hi = slope * mult, icept, out["lo"], out["hi"]
        rii = (icept + slope) / icept
        rii, rii_lo, rii_hi = (1 / rii if mult < 0 else rii), out["rlo"], out["rhi"]

    label = f"Low & Low 2004 (PHEindicatormethods), simulation {int(repetitions)} reps"
    if transform:
        label += ", log" if vt == "rate" else ", logit"
    point = {"value": value, "rii": rii, "intercept": intercept}
    bounds = {"": (sii_lo, sii_hi), "rii_": (rii_lo, rii_hi)}
    return _result(ok, point, bounds, levels, label, "slope index of inequality")


def _sii_scotpho(
    v: FloatArray, pop: FloatArray, overall: Any, levels: tuple[float, ...]
) -> StatResult:
    from scipy.stats import t as t_dist

    ok = np.asarray(np.isfinite(v).all(axis=1), dtype=bool)
    y = np.where(ok[:, None], v, 0.0)
    reg = _regression(pop, y)
    slope, icept = reg["slope"], reg["intercept"]
    resid = y - (icept[:, None] + slope[:, None] * reg["b"])
    df = v.shape[1] - 2
    se = np.sqrt((reg["a"] * resid**2).sum(axis=1) / df / reg["sxx"])
    half = t_dist.ppf((1 + np.asarray(levels)) / 2, df)[:, None] * se
    sii_v = -slope
    rate = (reg["a"] * y).sum(axis=1)
    if overall is not None:
        rate = as_float_array(overall, "overall", ndim=1)
        if rate.shape[0] != v.shape[0]:
            raise StatisticsInputError(f"overall must have one rate per area ({v.shape[0]})")
    with np.errstate(divide="ignore", invalid="ignore"):  # no inequality: RII 0
        rii = [np.where(sii_v == 0, 0.0, x / rate) for x in (sii_v, sii_v - half, sii_v + half)]
    point = {"value": sii_v, "rii": rii[0], "rii_percent": rii[0] * 50.0}
    point |= {"intercept": icept, "se": se}
    bounds = {"": (sii_v - half, sii_v + half), "rii_": (rii[1], rii[2])}
    label = "ScotPHO (weighted regression, t interval)"
    return _result(ok, point, bounds, levels, label, "slope index of inequality")


def _par_percent(rates: FloatArray, a: FloatArray) -> FloatArray:
    """ScotPHO PAR (%) from rates and population shares (last axis: quantiles)."""
    excess = (a * (rates / rates[..., -1:] - 1.0)).sum(axis=-1)
    return np.asarray(100.0 * excess / (1.0 + excess), dtype=np.float64)


def par(
    values: Any,
    population: Any,
    *,
    lower: Any = None,
    upper: Any = None,
    value_type: ValueType | int = "rate",
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    seed: int | np.random.Generator | None = DEFAULT_SEED,
) -> StatResult:
    """Population attributable risk (%) of deprivation, as ScotPHO calculates it.

    ``PAR = 100 x E / (1 + E)`` with ``E = sum(a_i (r_i / r_ref - 1))``, ``a_i`` the
    population share of quantile i and ``r_ref`` the least deprived (last) quantile's
    rate: the percentage of the overall (population-weighted) rate that would go if
    every quantile had the least deprived quantile's rate.

    ScotPHO publishes no interval for PAR. Given the quantiles' 95% limits, limits
    are simulated as for :func:`sii` (each quantile's rate drawn on the log scale, or
    logit for proportions, and PAR recomputed); otherwise ``lower``/``upper`` are NaN.
    Extras: ``overall`` (population-weighted rate), ``reference`` (least deprived
    rate) and ``excess`` (overall minus reference, in the rate's units).
    """
    levels = confidence_levels(confidence)
    vt, fwd, back = _scales(value_type)
    v, pop, lo, hi = _prepare(values, population, lower, upper, vt)
    a = pop / pop.sum(axis=1, keepdims=True)
    ok = np.asarray(np.isfinite(v).all(axis=1) & (v[:, -1] > 0), dtype=bool)
    v = np.where(ok[:, None], v, 1.0)
    p_lo = np.full((len(levels), v.shape[0]), np.nan)
    p_hi = p_lo.copy()
    label = "ScotPHO PAR"
    if lo is not None and hi is not None:
        s = _standard_errors(v, lo, hi, None, fwd)
        with np.errstate(divide="ignore", invalid="ignore"):
            tv = fwd(v)
        good = np.asarray(np.isfinite(tv).all(axis=1) & np.isfinite(s).all(axis=1))
        tv, s = np.where(good[:, None], tv, 0.0), np.where(good[:, None], s, 0.0)
        z, pos = _simulation(repetitions, levels, v.shape[1], seed)
        for blk in _blocks(v.shape[0], z.size):
            rates = back(tv[blk, None, :] + s[blk, None, :] * z[None, :, :])
            p_lo[:, blk], p_hi[:, blk] = _limits(_par_percent(rates, a[blk, None, :]), pos)
        p_lo, p_hi = np.where(good, p_lo, np.nan), np.where(good, p_hi, np.nan)
        label += f", simulation {int(repetitions)} reps"
    overall = (a * v).sum(axis=1)
    point = {"value": _par_percent(v, a), "overall": overall, "reference": v[:, -1]}
    point["excess"] = overall - v[:, -1]
    return _result(ok, point, {"": (p_lo, p_hi)}, levels, label, "population attributable risk (%)")


def ranges(
    values: Any,
    *,
    lower: Any = None,
    upper: Any = None,
    confidence: float | Sequence[float] = 0.95,
) -> StatResult:
    """Absolute and relative range between the most (first) and least (last) deprived.

    ``value`` is the absolute range (most minus least deprived) and the extra
    ``relative`` the ratio most / least (ScotPHO ``abs_range``, ``rel_range``). Given
    the quantiles' 95% limits, intervals use a normal approximation: standard errors
    ``(upper - lower) / (2 x 1.96)`` combined in quadrature, on the natural scale for
    the difference and the log scale for the ratio; otherwise the limits are NaN.
    """
    levels = confidence_levels(confidence)
    v = as_float_array(values, "values", ndim=2)
    if v.shape[1] < 2:
        raise StatisticsInputError("ranges needs at least two quantiles (columns)")
    most, least = v[:, 0], v[:, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = most / least
    nan = np.full((len(levels), v.shape[0]), np.nan)
    lo, hi, rlo, rhi = nan, nan, nan, nan
    label = "ScotPHO range"
    if lower is not None and upper is not None:
        lw, up = _shaped(lower, "lower", v.shape), _shaped(upper, "upper", v.shape)
        assert lw is not None and up is not None
        _raise_if(lw > up, "a lower limit is above its upper limit")
        z = np.array([z_for(c) for c in levels])[:, None]
        ends, z95 = [0, -1], z_for(0.95)
        half = z * np.sqrt((((up[:, ends] - lw[:, ends]) / (2 * z95)) ** 2).sum(axis=1))
        lo, hi = most - least - half, most - least + half
        with np.errstate(divide="ignore", invalid="ignore"):
            se_log = (np.log(up[:, ends]) - np.log(lw[:, ends])) / (2 * z95)
            half_log = z * np.sqrt((se_log**2).sum(axis=1))
            rlo, rhi = rel * np.exp(-half_log), rel * np.exp(half_log)
        label += ", normal approximation from 95% limits"
    ok = np.ones(v.shape[0], dtype=bool)
    point = {"value": most - least, "relative": rel}
    bounds = {"": (lo, hi), "relative_": (rlo, rhi)}
    return _result(ok, point, bounds, levels, label, "absolute range (most minus least deprived)")
