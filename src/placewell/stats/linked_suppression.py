"""Secondary suppression across linked tables: any set of additive relations.

:func:`placewell.stats.suppress` protects one two-way table against its own row and
column totals. Published indicator results are many such tables linked together:
the categories of a breakdown add up to the area's total, and the same category in
every locality adds up to the partnership's, whose partnerships add up to the
board's, and so on. A value hidden in one table can be recovered from another (a
partnership cell suppressed to protect a quintile equals the sum of its localities'
published cells). Following the ONS *Disclosure control guidance for tables produced
from administrative sources* (linked tables must be protected together) and the
complementary-suppression rule of Public Health Scotland's *Statistical Disclosure
Control Protocol*, :func:`suppress_linked` takes the cells as one flat array and the
relations as *equations*: each equation is the set of cells of one additive relation
(a total and its parts). It applies

1. **primary suppression** of counts with ``0 < count < threshold`` (zeros too with
   ``suppress_zero``), then
2. **secondary suppression** until no equation has exactly one suppressed cell: in
   each equation that has exactly one, one more cell is suppressed, chosen as the
   smallest non-zero published part (a total only when no part is left; a zero only
   when nothing else is left), preferring among equally small cells one that also
   sits in another equation needing a second suppression. All equations are treated
   at once per pass, and passes repeat until nothing changes.

**Guarantee.** Every equation with at least two cells ends with 0 or at least 2
suppressed cells, so no suppressed cell equals a combination of published cells
*of one equation*. As with :func:`suppress`, systems of several equations solved
together are not checked (tau-ARGUS or ``sdcTable`` do that with linear programming).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError
from placewell.stats._validate import as_float_array

__all__ = ["LinkedSuppressionResult", "suppress_linked"]

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class LinkedSuppressionResult:
    """Which cells to withhold.

    Attributes:
        primary: cells suppressed as small counts.
        secondary: cells suppressed to protect another cell.
        cause: per cell, the equation whose protection suppressed it (``-1`` for
            primary and published cells).
        passes: how many secondary passes were needed.
    """

    primary: BoolArray
    secondary: BoolArray
    cause: IntArray
    passes: int

    @property
    def suppressed(self) -> BoolArray:
        """Cells not published (primary or secondary)."""
        return self.primary | self.secondary


def _as_index(values: Any, name: str, n: int | None = None) -> IntArray:
    arr = np.asarray(values)
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise StatisticsInputError(f"{name} must be a 1-D array of whole numbers")
    out = arr.astype(np.int64)
    if out.size and out.min() < 0:
        raise StatisticsInputError(f"{name} must not be negative")
    if n is not None and out.size and out.max() >= n:
        raise StatisticsInputError(f"{name} refers to cell {int(out.max())} of only {n}")
    return out


def suppress_linked(
    counts: Any,
    equation: Any,
    cell: Any,
    *,
    total: Any = None,
    threshold: float = 5,
    suppress_zero: bool = False,
) -> LinkedSuppressionResult:
    """Primary and secondary suppression over linked additive relations.

    Args:
        counts: the count behind every published cell (1-D, non-negative).
        equation, cell: the membership pairs, one per (equation, cell): cell
            ``cell[k]`` takes part in equation ``equation[k]``. A cell may take part
            in any number of equations.
        total: optional boolean per membership pair: whether ``cell[k]`` is the
            total of equation ``equation[k]`` (an area's all-persons value, a parent
            area's value). A total is suppressed to protect another cell of that
            equation only when no part is left.
        threshold: counts with ``0 < count < threshold`` are suppressed.
        suppress_zero: suppress zeros too (primary).

    Returns:
        :class:`LinkedSuppressionResult`.
    """
    x = as_float_array(counts, "counts")
    if x.ndim != 1:
        raise StatisticsInputError("counts must be a 1-D array of cells")
    bad = ~np.isfinite(x) | (x < 0)
    if bad.any():
        raise StatisticsInputError(
            f"cell {int(np.flatnonzero(bad)[0])}: counts must be non-negative finite numbers"
        )
    if not float(threshold) > 0:
        raise StatisticsInputError(f"threshold must be positive; got {threshold!r}")
    eq = _as_index(equation, "equation")
    member = _as_index(cell, "cell", len(x))
    if len(eq) != len(member):
        raise StatisticsInputError("equation and cell must have the same length")
    is_total = (
        np.zeros(len(eq), dtype=bool) if total is None else np.asarray(total, dtype=bool).ravel()
    )
    if len(is_total) != len(eq):
        raise StatisticsInputError("total must have one flag per (equation, cell) pair")

    primary = (x > 0) & (x < float(threshold))
    if suppress_zero:
        primary |= x == 0
    hidden = primary.copy()
    cause = np.full(len(x), -1, dtype=np.int64)
    n_eq = int(eq.max()) + 1 if len(eq) else 0
    size = np.bincount(eq, minlength=n_eq)
    zero = x == 0
    passes = 0
    # every pass hides at least one more cell, so this bound is never reached
    while passes <= len(x):
        passes += 1
        hidden_in = np.bincount(eq, weights=hidden[member], minlength=n_eq)
        needy = (hidden_in == 1) & (size >= 2)
        if not needy.any():
            break
        open_member = needy[eq] & ~hidden[member]
        if not open_member.any():
            break
        helps = np.bincount(member[open_member], minlength=len(x))
        e, c = eq[open_member], member[open_member]
        order = np.lexsort((c, -helps[c], x[c], zero[c], is_total[open_member], e))
        e, c = e[order], c[order]
        first = np.ones(len(e), dtype=bool)
        first[1:] = e[1:] != e[:-1]
        picks, by = c[first], e[first]
        fresh = ~hidden[picks]
        cause[picks[fresh]] = by[fresh]
        hidden[picks] = True
    secondary = hidden & ~primary
    return LinkedSuppressionResult(primary=primary, secondary=secondary, cause=cause, passes=passes)
