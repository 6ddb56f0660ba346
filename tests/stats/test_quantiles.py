"""Quantile assignment (PHEindicatormethods phe_quantile), vectorised over groups."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import quantile
from tests.stats.conftest import reference_cases

# testdata_Quantiles.xlsx, 40501 Female, North East (12 areas), deciles, high is bad
NE_VALUES = [118.7460481, 131.2778276, 137.109864, 137.7256526, 138.9005229, 143.263302,
             145.5966707, 146.6971262, 153.6912833, 155.763081, 157.1222286, 171.2170455]  # fmt: skip
NE_DECILES = [10, 9, 8, 7, 6, 6, 5, 4, 3, 2, 1, 1]


@pytest.mark.parametrize("case", reference_cases("quantile_phe"))
def test_reference_cases(case: dict[str, Any]) -> None:
    i = case["inputs"]
    r = quantile(i["values"], nquantiles=i["nquantiles"], invert=i["invert"])
    np.testing.assert_array_equal(r.value, case["expected"]["value"])


def test_worked_example_and_labels() -> None:
    r = quantile(NE_VALUES, nquantiles=10, invert=True)
    np.testing.assert_array_equal(r.value, NE_DECILES)
    assert r.method == "PHEindicatormethods phe_quantile"
    assert "highest values" in r.statistic
    up = quantile(NE_VALUES, nquantiles=10, invert=False)
    np.testing.assert_array_equal(up.value, [1, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10])


def test_groups_are_ranked_separately_in_one_call() -> None:
    values = [*NE_VALUES, *reversed(NE_VALUES), 5.0, 6.0]
    groups = ["NE"] * 12 + ["NW"] * 12 + ["tiny"] * 2
    r = quantile(values, nquantiles=10, invert=True, groups=groups)
    np.testing.assert_array_equal(r.value[:12], NE_DECILES)
    np.testing.assert_array_equal(r.value[12:24], NE_DECILES[::-1])
    assert np.isnan(r.value[24:]).all()  # fewer areas than quantiles: none assigned
    np.testing.assert_array_equal(r.extra["n_ranked"], [12] * 24 + [2] * 2)


def test_ties_share_the_lowest_rank_and_missing_values_are_skipped() -> None:
    r = quantile([3.0, 1.0, 2.0, 2.0, np.nan, 4.0], nquantiles=2)
    np.testing.assert_array_equal(r.extra["rank"], [4, 1, 2, 2, np.nan, 5])
    np.testing.assert_array_equal(r.value, [2, 1, 1, 1, np.nan, 2])
    np.testing.assert_array_equal(r.extra["n_ranked"], [5] * 6)


def test_invert_may_be_given_per_value_when_constant_within_groups() -> None:
    r = quantile([1, 2, 3, 1, 2, 3], 3, invert=[True] * 3 + [False] * 3, groups=[1] * 3 + [2] * 3)
    np.testing.assert_array_equal(r.value, [3, 2, 1, 1, 2, 3])
    assert r.statistic.endswith("(direction set per group)")
    with pytest.raises(StatisticsInputError, match="group 'b': invert"):
        quantile([1, 2, 3], 1, invert=[True, False, True], groups=["a", "b", "b"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1, 2], "nquantiles": 0}, "nquantiles"),
        ({"values": [1, 2], "nquantiles": 2.5}, "nquantiles"),
        ({"values": [1, 2], "groups": ["a"]}, "one label per value"),
        ({"values": [1, 2], "invert": "yes"}, "invert"),
        ({"values": [1, np.inf]}, "value 1"),
        ({"values": ["a", "b"]}, "numeric"),
    ],
)
def test_invalid_input_raises(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(StatisticsInputError, match=message):
        quantile(**kwargs)


values_st = st.lists(st.integers(-50, 50).map(float), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(values=values_st, nq=st.integers(1, 10))
def test_quantiles_are_in_range_and_follow_the_values(values: list[float], nq: int) -> None:
    r = quantile(values, nq)
    if len(values) < nq:
        assert np.isnan(r.value).all()
        return
    q = r.value
    assert ((q >= 1) & (q <= nq)).all()
    order = np.argsort(values, kind="stable")
    assert (np.diff(q[order]) >= 0).all()  # higher value, same or higher quantile
    np.testing.assert_array_equal(
        quantile(values, nq, invert=True).value, quantile([-v for v in values], nq).value
    )


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 30).map(float)), max_size=80),
    nq=st.integers(1, 6),
)
def test_vectorised_equals_per_group(data: list[tuple[str, float]], nq: int) -> None:
    groups = np.array([g for g, _ in data], dtype=object)
    values = np.array([v for _, v in data])
    together = quantile(values, nq, groups=groups)
    for g in set(groups):
        mask = groups == g
        alone = quantile(values[mask], nq)
        np.testing.assert_array_equal(together.value[mask], alone.value)
        np.testing.assert_array_equal(together.extra["rank"][mask], alone.extra["rank"])
