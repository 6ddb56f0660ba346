"""Interval building blocks: Wilson, Byar's and exact Poisson limits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chi2

from placewell.errors import StatisticsInputError
from placewell.stats import byars, exact_poisson, wilson
from placewell.stats._validate import z_for
from placewell.stats.intervals import confidence_levels, level_suffix

Z95 = z_for(0.95)
Z998 = z_for(0.998)


def test_wilson_worked_example() -> None:
    # PHEindicatormethods testdata_Proportion.xlsx, Area1 (1 of 100)
    lower, upper = wilson(1, 100, Z95)
    assert lower == pytest.approx(0.0017674320641406511, rel=1e-12)
    assert upper == pytest.approx(0.054486196178705294, rel=1e-12)


def test_wilson_zero_denominator_is_nan() -> None:
    lower, upper = wilson([0, 1], [0, 10], Z95)
    assert np.isnan(lower[0]) and np.isnan(upper[0])
    assert 0 < lower[1] < upper[1] < 1


def test_byars_worked_examples() -> None:
    # PHEindicatormethods testdata_Byars_Wilson.xlsx rows 2, 3 and 7
    lower, upper = byars([65, 1045, 10], [Z95, Z95, Z998])
    np.testing.assert_allclose(lower, [50.163187710459454, 982.5932018073325, 2.916318374695686])
    np.testing.assert_allclose(upper, [82.84913854593984, 1110.33121298565, 24.193724927880535])


def test_byars_negative_lower_is_nan_and_zero_count_is_zero() -> None:
    lower, upper = byars([1, 0], Z998)
    assert np.isnan(lower[0])
    assert upper[0] == pytest.approx(9.362180217908362, rel=1e-12)
    assert lower[1] == 0


def test_exact_poisson_matches_chi_square_formula() -> None:
    x = np.array([0, 1, 5, 9, 37, 250])
    for c in (0.95, 0.998):
        lower, upper = exact_poisson(x, c)
        expected_lower = np.where(x > 0, chi2.ppf((1 - c) / 2, np.maximum(2 * x, 1)) / 2, 0)
        np.testing.assert_allclose(lower, expected_lower, rtol=1e-10)
        np.testing.assert_allclose(upper, chi2.ppf(1 - (1 - c) / 2, 2 * x + 2) / 2, rtol=1e-10)


def test_exact_poisson_worked_example() -> None:
    # 1 event: 95% limits 0.025317807984289896, 5.571643390938898 (phe_rate Area1 / 1000)
    lower, upper = exact_poisson(1, 0.95)
    assert lower == pytest.approx(0.025317807984289896, rel=1e-12)
    assert upper == pytest.approx(5.571643390938898, rel=1e-12)


@given(x=st.integers(min_value=0, max_value=100_000))
def test_exact_and_byars_bracket_the_count(x: int) -> None:
    for lo, hi in (exact_poisson(x, 0.95), byars(x, Z95)):
        assert (np.isnan(lo) or lo <= x) and x <= hi


@given(
    n=st.integers(min_value=1, max_value=10**9),
    frac=st.floats(min_value=0, max_value=1),
)
def test_wilson_limits_bracket_and_stay_in_unit_interval(n: int, frac: float) -> None:
    x = np.floor(frac * n)
    lo95, hi95 = wilson(x, n, Z95)
    lo998, hi998 = wilson(x, n, Z998)
    p = x / n
    assert 0 <= lo998 <= lo95 <= p + 1e-12
    assert p - 1e-12 <= hi95 <= hi998 <= 1


def test_confidence_levels() -> None:
    assert confidence_levels(0.95) == (0.95,)
    assert confidence_levels([0.95, 0.998]) == (0.95, 0.998)
    assert level_suffix(0.998) == "99_8"
    assert level_suffix(0.95) == "95"
    for bad in (0.5, 1.0, 95, "0.95", (), (0.95, 0.95), (0.95, 1.2)):
        with pytest.raises(StatisticsInputError):
            confidence_levels(bad)  # type: ignore[arg-type]
