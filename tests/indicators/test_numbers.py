"""The engine's numbers against hand-written pandas computations, on every engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from placewell.indicators.packs import find_definition
from placewell.workspace import Workspace
from tests.indicators import reference
from tests.indicators.conftest import ENGINES, computed, engine_ids

KEYS = ["period", "area_code", "breakdown", "breakdown_value"]
CASES = [(e, i) for e in ENGINES for i in engine_ids(e) if i in reference.CASES]
ESP2013_UNDER_75 = np.array(
    [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000.0]
)


def _got(results: pd.DataFrame) -> pd.DataFrame:
    part = results[
        results["area_level"].isin(["partnership", "country"])
        & results["breakdown"].isin(["all", "sex", "simd_national_quintile"])
    ]
    return part.set_index(KEYS)


@pytest.mark.parametrize(("engine", "indicator"), CASES, ids=[f"{e}-{i}" for e, i in CASES])
def test_numbers_match_a_hand_computation(
    engine: str, indicator: str, request: pytest.FixtureRequest, workspace: Workspace
) -> None:
    results = computed(engine, request, workspace)[indicator]
    definition = find_definition(indicator)
    expected = reference.expected(indicator)
    got = _got(results)
    periods = set(expected.index.get_level_values("period"))
    assert set(got.index.get_level_values("period")) == periods
    missing = expected.index.difference(got.index)
    assert (expected.loc[missing, "numerator"] == 0).all(), f"cells missing: {list(missing[:3])}"
    joined = got.join(expected.add_suffix("_expected"))
    shown = ~joined["suppressed"].astype(bool)
    assert shown.sum() > 0
    np.testing.assert_allclose(
        joined.loc[shown, "numerator"], joined.loc[shown, "numerator_expected"].fillna(0), rtol=1e-9
    )
    if expected["denominator"].notna().any():
        np.testing.assert_allclose(
            joined["denominator"], joined["denominator_expected"].fillna(0), rtol=1e-9
        )
        rows = joined[shown & (joined["denominator"] > 0)]
        value = rows["numerator"] / rows["denominator"] * definition.measure.scale
        np.testing.assert_allclose(rows["value"], value, rtol=1e-9)
    else:
        np.testing.assert_allclose(
            joined.loc[shown, "value"], joined.loc[shown, "numerator"], rtol=1e-9
        )
    n = definition.numerator
    if n.kind in ("count", "count_distinct", "readmissions_within_days") and n.weight is None:
        # records behind the numerator (what disclosure control judges) = the count itself
        np.testing.assert_array_equal(joined.loc[shown, "records"], joined.loc[shown, "numerator"])
    limits = joined[shown & joined["lower_95"].notna()]
    assert (limits["lower_95"] <= limits["value"] + 1e-9).all()
    assert (limits["upper_95"] >= limits["value"] - 1e-9).all()
    assert (limits["lower_99_8"] <= limits["lower_95"] + 1e-9).all()


@pytest.mark.parametrize("engine", ENGINES)
def test_premature_mortality_is_the_esp2013_dsr(
    engine: str, request: pytest.FixtureRequest, workspace: Workspace
) -> None:
    results = computed(engine, request, workspace)["NI-11"]
    deaths, pops = reference.ni11_counts()
    got = results[(results["area_level"] == "partnership") & (results["breakdown"] == "all")]
    checked = 0
    for row in got.itertuples():
        d = deaths[(deaths["period"] == row.period) & (deaths["area"] == row.area_code)]
        p = pops[(pops["period"] == row.period) & (pops["area"] == row.area_code)]
        x = np.zeros(15)
        x[d["band"].to_numpy()] = d["deaths"].to_numpy()
        n = p.sort_values("band")["population"].to_numpy(dtype=float)
        assert row.denominator == n.sum()
        if row.suppressed:
            # primary: too few deaths; secondary: hidden to protect a related value
            assert x.sum() < 5 or row.suppression.startswith("secondary")
            assert np.isnan(row.numerator) and np.isnan(row.value)
            continue
        assert row.numerator == x.sum()
        if x.sum() < 10:
            assert np.isnan(row.value) and "Suppressed" in row.method
            continue
        dsr = (ESP2013_UNDER_75 * x / n).sum() / ESP2013_UNDER_75.sum() * 100_000
        assert row.value == pytest.approx(dsr, rel=1e-9)
        assert row.method == "Dobson"
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_msg_change_from_the_baseline_year(
    engine: str, request: pytest.FixtureRequest, workspace: Workspace
) -> None:
    results = computed(engine, request, workspace)["MSG-1"]
    rows = results[(results["area_code"] == "HSCP01") & (results["breakdown"] == "all")].set_index(
        "period"
    )
    baseline_months = [f"2017-{m:02d}" for m in range(4, 13)] + [
        f"2018-{m:02d}" for m in range(1, 4)
    ]
    baseline = rows.loc[baseline_months, "value"].mean()
    assert (rows["baseline_period"] == "2017/18").all()
    assert rows["baseline_value"].iloc[0] == pytest.approx(baseline)
    expected = (rows["value"] - baseline) / baseline * 100
    np.testing.assert_allclose(rows["change_from_baseline"], expected)
