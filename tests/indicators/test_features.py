"""What every result carries: suppression, comparisons, trend, SPC, targets, inequality,
and the measures the packs do not use (rolling periods, ISR, mean, life expectancy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from placewell import stats
from placewell.engine import connect
from placewell.indicators.definition import load_definition
from placewell.indicators.engine import Context, compute_definition
from placewell.indicators.measures import poisson
from placewell.workspace import Workspace
from tests.indicators import reference
from tests.indicators.conftest import computed, computed_inequality

SIGNIFICANCE = {
    None,
    "Not compared",
    "Better",
    "Worse",
    "Similar",
    "Best",
    "Worst",
    "Higher",
    "Lower",
    "Highest",
    "Lowest",
}


@pytest.fixture(scope="module")
def duck(request: pytest.FixtureRequest, workspace: Workspace) -> dict[str, pd.DataFrame]:
    return computed("duckdb", request, workspace)


def test_small_numbers_are_suppressed_and_cannot_be_recovered(
    duck: dict[str, pd.DataFrame],
) -> None:
    r = duck["NI-16"]
    primary = r["suppression"].str.startswith("primary")
    secondary = r["suppression"].str.startswith("secondary")
    assert primary.any() and secondary.any()
    assert r.loc[r["suppressed"], ["numerator", "value", "lower_95", "records"]].isna().all().all()
    assert (
        r.loc[r["suppressed"], "parent_significance"].isin([None, "Not compared"])
        | r.loc[r["suppressed"], "parent_significance"].isna()
    ).all()
    split = r[r["breakdown"] != "all"]
    per_total = split.groupby(["period", "area_code", "breakdown"])["suppressed"].sum()
    totals = r[r["breakdown"] == "all"].set_index(["period", "area_code"])["suppressed"]
    published = per_total[~totals.reindex(per_total.index.droplevel("breakdown")).to_numpy()]
    assert not (published == 1).any(), (
        "a lone suppressed category could be recovered from its total"
    )


def _lone_suppressions(r: pd.DataFrame) -> pd.Series:
    """Relations (a parent and the same cell of its children) with exactly one hidden value.

    Checked from the published rows alone: each row's ``parent_code`` names the area
    its value adds up into, so this does not reuse the engine's own relations.
    """
    key = ["period", "breakdown", "breakdown_value"]
    heads = r.set_index(["area_code", *key])["suppressed"].astype(int)
    kids = r[r["parent_code"].notna()].rename(columns={"parent_code": "head"})
    hidden = kids.groupby(["head", *key])["suppressed"].sum()
    hidden.index = hidden.index.set_names(["area_code", *key])
    present = hidden.index.isin(heads.index)
    total = hidden[present] + heads.reindex(hidden.index[present]).to_numpy()
    return total[total == 1]


def test_a_suppressed_value_cannot_be_recovered_from_related_areas(
    duck: dict[str, pd.DataFrame],
) -> None:
    """Children add up to their parent: a lone hidden cell there is a disclosure."""
    checked = 0
    for indicator, r in duck.items():
        if "parent_code" not in r.columns or not r["suppressed"].any():
            continue
        lone = _lone_suppressions(r)
        assert lone.empty, f"{indicator}: recoverable from related areas: {list(lone.index[:3])}"
        checked += 1
    assert checked >= 10


def test_the_related_areas_check_finds_a_recoverable_value(
    duck: dict[str, pd.DataFrame],
) -> None:
    """The check above can fail: publish a value hidden for a related area and it does."""
    r = duck["NI-12"]
    related = np.flatnonzero(
        r["suppression"] == "secondary: protects a suppressed value in a related area"
    )
    assert len(related) > 0
    found = 0
    for i in related[:20]:
        leaky = r.copy()
        leaky.iloc[i, leaky.columns.get_loc("suppressed")] = False
        found += not _lone_suppressions(leaky).empty
    assert found > 0


def test_comparators_are_the_parent_and_the_country(duck: dict[str, pd.DataFrame]) -> None:
    r = duck["NI-12"]
    row = lambda code: r[(r["area_code"] == code) & (r["breakdown"] == "all")].iloc[0]  # noqa: E731
    assert row("DZ01")["parent_code"] == "IZ01"
    assert row("IZ01")["parent_code"] == "LOC01"
    assert row("LOC03")["parent_code"] == "HSCP02"
    assert row("HSCP01")["parent_code"] == "HB01"
    assert row("HB01")["parent_code"] == "S92000003"
    assert pd.isna(row("S92000003")["parent_code"]) and pd.isna(row("S92000003")["country_code"])
    assert row("LOC01")["country_code"] == "S92000003"
    scot = r[(r["area_code"] == "S92000003") & (r["breakdown"] == "all")].set_index("period")[
        "value"
    ]
    north = r[(r["area_code"] == "HSCP01") & (r["breakdown"] == "all")].set_index("period")
    np.testing.assert_allclose(north["country_value"], scot.loc[north.index])
    assert set(r["country_significance"].dropna()) <= SIGNIFICANCE
    assert set(r["parent_significance"].dropna()) & {"Similar", "Better", "Worse"}


def test_recent_trend_needs_five_periods(duck: dict[str, pd.DataFrame]) -> None:
    r = duck["NI-12"]
    hscp = r[(r["area_code"] == "HSCP01") & (r["breakdown"] == "all")].sort_values("period")
    assert hscp["trend"].iloc[:4].isna().all()
    assert hscp["trend"].iloc[4:].notna().all()
    assert set(hscp["trend"].dropna()) <= {
        "No significant change",
        "Increasing and getting worse",
        "Decreasing and getting better",
        "Could not be calculated",
    }


def test_spc_runs_on_long_series_only(duck: dict[str, pd.DataFrame]) -> None:
    monthly = duck["MSG-3"]
    series = monthly[(monthly["area_code"] == "S92000003") & (monthly["breakdown"] == "all")]
    assert series["spc_point"].notna().all()
    assert set(series["spc_point"]) <= {
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
    }
    assert series["spc_variation"].nunique() == 1
    assert duck["NI-12"]["spc_point"].isna().all()  # 7 yearly points: too few


def test_targets_and_levels(duck: dict[str, pd.DataFrame]) -> None:
    adp = duck["ADP-WAIT"]
    shown = adp[adp["value"].notna()]
    assert (shown["target_value"] == 90).all()
    assert (shown["target_met"] == (shown["value"] >= 90)).all()
    assert set(duck["MSG-1"]["area_level"]) == {
        "locality",
        "partnership",
        "health_board",
        "country",
    }
    bands = set(duck["NI-12"].query("breakdown == 'age_band'")["breakdown_value"])
    assert {"18-44", "45-64", "65-74", "75-84", "85+"} <= bands and "under 18" not in bands


def test_inequality_across_quintiles(
    request: pytest.FixtureRequest, workspace: Workspace, duck: dict[str, pd.DataFrame]
) -> None:
    ineq = computed_inequality("duckdb", request, workspace)["NI-12"]
    assert set(ineq["area_level"]) <= {"locality", "partnership", "health_board", "country"}
    assert set(ineq["quintile_type"]) == {"simd_national_quintile", "simd_local_quintile"}
    row = ineq[
        (ineq["area_code"] == "S92000003") & (ineq["quintile_type"] == "simd_national_quintile")
    ].iloc[0]
    q = duck["NI-12"]
    q = q[
        (q["area_code"] == "S92000003")
        & (q["breakdown"] == "simd_national_quintile")
        & (q["period"] == row["period"])
    ]
    values = q.set_index("breakdown_value").loc[["1", "2", "3", "4", "5"], "value"].to_numpy()
    assert row["absolute_range"] == pytest.approx(values[0] - values[-1])
    assert row["relative_range"] == pytest.approx(values[0] / values[-1])
    assert np.isfinite(row["sii"]) and row["sii_lower_95"] <= row["sii"] <= row["sii_upper_95"]
    assert np.isfinite(row["par"])


CUSTOM = {
    "numerator": {
        "table": "hospital_stays",
        "date": "admission_date",
        "filter": "admission_type in @emergency and age >= 18",
    },
    "denominator": {"kind": "population", "filter": "age >= 18"},
    "measure": {"kind": "crude_rate"},
    "metadata": {"source": "test"},
}


def custom(tmp_path: Path, workspace: Workspace, **fields: object) -> pd.DataFrame:
    body = {"id": "TEST", "title": "test", **CUSTOM, **fields}
    path = tmp_path / "test.yaml"
    path.write_text(yaml.safe_dump(body))
    with connect("duckdb", workspace) as backend:
        return compute_definition(Context(backend), load_definition(path))[0]


def _all(frame: pd.DataFrame, area: str) -> pd.DataFrame:
    return frame[(frame["area_code"] == area) & (frame["breakdown"] == "all")].set_index("period")


def test_rolling_three_years_add_up_the_years(tmp_path: Path, workspace: Workspace) -> None:
    yearly = _all(custom(tmp_path, workspace, period="financial_year"), "HSCP01")
    rolling = _all(custom(tmp_path, workspace, period="rolling_3_year"), "HSCP01")
    assert list(rolling.index) == [
        f"{y - 2}/{(y - 1) % 100:02d}-{y}/{(y + 1) % 100:02d}" for y in range(2019, 2025)
    ]
    window = rolling.loc["2021/22-2023/24"]
    years = yearly.loc[["2021/22", "2022/23", "2023/24"]]
    assert window["numerator"] == years["numerator"].sum()
    assert window["denominator"] == years["denominator"].sum()
    assert window["value"] == pytest.approx(window["numerator"] / window["denominator"] * 100_000)


def test_isr_against_all_areas(tmp_path: Path, workspace: Workspace) -> None:
    isr = custom(
        tmp_path,
        workspace,
        period="financial_year",
        numerator={"table": "deaths", "date": "date_of_death"},
        denominator={"kind": "population"},
        measure={"kind": "isr", "ratio": "ratio", "refvalue": 100},
    )
    country = _all(isr, "S92000003")
    np.testing.assert_allclose(country["value"].dropna(), 100.0)
    assert "Byars" in set(country["method"]) or "Exact" in set(country["method"])


def test_mean_of_a_column(tmp_path: Path, workspace: Workspace) -> None:
    mean = custom(
        tmp_path,
        workspace,
        period="financial_year",
        numerator={
            "table": "ae_attendances",
            "date": "arrival_date",
            "kind": "sum",
            "column": "minutes_in_department",
        },
        measure={"kind": "mean"},
        denominator=None,
    )
    a = reference.with_person(reference.T["ae_attendances"], "arrival_date")
    a = a[a["dz"].map(reference.PARTNERSHIP) == "HSCP02"]
    expected = a.groupby(reference.fy(a["arrival_date"]).map(reference.fy_label))[
        "minutes_in_department"
    ].agg(["mean", "std", "size"])
    got = _all(mean, "HSCP02")
    np.testing.assert_allclose(got["value"], expected.loc[got.index, "mean"])
    np.testing.assert_allclose(got["denominator"], expected.loc[got.index, "size"])
    r = stats.mean(
        n=expected["size"], means=expected["mean"], sds=expected["std"], confidence=(0.95, 0.998)
    )
    np.testing.assert_allclose(
        got["lower_95"], pd.Series(r.extra["lower_95"], index=expected.index).loc[got.index]
    )


def test_life_expectancy_uses_twenty_bands(tmp_path: Path, workspace: Workspace) -> None:
    le = custom(
        tmp_path,
        workspace,
        period="rolling_3_year",
        numerator={"table": "deaths", "date": "date_of_death"},
        denominator={"kind": "population"},
        measure={"kind": "life_expectancy", "age_start": 0},
        disclosure={"threshold": 1},
    )
    row = _all(le, "S92000003").iloc[-1]
    assert row.name == "2022/23-2024/25"
    d = reference.with_person(reference.T["deaths"], "date_of_death")
    d = d[d["date_of_death"].between("2022-04-01", "2025-03-31")]
    starts = np.array([0, 1, *range(5, 95, 5)])
    deaths = np.bincount(np.searchsorted(starts, d["age"], side="right") - 1, minlength=20)
    pop = reference.T["population"]
    pop = pop[pop["year"].isin([2022, 2023, 2024])]
    pops = np.bincount(
        np.searchsorted(starts, pop["age"], side="right") - 1,
        weights=pop["population"],
        minlength=20,
    )
    expected = stats.life_expectancy(deaths[None, :], pops[None, :], confidence=(0.95, 0.998))
    assert row["numerator"] == deaths.sum() and row["denominator"] == pops.sum()
    np.testing.assert_allclose(row["value"], expected.value[0], equal_nan=True)
    # so few deaths give an interval wider than 20 years: the value is withheld, the limits kept
    assert np.isfinite(row["lower_95"]) and row["lower_95"] == pytest.approx(
        expected.extra["lower_95"][0]
    )
    assert row["upper_99_8"] == pytest.approx(expected.extra["upper_99_8"][0])


def test_poisson_shortcut_equals_crude_rate() -> None:
    rng = np.random.default_rng(3)
    count = rng.integers(0, 40, 500).astype(float)
    population = rng.integers(50, 5000, 500).astype(float)
    ours = poisson(count, population, 1000.0)
    theirs = stats.crude_rate(count, population, (0.95, 0.998), multiplier=1000)
    np.testing.assert_allclose(ours.value, theirs.value)
    for name in ("lower_95", "upper_95", "lower_99_8", "upper_99_8"):
        np.testing.assert_allclose(ours.extra[name], theirs.extra[name])
    assert list(ours.methods()) == list(theirs.methods())


@pytest.mark.parametrize("indicator", ["NI-11", "ADP-WAIT", "NI-14"])
def test_roll_up_in_period_blocks_gives_the_same_results(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, indicator: str
) -> None:
    """Long series are summed in blocks of periods (memory): the results must not change."""
    from placewell.indicators import rollup
    from placewell.indicators.packs import all_definitions

    definition = next(d for d in all_definitions() if d.id == indicator)
    with connect("duckdb", workspace) as backend:
        ctx = Context(backend)
        whole, whole_ineq = compute_definition(ctx, definition)
        monkeypatch.setattr(rollup, "CHUNK_LIMIT", 1)  # one period per block
        blocks, blocks_ineq = compute_definition(ctx, definition)
    assert whole["period"].nunique() > 2 and len(whole) > 100
    pd.testing.assert_frame_equal(blocks, whole)
    pd.testing.assert_frame_equal(blocks_ineq, whole_ineq)
