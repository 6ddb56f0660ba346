"""Fingertips recent trend."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import recent_trend
from tests.stats.conftest import reference_cases

# Fingertips' TrendMarker names -> our labels without polarity
MARKERS = {
    "Increasing": "Increasing",
    "Decreasing": "Decreasing",
    "NoChange": "No significant change",
    "CannotBeCalculated": "Could not be calculated",
}

# FingertipsNext TrendMarkerCalculatorTests: diabetes QOF prevalence, England, 2020-2024
DIABETES = {
    "count": [3455176, 3491868, 3625401, 3774801, 3938080],
    "denominator": [48783947, 49122259, 49956777, 50649129, 51441896],
    "value": [7.0826, 7.1085, 7.2571, 7.4528, 7.6554],
}
# ... and preventable sight loss from diabetic eye disease (crude rate), 2020-2024
SIGHT_LOSS = {
    "value": [2.935, 1.93028, 2.7567, 2.8701, 3.0121],
    "lower": [2.7841, 1.8085, 2.6113, 2.7225, 2.8616],
    "upper": [3.0919, 2.058, 2.9082, 3.0237, 3.1683],
}


def _points(case: dict[str, Any]) -> dict[str, list[float]]:
    pts = sorted(case["inputs"]["points"], key=lambda p: p["year"])
    return {k: [p[k] for p in pts] for k in pts[0]}


@pytest.mark.parametrize("case", reference_cases("fingertips_recent_trend"))
def test_recent_trend_reference(case: dict[str, Any]) -> None:
    p = _points(case)
    method = "proportion" if case["inputs"]["trend_method"] == "spc_proportions" else "ci_weighted"
    r = recent_trend(
        p["value"],
        p["lower95"],
        p["upper95"],
        counts=p["count"],
        denominators=p["denominator"],
        method=method,
    )
    assert r.extra["label"][0] == MARKERS[case["expected"]["value"]]
    assert r.extra["chi_squared"][0] > 9.5495
    assert r.confidence == 0.998


def test_worked_examples() -> None:
    r = recent_trend(counts=DIABETES["count"], denominators=DIABETES["denominator"])
    assert r.extra["label"][0] == "Increasing" and r.value[0] == 1.0
    assert "proportions" in r.methods()[0]
    w = recent_trend(SIGHT_LOSS["value"], SIGHT_LOSS["lower"], SIGHT_LOSS["upper"])
    assert w.extra["label"][0] == "Increasing"
    assert w.extra["chi_squared"][0] == pytest.approx(33.4858, abs=1e-3)


def test_proportion_chi_squared_is_armitage_trend_test() -> None:
    r = np.array(DIABETES["count"], dtype=float)
    n = np.array(DIABETES["denominator"], dtype=float)
    t = np.arange(1.0, 6.0)
    p = r.sum() / n.sum()
    armitage = (t @ (r - n * p)) ** 2 / (p * (1 - p) * (n @ t**2 - (n @ t) ** 2 / n.sum()))
    got = recent_trend(counts=r, denominators=n).extra["chi_squared"][0]
    assert got == pytest.approx(armitage, rel=1e-9)
    logit = np.log(r / (n - r))
    slope = np.polyfit(t, logit, 1)[0]
    assert recent_trend(counts=r, denominators=n).extra["slope"][0] == pytest.approx(slope)


def test_weighted_chi_squared_is_slope_over_its_standard_error() -> None:
    v, lo, hi = (np.array(SIGHT_LOSS[k]) for k in ("value", "lower", "upper"))
    w = 1 / ((hi - lo) / 3.92) ** 2
    x = np.column_stack([np.ones(5), np.arange(1.0, 6.0)])
    cov = np.linalg.inv(x.T @ (w[:, None] * x))
    beta = cov @ x.T @ (w * v)
    r = recent_trend(v, lo, hi)
    assert r.extra["slope"][0] == pytest.approx(beta[1])
    assert r.extra["chi_squared"][0] == pytest.approx(beta[1] ** 2 / cov[1, 1])


def test_vectorised_series_match_one_at_a_time() -> None:
    v, lo, hi = (np.array(SIGHT_LOSS[k]) for k in ("value", "lower", "upper"))
    values = np.vstack([v, v[::-1], np.full(5, 2.9), np.r_[np.nan, v[1:]]])
    lower = np.vstack([lo, lo[::-1], np.full(5, 2.8), lo])
    upper = np.vstack([hi, hi[::-1], np.full(5, 3.0), hi])
    together = recent_trend(values, lower, upper)
    for i in range(4):
        alone = recent_trend(values[i], lower[i], upper[i])
        assert together.extra["label"][i] == alone.extra["label"][0]
    assert list(together.extra["label"]) == [
        "Increasing",
        "Decreasing",
        "No significant change",
        "Could not be calculated",
    ]


def test_only_the_last_five_points_of_an_unbroken_run_count() -> None:
    v, lo, hi = (np.array(SIGHT_LOSS[k]) for k in ("value", "lower", "upper"))
    # older points (even a gap) before the last five do not matter
    longer = recent_trend(
        np.r_[9.0, np.nan, 50.0, v], np.r_[8.0, 1.0, 49.0, lo], np.r_[10, 2, 51, hi]
    )
    assert longer.extra["label"][0] == "Increasing"
    # a gap in the latest five breaks the run
    gap = recent_trend(np.r_[v[:4], np.nan], lo, hi)
    assert gap.extra["label"][0] == "Could not be calculated"
    assert recent_trend(v[:4], lo[:4], hi[:4]).extra["marker"][0] == 0


def test_count_equal_to_denominator_cannot_be_calculated() -> None:
    r = np.array([[10, 20, 30, 40, 50, 60], [5, 20, 30, 40, 50, 60]], dtype=float)
    n = np.array([[10, 100, 100, 100, 100, 100], [10, 100, 100, 100, 100, 100]], dtype=float)
    res = recent_trend(counts=r, denominators=n)
    assert list(res.extra["label"]) == ["Could not be calculated", "Increasing"]


def test_one_point_cannot_make_a_trend() -> None:
    # a steady fall then one high point: chi-squared is large, but leaving that
    # point out reverses the slope, so Fingertips reports no significant change
    v = np.array([2.0, 1.9, 1.8, 1.7, 5.0])
    r = recent_trend(v, v - 0.05, v + 0.05)
    assert r.extra["chi_squared"][0] > 9.5495
    assert not r.extra["significant"][0]
    assert r.extra["label"][0] == "No significant change"


def test_polarity_words() -> None:
    v, lo, hi = (np.array(SIGHT_LOSS[k]) for k in ("value", "lower", "upper"))
    both = (np.vstack([v, v[::-1]]), np.vstack([lo, lo[::-1]]), np.vstack([hi, hi[::-1]]))
    assert list(recent_trend(*both, polarity="high_is_good").extra["label"]) == [
        "Increasing and getting better",
        "Decreasing and getting worse",
    ]
    assert list(recent_trend(*both, polarity="low_is_good").extra["label"]) == [
        "Increasing and getting worse",
        "Decreasing and getting better",
    ]


def test_input_errors() -> None:
    with pytest.raises(StatisticsInputError, match="counts and denominators"):
        recent_trend([1, 2, 3, 4, 5], method="proportion")
    with pytest.raises(StatisticsInputError, match="values, lower and upper"):
        recent_trend([1, 2, 3, 4, 5])
    with pytest.raises(StatisticsInputError, match="group 0"):
        recent_trend(counts=[5, 6, 7, 8, 120], denominators=[100] * 5)
    with pytest.raises(StatisticsInputError, match="same shape"):
        recent_trend([1, 2, 3, 4, 5], [0, 1, 2, 3], [2, 3, 4, 5, 6])
    with pytest.raises(StatisticsInputError, match="method"):
        recent_trend([1, 2, 3, 4, 5], [0] * 5, [9] * 5, method="mann-kendall")
    with pytest.raises(StatisticsInputError, match="lower is greater"):
        recent_trend([1, 2, 3, 4, 5], [2] * 5, [1] * 5)


def _loo_slopes(v: np.ndarray, w: np.ndarray) -> list[float]:
    t = np.arange(1.0, 6.0)
    keep = [np.ones(5, bool), *(np.arange(5) != k for k in range(5))]
    return [float(np.polyfit(t[m], v[m], 1, w=np.sqrt(w[m]))[0]) for m in keep]


def test_zero_slope_counts_as_rising_as_in_fingertips() -> None:
    # Fingertips counts a leave-one-out slope of exactly 0 as positive (slope < 0 ?
    # -1 : 1), so a series and its mirror image can get different markers
    v, w = np.array([1.0, 1.0, 1.0, 4.0, 1.0]), np.array([1.0, 1.0, 1.0, 0.5, 1.0])
    assert recent_trend(v, v - w, v + w).extra["label"][0] == "Increasing"
    back = recent_trend(v[::-1], (v - w)[::-1], (v + w)[::-1])
    assert back.extra["label"][0] == "No significant change"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(1.0, 100.0), min_size=5, max_size=5),
    st.lists(st.floats(0.1, 5.0), min_size=5, max_size=5),
)
def test_reversing_time_reverses_the_trend(values: list[float], width: list[float]) -> None:
    v, w = np.array(values), np.array(width)
    assume(min(abs(s) for s in _loo_slopes(v, 1 / w**2)) > 1e-9)
    fwd = recent_trend(v, v - w, v + w)
    back = recent_trend(v[::-1], (v - w)[::-1], (v + w)[::-1])
    swap = {1: 2, 2: 1, 3: 3, 0: 0}
    assert swap[int(fwd.extra["marker"][0])] == int(back.extra["marker"][0])
    assert back.extra["chi_squared"][0] == pytest.approx(fwd.extra["chi_squared"][0], rel=1e-6)
