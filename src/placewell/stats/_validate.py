"""Input checks shared by the statistical methods.

Following PHEindicatormethods, inputs are validated before anything is computed and
a fault is reported in plain words naming the group (0-based index) that has it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError

__all__ = [
    "as_float_array",
    "check_confidence",
    "check_non_negative",
    "check_not_above",
    "z_for",
]


def as_float_array(x: Any, name: str, *, ndim: int | None = None) -> npt.NDArray[np.float64]:
    """Convert to a float array; ``ndim`` 1 promotes scalars to one group."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise StatisticsInputError(f"{name} must be numeric: {exc}") from exc
    if ndim == 1:
        arr = np.atleast_1d(arr)
        if arr.ndim != 1:
            raise StatisticsInputError(f"{name} must be one-dimensional (one value per group)")
    elif ndim == 2:
        if arr.ndim == 1:
            arr = arr[np.newaxis, :]
        if arr.ndim != 2:
            raise StatisticsInputError(f"{name} must be two-dimensional (groups x age bands)")
    return arr


def _first_bad(mask: npt.NDArray[np.bool_]) -> int:
    flat = np.flatnonzero(mask.reshape(mask.shape[0], -1).any(axis=1) if mask.ndim > 1 else mask)
    return int(flat[0])


def check_non_negative(arr: npt.NDArray[np.float64], name: str) -> None:
    """Raise naming the first group with a negative or non-finite value."""
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        g = _first_bad(bad)
        n = int(bad.reshape(bad.shape[0], -1).any(axis=1).sum()) if bad.ndim > 1 else int(bad.sum())
        raise StatisticsInputError(
            f"group {g}: {name} must be a non-negative finite number"
            f" ({n} group{'s' if n != 1 else ''} affected)"
        )


def check_not_above(
    low: npt.NDArray[np.float64], high: npt.NDArray[np.float64], low_name: str, high_name: str
) -> None:
    """Raise naming the first group where ``low`` exceeds ``high``."""
    bad = low > high
    if bad.any():
        g = _first_bad(bad)
        raise StatisticsInputError(
            f"group {g}: {low_name} ({np.ravel(low)[g] if low.ndim == 1 else '...'}) "
            f"is greater than {high_name} ({np.ravel(high)[g] if high.ndim == 1 else '...'})"
        )


def check_confidence(confidence: float) -> float:
    """Confidence must lie between 0.9 and 1 (exclusive of 1), as in PHEindicatormethods."""
    try:
        c = float(confidence)
    except (TypeError, ValueError) as exc:
        raise StatisticsInputError(f"confidence must be a number, got {confidence!r}") from exc
    if not (0.9 <= c < 1):
        raise StatisticsInputError(
            f"confidence must be between 0.9 and 1 (e.g. 0.95 or 0.998), got {confidence!r}"
        )
    return c


def z_for(confidence: float) -> float:
    """Two-sided normal quantile: z = qnorm(conf + (1 - conf) / 2)."""
    from scipy.special import ndtri

    return float(ndtri(confidence + (1 - confidence) / 2))
