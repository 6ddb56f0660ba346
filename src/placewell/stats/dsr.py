"""Directly standardised rates with Dobson confidence intervals.

Follows PHEindicatormethods ``calculate_dsr`` (formerly ``phe_dsr``): for each group,
value = Σ (xᵢ wᵢ / nᵢ) / Σ wᵢ x multiplier over age bands i, with standard population
weights w (ESP 2013 by default). The variance is var = Σ xᵢ (wᵢ/nᵢ)² / (Σ wᵢ)², and the
Dobson et al. (1991) limits are

    value + √(var / O) · (O_limit - O) · multiplier

where O is the total count and O_limit Byar's limits of O (Breslow & Day 1987).
DSRs with a total count below 10 are unreliable and suppressed (NaN).

For non-independent events (a person can be counted more than once), pass
``persons_by_frequency``: the number of people with exactly f events, per frequency
f. The variance becomes Σ_f f² var_f, where var_f is the variance above computed
from the people with f events (PHEindicatormethods ``independent_events = FALSE``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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
    level_suffix,
)
from placewell.stats.standards import ESP2013, standard_population

__all__ = ["METHOD", "METHOD_NONINDEPENDENT", "MIN_TOTAL_COUNT", "SUPPRESSED", "dsr"]

#: DSRs are not calculated when the total count of a group is below this.
MIN_TOTAL_COUNT = 10
METHOD = "Dobson"
METHOD_NONINDEPENDENT = "Dobson, with confidence adjusted for non-independent events"
SUPPRESSED = "Suppressed: total count < 10"

FloatArray = npt.NDArray[np.float64]


def _matrix(x: Any, name: str) -> FloatArray:
    """A groups x bands array, naming the first group whose length differs if ragged."""
    if isinstance(x, Sequence) and not isinstance(x, str) and x and isinstance(x[0], Sequence):
        lengths = [len(row) if isinstance(row, Sequence) else -1 for row in x]
        odd = [g for g, k in enumerate(lengths) if k != lengths[0]]
        if odd:
            raise StatisticsInputError(
                f"group {odd[0]}: {name} has {lengths[odd[0]]} age bands, "
                f"group 0 has {lengths[0]}; every group needs the same bands"
            )
    return as_float_array(x, name, ndim=2)


def _standard(standard: Any, bands: int) -> FloatArray:
    if standard is None:
        w, label = ESP2013, "the European Standard Population 2013"
    elif isinstance(standard, str):
        w, label = standard_population(standard), f"standard population {standard!r}"
    else:
        w, label = as_float_array(standard, "standard", ndim=1), "the standard population"
        if w.ndim != 1:
            raise StatisticsInputError("standard must be one value per age band")
        check_non_negative(w, "standard")
    if w.shape[0] != bands:
        raise StatisticsInputError(
            f"wrong number of age bands: the data have {bands} but {label} has "
            f"{w.shape[0]}; give one column per band in the standard's order"
        )
    if not w.sum() > 0:
        raise StatisticsInputError("standard population must not be all zero")
    return w


def _persons(
    persons_by_frequency: Mapping[Any, Any], shape: tuple[int, ...]
) -> tuple[FloatArray, FloatArray]:
    """Frequencies (F,) and persons (F, groups, bands) from {frequency: groups x bands}."""
    if not persons_by_frequency:
        raise StatisticsInputError("persons_by_frequency must give at least one frequency")
    freqs = []
    for f in persons_by_frequency:
        try:
            fv = float(f)
        except (TypeError, ValueError) as exc:
            raise StatisticsInputError(f"event frequency {f!r} is not a number") from exc
        if not (np.isfinite(fv) and fv > 0):
            raise StatisticsInputError(f"event frequency {f!r} must be positive")
        freqs.append(fv)
    persons = []
    for f, arr in persons_by_frequency.items():
        p = _matrix(arr, f"persons with {f} events")
        p = np.nan_to_num(p, nan=0.0)
        if p.shape != shape:
            raise StatisticsInputError(
                f"persons with {f} events have shape {p.shape}; expected {shape} "
                "(groups x age bands, as the populations)"
            )
        check_non_negative(p, f"persons with {f} events")
        persons.append(p)
    return np.asarray(freqs), np.stack(persons)


def dsr(
    counts: Any,
    populations: Any,
    standard: Any = None,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
    *,
    persons_by_frequency: Mapping[Any, Any] | None = None,
) -> StatResult:
    """Directly standardised rates of many groups with Dobson confidence limits.

    Args:
        counts: events, groups x age bands (a single group may be 1-D). Missing
            counts (NaN) count as 0, as in PHEindicatormethods. With
            ``persons_by_frequency`` it may be ``None`` (derived as Σ f · persons_f).
        populations: populations, groups x age bands, all positive.
        standard: standard population weights per band: ``None`` for ESP 2013
            (19 bands 0-4 ... 85-89, 90+), a name (``"esp1976"``), or an array.
        confidence: one level between 0.9 and 1, or several such as ``(0.95, 0.998)``
            (extras ``lower_95``, ``upper_99_8`` ...).
        multiplier: rate per this many (default 100,000).
        persons_by_frequency: for non-independent events, ``{f: persons}`` where
            ``persons`` (groups x bands) counts people with exactly f events.

    Returns:
        :class:`StatResult` (statistic ``"dsr per 100000"``) with extras
        ``total_count`` and ``total_pop``. ``method`` is ``"Dobson"`` (or the
        non-independent label), and ``"Suppressed: total count < 10"`` for groups whose
        value and limits are NaN.

    References:
        Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991). Confidence intervals for
        weighted sums of Poisson parameters. Stat Med 10:457-462. Breslow NE, Day NE
        (1987). Statistical methods in cancer research, vol. II. IARC.
        PHEindicatormethods ``calculate_dsr``. Eurostat (2013) European Standard
        Population.
    """
    levels = confidence_levels(confidence)
    mult = check_multiplier(multiplier)
    n = _matrix(populations, "populations")
    freqs: FloatArray | None = None
    persons: FloatArray | None = None
    if persons_by_frequency is not None:
        freqs, persons = _persons(persons_by_frequency, n.shape)
        derived = np.tensordot(freqs, persons, axes=1)
    if counts is None:
        if persons is None:
            raise StatisticsInputError("counts are required unless persons_by_frequency is given")
        x = derived
    else:
        x = np.nan_to_num(_matrix(counts, "counts"), nan=0.0)
        if x.shape != n.shape:
            raise StatisticsInputError(
                f"counts have shape {x.shape} but populations {n.shape}; "
                "give both as groups x age bands"
            )
    check_non_negative(x, "counts")
    check_positive(n, "populations")
    if persons is not None and counts is not None:
        off = ~np.isclose(derived, x, rtol=1e-9, atol=1e-9)
        if off.any():
            g = int(np.flatnonzero(off.any(axis=1))[0])
            raise StatisticsInputError(
                f"group {g}: counts differ from the sum over frequencies of "
                "frequency x persons_by_frequency; give consistent inputs or counts=None"
            )
    w = _standard(standard, n.shape[1])

    ratio = w / n  # groups x bands
    total_w = w.sum()
    total = x.sum(axis=1)
    value = (x * ratio).sum(axis=1) / total_w * mult
    if persons is None or freqs is None:
        var = (x * ratio * ratio).sum(axis=1) / total_w**2
        method_ok = METHOD
    else:
        per_freq = (persons * (ratio * ratio)[np.newaxis]).sum(axis=2)  # F x groups
        var = np.tensordot(freqs * freqs, per_freq, axes=1) / total_w**2
        method_ok = METHOD_NONINDEPENDENT

    suppressed = total < MIN_TOTAL_COUNT
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.sqrt(var / total) * mult
    extra: dict[str, Any] = {"total_count": total, "total_pop": n.sum(axis=1)}
    limits = {}
    for c in levels:
        o_lo, o_hi = byars(total, z_for(c))
        lo = np.where(suppressed, np.nan, value + scale * (o_lo - total))
        hi = np.where(suppressed, np.nan, value + scale * (o_hi - total))
        limits[c] = (lo, hi)
        if len(levels) > 1:
            extra[f"lower_{level_suffix(c)}"] = lo
            extra[f"upper_{level_suffix(c)}"] = hi
    lower, upper = limits[levels[0]]
    method: str | npt.NDArray[np.str_] = (
        np.where(suppressed, SUPPRESSED, method_ok) if suppressed.any() else method_ok
    )
    return StatResult(
        value=np.where(suppressed, np.nan, value),
        lower=lower,
        upper=upper,
        method=method,
        statistic=f"dsr per {mult:g}",
        confidence=levels[0],
        extra=extra,
    )
