"""Secondary suppression over linked additive relations (stats.suppress_linked)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell import stats
from placewell.errors import StatisticsInputError


def _pairs(equations: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    eq = np.concatenate([np.full(len(e), i) for i, e in enumerate(equations)])
    cell = np.concatenate([np.asarray(e) for e in equations])
    return eq.astype(np.int64), cell.astype(np.int64)


def test_a_parent_hidden_for_its_categories_is_not_given_away_by_its_children() -> None:
    """The disclosure this function exists for.

    Cells: 0 partnership quintile 2 (12), 1 partnership quintile 1 (3), 2 partnership
    total (15); 3 locality A quintile 2 (12), 4 locality B quintile 2 (0). The
    partnership's quintiles add up to its total, so quintile 2 is hidden to protect
    quintile 1; but localities A and B add up to the partnership's quintile 2, so one
    of them must go too, or 12 + 0 gives it away.
    """
    counts = [12, 3, 15, 12, 0]
    eq, cell = _pairs([[0, 1, 2], [3, 4, 0]])
    total = np.array([False, False, True, False, False, True])
    r = stats.suppress_linked(counts, eq, cell, total=total)
    assert r.primary.tolist() == [False, True, False, False, False]
    assert r.secondary.tolist() == [True, False, False, True, False]
    assert r.cause.tolist() == [0, -1, -1, 1, -1]


def test_a_total_is_hidden_only_when_no_part_is_left() -> None:
    # one part and its total: the part is small, the total must go
    r = stats.suppress_linked([3, 3], [0, 0], [0, 1], total=[False, True])
    assert r.suppressed.tolist() == [True, True]
    # two parts and a total: the other part goes, not the total
    r = stats.suppress_linked([3, 40, 43], [0, 0, 0], [0, 1, 2], total=[False, False, True])
    assert r.suppressed.tolist() == [True, True, False]


def test_zeros_go_last_and_smallest_first() -> None:
    r = stats.suppress_linked([2, 0, 9, 7, 18], [0] * 5, [0, 1, 2, 3, 4])
    assert r.suppressed.tolist() == [True, False, False, True, False]
    r = stats.suppress_linked([2, 0], [0, 0], [0, 1])
    assert r.suppressed.tolist() == [True, True]


def test_it_prefers_a_cell_that_protects_two_relations_at_once() -> None:
    # cells 0 and 1 are small; cell 2 and 3 are equally small candidates, but 3 sits
    # in both relations, so one extra suppression protects both
    eq, cell = _pairs([[0, 2, 3], [1, 3, 4]])
    r = stats.suppress_linked([1, 1, 8, 8, 8], eq, cell)
    assert r.secondary.tolist() == [False, False, False, True, False]


def test_the_same_as_suppress_on_a_one_way_table() -> None:
    counts = np.array([[3, 10, 20], [15, 4, 30], [8, 9, 50]], dtype=float)
    flat = counts.ravel()
    rows = [[3 * i + j for j in range(3)] for i in range(3)]
    eq, cell = _pairs(rows)
    linked = stats.suppress_linked(flat, eq, cell)
    table = stats.suppress(counts, totals="rows")
    assert (linked.suppressed.reshape(3, 3) == table.suppressed).all()


def test_bad_input_is_refused_with_a_reason() -> None:
    with pytest.raises(StatisticsInputError, match="non-negative"):
        stats.suppress_linked([1, -1], [0, 0], [0, 1])
    with pytest.raises(StatisticsInputError, match="same length"):
        stats.suppress_linked([1, 2], [0, 0], [0])
    with pytest.raises(StatisticsInputError, match="refers to cell 5"):
        stats.suppress_linked([1, 2], [0, 0], [0, 5])
    with pytest.raises(StatisticsInputError, match="threshold"):
        stats.suppress_linked([1, 2], [0, 0], [0, 1], threshold=0)


@st.composite
def _linked(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 30))
    counts = np.asarray(draw(st.lists(st.integers(0, 40), min_size=n, max_size=n)), dtype=float)
    n_eq = draw(st.integers(1, 12))
    equations = [
        sorted(draw(st.sets(st.integers(0, n - 1), min_size=2, max_size=min(n, 6))))
        for _ in range(n_eq)
    ]
    eq, cell = _pairs(equations)
    return counts, eq, cell


@settings(max_examples=300, deadline=None)
@given(_linked(), st.integers(2, 11), st.booleans())
def test_no_relation_is_left_with_one_hidden_cell(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], threshold: int, zero: bool
) -> None:
    counts, eq, cell = case
    r = stats.suppress_linked(counts, eq, cell, threshold=threshold, suppress_zero=zero)
    hidden = np.bincount(eq, weights=r.suppressed[cell])
    assert not (hidden == 1).any()
    small = (counts > 0) & (counts < threshold) | (zero & (counts == 0))
    assert (r.primary == small).all()
    assert not (r.primary & r.secondary).any()
    # a cell is hidden only as small or for a relation that needed it
    assert ((r.cause >= 0) == r.secondary).all()
