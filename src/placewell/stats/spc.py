"""Statistical process control: the XmR chart of NHS England's *Making Data Count*.

The calculations follow NHS England/Improvement's *Making Data Count* guidance and
the NHS-R Community's ``NHSRplotthedots`` package (``ptd_spc``), whose behaviour this
module reproduces for many series of equal length at once:

- centre line: the mean; moving ranges ``|x_i - x_(i-1)|`` and their mean (AMR);
  with ``screen_outliers`` (the package default) moving ranges of at least
  3.267 x AMR are dropped and the AMR recomputed;
- process limits ``mean ± 2.66 AMR`` (3 sigma, sigma = AMR / 1.128); 1 and 2 sigma
  lines at ``mean ± 2.66/3 AMR`` and ``mean ± 2 x 2.66/3 AMR``;
- special-cause rules, in this priority order, each evaluated within a segment:
  1. a point above the upper or below the lower process limit (strictly outside);
  2. a run of 7 points each strictly higher (or lower) than the one before
     ("7 Point Trend"; every point of the run is flagged);
  3. 2 of 3 consecutive points beyond the 2-sigma line on the same side of the mean,
     all three on that side (the points beyond 2 sigma are flagged);
  4. 7 consecutive points on the same side of the mean (a point on the mean breaks
     the run; every point of the run is flagged);
- each special-cause point is an *improvement* or a *concern* given the direction of
  improvement (``neutral_high``/``neutral_low`` when there is none);
- the variation icon is the last point's type; the assurance icon compares the
  target with the last segment's process limits: a target beyond the limits on the
  failing side is *consistently failed*, beyond them on the passing side
  *consistently met*, otherwise *hit and miss* (``inconsistent``);
- ``baseline=N`` fixes each segment's limits on its first N points (the package's
  ``fix_after_n_points``); ``recalc_points`` start new segments whose limits are
  computed afresh (the package's ``rebase``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from placewell.errors import StatisticsInputError
from placewell.stats._validate import as_float_array

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SpcResult", "spc"]

FloatArray = npt.NDArray[np.float64]
ObjArray = npt.NDArray[np.object_]

LIMIT = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
SCREEN = 3.267  # D4 for moving ranges of two points
RUN = 7

_DIRECTIONS = {"increase": 1, "decrease": -1, "neither": 0, "neutral": 0}


@dataclass(frozen=True)
class SpcResult:
    """An XmR chart for one or many series.

    Per-point arrays have the shape of the input (points, or series x points);
    per-series arrays (``variation``, ``assurance``) have one entry per series (one
    for a 1-D input). ``point_type`` is ``'common_cause'``,
    ``'special_cause_improvement'``, ``'special_cause_concern'``,
    ``'special_cause_neutral_high'`` or ``'special_cause_neutral_low'``;
    ``special_cause_type`` names the rule (``'Above UCL'``, ``'7 Point Trend
    (Increasing)'``, ``'2 in 3 Below CL'``, ``'7 Points Above CL'``, ``'Common
    Cause'``). ``variation`` is the icon of the last point (``'common_cause'``,
    ``'improvement_high'``, ``'improvement_low'``, ``'concern_high'``,
    ``'concern_low'``, ``'neutral_high'``, ``'neutral_low'``); ``assurance`` is
    ``'consistent_pass'``, ``'inconsistent'``, ``'consistent_fail'`` or None.
    """

    values: FloatArray
    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    lower_1sigma: FloatArray
    upper_1sigma: FloatArray
    lower_2sigma: FloatArray
    upper_2sigma: FloatArray
    special_cause: npt.NDArray[np.bool_]
    special_cause_type: ObjArray
    point_type: ObjArray
    variation: ObjArray
    assurance: ObjArray
    improvement: str
    target: FloatArray
    method: str = "XmR (Making Data Count)"

    def to_frame(self) -> pd.DataFrame:
        """One row per series and point, with the series' icons repeated."""
        import pandas as pd

        vals = np.atleast_2d(self.values)
        n_series, n_points = vals.shape
        data: dict[str, Any] = {
            "series": np.repeat(np.arange(n_series), n_points),
            "point": np.tile(np.arange(n_points), n_series),
        }
        for name in (
            "values",
            "mean",
            "lower",
            "upper",
            "lower_1sigma",
            "upper_1sigma",
            "lower_2sigma",
            "upper_2sigma",
            "special_cause",
            "special_cause_type",
            "point_type",
        ):
            data["value" if name == "values" else name] = np.atleast_2d(getattr(self, name)).ravel()
        for name in ("target", "variation", "assurance"):
            data[name] = np.repeat(np.asarray(getattr(self, name)), n_points)
        frame = pd.DataFrame(data)
        frame["method"] = self.method
        return frame


