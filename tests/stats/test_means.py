"""Means with Student's t intervals (PHEindicatormethods phe_mean)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import mean
from tests.stats.conftest import reference_cases

AREA1 = [33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927]


@pytest.mark.parametrize("case", reference_cases("mean_t"))
def test_reference_cases(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    r = mean(i["values"], confidence=case["confidence"])
    for key in ("value", "lower", "upper"):
        assert float(getattr(r, key)[0]) == pytest.approx(e[key], rel=1e-9)
    assert r.extra["sd"][0] == pytest.approx(e["sd"], rel=1e-9)
    assert r.extra["n"][0] == e["n"]


def test_worked_example_and_grouping() -> None:
    # PHEindicatormethods testdata_Mean.xlsx Area1, and Area1 grouped with a second area
    r = mean(AREA1)
    assert r.value[0] == pytest.approx(53.70434500000001, rel=1e-12)
    assert r.lower[0] == pytest.approx(36.168325241336504, rel=1e-9)
    assert r.upper[0] == pytest.approx(71.24036475866352, rel=1e-9)
    assert r.method == "Student's t-distribution"
    values = [*AREA1, 1.0, 2.0, 4.0]
    grouped = mean(values, groups=["b"] * 8 + ["a"] * 3, confidence=0.998)
    assert grouped.extra["group"].tolist() == ["a", "b"]
    assert grouped.extra["n"].tolist() == [3, 8]
    assert grouped.lower[1] == pytest.approx(18.216705294788838, rel=1e-9)
    assert grouped.upper[1] == pytest.approx(89.19198470521118, rel=1e-9)


def test_summary_input_matches_records() -> None:
    r = mean(n=[8], means=[53.70434500000001], sds=[20.97557525770931])
    assert r.lower[0] == pytest.approx(36.168325241336504, rel=1e-9)
    assert r.upper[0] == pytest.approx(71.24036475866352, rel=1e-9)


def test_single_record_has_no_interval() -> None:
    r = mean([5.0, 1.0, 2.0], groups=[1, 2, 2])
    assert r.value[0] == 5.0 and np.isnan(r.lower[0]) and np.isnan(r.upper[0])
    assert np.isfinite(r.lower[1])


@given(
    groups=st.lists(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=20),
        min_size=1,
        max_size=8,
    )
)
def test_properties(groups: list[list[float]]) -> None:
    values = np.concatenate([np.asarray(g) for g in groups])
    labels = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    r95 = mean(values, labels, 0.95)
    r998 = mean(values, labels, 0.998)
    assert np.all(r95.lower <= r95.value) and np.all(r95.value <= r95.upper)
    assert np.all(r998.lower <= r95.lower) and np.all(r998.upper >= r95.upper)
    for g, vals in enumerate(groups):
        one = mean(vals)
        assert one.value[0] == pytest.approx(r95.value[g], rel=1e-12, abs=1e-9)
        assert one.upper[0] == pytest.approx(r95.upper[g], rel=1e-12, abs=1e-9)


def test_bad_input() -> None:
    with pytest.raises(StatisticsInputError, match=r"group 1 \('b'\): values must be finite"):
        mean([1.0, 2.0, np.nan], groups=["a", "a", "b"])
    with pytest.raises(StatisticsInputError, match="one label per value"):
        mean([1.0, 2.0], groups=["a"])
    with pytest.raises(StatisticsInputError, match="group 1: n must be"):
        mean(n=[3, 0], means=[1, 1], sds=[1, 1])
    with pytest.raises(StatisticsInputError, match="either values or"):
        mean([1.0, 2.0], n=[2], means=[1.5], sds=[0.7])
    with pytest.raises(StatisticsInputError, match="confidence"):
        mean([1.0, 2.0], confidence=0.8)


def test_docstring_examples() -> None:
    import doctest

    from placewell.stats import means as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
