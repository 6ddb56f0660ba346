"""Life expectancy: Chiang II abridged life table with Silcocks intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import life_expectancy
from placewell.stats.life_expectancy import LE_START_AGES
from tests.stats.conftest import reference_cases

# PHEindicatormethods testLifeExpectancy.R, df1 (one area, 20 bands)
POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
        50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]  # fmt: skip
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71,
          100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937]  # fmt: skip


@pytest.mark.parametrize("case", reference_cases("life_expectancy_chiang_silcocks"))
def test_reference_cases(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    assert i["startage"] == list(LE_START_AGES)
    r = life_expectancy(
        i["deaths"], i["populations"], age_start=i["le_age"], confidence=case["confidence"]
    )
    tol = case["tolerance"]["abs"]
    for key in ("value", "lower", "upper"):
        assert float(getattr(r, key)[0]) == pytest.approx(e[key], abs=tol)
    assert r.statistic == f"life expectancy at {i['le_age']}"


def test_worked_examples() -> None:
    # answer1 of PHEindicatormethods testLifeExpectancy.R (4 dp), at birth and at 65
    birth = life_expectancy(DEATHS, POPS)
    assert birth.value[0] == pytest.approx(80.1696, abs=1e-4)
    assert birth.lower[0] == pytest.approx(79.8827, abs=1e-4)
    assert birth.upper[0] == pytest.approx(80.4565, abs=1e-4)
    at65 = life_expectancy(DEATHS, POPS, age_start=65)
    assert (at65.value[0], at65.lower[0], at65.upper[0]) == pytest.approx(
        (18.7686, 18.5757, 18.9614), abs=1e-4
    )
    assert at65.extra["population_used"][0] == sum(POPS[14:])
    assert at65.extra["deaths_used"][0] == sum(DEATHS[14:])
    assert birth.method == "Chiang, using Silcocks et al for confidence limits"


def test_all_bands_is_the_long_table_of_each_band() -> None:
    deaths = np.array([DEATHS, np.array(DEATHS) * 2])
    pops = np.array([POPS, POPS])
    table = life_expectancy(deaths, pops, age_start="all")
    assert len(table) == 40
    np.testing.assert_array_equal(table.extra["group"], np.repeat([0, 1], 20))
    np.testing.assert_array_equal(table.extra["age_start"], np.tile(LE_START_AGES, 2))
    for k, age in enumerate(LE_START_AGES):
        one = life_expectancy(deaths, pops, age_start=age)
        np.testing.assert_allclose(table.value.reshape(2, 20)[:, k], one.value)
        np.testing.assert_allclose(table.upper.reshape(2, 20)[:, k], one.upper)
    frame = table.to_frame()
    assert {"group", "age_start", "se", "reason"} <= set(frame.columns)


def test_two_confidence_levels() -> None:
    r = life_expectancy(DEATHS, POPS, confidence=(0.95, 0.998))
    assert r.confidence == 0.95
    np.testing.assert_array_equal(r.lower, r.extra["lower_95"])
    assert (
        r.extra["lower_99_8"][0] < r.lower[0] < r.value[0] < r.upper[0] < r.extra["upper_99_8"][0]
    )


def _with(band: int, deaths: float | None = None, pop: float | None = None) -> tuple[Any, Any]:
    d, p = np.array(DEATHS, float), np.array(POPS, float)
    if deaths is not None:
        d[band] = deaths
    if pop is not None:
        p[band] = pop
    return d, p


@pytest.mark.parametrize(
    ("deaths", "pops", "reason"),
    [
        (np.array(DEATHS) / 100, np.array(POPS) / 200, "total population is 5,000 or fewer"),
        (*_with(3, pop=0, deaths=0), "an age band has no population"),
        (*_with(5, deaths=50_000), "deaths exceed the population in an age band"),
        (*_with(19, deaths=0), "no deaths in the 90+ band"),
    ],
)
def test_groups_not_calculated_are_nan_with_a_reason(deaths: Any, pops: Any, reason: str) -> None:
    r = life_expectancy(np.array([DEATHS, deaths]), np.array([POPS, pops]))
    assert np.isfinite(r.value[0])
    assert np.isnan([r.value[1], r.lower[1], r.upper[1]]).all()
    assert r.extra["reason"][1] == reason
    assert r.extra["reason"][0] == ""


def test_value_with_interval_over_20_years_is_suppressed_but_limits_kept() -> None:
    deaths, pops = _with(19, deaths=1, pop=1000)  # one death at 90+: huge variance
    r = life_expectancy(deaths, pops, age_start="all")
    assert np.isnan(r.value[-1])
    assert np.isfinite(r.lower[-1]) and np.isfinite(r.upper[-1])
    assert r.upper[-1] - r.lower[-1] > 20
    assert r.extra["reason"][-1] == "95% confidence interval wider than 20 years"


def test_strict_raises_for_deaths_above_population() -> None:
    deaths, pops = _with(5, deaths=50_000)
    with pytest.raises(StatisticsInputError, match=r"group 1: deaths .* band starting at 20"):
        life_expectancy([DEATHS, deaths], [POPS, pops], strict=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deaths": DEATHS[:19], "populations": POPS[:19]}, "20 age bands"),
        ({"deaths": [DEATHS, DEATHS], "populations": [POPS]}, "shape"),
        ({"deaths": [DEATHS, [*DEATHS[:-1], -1]], "populations": [POPS, POPS]}, "group 1"),
        ({"deaths": DEATHS, "populations": [*POPS[:-1], -5]}, "group 0: populations"),
        ({"deaths": DEATHS, "populations": POPS, "confidence": 0.5}, "between 0.9 and 1"),
        ({"deaths": DEATHS, "populations": POPS, "age_start": 7}, "start age"),
    ],
)
def test_invalid_input_raises(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(StatisticsInputError, match=message):
        life_expectancy(**kwargs)


# random but plausible life tables: df1's rates scaled per band, populations varied
factors = st.lists(st.floats(0.5, 2.0), min_size=20, max_size=20)
scales = st.lists(st.floats(0.05, 3.0), min_size=20, max_size=20)


def _table(f: list[float], s: list[float]) -> tuple[Any, Any]:
    pops = np.round(np.array(POPS) * np.array(s))
    deaths = np.round(pops * np.array(DEATHS) / np.array(POPS) * np.array(f))
    deaths[-1] = max(deaths[-1], 1.0)
    return deaths, pops


@settings(max_examples=40, deadline=None)
@given(f=factors, s=scales)
def test_limits_bracket_value_and_widen_with_confidence(f: list[float], s: list[float]) -> None:
    deaths, pops = _table(f, s)
    r = life_expectancy(deaths, pops, age_start="all", confidence=(0.95, 0.998))
    shown = np.isfinite(r.value)
    assert (r.lower[shown] <= r.value[shown]).all() and (r.value[shown] <= r.upper[shown]).all()
    lim = np.isfinite(r.lower)
    assert (r.extra["lower_99_8"][lim] <= r.lower[lim]).all()
    assert (r.extra["upper_99_8"][lim] >= r.upper[lim]).all()


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.tuples(factors, scales), min_size=2, max_size=4))
def test_vectorised_equals_per_group(rows: list[tuple[list[float], list[float]]]) -> None:
    tables = [_table(f, s) for f, s in rows]
    together = life_expectancy([t[0] for t in tables], [t[1] for t in tables], age_start=65)
    for g, (deaths, pops) in enumerate(tables):
        alone = life_expectancy(deaths, pops, age_start=65)
        np.testing.assert_array_equal(together.value[g], alone.value[0])
        np.testing.assert_array_equal(together.lower[g], alone.lower[0])
