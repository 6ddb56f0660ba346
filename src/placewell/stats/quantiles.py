"""Assign small areas to quantiles (e.g. deprivation deciles) by ranking their values.

The algorithm is that of PHEindicatormethods' ``phe_quantile`` and the OHID technical
guide *Assigning deprivation categories*: within each group, values are ranked
(ties take the lowest rank) and, with ``N`` ranked values and ``Q`` quantiles,

    quantile = floor((Q + 1) - ceiling(((N + 1) - rank) / (N / Q)))

with 0 set to 1. Groups with fewer values than quantiles get no quantiles (NaN), as do
missing values. ``invert=True`` ranks the other way, so the highest value is in
quantile 1.

Everything is vectorised: one lexicographic sort over (group, value) ranks all groups
at once, with no loop per group.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._result import StatResult
from placewell.stats._validate import as_float_array

__all__ = ["quantile"]

_METHOD = "PHEindicatormethods phe_quantile"


def _group_codes(groups: Any, n: int) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Sorted distinct labels and each value's index into them."""
    if groups is None:
        return np.zeros(1, dtype=np.intp), np.zeros(n, dtype=np.intp)
    arr = np.asarray(groups)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise StatisticsInputError(
            f"groups must be one label per value ({n} values); got shape {arr.shape}"
        )
    try:
        labels, codes = np.unique(arr, return_inverse=True)
    except TypeError as exc:
        raise StatisticsInputError(f"groups labels must be comparable: {exc}") from exc
    return labels, np.asarray(codes, dtype=np.intp).ravel()


def _invert_flags(
    invert: Any, labels: npt.NDArray[Any], codes: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Per-value invert flags; a per-value array must agree within each group."""
    arr = np.asarray(invert)
    if arr.ndim == 0:
        if arr.dtype != np.bool_ and not isinstance(invert, bool | np.bool_):
            raise StatisticsInputError(f"invert must be True or False; got {invert!r}")
        return np.full(codes.shape[0], bool(arr))
    if arr.shape != codes.shape:
        raise StatisticsInputError(
            f"invert must be one logical value, or one per value ({codes.shape[0]}); "
            f"got shape {arr.shape}"
        )
    flags = arr.astype(bool)
    n_groups = int(codes.max()) + 1 if codes.size else 0
    n_true = np.bincount(codes, weights=flags, minlength=n_groups)
    n_all = np.bincount(codes, minlength=n_groups)
    mixed = (n_true > 0) & (n_true < n_all)
    if mixed.any():
        g = labels[int(np.flatnonzero(mixed)[0])].item()
        raise StatisticsInputError(
            f"group {g!r}: invert must take the same value for every member of a group"
        )
    return flags


def quantile(
    values: Any,
    nquantiles: int = 5,
    invert: Any = False,
    *,
    groups: Any = None,
) -> StatResult:
    """Quantile (1..``nquantiles``) of every value, within its group.

    Args:
        values: one number per small area (NaN for missing; those get no quantile).
        nquantiles: number of quantiles (5 for quintiles, 10 for deciles).
        invert: False puts the lowest values in quantile 1; True the highest (as
            PHEindicatormethods' default). One logical for all, or one per value
            (constant within each group, like upstream's ``inverttype = "field"``).
        groups: optional label per value (e.g. the parent area); quantiles are assigned
            separately within each group. Labels may be strings or numbers.

    Returns:
        :class:`StatResult` whose ``value`` is the quantile number (NaN where not
        assigned); ``lower``/``upper`` are NaN. Extras: ``rank`` (ties share the
        lowest rank) and ``n_ranked`` (values ranked in the group).

    Raises:
        StatisticsInputError: non-numeric values, ``nquantiles`` below 1, labels or
            flags of the wrong length, ``invert`` varying within a group.
    """
    vals = as_float_array(values, "values", ndim=1)
    if isinstance(nquantiles, bool) or int(nquantiles) != nquantiles or nquantiles < 1:
        raise StatisticsInputError(
            f"nquantiles must be a whole number of 1 or more; got {nquantiles!r}"
        )
    nq = int(nquantiles)
    n = vals.shape[0]
    labels, codes = _group_codes(groups, n)
    flags = _invert_flags(invert, labels, codes)
    if np.isinf(vals).any():
        i = int(np.flatnonzero(np.isinf(vals))[0])
        raise StatisticsInputError(f"value {i}: values must be finite numbers or NaN")

    valid = ~np.isnan(vals)
    key = np.where(flags, -vals, vals)
    idx = np.flatnonzero(valid)
    order = idx[np.lexsort((key[idx], codes[idx]))]
    sg = codes[order]
    sv = key[order]
    pos = np.arange(order.shape[0])

    new_group = np.ones(order.shape[0], dtype=bool)
    new_group[1:] = sg[1:] != sg[:-1]
    new_tie = new_group.copy()
    new_tie[1:] |= sv[1:] != sv[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, pos, 0)) if pos.size else pos
    tie_start = np.maximum.accumulate(np.where(new_tie, pos, 0)) if pos.size else pos

    rank = np.full(n, np.nan)
    rank[order] = tie_start - group_start + 1
    n_groups = int(codes.max()) + 1 if n else 0
    counts = np.bincount(codes[valid], minlength=n_groups).astype(np.float64)
    n_ranked = counts[codes] if n else np.zeros(0)

    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.floor((nq + 1) - np.ceil(((n_ranked + 1) - rank) / (n_ranked / nq)))
    q = np.where(q == 0, 1.0, q)
    q = np.where((n_ranked < nq) | ~valid, np.nan, q)

    nan = np.full(n, np.nan)
    if not flags.any():
        direction = "lowest quantile represents lowest values"
    elif flags.all():
        direction = "lowest quantile represents highest values"
    else:
        direction = "direction set per group"
    return StatResult(
        value=q,
        lower=nan,
        upper=nan.copy(),
        method=_METHOD,
        statistic=f"quantile of {nq} ({direction})",
        confidence=float("nan"),
        extra={"rank": rank, "n_ranked": n_ranked},
    )
