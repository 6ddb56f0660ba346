"""Statistical disclosure control for published tables of counts.

Small counts can identify people. Following the ONS *Disclosure control guidance for
tables produced from administrative sources* and Public Health Scotland's (formerly
ISD Scotland's) *Statistical Disclosure Control Protocol*, :func:`suppress` applies:

1. **Primary suppression**: counts from 1 to ``threshold - 1`` (i.e. ``0 < count <
   threshold``; ``threshold=5`` hides 1-4) are suppressed. Zeros are published
   unless ``suppress_zero=True``. To hide counts up to and including 5, use
   ``threshold=6``.
2. **Secondary (complementary) suppression**: a suppressed cell could be recovered by
   subtracting the other cells of its row (or column) from the published total. So
   every row and column with a published total that has *exactly one* suppressed
   cell gets a second cell suppressed: the smallest non-zero published cell (a zero
   only when nothing else is left), preferring, among equally small cells, one whose
   other line also needs a second suppression; ties go to the first. Rows, then
   columns, are treated in turn (all rows at once, then all columns at once) until
   nothing changes; a handful of iterations suffices. A line of a single cell cannot
   be protected that way, so its total is suppressed instead.
3. Optional **rounding** of the published cells and totals to a base (5 or 10), half
   up, after suppression. Rounded cells no longer add up to rounded totals.

**Guarantee.** For every row and column whose total is published, the number of
suppressed cells is 0 or at least 2, so no suppressed cell equals a published total
minus published cells. Totals are computed from the unrounded counts and are
published (they are not themselves checked: suppress a small margin by applying
:func:`suppress` to the margins and the grand total). This is the standard
row/column rule; it does not protect against every combination of several
equations (a suppressed cell that links two otherwise separate groups of
suppressions can sometimes be solved exactly, and non-negativity can narrow a cell's
range). For that level of protection use dedicated software such as tau-ARGUS or
``sdcTable``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._validate import as_float_array

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SuppressionResult", "suppress"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_TOTALS_2D = {"auto": (True, True), "both": (True, True), "rows": (True, False)}
_TOTALS_2D |= {"columns": (False, True), "none": (False, False)}


@dataclass(frozen=True)
class SuppressionResult:
    """A table ready to publish.

    Attributes:
        values: the counts (rounded if asked), NaN where suppressed; same shape as
            the input.
        primary, secondary: where cells were suppressed as small counts, and to
            protect them.
        reason: per cell ``''`` (published), ``'primary: count below N'``,
            ``'primary: zero'``, ``'secondary: row'`` or ``'secondary: column'``.
        row_totals, column_totals: the published totals (rounded if asked; NaN where
            suppressed), or None where that margin is not published. A 1-D table has
            one row: ``row_totals`` holds its total.
        threshold, rounding: the settings used.
    """

    values: FloatArray
    primary: BoolArray
    secondary: BoolArray
    reason: npt.NDArray[np.object_]
    row_totals: FloatArray | None
    column_totals: FloatArray | None
    threshold: float
    rounding: int | None

    @property
    def suppressed(self) -> BoolArray:
        """Cells not published (primary or secondary)."""
        return self.primary | self.secondary

    def to_frame(self) -> pd.DataFrame:
        """One row per cell: row, column, value, primary, secondary, reason."""
        import pandas as pd

        vals = np.atleast_2d(self.values)
        rows, cols = np.indices(vals.shape)
        return pd.DataFrame(
            {
                "row": rows.ravel(),
                "column": cols.ravel(),
                "value": vals.ravel(),
                "primary": np.atleast_2d(self.primary).ravel(),
                "secondary": np.atleast_2d(self.secondary).ravel(),
                "reason": np.atleast_2d(self.reason).ravel(),
            }
        )


def _round(x: FloatArray, base: int | None) -> FloatArray:
    if base is None:
        return x
    return np.floor(x / base + 0.5) * base


def _protect_lines(
    x: FloatArray,
    supp: BoolArray,
    line_open: BoolArray,
    cross_open: BoolArray,
) -> tuple[BoolArray, BoolArray]:
    """One pass over rows of ``x``: pick a second cell in rows with exactly one.

    ``line_open``: rows whose total is published; ``cross_open``: columns whose total
    is published (used to prefer cells that also protect their column). Returns the
    new secondary cells and the rows whose total must be suppressed instead.
    """
    need = line_open & (supp.sum(axis=1) == 1)
    new = np.zeros_like(supp)
    if not need.any():
        return new, np.zeros_like(need)
    xs, ss = x[need], supp[need]
    cand = ~ss
    positive = cand & (x[need] > 0)
    eligible = np.where(positive.any(axis=1, keepdims=True), positive, cand)
    smallest = np.where(eligible, xs, np.inf).min(axis=1, keepdims=True)
    at_min = eligible & (xs == smallest)
    helps = at_min & (cross_open & (supp.sum(axis=0) == 1))[None, :]
    pick = np.where(helps.any(axis=1), helps.argmax(axis=1), at_min.argmax(axis=1))
    has = eligible.any(axis=1)
    rows = np.flatnonzero(need)
    new[rows[has], pick[has]] = True
    no_cell = np.zeros_like(need)
    no_cell[rows[~has]] = True
    return new, no_cell


def suppress(
    counts: Any,
    threshold: float = 5,
    *,
    suppress_zero: bool = False,
    totals: str = "auto",
    rounding: int | None = None,
) -> SuppressionResult:
    """Primary and secondary suppression of small counts (see the module docstring).

    Args:
        counts: a 1-D table (categories that add up to a published total) or a 2-D
            table (e.g. areas x categories) of non-negative counts.
        threshold: counts with ``0 < count < threshold`` are suppressed.
        suppress_zero: suppress zeros too (primary).
        totals: which totals are published and so must not reveal a suppressed
            cell. 2-D: ``'auto'``/``'both'`` (row and column totals), ``'rows'``,
            ``'columns'`` or ``'none'`` (primary suppression only). 1-D: ``'auto'``
            (the total is published) or ``'none'``.
        rounding: None, or a base (5 or 10) to round the published cells and totals to.

    Returns:
        :class:`SuppressionResult`.
    """
    x = as_float_array(counts, "counts")
    if x.ndim not in (1, 2) or x.size == 0:
        raise StatisticsInputError(
            "counts must be a non-empty 1-D (categories) or 2-D (areas x categories) table"
        )
    bad = ~np.isfinite(x) | (x < 0)
    if bad.any():
        where = tuple(int(i[0]) for i in np.nonzero(bad))
        raise StatisticsInputError(
            f"cell {where[0] if x.ndim == 1 else where}: counts must be non-negative finite numbers"
        )
    try:
        thr = float(threshold)
    except (TypeError, ValueError) as exc:
        raise StatisticsInputError(f"threshold must be a number; got {threshold!r}") from exc
    if not thr > 0:
        raise StatisticsInputError(f"threshold must be positive; got {threshold!r}")
    if rounding is not None and (int(rounding) != rounding or rounding < 1):
        raise StatisticsInputError(
            f"rounding must be None or a positive whole base; got {rounding!r}"
        )
    base = None if rounding is None else int(rounding)
    one = x.ndim == 1
    if one:
        if totals not in ("auto", "none"):
            raise StatisticsInputError(
                f"totals for a 1-D table must be 'auto' or 'none'; got {totals!r}"
            )
        by_rows, by_cols = totals == "auto", False
    else:
        if totals not in _TOTALS_2D:
            raise StatisticsInputError(
                f"totals must be one of {sorted(_TOTALS_2D)}; got {totals!r}"
            )
        by_rows, by_cols = _TOTALS_2D[totals]
    t = np.atleast_2d(x)
    n_rows, n_cols = t.shape

    primary = (t > 0) & (t < thr)
    if suppress_zero:
        primary |= t == 0
    supp = primary.copy()
    from_row = np.zeros_like(supp)
    from_col = np.zeros_like(supp)
    row_open = np.full(n_rows, by_rows)
    col_open = np.full(n_cols, by_cols)
    # each pass suppresses at least one more cell or total, so this bound is never hit
    for _ in range(t.size + n_rows + n_cols + 1):
        changed = False
        if by_rows:
            new, drop = _protect_lines(t, supp, row_open, col_open)
            supp |= new
            from_row |= new
            row_open &= ~drop
            changed |= bool(new.any() or drop.any())
        if by_cols:
            new_t, drop = _protect_lines(t.T, supp.T, col_open, row_open)
            supp |= new_t.T
            from_col |= new_t.T & ~from_row
            col_open &= ~drop
            changed |= bool(new_t.any() or drop.any())
        if not changed:
            break

    secondary = supp & ~primary
    reason = np.full(t.shape, "", dtype=object)
    reason[secondary & from_row] = "secondary: row"
    reason[secondary & from_col] = "secondary: column"
    reason[primary] = f"primary: count below {thr:g}"
    reason[primary & (t == 0)] = "primary: zero"
    values = np.where(supp, np.nan, _round(t, base))
    row_totals = np.where(row_open, _round(t.sum(axis=1), base), np.nan) if by_rows else None
    col_totals = np.where(col_open, _round(t.sum(axis=0), base), np.nan) if by_cols else None

    def shaped(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return a[0] if one else a

    return SuppressionResult(
        values=shaped(values),
        primary=shaped(primary),
        secondary=shaped(secondary),
        reason=shaped(reason),
        row_totals=row_totals,
        column_totals=col_totals,
        threshold=thr,
        rounding=base,
    )
