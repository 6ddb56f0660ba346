"""Comparison with a comparator, as Fingertips does it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import compare, quantile_bounds
from tests.stats.conftest import reference_cases

# Fingertips' Significance enum names -> our codes
FINGERTIPS_CODES = {"None": 0, "Worse": 1, "Same": 2, "Better": 3, "Worst": 4, "Best": 5}


@pytest.mark.parametrize("case", reference_cases("fingertips_spc_proportions"))
def test_spc_proportions_reference(case: dict[str, Any]) -> None:
    i = case["inputs"]
    r = compare(
        i["value"],
        comparator=i["comparator_value"],
        denominator=i["denominator"],
        multiplier=i["unit"],
        method="spc_proportion",
        polarity=i["polarity"],
        confidence=case["confidence"],
    )
    assert int(r.extra["significance"][0]) == FINGERTIPS_CODES[case["expected"]["value"]]
    # Fingertips stores z rounded (1.96, 3.0902); the verdict must not depend on it
    r2 = compare(
        i["value"],
        comparator=i["comparator_value"],
        denominator=i["denominator"],
        multiplier=i["unit"],
        method=5,
        polarity="low_is_good",
        confidence=case["confidence"],
    )
    assert r2.extra["significance"][0] == r.extra["significance"][0]


@pytest.mark.parametrize("case", reference_cases("fingertips_spc_dsr"))
def test_spc_dsr_reference(case: dict[str, Any]) -> None:
    i = case["inputs"]
    assert case["confidence"] == pytest.approx(1 - 2 * i["p"])
    r = compare(
        i["value"],
        comparator=i["comparator_value"],
        denominator=i["population"],
        multiplier=i["unit"],
        method="spc_dsr",
        polarity=i["polarity"],
        confidence=case["confidence"],
    )
    assert int(r.extra["significance"][0]) == FINGERTIPS_CODES[case["expected"]["value"]]


@pytest.mark.parametrize("case", reference_cases("fingertips_quintile_bounds"))
def test_quintile_bounds_reference(case: dict[str, Any]) -> None:
    got = quantile_bounds(case["inputs"]["values"], case["inputs"]["categories"])
    np.testing.assert_allclose(got, case["expected"]["value"], rtol=1e-9)


# --- literal worked examples (run in a fresh clone) ----------------------------------


def test_spc_proportions_worked_example() -> None:
    # Fingertips SpcForProportionsComparerTest, area 5PP/5PN/5PR against 8.961%
    r = compare(
        [7.706576728499156, 9.898812142542896, 12.474645030425965],
        comparator=8.961108687627933,
        denominator=[5930, 2273, 1972],
        multiplier=100,
        method="spc_proportion",
        polarity="low_is_good",
    )
    assert list(r.extra["label"]) == ["Better", "Similar", "Worse"]
    # control limits are the Wilson limits of E = N * p0 out of N, in percent
    n, p0, z = 5930.0, 0.08961108687627933, 1.959963984540054
    e = n * p0
    half = z * np.sqrt(z * z + 4 * e * (1 - p0))
    assert r.lower[0] == pytest.approx(100 * (2 * e + z * z - half) / (2 * (n + z * z)))
    assert r.upper[0] == pytest.approx(100 * (2 * e + z * z + half) / (2 * (n + z * z)))


def test_spc_dsr_worked_example_and_two_levels() -> None:
    # Fingertips SpcForDsrComparerTest: 5PP is better at 95% but similar at 99.8%
    kw: dict[str, Any] = {
        "comparator": 2.132708657734625,
        "denominator": [616282, 409489],
        "multiplier": 100000,
        "method": "spc_dsr",
        "polarity": "low_is_good",
    }
    values = [1.1358436559886544, 4.1515156695295845]
    assert list(compare(values, **kw).extra["label"]) == ["Better", "Worse"]
    assert list(compare(values, confidence=0.998, **kw).extra["label"]) == ["Similar", "Similar"]
    both = compare(values, confidence=(0.95, 0.998), **kw)
    assert list(both.extra["label"]) == ["Better", "Worse"]
    assert both.extra["lower_99_8"][0] < both.lower[0] < both.upper[0] < both.extra["upper_99_8"][0]
    # Fingertips' PoisLow/PoisHigh: exact limits of ceil(E) and floor(E) events
    from scipy.stats import chi2

    e = 2.132708657734625 * 616282 / 100000
    assert both.lower[0] == pytest.approx(
        chi2.ppf(0.025, 2 * np.ceil(e)) / 2 / 616282 * 100000, rel=1e-9
    )
    assert both.upper[0] == pytest.approx(
        chi2.ppf(0.975, 2 * np.floor(e) + 2) / 2 / 616282 * 100000, rel=1e-9
    )


def test_method_17_matches_fingertips_unit_test() -> None:
    # SingleOverlappingCIsForTwoCILevelsComparerTest: value 2.6, 95% 2.5-2.7,
    # 99.8% 2.3-2.9, benchmark 3.0, 2.8, 2.6, 2.4, 2.2
    bench = [3.0, 2.8, 2.6, 2.4, 2.2]
    kw: dict[str, Any] = {"lower_99_8": 2.3, "upper_99_8": 2.9, "method": 17}
    low = compare([2.6] * 5, 2.5, 2.7, bench, polarity="low_is_good", **kw)
    high = compare([2.6] * 5, 2.5, 2.7, bench, polarity="high_is_good", **kw)
    assert list(low.extra["label"]) == ["Best", "Better", "Similar", "Worse", "Worst"]
    assert list(high.extra["label"]) == ["Worst", "Worse", "Similar", "Better", "Best"]
    none = compare([2.6] * 5, 2.5, 2.7, bench, polarity="no_judgement", **kw)
    assert list(none.extra["label"]) == ["Lowest", "Lower", "Similar", "Higher", "Highest"]


def test_method_1_comparator_inside_interval_is_similar() -> None:
    r = compare(
        [10.0, 10.0, 10.0, 10.0, np.nan],
        [8.0, 8.0, 8.0, 8.0, 8.0],
        [12.0, 12.0, 12.0, 12.0, 12.0],
        [12.0, 12.5, 7.0, 8.0, 9.0],
        polarity="high_is_good",
    )
    assert list(r.extra["label"]) == ["Similar", "Worse", "Better", "Similar", "Not compared"]
    assert list(r.extra["significance"]) == [2, 1, 3, 2, 0]
    assert np.isnan(r.value[-1]) and r.value[0] == 2.0
    assert r.to_frame().shape[0] == 5


def test_method_12_interval_overlap() -> None:
    # area 10 (8-12) against comparators with their own intervals
    r = compare(
        [10.0, 10.0, 10.0],
        8.0,
        12.0,
        [13.0, 14.0, 5.0],
        comparator_lower=[11.9, 12.1, 4.0],
        comparator_upper=[14.0, 15.0, 7.9],
        method="overlap",
        polarity="high_is_good",
    )
    assert list(r.extra["label"]) == ["Similar", "Worse", "Better"]
    # method 1 with the same data would call the first one worse (13 is outside 8-12)
    assert compare(10.0, 8.0, 12.0, 13.0, polarity="high_is_good").extra["label"][0] == "Worse"


def test_quintiles_and_quartiles() -> None:
    values = np.arange(1.0, 11.0)
    r = compare(values, method="quintiles", polarity="no_judgement")
    assert list(r.extra["significance"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert r.extra["label"][0] == "Lowest" and r.extra["label"][-1] == "Highest"
    good = compare(values, method=15, polarity="low_is_good")
    assert good.extra["label"][0] == "Best" and good.extra["label"][-1] == "Worst"
    q = compare([1.0, 2.0, 3.0, 4.0, np.nan], method="quartiles", polarity="high_is_good")
    assert list(q.extra["label"]) == ["Worst", "Worse", "Better", "Best", "Not compared"]
    too_few = compare([1.0, 2.0, 3.0, 4.0], method="quintiles")
    assert (too_few.extra["significance"] == 0).all()


def test_quantile_bounds_vectorised_over_groups() -> None:
    rng = np.random.default_rng(1)
    table = rng.normal(size=(4, 30))
    table[1, 20:] = np.nan
    table[3, 3:] = np.nan  # too few values
    got = quantile_bounds(table, 4)
    for g in range(3):
        np.testing.assert_allclose(got[g], quantile_bounds(table[g][~np.isnan(table[g])], 4))
    assert np.isnan(got[3]).all()
    row = table[0]
    inner = np.percentile(row, [25, 50, 75])  # numpy's default is PERCENTILE.INC
    np.testing.assert_allclose(got[0, 1:4], inner, atol=1e-9)


def test_input_errors_name_the_fault() -> None:
    with pytest.raises(StatisticsInputError, match="method"):
        compare(1.0, 0.5, 1.5, 1.0, method="funnel")
    with pytest.raises(StatisticsInputError, match="multiplier"):
        compare(8.0, comparator=9.0, denominator=100, method="spc_proportion")
    with pytest.raises(StatisticsInputError, match="group 1"):
        compare([1.0, 2.0], [0.5, 2.5], [1.5, 1.5], 1.0)
    with pytest.raises(StatisticsInputError, match="polarity"):
        compare(1.0, 0.5, 1.5, 1.0, polarity="up")
    with pytest.raises(StatisticsInputError, match="lower_99_8"):
        compare(1.0, 0.5, 1.5, 1.0, method=17)
    with pytest.raises(StatisticsInputError, match="between 0 and 1"):
        compare(80.0, comparator=9.0, denominator=100, method=5, multiplier=1)
    with pytest.raises(StatisticsInputError, match="denominator"):
        compare(8.0, comparator=9.0, denominator=-5, method=5, multiplier=100)
    with pytest.raises(StatisticsInputError, match="areas"):
        compare([1.0, 2.0, 3.0], [0.5, 1.5], [1.5, 2.5, 3.5], 1.0)


# --- properties -----------------------------------------------------------------------

SWAP = np.array([0, 3, 2, 1, 5, 4])
finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(finite, finite, finite, finite, finite, finite), min_size=1, max_size=8))
def test_polarity_flips_better_and_worse(rows: list[tuple[float, ...]]) -> None:
    arr = np.sort(np.array(rows)[:, :5], axis=1)  # l99.8 <= l95 <= value <= u95 <= u99.8
    comp = np.array(rows)[:, 5]
    for method in ("single_ci", "two_ci_levels", "overlap"):
        kw: dict[str, Any] = {
            "method": method,
            "lower_99_8": arr[:, 0],
            "upper_99_8": arr[:, 4],
            "comparator_lower": comp - 1.0,
            "comparator_upper": comp + 1.0,
        }
        high = compare(arr[:, 2], arr[:, 1], arr[:, 3], comp, polarity="high_is_good", **kw)
        low = compare(arr[:, 2], arr[:, 1], arr[:, 3], comp, polarity="low_is_good", **kw)
        none = compare(arr[:, 2], arr[:, 1], arr[:, 3], comp, polarity="no_judgement", **kw)
        np.testing.assert_array_equal(low.extra["significance"], SWAP[high.extra["significance"]])
        np.testing.assert_array_equal(none.extra["significance"], high.extra["significance"])
        assert (high.extra["significance"] > 0).all()
        similar = high.extra["significance"] == 2
        np.testing.assert_array_equal(similar, low.extra["significance"] == 2)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0.0, 100.0), min_size=1, max_size=10),
    st.floats(0.5, 99.5),
    st.integers(10, 100000),
)
def test_spc_proportion_polarity_and_limits(values: list[float], comp: float, n: int) -> None:
    kw: dict[str, Any] = {
        "comparator": comp,
        "denominator": n,
        "multiplier": 100,
        "method": "spc_proportion",
    }
    high = compare(values, polarity="high_is_good", confidence=(0.95, 0.998), **kw)
    low = compare(values, polarity="low_is_good", confidence=(0.95, 0.998), **kw)
    np.testing.assert_array_equal(low.extra["significance"], SWAP[high.extra["significance"]])
    assert (high.lower <= comp + 1e-9).all() and (high.upper >= comp - 1e-9).all()
    assert (high.extra["lower_99_8"] <= high.lower).all()
