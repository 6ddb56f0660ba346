"""Small-count suppression with secondary suppression against totals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from placewell.errors import StatisticsInputError
from placewell.stats import suppress
from placewell.stats.disclosure import SuppressionResult


def test_worked_example_two_way_table() -> None:
    table = np.array(
        [
            [3, 10, 20, 7],
            [12, 15, 30, 40],
            [8, 9, 2, 50],
            [25, 30, 35, 40],
        ]
    )
    r = suppress(table)
    np.testing.assert_array_equal(r.primary, (table > 0) & (table < 5))
    # row 0 hides 3 and its next-smallest 7; row 2 hides 2 and 8; columns 2 and 3
    # then need a second cell (20, 40), and row 1 one more (12)
    expected = np.array(
        [
            [1, 0, 1, 1],
            [1, 0, 0, 1],
            [1, 0, 1, 0],
            [0, 0, 0, 0],
        ],
        dtype=bool,
    )
    np.testing.assert_array_equal(r.suppressed, expected)
    assert r.reason[0, 0] == "primary: count below 5"
    assert r.reason[0, 3] == "secondary: row"
    assert r.reason[0, 2] == "secondary: column"
    np.testing.assert_array_equal(r.row_totals, table.sum(axis=1))
    np.testing.assert_array_equal(r.column_totals, table.sum(axis=0))
    assert np.isnan(r.values[r.suppressed]).all()
    np.testing.assert_array_equal(r.values[~r.suppressed], table[~r.suppressed])
    frame = r.to_frame()
    assert len(frame) == 16 and frame["value"].isna().sum() == 7


def test_one_way_table() -> None:
    r = suppress([3, 10, 0, 12])
    assert list(r.primary) == [True, False, False, False]
    assert list(r.secondary) == [False, True, False, False]  # smallest non-zero, not the zero
    assert list(r.row_totals) == [25.0]
    assert r.column_totals is None
    # a zero is the only cell left to hide: use it
    assert list(suppress([3, 0]).suppressed) == [True, True]
    # a single category equals its total, so the total is hidden
    single = suppress([3])
    assert bool(single.primary[0]) and np.isnan(single.row_totals).all()
    # no published total: primary suppression only
    assert list(suppress([3, 10, 12], totals="none").suppressed) == [True, False, False]


def test_threshold_zero_and_rounding_options() -> None:
    counts = [0, 4, 5, 6, 9, 23]
    assert list(suppress(counts, totals="none").primary) == [
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    assert list(suppress(counts, threshold=6, totals="none").primary) == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    assert bool(suppress(counts, suppress_zero=True, totals="none").primary[0])
    assert suppress(counts, suppress_zero=True, totals="none").reason[0] == "primary: zero"
    r = suppress(counts, rounding=5)
    np.testing.assert_array_equal(r.values, [0.0, np.nan, np.nan, 5.0, 10.0, 25.0])
    assert list(r.row_totals) == [45.0]  # 47 to the nearest 5
    assert list(suppress([12, 15, 17], rounding=10).values) == [10.0, 20.0, 20.0]


def test_rows_only_and_columns_only() -> None:
    table = np.array([[3, 10, 20], [12, 15, 30]])
    rows = suppress(table, totals="rows")
    assert rows.column_totals is None and rows.suppressed.sum() == 2
    assert rows.suppressed[0].sum() == 2 and not rows.suppressed[1].any()
    cols = suppress(table, totals="columns")
    assert cols.row_totals is None
    assert cols.suppressed[:, 0].all() and cols.suppressed.sum() == 2


def test_input_errors() -> None:
    with pytest.raises(StatisticsInputError, match="non-negative"):
        suppress([3, -1, 4])
    with pytest.raises(StatisticsInputError, match=r"\(1, 0\)"):
        suppress([[3, 4], [np.nan, 5]])
    with pytest.raises(StatisticsInputError, match="totals"):
        suppress([3, 4], totals="both")
    with pytest.raises(StatisticsInputError, match="totals"):
        suppress([[3, 4]], totals="diagonal")
    with pytest.raises(StatisticsInputError, match="rounding"):
        suppress([3, 4], rounding=2.5)
    with pytest.raises(StatisticsInputError, match="threshold"):
        suppress([3, 4], threshold=0)
    with pytest.raises(StatisticsInputError, match="1-D"):
        suppress(np.ones((2, 2, 2)))


def _never_derivable(r: SuppressionResult, by_rows: bool, by_cols: bool) -> None:
    """Every line with a published total hides 0 or at least 2 cells."""
    supp = np.atleast_2d(r.suppressed)
    if by_rows:
        rt = np.asarray(r.row_totals)
        per_row = supp.sum(axis=1)
        assert ((per_row != 1) | np.isnan(rt)).all()
    if by_cols:
        ct = np.asarray(r.column_totals)
        per_col = supp.sum(axis=0)
        assert ((per_col != 1) | np.isnan(ct)).all()


tables = hnp.arrays(
    np.int64,
    st.tuples(st.integers(1, 7), st.integers(1, 7)),
    elements=st.one_of(st.integers(0, 6), st.integers(0, 60)),
)


@settings(max_examples=300, deadline=None)
@given(tables, st.sampled_from(["both", "rows", "columns"]), st.booleans())
def test_never_leaves_a_derivable_cell(table: np.ndarray, totals: str, zero: bool) -> None:
    r = suppress(table, totals=totals, suppress_zero=zero)
    _never_derivable(r, totals in ("both", "rows"), totals in ("both", "columns"))
    expected_primary = (table > 0) & (table < 5) | (zero & (table == 0))
    np.testing.assert_array_equal(r.primary, expected_primary)
    assert not (r.primary & r.secondary).any()
    np.testing.assert_array_equal(np.isnan(r.values), r.suppressed)
    np.testing.assert_array_equal(r.values[~r.suppressed], table[~r.suppressed])
    # secondary suppression only happens to protect something
    if not r.primary.any():
        assert not r.secondary.any()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=12))
def test_one_way_never_leaves_a_derivable_cell(counts: list[int]) -> None:
    r = suppress(counts)
    n = int(r.suppressed.sum())
    assert n != 1 or np.isnan(r.row_totals).all()
    assert r.row_totals is not None
    if n != 1:
        assert r.row_totals[0] == sum(counts)