def _check_segments(
    n_points: int, baseline: int | None, recalc_points: Any
) -> tuple[list[int], int | None]:
    starts = [0]
    if recalc_points is not None:
        pts = np.atleast_1d(np.asarray(recalc_points))
        if pts.size and (pts.dtype.kind not in "iu" or pts.ndim != 1):
            raise StatisticsInputError("recalc_points must be integer positions (0-based)")
        bad = pts[(pts <= 0) | (pts >= n_points)]
        if bad.size:
            raise StatisticsInputError(
                f"recalc_points must lie between 1 and {n_points - 1} (0-based index of the "
                f"first point of a new segment); got {int(bad[0])}"
            )
        starts += sorted({int(p) for p in pts})
    if baseline is not None and (int(baseline) != baseline or baseline < 2):
        raise StatisticsInputError(
            f"baseline must be a whole number of at least 2; got {baseline!r}"
        )
    bounds = [*starts, n_points]
    short = [i for i in range(len(starts)) if bounds[i + 1] - bounds[i] < 2]
    if short:
        i = short[0]
        raise StatisticsInputError(
            f"segment starting at point {bounds[i]} has fewer than 2 points; "
            "limits need at least one moving range"
        )
    return bounds, None if baseline is None else int(baseline)


def _runs(flags: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """A point is part of a run if a run ends at it or at one of the next 6 points."""
    padded = np.pad(flags, ((0, 0), (0, RUN - 1)))
    return np.asarray(sliding_window_view(padded, RUN, axis=1).any(axis=2), dtype=bool)


def _rules(
    y: FloatArray, mean: FloatArray, amr: FloatArray
) -> tuple[npt.NDArray[np.bool_], ObjArray, npt.NDArray[np.int8]]:
    """Special-cause flags, rule names and direction (+1/-1/0) for one segment."""
    s, n = y.shape
    upl, lpl = mean + LIMIT * amr, mean - LIMIT * amr
    close = 2.0 * LIMIT / 3.0 * amr
    outside = (y > upl) | (y < lpl)
    rtm = np.sign(y - mean).astype(np.int8)
    near = ~outside & ((y < mean - close) | (y > mean + close))

    shift_end = np.zeros((s, n), dtype=bool)
    trend_end = np.zeros((s, n), dtype=bool)
    diffs = np.sign(np.diff(y, axis=1)).astype(np.int8)
    if n >= RUN:
        win = sliding_window_view(rtm, RUN, axis=1)
        shift_end[:, RUN - 1 :] = (win == win[..., -1:]).all(axis=2) & (win[..., -1] != 0)
        dw = sliding_window_view(diffs, RUN - 1, axis=1)
        trend_end[:, RUN - 1 :] = (dw == 1).all(axis=2) | (dw == -1).all(axis=2)
    shift, trend = _runs(shift_end), _runs(trend_end)

    near_p = np.pad(near.astype(np.int8), ((0, 0), (2, 2)))
    rtm_p = np.pad(rtm, ((0, 0), (2, 2)))
    cond = (sliding_window_view(near_p, 3, axis=1).sum(axis=2) >= 2) & (
        np.abs(sliding_window_view(rtm_p, 3, axis=1).sum(axis=2)) == 3
    )
    two_in_three = near & (cond[:, :n] | cond[:, 1 : n + 1] | cond[:, 2 : n + 2])

    # direction of a trend point: the step to its right if the next point is in the
    # trend too, else the step from its left (as NHSRplotthedots)
    right = np.concatenate([diffs, diffs[:, -1:]], axis=1)
    left = np.concatenate([np.zeros((s, 1), dtype=np.int8), diffs], axis=1)
    use_right = trend & np.concatenate([trend[:, 1:], np.zeros((s, 1), dtype=bool)], axis=1)
    step = np.where(use_right, right, left)

    side = np.where(rtm > 0, "Above", "Below")
    side_dir = np.where(rtm > 0, 1, -1)
    rule = np.select(
        [outside, trend, two_in_three, shift],
        [
            np.where(rtm == 1, "Above UCL", "Below LCL"),
            np.where(step == 1, "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"),
            np.char.add(np.char.add("2 in 3 ", side), " CL"),
            np.char.add(np.char.add("7 Points ", side), " CL"),
        ],
        default="Common Cause",
    ).astype(object)
    direction = np.select(
        [outside, trend, two_in_three | shift],
        [np.where(rtm == 1, 1, -1), np.where(step == 1, 1, -1), side_dir],
        default=0,
    ).astype(np.int8)
    return outside | trend | two_in_three | shift, rule, direction


def spc(
    values: Any,
    improvement: str = "increase",
    baseline: int | None = None,
    recalc_points: Any = None,
    target: Any = None,
    *,
    screen_outliers: bool = True,
) -> SpcResult:
    """XmR chart with Making Data Count's special-cause rules and icons.

    Args:
        values: one series (1-D) or series x points (2-D, equal lengths), in time
            order, with no missing points.
        improvement: ``'increase'``, ``'decrease'`` or ``'neither'`` (``'neutral'``).
        baseline: compute each segment's mean and limits from its first N points only.
        recalc_points: 0-based positions where a new segment (with its own limits)
            starts, the same for every series.
        target: one target, or one per series (NaN for none): gives the assurance icon.
        screen_outliers: drop moving ranges of at least 3.267 x AMR before computing
            the limits (NHSRplotthedots' default; ``False`` matches the original
            Making Data Count Excel tool).

    Returns:
        :class:`SpcResult`. Per-segment loops run over the (few) recalculation
        segments only; every calculation inside them is vectorised over series and
        points.
    """
    if improvement not in _DIRECTIONS:
        raise StatisticsInputError(
            f"improvement must be 'increase', 'decrease' or 'neither'; got {improvement!r}"
        )
    direction_sign = _DIRECTIONS[improvement]
    raw = as_float_array(values, "values")
    one = raw.ndim == 1
    y = as_float_array(raw, "values", ndim=2)
    bad = ~np.isfinite(y)
    if bad.any():
        g, p = (int(i[0]) for i in np.nonzero(bad))
        raise StatisticsInputError(
            f"group {g}: values must be finite with no missing points (point {p} is not)"
        )
    n_series, n_points = y.shape
    bounds, base = _check_segments(n_points, baseline, recalc_points)

    tgt = as_float_array(np.nan if target is None else target, "target")
    try:
        tgt = np.broadcast_to(tgt, (n_series,)).astype(np.float64)
    except ValueError as exc:
        raise StatisticsInputError(
            f"target must be one value or one per series ({n_series}); got shape {tgt.shape}"
        ) from exc
    if np.isinf(tgt).any():
        raise StatisticsInputError("target must be finite (NaN for no target)")

    mean = np.empty_like(y)
    amr = np.empty_like(y)
    special = np.zeros(y.shape, dtype=bool)
    rule = np.empty(y.shape, dtype=object)
    sign = np.zeros(y.shape, dtype=np.int8)
    for a, b in itertools.pairwise(bounds):
        seg = y[:, a:b]
        fixed = seg[:, :base] if base is not None else seg
        m = fixed.mean(axis=1, keepdims=True)
        mr = np.abs(np.diff(fixed, axis=1))
        r = mr.mean(axis=1, keepdims=True)
        if screen_outliers:
            keep = mr < SCREEN * r
            kept = keep.sum(axis=1, keepdims=True)
            screened = np.where(kept > 0, (mr * keep).sum(axis=1, keepdims=True), 0.0)
            r = np.where(kept > 0, screened / np.maximum(kept, 1), r)
        mean[:, a:b], amr[:, a:b] = m, r
        special[:, a:b], rule[:, a:b], sign[:, a:b] = _rules(seg, m, r)

    if direction_sign == 0:
        kinds = np.array(
            ["common_cause", "special_cause_neutral_high", "special_cause_neutral_low"]
        )
        point_type = np.where(sign > 0, kinds[1], np.where(sign < 0, kinds[2], kinds[0]))
    else:
        oriented = sign * direction_sign
        point_type = np.where(
            oriented > 0,
            "special_cause_improvement",
            np.where(oriented < 0, "special_cause_concern", "common_cause"),
        )
    point_type = point_type.astype(object)

    high = "high" if direction_sign >= 0 else "low"
    low = "low" if direction_sign >= 0 else "high"
    icons = {
        "common_cause": "common_cause",
        "special_cause_neutral_high": "neutral_high",
        "special_cause_neutral_low": "neutral_low",
        "special_cause_improvement": f"improvement_{high}",
        "special_cause_concern": f"concern_{low}",
    }
    last = point_type[:, -1]
    variation = np.select([last == k for k in icons], list(icons.values()), "").astype(object)

    upl, lpl = mean + LIMIT * amr, mean - LIMIT * amr
    has_target = np.isfinite(tgt) & (direction_sign != 0)
    above, below = tgt > upl[:, -1], tgt < lpl[:, -1]
    increasing = direction_sign > 0
    assurance = np.where(
        above,
        "consistent_fail" if increasing else "consistent_pass",
        np.where(below, "consistent_pass" if increasing else "consistent_fail", "inconsistent"),
    ).astype(object)
    assurance[~has_target] = None

    sigma = LIMIT / 3.0 * amr

    def shaped(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return a[0] if one else a

    return SpcResult(
        values=shaped(y),
        mean=shaped(mean),
        lower=shaped(lpl),
        upper=shaped(upl),
        lower_1sigma=shaped(mean - sigma),
        upper_1sigma=shaped(mean + sigma),
        lower_2sigma=shaped(mean - 2.0 * sigma),
        upper_2sigma=shaped(mean + 2.0 * sigma),
        special_cause=shaped(special),
        special_cause_type=shaped(rule),
        point_type=shaped(point_type),
        variation=variation,
        assurance=assurance,
        improvement="neither" if direction_sign == 0 else improvement,
        target=tgt,
    )
