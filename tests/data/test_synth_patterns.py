"""The demo population behaves like the published Scottish figures (with sensible bounds)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.data.synth_cases import EMERGENCY, SMALL, financial_year, frames, with_person

FIRST, LAST = SMALL.first_year, SMALL.last_year


@pytest.fixture(scope="session")
def df() -> dict[str, pd.DataFrame]:
    return frames(SMALL)


@pytest.fixture(scope="session")
def person_years(df: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Mid-year population pooled over the period, by quintile and age group."""
    pop = df["population"].merge(
        df["area_deprivation"][["datazone", "national_quintile"]], on="datazone"
    )
    return pop.rename(columns={"national_quintile": "quintile"})


@pytest.fixture(scope="session")
def emergency(df: dict[str, pd.DataFrame]) -> pd.DataFrame:
    stays = df["hospital_stays"]
    em = stays[stays["admission_type"].isin(EMERGENCY)]
    em = with_person(em, df["people"], "admission_date")
    # Whole calendar years only, to match mid-year populations.
    return em[em["admission_date"].dt.year.between(FIRST + 1, LAST)]


def _years(pop: pd.DataFrame) -> pd.DataFrame:
    return pop[pop["year"].between(FIRST + 1, LAST)]


def test_ni12_like_emergency_admission_rate(
    emergency: pd.DataFrame, person_years: pd.DataFrame
) -> None:
    adults = _years(person_years).query("age >= 18")["population"].sum()
    rate = (emergency["age"] >= 18).sum() / adults * 100_000
    assert 10_500 < rate < 14_000


@pytest.mark.parametrize("ages", [(18, 64), (65, 120)])
def test_emergency_admissions_rise_with_deprivation(
    emergency: pd.DataFrame, person_years: pd.DataFrame, ages: tuple[int, int]
) -> None:
    lo, hi = ages
    events = emergency[emergency["age"].between(lo, hi)].groupby("quintile").size()
    pop = _years(person_years)
    denom = pop[pop["age"].between(lo, hi)].groupby("quintile")["population"].sum()
    rate = events / denom
    assert rate[1] > rate[3] > rate[5]
    assert 1.4 < rate[1] / rate[5] < 2.8


def test_emergency_admissions_rise_steeply_with_age(
    emergency: pd.DataFrame, person_years: pd.DataFrame
) -> None:
    bands = [0, 18, 45, 65, 75, 85, 200]
    events = pd.cut(emergency["age"], bands, right=False).value_counts().sort_index()
    pop = _years(person_years)
    denom = pop.groupby(pd.cut(pop["age"], bands, right=False), observed=False)["population"].sum()
    rate = (events / denom).to_numpy()
    assert np.all(np.diff(rate[1:]) > 0)
    assert rate[-1] / rate[1] > 5


def test_falls_admissions_concentrated_in_older_people(
    emergency: pd.DataFrame, person_years: pd.DataFrame
) -> None:
    is_fall = emergency["main_condition"].str.match(r"W(0\d|1\d)") | emergency[
        "other_condition_1"
    ].fillna("").str.match(r"W(0\d|1\d)")
    falls = emergency[is_fall]
    assert (falls["age"] >= 65).mean() > 0.75
    older = _years(person_years).query("age >= 65")["population"].sum()
    per_1000 = (falls["age"] >= 65).sum() / older * 1000
    assert 17 < per_1000 < 28  # PHS: 22.5 per 1,000 aged 65+


def test_readmissions_within_28_days_at_a_plausible_rate(df: dict[str, pd.DataFrame]) -> None:
    stays = df["hospital_stays"].sort_values(["person_id", "admission_date"])
    nxt = stays.groupby("person_id")["admission_date"].shift(-1)
    nxt_type = stays.groupby("person_id")["admission_type"].shift(-1)
    done = stays["discharge_date"].notna()
    gap = (nxt - stays["discharge_date"]).dt.days
    readmitted = gap.between(1, 28) & nxt_type.isin(EMERGENCY)
    per_1000 = readmitted[done].mean() * 1000
    assert 80 < per_1000 < 140  # NI-14 about 100-120


