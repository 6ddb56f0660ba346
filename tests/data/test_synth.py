"""The demo population generator: contract, determinism, geography, integrity."""

from __future__ import annotations

import csv
import re
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from placewell.data.contract import TableKind
from placewell.data.schemas import TABLES, get_table
from placewell.data.synth import STEPS, DemoConfig, generate, population_weighted_quantile
from placewell.data.synth import calibration as cal
from placewell.data.synth.deaths import draw_deaths
from placewell.data.synth.geography import build_geography
from placewell.data.synth.people import build_people
from placewell.data.synth.population import mid_year_counts
from placewell.errors import ConfigError
from tests.data.synth_cases import SMALL, frames, tables

EXPECTED_TABLES = {
    "people", "hospital_stays", "ae_attendances", "deaths", "delayed_discharge_days",
    "care_services", "adp_referrals", "looked_after", "money_advice", "carer_support",
    "survey_responses", "areas", "area_deprivation", "population", "person_risk",
}  # fmt: skip
TINY = DemoConfig(people=5_000, seed=11, first_year=2020, last_year=2021)
START, END = pd.Timestamp("2018-04-01"), pd.Timestamp("2025-03-31")


@pytest.fixture(scope="session")
def small() -> dict[str, pa.Table]:
    return tables(SMALL)


@pytest.fixture(scope="session")
def df() -> dict[str, pd.DataFrame]:
    return frames(SMALL)


@pytest.fixture(scope="session")
def default_geography() -> dict[str, object]:
    """Geography, people and deaths (no events) at the default, Ayrshire size."""
    cfg = DemoConfig()
    rng = np.random.default_rng(3)
    geo = build_geography(cfg.people, rng)
    spine = build_people(cfg, geo, rng)
    draw_deaths(cfg, spine, rng)
    return {"cfg": cfg, "geo": geo, "spine": spine}


# --- the contract -----------------------------------------------------------------


def test_every_generated_table_has_the_contract_schema(small: dict[str, pa.Table]) -> None:
    wanted = {n for n, t in TABLES.items() if t.kind is not TableKind.OPEN_DATA}
    assert set(small) == wanted
    assert set(small) >= EXPECTED_TABLES
    for name, table in small.items():
        assert table.schema.equals(get_table(name).arrow_schema), name
        assert table.num_rows > 0, name


def _check_column_values(name: str, table: pa.Table) -> None:
    spec = get_table(name)
    for col in spec.columns:
        arr = table.column(col.name)
        if not col.nullable:
            assert arr.null_count == 0, f"{name}.{col.name} has nulls"
        present = pc.drop_null(arr)
        if col.codes is not None:
            bad = set(pc.unique(present).to_pylist()) - set(col.codes)
            assert not bad, f"{name}.{col.name}: unknown codes {bad}"
        if col.pattern is not None and len(present):
            ok = pc.match_substring_regex(present, col.pattern)
            assert pc.all(ok).as_py(), f"{name}.{col.name}: values break {col.pattern}"
        if col.minimum is not None and len(present):
            assert pc.min(present).as_py() >= col.minimum, f"{name}.{col.name} below minimum"
        if col.maximum is not None and len(present):
            assert pc.max(present).as_py() <= col.maximum, f"{name}.{col.name} above maximum"


def test_values_meet_codes_patterns_bounds_and_nullability(small: dict[str, pa.Table]) -> None:
    for name, table in small.items():
        _check_column_values(name, table)


def test_primary_keys_are_unique(small: dict[str, pa.Table]) -> None:
    for name, table in small.items():
        key = list(get_table(name).primary_key)
        frame = table.select(key).to_pandas()
        assert not frame.duplicated().any(), f"{name}: duplicate {key}"


def test_foreign_keys_hold(small: dict[str, pa.Table]) -> None:
    for name, table in small.items():
        for col in get_table(name).columns:
            if col.references is None:
                continue
            ref_table, ref_col = col.references.split(".")
            values = pc.unique(pc.drop_null(table.column(col.name)))
            allowed = small[ref_table].column(ref_col)
            missing = pc.sum(pc.invert(pc.is_in(values, value_set=allowed))).as_py()
            assert missing == 0, f"{name}.{col.name}: {missing} values not in {col.references}"
    # Unlinked money advice ids, survey data zones and area parents also resolve.
    money = pc.drop_null(small["money_advice"].column("person_id"))
    assert pc.all(pc.is_in(money, value_set=small["people"].column("person_id"))).as_py()
    codes = small["areas"].column("area_code")
    for name in ("survey_responses", "money_advice", "population", "area_deprivation"):
        assert pc.all(pc.is_in(small[name].column("datazone"), value_set=codes)).as_py()
    parents = pc.drop_null(small["areas"].column("parent_code"))
    assert pc.all(pc.is_in(parents, value_set=codes)).as_py()


