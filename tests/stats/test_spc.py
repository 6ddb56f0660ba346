"""XmR charts with Making Data Count's rules (as NHSRplotthedots)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import spc
from tests.stats.conftest import reference_cases

# NHSRplotthedots vignette "deviations": one high point among alternating 1s and 2s
VIGNETTE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


@pytest.mark.parametrize("case", reference_cases("spc_xmr_limits"))
def test_xmr_limits_reference(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    r = spc(
        i["values"],
        improvement=i["improvement_direction"],
        screen_outliers=i["screen_outliers"],
    )
    tol = case.get("tolerance", {}).get("abs", 0.005)
    assert r.mean[0] == pytest.approx(e["value"], abs=tol)
    assert r.lower[0] == pytest.approx(e["lower"], abs=tol)
    assert r.upper[0] == pytest.approx(e["upper"], abs=tol)
    flagged = {
        str(k + 1): f"{r.special_cause_type[k]} ({r.point_type[k]})"
        for k in np.flatnonzero(r.special_cause)
    }
    assert flagged == e["special_cause_points"]


def test_vignette_worked_example() -> None:
    screened = spc(VIGNETTE)
    assert screened.upper[0] == pytest.approx(1.9444444 + 2.66, abs=1e-6)  # AMR 1 after screening
    raw = spc(VIGNETTE, screen_outliers=False)
    assert raw.upper[0] == pytest.approx(6.9515, abs=5e-4)
    assert raw.lower[0] == pytest.approx(-3.0626, abs=5e-4)
    assert screened.point_type[4] == "special_cause_improvement"
    assert spc(VIGNETTE, improvement="decrease").point_type[4] == "special_cause_concern"
    assert spc(VIGNETTE, improvement="neither").point_type[4] == "special_cause_neutral_high"
    assert list(screened.variation) == ["common_cause"]
    frame = screened.to_frame()
    assert len(frame) == len(VIGNETTE) and frame["method"].iloc[0].startswith("XmR")


def test_each_rule() -> None:
    # limits fixed on 12 points alternating 5 and 6: mean 5.5, AMR 1, so process
    # limits 2.84 to 8.16 and 2-sigma lines 3.73 to 7.27
    base = [5.0, 6.0] * 6
    trend = spc([*base, 3, 3.5, 4, 4.5, 5, 5.5, 6, 5], improvement="decrease", baseline=12)
    assert list(trend.special_cause_type[12:19]) == ["7 Point Trend (Increasing)"] * 7
    assert (trend.point_type[12:19] == "special_cause_concern").all()
    assert trend.special_cause_type[19] == "Common Cause"
    assert trend.variation[0] == "common_cause"
    shift = spc([*base, 6, 6.5, 6, 6.5, 6, 6.5, 6], baseline=12)
    # the last baseline point (6) is above the mean too: the run is 8 long
    assert list(shift.special_cause_type[11:]) == ["7 Points Above CL"] * 8
    assert not shift.special_cause[:11].any()
    assert shift.variation[0] == "improvement_high"
    r = spc([*base, 5.5, 7.5, 5.6, 7.5, 5.5], baseline=12)
    assert r.upper_2sigma[0] < 7.5 < r.upper[0]
    assert list(r.special_cause_type[12:]) == [
        "Common Cause",
        "2 in 3 Above CL",
        "Common Cause",
        "2 in 3 Above CL",
        "Common Cause",
    ]
    below = spc([*base, 0.0], baseline=12)
    assert below.special_cause_type[-1] == "Below LCL"
    assert below.variation[0] == "concern_low"
    assert spc([*base, 0.0], improvement="decrease", baseline=12).variation[0] == "improvement_low"


def test_baseline_fixes_limits_on_first_points() -> None:
    values = np.r_[np.tile([10.0, 12.0], 6), np.linspace(20, 40, 8)]
    r = spc(values, baseline=12)
    assert r.mean[-1] == pytest.approx(11.0)
    assert r.upper[-1] == pytest.approx(11.0 + 2.66 * 2.0)
    assert r.special_cause[12:].all()
    with pytest.raises(StatisticsInputError, match="baseline"):
        spc(values, baseline=1)


def test_recalculation_points_start_new_segments() -> None:
    rng = np.random.default_rng(7)
    values = np.r_[rng.normal(10, 1, 15), rng.normal(20, 2, 15)]
    r = spc(values, recalc_points=[15])
    first, second = spc(values[:15]), spc(values[15:])
    np.testing.assert_allclose(r.mean[:15], first.mean)
    np.testing.assert_allclose(r.upper[15:], second.upper)
    np.testing.assert_array_equal(r.special_cause_type[15:], second.special_cause_type)
    np.testing.assert_array_equal(r.special_cause_type[:15], first.special_cause_type)


def test_assurance() -> None:
    values = [50.0, 52.0] * 8  # limits about 45.7 to 56.3
    inc = spc([values] * 4, target=[40.0, 51.0, 60.0, np.nan])
    assert list(inc.assurance) == ["consistent_pass", "inconsistent", "consistent_fail", None]
    dec = spc(values, improvement="decrease", target=40.0)
    assert list(dec.assurance) == ["consistent_fail"]
    assert list(spc(values, improvement="neither", target=40.0).assurance) == [None]


def test_input_errors() -> None:
    with pytest.raises(StatisticsInputError, match="improvement"):
        spc([1.0, 2.0, 3.0], improvement="up")
    with pytest.raises(StatisticsInputError, match="point 1"):
        spc([[1.0, np.nan, 3.0]])
    with pytest.raises(StatisticsInputError, match="recalc_points"):
        spc([1.0, 2.0, 3.0, 4.0], recalc_points=[4])
    with pytest.raises(StatisticsInputError, match="fewer than 2"):
        spc([1.0, 2.0, 3.0, 4.0], recalc_points=[3])
    with pytest.raises(StatisticsInputError, match="target"):
        spc([[1.0, 2.0, 3.0]] * 2, target=[1.0, 2.0, 3.0])


# --- a literal, loop-by-loop port of NHSRplotthedots' rules, to check ours ----------


def _ptd_reference(y: list[float], direction: int) -> tuple[list[str], list[str]]:
    n = len(y)
    mean = sum(y) / n
    mr = [abs(y[i] - y[i - 1]) for i in range(1, n)]
    amr = sum(mr) / len(mr)
    kept = [m for m in mr if m < 3.267 * amr]
    amr = sum(kept) / len(kept) if kept else amr
    upl, lpl = mean + 2.66 * amr, mean - 2.66 * amr
    nupl, nlpl = mean + 2 * 2.66 / 3 * amr, mean - 2 * 2.66 / 3 * amr
    outside = [v > upl or v < lpl for v in y]
    rtm = [(v > mean) - (v < mean) for v in y]
    close = [not o and (v < nlpl or v > nupl) for v, o in zip(y, outside, strict=True)]
    seven_side = [
        i >= 6 and rtm[i] != 0 and all(rtm[i - j] == rtm[i] for j in range(7)) for i in range(n)
    ]
    sgn = [(y[i + 1] > y[i]) - (y[i + 1] < y[i]) for i in range(n - 1)]
    seven_trend = [
        i >= 6
        and (
            all(sgn[i - j] == 1 for j in range(1, 7)) or all(sgn[i - j] == -1 for j in range(1, 7))
        )
        for i in range(n)
    ]

    def part(f: list[bool]) -> list[bool]:
        return [any(f[i : i + 7]) for i in range(n)]

    cp, rp = [0, 0, *close, 0, 0], [0, 0, *rtm, 0, 0]
    tit = [
        any(
            sum(cp[i + k : i + k + 3]) >= 2 and abs(sum(rp[i + k : i + k + 3])) == 3
            for k in range(3)
        )
        and close[i]
        for i in range(n)
    ]
    pt, ps = part(seven_trend), part(seven_side)
    types, points = [], []
    for i in range(n):
        use_right = pt[i] and i + 1 < n and pt[i + 1]
        left = sgn[i - 1] if i > 0 else 0
        step = sgn[i] if use_right else left
        side = "Above" if rtm[i] > 0 else "Below"
        if outside[i]:
            t = "Above UCL" if rtm[i] == 1 else "Below LCL"
        elif pt[i]:
            t = f"7 Point Trend ({'In' if step == 1 else 'De'}creasing)"
        elif tit[i]:
            t = f"2 in 3 {side} CL"
        elif ps[i]:
            t = f"7 Points {side} CL"
        else:
            t = "Common Cause"
        v = (
            1
            if ("Above" in t or "Increasing" in t)
            else -1
            if ("Below" in t or "Decreasing" in t)
            else 0
        )
        v *= direction
        types.append(t)
        points.append(
            "special_cause_improvement"
            if v > 0
            else "special_cause_concern"
            if v < 0
            else "common_cause"
        )
    return types, points


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=8, max_size=30).map(lambda v: [float(x) for x in v]),
    st.sampled_from([1, -1]),
)
def test_rules_match_a_literal_port_of_nhsrplotthedots(values: list[float], direction: int) -> None:
    r = spc(values, improvement="increase" if direction == 1 else "decrease")
    types, points = _ptd_reference(values, direction)
    assert list(r.special_cause_type) == types
    assert list(r.point_type) == points


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=6, max_size=6),
        min_size=1,
        max_size=5,
    )
)
def test_limits_symmetric_about_mean_and_vectorised(table: list[list[float]]) -> None:
    y = np.array(table)
    r = spc(y, recalc_points=[3])
    for lo, hi in (
        (r.lower, r.upper),
        (r.lower_1sigma, r.upper_1sigma),
        (r.lower_2sigma, r.upper_2sigma),
    ):
        np.testing.assert_allclose(r.mean - lo, hi - r.mean, atol=1e-9)
    assert (r.lower <= r.lower_2sigma + 1e-9).all() and (
        r.lower_2sigma <= r.lower_1sigma + 1e-9
    ).all()
    for i in range(len(table)):
        alone = spc(y[i], recalc_points=[3])
        np.testing.assert_allclose(r.upper[i], alone.upper)
        np.testing.assert_array_equal(r.special_cause_type[i], alone.special_cause_type)