def test_emergency_stays_have_realistic_lengths(emergency: pd.DataFrame) -> None:
    done = emergency.dropna(subset=["discharge_date"])
    los = (done["discharge_date"] - done["admission_date"]).dt.days
    older = los[done["age"] >= 65]
    assert 7 < older.mean() < 11
    assert (los <= 2).mean() > 0.35
    costed = done.dropna(subset=["cost"])
    per_day = (costed["cost"] - 350) / (costed["discharge_date"] - costed["admission_date"]).dt.days
    assert per_day[np.isfinite(per_day)].between(599, 801).all()
    assert 0.01 < done["cost"].isna().mean() < 0.1


def test_ae_attendances(df: dict[str, pd.DataFrame], person_years: pd.DataFrame) -> None:
    ae = with_person(df["ae_attendances"], df["people"], "arrival_date")
    ae = ae[ae["arrival_date"].dt.year.between(FIRST + 1, LAST)]
    pop = _years(person_years)
    assert 0.22 < len(ae) / pop["population"].sum() < 0.36
    assert 0.6 < (ae["minutes_in_department"] < 240).mean() < 0.9
    rate = ae.groupby("quintile").size() / pop.groupby("quintile")["population"].sum()
    assert rate[1] > 1.3 * rate[5]
    assert 0.1 < (ae["discharge"] == "admitted").mean() < 0.3


def test_premature_mortality_is_higher_in_the_most_deprived(
    df: dict[str, pd.DataFrame], person_years: pd.DataFrame
) -> None:
    deaths = with_person(df["deaths"], df["people"], "date_of_death")
    deaths = deaths[deaths["date_of_death"].dt.year.between(FIRST + 1, LAST)]
    pop = _years(person_years)
    young = pop[pop["age"].between(45, 74)].groupby("quintile")["population"].sum()
    rate = deaths[deaths["age"].between(45, 74)].groupby("quintile").size() / young
    assert rate[1] > 2.0 * rate[5]
    crude = len(deaths) / pop["population"].sum()  # deaths per person-year
    assert 0.009 < crude < 0.016  # Scotland 1.2%, Ayrshire a little higher


def test_last_six_months_mostly_at_home_or_in_the_community(df: dict[str, pd.DataFrame]) -> None:
    deaths = df["deaths"]
    stays = df["hospital_stays"].merge(deaths, on="person_id")
    window_start = stays["date_of_death"] - pd.Timedelta(days=182)
    start = stays["admission_date"].where(stays["admission_date"] > window_start, window_start)
    end = stays["discharge_date"].fillna(stays["date_of_death"])
    days = (end - start).dt.days.clip(lower=0)
    share_in_hospital = days.sum() / (182 * len(deaths))
    assert 0.07 < share_in_hospital < 0.15  # NI-15: about 89% at home or in the community


def test_delayed_discharge_mostly_for_people_aged_75_plus(df: dict[str, pd.DataFrame]) -> None:
    delays = with_person(df["delayed_discharge_days"], df["people"], "delay_start_date")
    end = delays["delay_end_date"].fillna(pd.Timestamp(f"{LAST + 1}-04-01"))
    delays["bed_days"] = (end - delays["delay_start_date"]).dt.days
    assert (delays["bed_days"] >= 1).all()
    share_75 = delays.loc[delays["age"] >= 75, "bed_days"].sum() / delays["bed_days"].sum()
    assert 0.55 < share_75 < 0.8  # 63-69% in Scotland
    per_year = delays["bed_days"].sum() / (LAST - FIRST + 1)
    expected = 45_000 * SMALL.people / 365_300
    assert 0.7 * expected < per_year < 1.3 * expected


def test_adp_referrals_rise_with_deprivation_and_start_quickly(
    df: dict[str, pd.DataFrame], person_years: pd.DataFrame
) -> None:
    adp = with_person(df["adp_referrals"], df["people"], "referral_date")
    per_year = len(adp) / (LAST - FIRST + 1)
    expected = 2_000 * SMALL.people / 365_300
    assert 0.75 * expected < per_year < 1.25 * expected
    started = adp.dropna(subset=["treatment_start_date"])
    wait = (started["treatment_start_date"] - started["referral_date"]).dt.days
    assert 0.9 < (wait <= 21).mean() < 0.995
    assert (adp["age"] >= 12).all()
    rate = adp.groupby("quintile").size() / person_years.groupby("quintile")["population"].sum()
    assert rate[1] > 2.5 * rate[5]