_OPS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def test_row_checks_hold(df: dict[str, pd.DataFrame]) -> None:
    checked = 0
    for name, spec in TABLES.items():
        for check in spec.checks:
            frame = df[name]
            both = frame[check.left].notna() & frame[check.right].notna()
            left, right = frame.loc[both, check.left], frame.loc[both, check.right]
            assert _OPS[check.op](left, right).all(), f"{name}: {check.message}"
            checked += 1
    assert checked >= 6


# --- determinism and configuration -------------------------------------------------


def test_same_config_gives_identical_tables() -> None:
    first, second = tables(TINY), generate(TINY)
    for name in first:
        assert first[name].equals(second[name]), name


def test_a_different_seed_gives_different_tables() -> None:
    other = generate(
        DemoConfig(people=TINY.people, seed=TINY.seed + 1, first_year=2020, last_year=2021)
    )
    base = tables(TINY)
    for name in ("people", "hospital_stays", "deaths", "survey_responses"):
        assert not base[name].equals(other[name]), name


def test_progress_reports_every_step_in_order() -> None:
    calls: list[tuple[str, int, int]] = []
    generate(TINY, progress=lambda step, done, total: calls.append((step, done, total)))
    assert [c[0] for c in calls] == list(STEPS)
    assert [c[1] for c in calls] == list(range(1, len(STEPS) + 1))
    assert {c[2] for c in calls} == {len(STEPS)}


@pytest.mark.parametrize(
    "kwargs",
    [{"people": 10}, {"people": 10**9}, {"first_year": 2024, "last_year": 2020}, {"seed": -1}],
)
def test_invalid_configs_are_refused_with_a_clear_message(kwargs: dict[str, int]) -> None:
    with pytest.raises(ConfigError, match="must"):
        DemoConfig(**kwargs)


# --- people and ids ------------------------------------------------------------------


