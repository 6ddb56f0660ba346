"""Proportions with Wilson score intervals (PHEindicatormethods phe_proportion)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import proportion
from tests.stats.conftest import reference_cases


def _close(actual: float, expected: float | None, case: dict[str, Any]) -> None:
    tol = case.get("tolerance") or {}
    if expected is None:
        assert np.isnan(actual)
    elif "abs" in tol:
        assert actual == pytest.approx(expected, abs=tol["abs"])
    else:
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("case", reference_cases("proportion_wilson"))
def test_reference_cases(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    r = proportion(i["numerator"], i["denominator"], case["confidence"], i["multiplier"])
    for key in ("value", "lower", "upper"):
        _close(float(getattr(r, key)[0]), e[key], case)
    assert r.method == e.get("ci_method", "Wilson")


def test_worked_examples() -> None:
    # PHEindicatormethods testdata_Proportion.xlsx: Area4 (65/100) and Area5 (9856/12345)
    r = proportion([65, 9856], [100, 12345], 0.95)
    np.testing.assert_allclose(r.value, [0.65, 0.7983799108950992], rtol=1e-12)
    np.testing.assert_allclose(r.lower, [0.5525444329688797, 0.7912101752909069], rtol=1e-9)
    np.testing.assert_allclose(r.upper, [0.7363575175690247, 0.8053640073614909], rtol=1e-9)
    pct = proportion(222, 3215, 0.95, multiplier=100)
    assert pct.lower[0] == pytest.approx(6.07916903636366, rel=1e-9)
    assert pct.upper[0] == pytest.approx(7.833956681383633, rel=1e-9)
    assert pct.statistic == "percentage"


def test_two_confidence_levels_give_both_sets_of_limits() -> None:
    r = proportion([1, 65], [100, 100], (0.95, 0.998))
    assert r.confidence == 0.95
    np.testing.assert_array_equal(r.lower, r.extra["lower_95"])
    # testdata_Proportion.xlsx Area1 99.8%
    assert r.extra["lower_99_8"][0] == pytest.approx(0.000873065697299977, rel=1e-9)
    assert r.extra["upper_99_8"][0] == pytest.approx(0.1045544528370582, rel=1e-9)
    frame = r.to_frame()
    assert {"lower_95", "upper_95", "lower_99_8", "upper_99_8"} <= set(frame.columns)


@given(
    counts=st.lists(
        st.tuples(st.integers(0, 10**7), st.integers(1, 10**7)), min_size=1, max_size=30
    )
)
def test_properties(counts: list[tuple[int, int]]) -> None:
    den = np.array([d for _, d in counts], dtype=float)
    num = np.minimum([n for n, _ in counts], den)
    r95 = proportion(num, den, 0.95)
    r998 = proportion(num, den, 0.998)
    assert np.all((r95.lower >= 0) & (r95.upper <= 1))
    assert np.all(r95.lower <= r95.value + 1e-15) and np.all(r95.value <= r95.upper + 1e-15)
    assert np.all(r998.lower <= r95.lower) and np.all(r998.upper >= r95.upper)
    # vectorised result equals the per-group result
    for g in range(len(den)):
        one = proportion(num[g], den[g], 0.95)
        assert one.lower[0] == r95.lower[g] and one.upper[0] == r95.upper[g]


@pytest.mark.parametrize(
    ("num", "den", "fault"),
    [
        ([5, 11], [10, 10], "group 1: numerator"),
        ([5, -1], [10, 10], "group 1: numerator must be a non-negative"),
        ([5, np.nan, 3], [10, 10, 10], "group 1: numerator"),
        ([5, 1, 0], [10, 10, 0], "group 2: denominator must be greater than zero"),
    ],
)
def test_bad_input_names_the_group(num: list[float], den: list[float], fault: str) -> None:
    with pytest.raises(StatisticsInputError, match=fault):
        proportion(num, den)


@pytest.mark.parametrize("confidence", [0.5, 1.0, 95, (0.95, 2)])
def test_bad_confidence(confidence: Any) -> None:
    with pytest.raises(StatisticsInputError, match="confidence"):
        proportion([1], [10], confidence)


def test_bad_multiplier() -> None:
    with pytest.raises(StatisticsInputError, match="multiplier"):
        proportion([1], [10], multiplier=0)


def test_docstring_examples() -> None:
    import doctest

    from placewell.stats import proportions as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