def test_looked_after_starts_fall_over_the_years(df: dict[str, pd.DataFrame]) -> None:
    la = with_person(df["looked_after"], df["people"], "start_date")
    new = la[la["start_date"] >= pd.Timestamp(f"{FIRST}-04-01")]
    assert (new["age"] < 18).all()
    by_year = pd.Series(financial_year(new["start_date"])).value_counts().sort_index()
    assert len(by_year) == LAST - FIRST + 1
    slope = np.polyfit(by_year.index, by_year.to_numpy(), 1)[0]
    assert slope < 0
    assert by_year.iloc[-3:].sum() < 0.9 * by_year.iloc[:3].sum()
    per_partnership_year = len(new) / 3 / len(by_year) * 365_300 / SMALL.people
    assert 40 < per_partnership_year < 140  # tens a year per partnership at the real size
    deprived = (new["quintile"] == 1).mean()
    assert deprived > 0.45
    assert set(la["placement_type"]) >= {"home", "kinship", "foster", "residential"}


def test_care_services_mostly_for_older_people(df: dict[str, pd.DataFrame]) -> None:
    care = with_person(df["care_services"], df["people"], "start_date")
    older = care["service_type"].isin(["home_care", "care_home", "telecare"])
    assert (care.loc[older, "age"] >= 65).mean() > 0.75
    home = care[care["service_type"] == "home_care"]
    assert home["hours_per_week"].notna().all()
    assert 0.2 < (home["hours_per_week"] >= 10).mean() < 0.55
    assert care.loc[care["service_type"] != "home_care", "hours_per_week"].isna().all()


def test_money_advice_gains_scale_to_north_ayrshire(df: dict[str, pd.DataFrame]) -> None:
    money = df["money_advice"]
    people = df["people"]
    na_people = (people["partnership"] == "S37000020").sum()
    dz_part = people.drop_duplicates("datazone").set_index("datazone")["partnership"]
    na = money[money["datazone"].map(dz_part) == "S37000020"]
    benefits = na.loc[na["gain_type"] == "benefits", "financial_gain"].sum() / (LAST - FIRST + 1)
    scaled = benefits * 133_400 / na_people
    assert 17e6 < scaled < 30e6  # over 20 million pounds a year
    assert 0.05 < money["person_id"].isna().mean() < 0.25


def test_carer_support_types_by_age(df: dict[str, pd.DataFrame]) -> None:
    carers = with_person(df["carer_support"], df["people"], "support_date")
    young = carers[carers["support_type"] == "young_carer_statement"]
    assert len(young) > 0 and young["age"].between(8, 17).all()
    plans = carers[carers["support_type"] == "adult_carer_support_plan"]
    assert (plans["age"] >= 16).all()
    assert (carers["sex"] == "F").mean() > 0.55


def test_survey_positive_shares_near_published_values(df: dict[str, pd.DataFrame]) -> None:
    survey = df["survey_responses"]
    assert (survey["age"] >= 16).all()
    positive = survey["response"].eq("positive") * survey["weight"]
    share = positive.groupby(survey["question"]).sum() / survey.groupby("question")["weight"].sum()
    published = {"NI-2": 0.64, "NI-3": 0.596, "NI-5": 0.63, "NI-6": 0.69, "NI-8": 0.31}
    for question, value in published.items():
        assert abs(share[question] - value) < 0.08, question
    assert set(share.index) == {f"NI-{i}" for i in range(1, 10)}
    assert survey["weight"].gt(0).all()


def test_person_risk_predicts_emergency_admissions(df: dict[str, pd.DataFrame]) -> None:
    risk = df["person_risk"].set_index("person_id")
    stays = df["hospital_stays"]
    em = stays[stays["admission_type"].isin(EMERGENCY)]
    last = em[financial_year(em["admission_date"]) == LAST]
    observed = last.groupby("person_id").size().reindex(risk.index, fill_value=0)
    alive = ~risk.index.isin(df["deaths"]["person_id"])
    corr = np.corrcoef(risk.loc[alive, "expected_admissions"], observed[alive])[0, 1]
    assert corr > 0.2
    expected, got = risk.loc[alive, "expected_admissions"].sum(), observed[alive].sum()
    assert 0.75 < got / expected < 1.3
    top = risk.loc[alive, "annual_risk"].rank(pct=True) > 0.95
    assert observed[alive][top].mean() > 4 * observed[alive][~top].mean()
    assert np.allclose(risk["annual_risk"], 1 - np.exp(-risk["expected_admissions"]))