def test_person_ids_are_pseudonymous_not_sequential(small: dict[str, pa.Table]) -> None:
    ids = small["people"].column("person_id").to_pylist()
    assert all(re.fullmatch(r"P[0-9a-f]{10}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    numbers = np.array([int(i[1:], 16) for i in ids[:2000]])
    assert np.mean(np.diff(numbers) == 1) < 0.01  # not a running number
    assert not any(re.fullmatch(r"\d{10}", i) for i in ids)  # never CHI-like


def test_people_include_children_and_babies_born_in_the_period(df: dict[str, pd.DataFrame]) -> None:
    people = df["people"]
    born_in = people["birth_date"].between(START, END)
    assert 0.04 < born_in.mean() < 0.08  # about 8.4 births per 1,000 a year
    age = (START - people.loc[~born_in, "birth_date"]).dt.days / 365.25
    assert 0.16 < (age < 18).mean() < 0.23
    assert age.max() < 112


# --- geography at the default size ----------------------------------------------------


def test_partnership_populations_match_the_real_councils(default_geography: dict) -> None:
    geo, spine = default_geography["geo"], default_geography["spine"]
    at_start = np.bincount(geo.dz_partnership, weights=geo.dz_residents)
    assert at_start.tolist() == [133_400, 120_300, 111_600]
    counts = mid_year_counts(spine, geo.n_datazones, 2022).sum(axis=(1, 2))
    by_part = np.bincount(geo.dz_partnership, weights=counts)
    for real, got in zip([133_400, 120_300, 111_600], by_part, strict=True):
        assert abs(got / real - 1) < 0.03


def test_age_structure_matches_census_2022(default_geography: dict) -> None:
    geo, spine = default_geography["geo"], default_geography["spine"]
    counts = mid_year_counts(spine, geo.n_datazones, 2022)  # [dz, sex, age]
    by_age = np.stack([counts[geo.dz_partnership == p].sum(axis=(0, 1)) for p in range(3)])
    share_65 = by_age[:, 65:].sum(axis=1) / by_age.sum(axis=1)
    np.testing.assert_allclose(share_65, [0.238, 0.214, 0.263], atol=0.012)
    share_75_south = by_age[2, 75:].sum() / by_age[2].sum()
    assert abs(share_75_south - 0.119) < 0.012


def test_datazones_hold_500_to_1000_residents_every_year(default_geography: dict) -> None:
    cfg, geo, spine = (default_geography[k] for k in ("cfg", "geo", "spine"))
    assert 480 <= geo.n_datazones <= 530  # the three councils have 502
    for year in cfg.years:
        residents = mid_year_counts(spine, geo.n_datazones, year).sum(axis=(1, 2))
        assert residents.min() >= 500 and residents.max() <= 1000, year


def test_simd_mix_and_locality_clustering(default_geography: dict) -> None:
    geo = default_geography["geo"]
    most_deprived = geo.dz_rank <= 1395  # national quintile 1 (20% most deprived)
    share = [most_deprived[geo.dz_partnership == p].mean() for p in range(3)]
    np.testing.assert_allclose(share, [0.398, 0.313, 0.183], atol=0.01)
    assert len(np.unique(geo.dz_rank)) == geo.n_datazones
    names = [loc.name for loc in cal.LOCALITIES]
    mean_rank = {n: geo.dz_rank[geo.dz_locality == i].mean() for i, n in enumerate(names)}
    for deprived in ("Three Towns", "Irvine", "Garnock Valley", "Kilmarnock"):
        for affluent in ("Arran", "North Coast & Cumbraes", "Troon", "Prestwick", "Northern"):
            assert mean_rank[deprived] < mean_rank[affluent], (deprived, affluent)
    assert mean_rank["Ayr North and Former Coalfield Communities"] < mean_rank["Troon"]


def test_areas_form_the_hierarchy_with_real_and_invented_codes(df: dict[str, pd.DataFrame]) -> None:
    areas = df["areas"]
    levels = Counter(areas["level"])
    assert levels["country"] == 1 and levels["health_board"] == 1 and levels["partnership"] == 3
    assert levels["locality"] == 15
    by_code = areas.set_index("area_code")
    assert by_code.loc["S92000003", "area_name"] == "Scotland"
    assert by_code.loc["S08000015", "parent_code"] == "S92000003"
    partnerships = by_code[by_code["level"] == "partnership"]
    assert dict(zip(partnerships.index, partnerships["area_name"], strict=True)) == {
        "S37000020": "North Ayrshire",
        "S37000008": "East Ayrshire",
        "S37000027": "South Ayrshire",
    }
    localities = by_code[by_code["level"] == "locality"]
    assert {"Arran", "Three Towns", "Kilmarnock", "Troon", "North Coast & Cumbraes"} <= set(
        localities["area_name"]
    )
    dz = by_code[by_code["level"] == "datazone"]
    assert dz.index.str.fullmatch(r"S019\d{5}").all()
    assert dz["area_name"].str.fullmatch(r".+ \d{2,3}").all()
    iz = by_code[by_code["level"] == "intzone"]
    assert iz.index.str.fullmatch(r"S029\d{5}").all()
    assert set(dz["parent_code"]) == set(iz.index)
    per_iz = dz["parent_code"].value_counts()
    assert per_iz.max() <= 8 and per_iz.median() >= 4
    assert localities["parent_code"].isin(partnerships.index).all()


def test_area_deprivation_quantiles(df: dict[str, pd.DataFrame]) -> None:
    dep = df["area_deprivation"]
    assert (dep["simd_version"] == "2020v2").all()
    assert (dep["national_decile"] == np.ceil(dep["simd_rank"] / 697.6)).all()
    assert (dep["national_quintile"] == np.ceil(dep["simd_rank"] / 1395.2)).all()
    assert (dep["most_deprived_15pc"] == (dep["simd_rank"] <= 1046)).all()
    assert (dep["least_deprived_15pc"] == (dep["simd_rank"] > 6976 - 1046)).all()
    # Local quintiles are population-weighted: each holds about a fifth of residents.
    pop = df["population"].query("year == 2018").groupby("datazone")["population"].sum()
    part = df["areas"].set_index("area_code")
    dep = dep.assign(pop=pop.loc[dep["datazone"]].to_numpy())
    shares = dep.groupby("hb_quintile")["pop"].sum() / dep["pop"].sum()
    assert shares.between(0.14, 0.26).all()
    assert (dep["local_quintile"] == (dep["local_decile"] + 1) // 2).all()
    assert part.loc[dep["datazone"], "level"].eq("datazone").all()


def test_population_weighted_quantile_cuts_cumulative_population() -> None:
    rank = np.array([5, 1, 3, 2, 4, 10, 30, 20])
    population = np.array([100, 100, 100, 100, 100, 50, 50, 100])
    group = np.array(["a", "a", "a", "a", "a", "b", "b", "b"])
    q = population_weighted_quantile(rank, population, group, 5)
    assert q[:5].tolist() == [5, 1, 3, 2, 4]
    assert q[5:].tolist()[0] < q[5:].tolist()[2] <= q[5:].tolist()[1]


def test_population_counts_the_people_alive_at_mid_year(df: dict[str, pd.DataFrame]) -> None:
    people, deaths = df["people"], df["deaths"]
    died = people["person_id"].map(deaths.set_index("person_id")["date_of_death"])
    pop = df["population"]
    for year in (2018, 2021, 2024):
        day = pd.Timestamp(f"{year}-06-30")
        alive = (people["birth_date"] <= day) & ~(died <= day)
        assert pop.loc[pop["year"] == year, "population"].sum() == alive.sum()
    cells = pop.groupby("year").size()
    assert cells.nunique() == 1 and cells.iloc[0] == len(df["area_deprivation"]) * 2 * 91


# --- events in time ------------------------------------------------------------------


DATE_COLUMNS = {
    "hospital_stays": "admission_date",
    "ae_attendances": "arrival_date",
    "deaths": "date_of_death",
    "delayed_discharge_days": "delay_start_date",
    "adp_referrals": "referral_date",
    "money_advice": "open_date",
    "carer_support": "support_date",
}


def test_event_dates_fall_in_the_period_and_in_life(df: dict[str, pd.DataFrame]) -> None:
    people = df["people"].set_index("person_id")
    died = df["deaths"].set_index("person_id")["date_of_death"]
    for name, col in DATE_COLUMNS.items():
        frame = df[name].dropna(subset=["person_id"])
        assert frame[col].between(START, END).all(), name
        assert (frame[col] >= people.loc[frame["person_id"], "birth_date"].to_numpy()).all()
        death = frame["person_id"].map(died)
        assert not (frame[col] > death).any(), f"{name}: events after death"
    for name, col in (("care_services", "start_date"), ("looked_after", "start_date")):
        frame = df[name]
        assert (frame[col] >= people.loc[frame["person_id"], "birth_date"].to_numpy()).all()
        assert (frame[col] <= END).all()
        ends = frame["end_date"].dropna()
        assert (ends <= END).all()
        death = frame["person_id"].map(died)
        assert not (frame["end_date"] > death).any(), f"{name}: ends after death"


def test_at_least_six_financial_years_in_every_record_table(df: dict[str, pd.DataFrame]) -> None:
    columns = {**DATE_COLUMNS, "care_services": "start_date", "looked_after": "start_date"}
    for name, col in columns.items():
        d = pd.DatetimeIndex(df[name][col])
        fy = d.year - (d.month < 4)
        assert len(set(fy[(d >= START)])) >= 6, name
    assert set(df["survey_responses"]["survey_year"]) == {"2019/20", "2021/22", "2023/24"}


def test_stays_of_a_person_never_overlap(df: dict[str, pd.DataFrame]) -> None:
    stays = df["hospital_stays"].sort_values(["person_id", "admission_date"])
    same = stays["person_id"].eq(stays["person_id"].shift())
    previous_end = stays["discharge_date"].shift()
    assert not (same & (stays["admission_date"] < previous_end)).any()


def test_hospital_deaths_end_a_stay_on_the_day_of_death(df: dict[str, pd.DataFrame]) -> None:
    deaths = df["deaths"]
    last = df["hospital_stays"].groupby("person_id")["discharge_date"].max()
    in_hospital = deaths[deaths["place_of_death"] == "hospital"]
    assert (in_hospital["person_id"].map(last) == in_hospital["date_of_death"]).mean() > 0.99
    shares = deaths["place_of_death"].value_counts(normalize=True)
    assert 0.38 < shares["hospital"] < 0.50
    assert 0.08 < shares["care_home"] < 0.25
    assert 0.2 < shares["home"] < 0.45


def test_shared_simd_file_agrees_with_the_calibration(shared_dir) -> None:  # type: ignore[no-untyped-def]
    path = shared_dir / "reference" / "simd2020v2_datazones.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    counts: Counter[tuple[str, int]] = Counter()
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            counts[(row["Council_area"], int(row["SIMD2020v2_Decile"]))] += 1
    for p in cal.PARTNERSHIPS:
        assert tuple(counts[(p.name, d)] for d in range(1, 11)) == p.simd_deciles


def test_tables_pass_the_loaders_contract_validation(small: dict[str, pa.Table]) -> None:
    validate = pytest.importorskip("placewell.data.validate").validate_frame
    for name, table in small.items():
        checked = validate(get_table(name), table, f"demo {name}")
        assert checked.num_rows == table.num_rows


def test_tables_load_into_a_warehouse(tmp_path, small: dict[str, pa.Table]) -> None:  # type: ignore[no-untyped-def]
    warehouse = pytest.importorskip("placewell.data.warehouse")
    store = warehouse.Warehouse(tmp_path / "warehouse.duckdb")
    store.replace_tables(small, source="demo-data test")
    counts = store.table_counts()
    assert {name: counts[name] for name in small} == {n: t.num_rows for n, t in small.items()}
