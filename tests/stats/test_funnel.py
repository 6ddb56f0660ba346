"""Funnel plot limits and significance (PHEindicatormethods funnels, Fingertips)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import funnel_limits, funnel_significance
from placewell.stats.funnel import DSR_NOT_APPLICABLE, FunnelSignificance
from tests.stats.conftest import reference_cases

AVERAGE = 0.806424478571495  # testdata_funnel_prop_inputs.csv, all 303 rows


def _suffix(confidence: float) -> str:
    return "95" if confidence == 0.95 else "99_8"


@pytest.mark.parametrize("case", reference_cases("funnel_limits_proportion"))
def test_proportion_limits_reference_cases(case: dict[str, Any]) -> None:
    i, e, tol = case["inputs"], case["expected"], case["tolerance"]["abs"]
    r = funnel_limits(
        [i["population"]],
        i["average_proportion"],
        confidence=case["confidence"],
        multiplier=i["multiplier"],
    )
    for key in ("value", "lower", "upper"):
        assert float(getattr(r, key)[0]) == pytest.approx(e[key], abs=tol)


@pytest.mark.parametrize("case", reference_cases("funnel_limits_ratio_isr"))
def test_ratio_limits_reference_cases(case: dict[str, Any]) -> None:
    i, e, tol = case["inputs"], case["expected"], case["tolerance"]["abs"]
    r = funnel_limits(
        [i["observed_events"]],
        statistic="ratio",
        ratio_type=i["ratio_type"],
        confidence=case["confidence"],
        multiplier=i["multiplier"],
    )
    s = _suffix(case["confidence"])
    assert r.lower[0] == pytest.approx(e["lower"], abs=tol)
    assert r.upper[0] == pytest.approx(e["upper"], abs=tol)
    assert r.extra[f"lower_expected_events_{s}"][0] == pytest.approx(
        e["lower_expected_events"], abs=tol
    )
    assert r.extra[f"upper_expected_events_{s}"][0] == pytest.approx(
        e["upper_expected_events"], abs=tol
    )


@pytest.mark.parametrize("case", reference_cases("funnel_significance_proportion"))
def test_proportion_significance_reference_cases(case: dict[str, Any]) -> None:
    i = case["inputs"]
    r = funnel_significance(
        [i["numerator"]],
        [i["denominator"]],
        average=i["average_proportion"],
        confidence=case["confidence"],
    )
    assert r.significance[0] == case["expected"]["value"]


@pytest.mark.parametrize("case", reference_cases("funnel_significance_ratio"))
def test_ratio_significance_reference_cases(case: dict[str, Any]) -> None:
    i = case["inputs"]
    r = funnel_significance(
        [i["observed"]], [i["expected"]], statistic="ratio", confidence=case["confidence"]
    )
    assert r.significance[0] == case["expected"]["value"]


def test_proportion_limits_worked_example() -> None:
    # testdata_funnel_prop_outputs.csv rows 50 and 100
    r = funnel_limits([598, 110000], AVERAGE, multiplier=100)
    np.testing.assert_allclose(r.value, [80.642448, 80.642448], atol=1e-6)
    np.testing.assert_allclose(r.extra["lower_95"], [77.475765, 80.408963], atol=1e-6)
    np.testing.assert_allclose(r.extra["upper_95"], [83.809131, 80.875933], atol=1e-6)
    np.testing.assert_allclose(r.extra["lower_99_8"], [75.649608, 80.274317], atol=1e-6)
    np.testing.assert_allclose(r.extra["upper_99_8"], [85.635287, 81.010578], atol=1e-6)
    assert r.method == "Wilson"
    # tiny denominators are clipped to [0, multiplier]
    tiny = funnel_limits([1], AVERAGE, multiplier=100, confidence=0.998)
    assert (tiny.lower[0], tiny.upper[0]) == (0.0, 100.0)


def test_ratio_limits_worked_example() -> None:
    # testdata_funnel_ratio_outputs.csv, Observed_events = 1 and 73
    r = funnel_limits([1, 73], statistic="ratio")
    np.testing.assert_allclose(r.extra["lower_95"], [17.94802207, 79.53234772], atol=1e-5)
    np.testing.assert_allclose(r.extra["upper_95"], [3949.774946, 127.5769737], atol=1e-5)
    np.testing.assert_allclose(r.extra["upper_99_8"], [99945.32721, 147.727195], atol=1e-4)
    assert r.method == "Poisson"
    # the exact solver is the closed form the bisection approximates
    exact = funnel_limits([1, 73], statistic="ratio", solver="exact")
    np.testing.assert_allclose(exact.upper, r.upper, rtol=1e-5)
    np.testing.assert_allclose(exact.extra["upper_99_8"], r.extra["upper_99_8"], rtol=1e-4)
    count = funnel_limits([73], statistic="ratio", ratio_type="count")
    assert count.lower[0] == pytest.approx(0.7953234772 - 1, abs=1e-7)
    assert count.value[0] == 0


def test_rate_limits_scale_with_the_average() -> None:
    r = funnel_limits([5, 50, 500], 0.001, statistic="rate", multiplier=100_000)
    assert np.all(r.value == 100)
    ratio = funnel_limits([5, 50, 500], statistic="ratio", multiplier=1)
    np.testing.assert_allclose(r.lower, ratio.lower * 100, rtol=1e-12)
    np.testing.assert_allclose(
        r.extra["lower_population_95"], ratio.extra["lower_expected_events_95"] / 0.001
    )


@given(
    average=st.floats(0.01, 0.99),
    n=st.lists(st.integers(1, 10**7), min_size=2, max_size=30, unique=True),
)
def test_proportion_limit_properties(average: float, n: list[int]) -> None:
    x = np.sort(np.asarray(n, dtype=float))
    r = funnel_limits(x, average, multiplier=1)
    lo95, hi95 = r.extra["lower_95"], r.extra["upper_95"]
    lo998, hi998 = r.extra["lower_99_8"], r.extra["upper_99_8"]
    assert np.all((lo998 >= 0) & (lo998 <= lo95) & (lo95 <= average + 1e-12))
    assert np.all((average - 1e-12 <= hi95) & (hi95 <= hi998) & (hi998 <= 1))
    # the funnel narrows as the denominator grows
    assert np.all(np.diff(hi95 - lo95) <= 1e-12)


@given(obs=st.lists(st.integers(1, 5000), min_size=1, max_size=20))
def test_ratio_limit_properties(obs: list[int]) -> None:
    r = funnel_limits(obs, statistic="ratio", multiplier=1)
    assert np.all(r.extra["lower_99_8"] <= r.extra["lower_95"])
    assert np.all(r.extra["lower_95"] <= 1) and np.all(r.extra["upper_95"] >= 1)
    assert np.all(r.extra["upper_95"] <= r.extra["upper_99_8"])


def test_significance_agrees_with_limits_and_is_vectorised() -> None:
    rng = np.random.default_rng(7)
    den = rng.integers(100, 50_000, size=300).astype(float)
    num = rng.binomial(den.astype(int), rng.uniform(0.15, 0.25, size=300)).astype(float)
    sig = funnel_significance(num, den)
    assert isinstance(sig, FunnelSignificance) and len(sig) == 300
    assert sig.average == pytest.approx(num.sum() / den.sum())
    lim = funnel_limits(den, sig.average, multiplier=1)
    p = num / den
    expected = np.where(
        p < lim.extra["lower_99_8"],
        "Low (0.001)",
        np.where(
            p < lim.extra["lower_95"],
            "Low (0.025)",
            np.where(
                p > lim.extra["upper_99_8"],
                "High (0.001)",
                np.where(p > lim.extra["upper_95"], "High (0.025)", "Not significant"),
            ),
        ),
    )
    assert sig.significance.tolist() == expected.tolist()
    assert {"High (0.001)", "Low (0.001)", "Not significant"} <= set(sig.significance)
    one = funnel_significance(num[:1], den[:1], average=sig.average)
    assert one.significance[0] == sig.significance[0]
    assert list(sig.to_frame().columns) == ["value", "significance", "statistic", "method"]


def test_rate_significance() -> None:
    events = np.array([15.0, 120.0, 300.0, 0.0])
    pops = np.array([10_000.0, 100_000.0, 100_000.0, 5_000.0])
    rates = np.where(events > 0, events / pops * 100_000, 0.0)
    crude = funnel_significance(events, pops, statistic="rate", rate=rates)
    assert crude.average == pytest.approx(events.sum() / pops.sum())
    assert crude.significance.tolist() == [
        "Not significant",
        "Low (0.001)",
        "High (0.001)",
        "Low (0.001)",
    ]
    dsr = funnel_significance(events, statistic="rate", rate=rates, rate_type="dsr")
    assert dsr.significance[3] == DSR_NOT_APPLICABLE  # fewer than 10 events
    assert DSR_NOT_APPLICABLE not in dsr.significance[:3]
    assert dsr.average == pytest.approx(events.sum() / pops[:3].sum())
    with pytest.raises(StatisticsInputError, match="group 3: no events"):
        funnel_significance(events, statistic="rate", rate=rates)


@pytest.mark.parametrize(
    ("call", "fault"),
    [
        (lambda: funnel_limits([10, 0], 0.5), "group 1: x"),
        (lambda: funnel_limits([10], None), "average is required"),
        (lambda: funnel_limits([10], 1.5), "average must be"),
        (lambda: funnel_limits([3, 0], statistic="ratio"), "group 1: x"),
        (lambda: funnel_limits([3], statistic="odds"), "statistic must be"),
        (lambda: funnel_significance([5, 12], [10, 10]), "group 1: numerator"),
        (lambda: funnel_significance([5, -1], [10, 10]), "group 1: numerator"),
        (lambda: funnel_significance([5, 1], [10, 0], statistic="ratio"), "group 1: denominator"),
        (lambda: funnel_significance([5], [10], confidence=0.5), "confidence"),
    ],
)
def test_bad_input(call: Any, fault: str) -> None:
    with pytest.raises(StatisticsInputError, match=fault):
        call()
