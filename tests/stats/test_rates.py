"""Crude rates (exact below 10 events, Byar's from 10) and count intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import count_ci, crude_rate
from tests.stats.conftest import reference_cases


def _close(actual: float, expected: float | None) -> None:
    if expected is None:
        assert np.isnan(actual)
    else:
        assert actual == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("case", reference_cases("crude_rate_byars_exact"))
def test_crude_rate_reference_cases(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    r = crude_rate(i["count"], i["population"], case["confidence"], i["multiplier"])
    for key in ("value", "lower", "upper"):
        _close(float(getattr(r, key)[0]), e[key])
    assert r.methods()[0] == e["ci_method"]


@pytest.mark.parametrize("case", reference_cases("count_ci_byars"))
def test_count_ci_reference_cases(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    r = count_ci(i["count"], case["confidence"])
    for key in ("value", "lower", "upper"):
        _close(float(getattr(r, key)[0]), e[key])
    assert r.method == "Byars"


def test_crude_rate_worked_examples() -> None:
    # PHEindicatormethods testdata_Rate.xlsx Area1 (1/100, exact) and Area7 (222/3215, Byar's)
    r = crude_rate([1, 222], [100, 3215])
    np.testing.assert_allclose(r.value, [1000, 6905.132192846034], rtol=1e-12)
    np.testing.assert_allclose(r.lower, [25.317807984289896, 6026.574877652674], rtol=1e-9)
    np.testing.assert_allclose(r.upper, [5571.643390938898, 7875.729370871851], rtol=1e-9)
    assert r.methods().tolist() == ["Exact", "Byars"]
    assert r.statistic == "rate per 100000"


def test_method_switches_at_ten_events() -> None:
    r = crude_rate([9, 10], [1000, 1000])
    assert r.methods().tolist() == ["Exact", "Byars"]
    assert crude_rate([10, 20], [1000, 1000]).method == "Byars"


def test_crude_rate_two_levels() -> None:
    r = crude_rate([5], [100], (0.95, 0.998))
    # testdata_Rate.xlsx Area2 at 99.8%
    assert r.extra["lower_99_8"][0] == pytest.approx(739.3717319178389, rel=1e-9)
    assert r.extra["upper_99_8"][0] == pytest.approx(16454.745203680104, rel=1e-9)
    assert r.lower[0] == pytest.approx(1623.4863901184199, rel=1e-9)


def test_count_ci_methods() -> None:
    assert count_ci([1]).lower[0] == pytest.approx(0.01307213290150435, rel=1e-9)
    exact = count_ci([1], method="exact")
    assert exact.lower[0] == pytest.approx(0.025317807984289896, rel=1e-9)
    auto = count_ci([1, 65], method="auto")
    assert auto.methods().tolist() == ["Exact", "Byars"]
    with pytest.raises(StatisticsInputError, match="method"):
        count_ci([1], method="normal")  # type: ignore[arg-type]


@given(
    data=st.lists(
        st.tuples(st.integers(0, 10**6), st.floats(1, 1e9, allow_nan=False)),
        min_size=1,
        max_size=30,
    )
)
def test_properties(data: list[tuple[int, float]]) -> None:
    x = np.array([c for c, _ in data], dtype=float)
    n = np.array([p for _, p in data])
    r95, r998 = crude_rate(x, n, 0.95), crude_rate(x, n, 0.998)
    assert np.all(r95.lower <= r95.value * (1 + 1e-12)) and np.all(r95.value <= r95.upper)
    assert np.all(r998.lower <= r95.lower) and np.all(r998.upper >= r95.upper)
    for g in range(len(x)):
        one = crude_rate(x[g], n[g])
        assert one.lower[0] == r95.lower[g] and one.upper[0] == r95.upper[g]
        assert one.methods()[0] == r95.methods()[g]


@pytest.mark.parametrize(
    ("count", "population", "fault"),
    [
        ([1, -2], [10, 10], "group 1: count"),
        ([1, 2, 3], [10, 10, 0], "group 2: population must be greater than zero"),
        ([1, 2], [10, np.inf], "group 1: population"),
    ],
)
def test_bad_input_names_the_group(count: Any, population: Any, fault: str) -> None:
    with pytest.raises(StatisticsInputError, match=fault):
        crude_rate(count, population)


def test_count_ci_rejects_negative_counts() -> None:
    with pytest.raises(StatisticsInputError, match="group 2: count"):
        count_ci([3, 4, -1])


def test_docstring_examples() -> None:
    import doctest

    from placewell.stats import rates as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
