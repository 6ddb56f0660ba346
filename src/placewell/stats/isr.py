"""Indirectly standardised ratios and rates.

Follows PHEindicatormethods ``calculate_ISRatio`` and ``calculate_ISRate``. The
expected count of a group is E = Σ (Rᵢ / Nᵢ) · nᵢ over age bands i, with reference
counts R and populations N and the group's populations n. With O the observed
count:

- ratio (``kind="ratio"``): O / E x refvalue (e.g. 100 for an SMR-style ratio);
- rate (``kind="rate"``): O / E x reference rate, where the reference rate is
  ΣR / ΣN x multiplier.

Limits are the Poisson limits of O scaled the same way: exact (chi-square) below 10
observed events and Byar's approximation from 10 (Breslow & Day 1987).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array, check_non_negative
from placewell.stats.dsr import _matrix
from placewell.stats.intervals import check_multiplier, confidence_levels, level_suffix
from placewell.stats.rates import _single_method, poisson_limits

__all__ = ["isr"]


def isr(
    counts: Any,
    populations: Any,
    ref_counts: Any,
    ref_populations: Any,
    confidence: float | Sequence[float] = 0.95,
    *,
    kind: Literal["ratio", "rate"] = "ratio",
    refvalue: float = 1,
    multiplier: float = 100_000,
    observed: Any = None,
) -> StatResult:
    """Indirectly standardised ratios or rates of many groups.

    Args:
        counts: observed events, groups x age bands (a single group may be 1-D), or
            ``None`` when ``observed`` totals are given instead. NaN counts are 0.
        populations: the groups' populations, groups x age bands. NaN counts as 0,
            as PHEindicatormethods does.
        ref_counts, ref_populations: the reference (standard) events and
            populations per age band (1-D, or groups x bands); reference populations
            must be positive, NaN reference counts are 0.
        confidence: one level between 0.9 and 1, or several such as ``(0.95, 0.998)``.
        kind: ``"ratio"`` for O/E x ``refvalue``; ``"rate"`` for O/E x the reference
            rate per ``multiplier``.
        refvalue: scale of the ratio (1, or 100 for a ratio x 100).
        multiplier: rate per this many, for ``kind="rate"``.
        observed: observed totals per group, when band-level counts are not known.

    Returns:
        :class:`StatResult` with ``method`` ``"Exact"`` (O < 10) or ``"Byars"`` per
        group and extras ``observed``, ``expected`` (and ``ref_rate`` for rates).

    References:
        Breslow NE, Day NE (1987). Statistical methods in cancer research, vol. II.
        IARC. PHEindicatormethods ``calculate_ISRatio`` and ``calculate_ISRate``.
    """
    levels = confidence_levels(confidence)
    if kind not in ("ratio", "rate"):
        raise StatisticsInputError(f"kind must be 'ratio' or 'rate', got {kind!r}")
    n = np.nan_to_num(_matrix(populations, "populations"), nan=0.0)
    check_non_negative(n, "populations")
    ref_x = np.nan_to_num(as_float_array(ref_counts, "ref_counts"), nan=0.0)
    ref_n = as_float_array(ref_populations, "ref_populations")
    for arr, name in ((ref_x, "ref_counts"), (ref_n, "ref_populations")):
        if arr.shape[-1:] != n.shape[-1:] or arr.ndim > 2:
            raise StatisticsInputError(
                f"wrong number of age bands: populations have {n.shape[1]} but {name} "
                f"has shape {arr.shape}; give one value per band"
            )
    bad_band = ~(np.isfinite(ref_n) & (ref_n > 0))
    if bad_band.any():
        band = int(np.flatnonzero(bad_band.reshape(-1, n.shape[1]).any(axis=0))[0])
        raise StatisticsInputError(f"age band {band}: ref_populations must be greater than zero")
    bad_count = ~(np.isfinite(ref_x) & (ref_x >= 0))
    if bad_count.any():
        band = int(np.flatnonzero(bad_count.reshape(-1, n.shape[1]).any(axis=0))[0])
        raise StatisticsInputError(f"age band {band}: ref_counts must be non-negative")

    expected = (ref_x / ref_n * n).sum(axis=1)
    if observed is not None:
        if counts is not None:
            raise StatisticsInputError("give either counts or observed, not both")
        obs = as_float_array(observed, "observed", ndim=1)
        if obs.shape[0] != n.shape[0]:
            raise StatisticsInputError(
                f"observed has {obs.shape[0]} groups but populations {n.shape[0]}"
            )
    elif counts is None:
        raise StatisticsInputError("counts (or observed totals) are required")
    else:
        x = np.nan_to_num(_matrix(counts, "counts"), nan=0.0)
        if x.shape != n.shape:
            raise StatisticsInputError(
                f"counts have shape {x.shape} but populations {n.shape}; "
                "give both as groups x age bands"
            )
        check_non_negative(x, "counts")
        obs = x.sum(axis=1)
    check_non_negative(obs, "observed")
    no_expected = ~(expected > 0)
    if no_expected.any():
        g = int(np.flatnonzero(no_expected)[0])
        raise StatisticsInputError(
            f"group {g}: expected count is 0 (no population in age bands with reference "
            "events), so the ratio is undefined"
        )

    extra: dict[str, Any] = {"observed": obs, "expected": expected}
    if kind == "ratio":
        if not (np.isfinite(refvalue) and refvalue > 0):
            raise StatisticsInputError(f"refvalue must be a positive number, got {refvalue!r}")
        scale = float(refvalue) / expected
        statistic = f"indirectly standardised ratio x {float(refvalue):g}"
    else:
        mult = check_multiplier(multiplier)
        ref_rate = ref_x.sum(axis=-1) / ref_n.sum(axis=-1) * mult
        scale = ref_rate / expected
        extra["ref_rate"] = np.broadcast_to(ref_rate, expected.shape).copy()
        statistic = f"indirectly standardised rate per {mult:g}"

    limits = {}
    method = np.asarray([], dtype=str)
    for c in levels:
        lo, hi, method = poisson_limits(obs, c)
        limits[c] = (lo * scale, hi * scale)
        if len(levels) > 1:
            extra[f"lower_{level_suffix(c)}"] = limits[c][0]
            extra[f"upper_{level_suffix(c)}"] = limits[c][1]
    lower, upper = limits[levels[0]]
    return StatResult(
        value=obs * scale,
        lower=lower,
        upper=upper,
        method=_single_method(method),
        statistic=statistic,
        confidence=levels[0],
        extra=extra,
    )
