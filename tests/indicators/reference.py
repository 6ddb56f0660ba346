"""Hand-written pandas versions of every bundled indicator, for checking the engine.

Written directly from the definitions' documented meaning, on the record-level test
tables, with no code from the engine: each function returns the expected numerator
and denominator by period label, area and breakdown (partnership and country levels;
breakdowns all, sex and national SIMD quintile).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.indicators.builder import DZ, HSCP_OF, IZ_OF, LOC_OF, build_tables

COUNTRY = "S92000003"
EMERGENCY = {"20", "21", "22", *(str(c) for c in range(30, 40))}


def load() -> dict[str, pd.DataFrame]:
    frames = {name: t.to_pandas() for name, t in build_tables().items()}
    for frame in frames.values():
        for col in frame.columns:
            if col.endswith("_date") or col in ("date_of_death",):
                frame[col] = pd.to_datetime(frame[col])
    return frames


T = load()
PEOPLE = T["people"].set_index("person_id")
NATIONAL_Q = dict(
    zip(T["area_deprivation"]["datazone"], T["area_deprivation"]["national_quintile"], strict=True)
)
PARTNERSHIP = {dz: HSCP_OF[LOC_OF[IZ_OF[dz]]] for dz in DZ}
LOCALITY = {dz: LOC_OF[IZ_OF[dz]] for dz in DZ}


def age(birth: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years between birth and ``on``."""
    before = (on.dt.month * 100 + on.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return on.dt.year - birth.dt.year - before.astype(int)


def with_person(frame: pd.DataFrame, when: str) -> pd.DataFrame:
    """Add the person's data zone, sex and age at column ``when``."""
    p = PEOPLE.loc[frame["person_id"]]
    out = frame.assign(
        dz=p["datazone"].to_numpy(), sex=p["sex"].to_numpy(), birth=p["birth_date"].to_numpy()
    )
    return out.assign(age=age(out["birth"], out[when]))


def fy(d: pd.Series) -> pd.Series:
    return d.dt.year - (d.dt.month < 4).astype(int)


def fy_label(k: int) -> str:
    return f"{k}/{(k + 1) % 100:02d}"


def roll(
    frame: pd.DataFrame, value: str = "value", levels: tuple[str, ...] = ("partnership", "country")
) -> pd.Series:
    """Sum ``value`` by (period, area, breakdown, breakdown_value)."""
    parts = []
    for level in levels:
        area = (
            frame["dz"].map(PARTNERSHIP if level == "partnership" else LOCALITY)
            if level != "country"
            else COUNTRY
        )
        base = frame.assign(area=area)
        for name, column in (("all", None), ("sex", "sex"), ("simd_national_quintile", "q")):
            if column == "q":
                bv = base["dz"].map(NATIONAL_Q).astype(int).astype(str)
            elif column is None:
                bv = "all"
            else:
                bv = base[column]
            g = (
                base.assign(breakdown=name, bv=bv)
                .groupby(["period", "area", "breakdown", "bv"])[value]
                .sum()
            )
            parts.append(g)
    out = pd.concat(parts)
    out.index.names = ["period", "area_code", "breakdown", "breakdown_value"]
    return out


def population(ages: tuple[int, int], year_of: dict[str, list[int]]) -> pd.Series:
    """Population aged ``ages[0]``-``ages[1]`` (inclusive) per period label."""
    pop = T["population"]
    pop = pop[(pop["age"] >= ages[0]) & (pop["age"] <= ages[1])]
    parts = []
    for label, years in year_of.items():
        p = pop[pop["year"].isin(years)].rename(columns={"datazone": "dz", "population": "value"})
        parts.append(p.assign(period=label))
    return roll(pd.concat(parts))


def cal_years(first: int, last: int) -> dict[str, list[int]]:
    return {str(y): [min(y, 2024)] for y in range(first, last + 1)}


def expected(indicator: str) -> pd.DataFrame:
    """numerator, denominator by (period, area_code, breakdown, breakdown_value)."""
    num, den = _CASES[indicator]()
    out = pd.DataFrame({"numerator": num})
    if len(den):
        out = out.join(pd.DataFrame({"denominator": den}), how="outer")
    else:
        out["denominator"] = float("nan")
    return out.fillna({"numerator": 0.0})


# --- the indicators -------------------------------------------------------------------
def _stays() -> pd.DataFrame:
    return with_person(T["hospital_stays"], "admission_date")


def ni12() -> tuple[pd.Series, pd.Series]:
    s = _stays()
    s = s[s["admission_type"].isin(EMERGENCY) & (s["age"] >= 18)]
    s = s.assign(period=s["admission_date"].dt.year.astype(str), value=1.0)
    s = s[s["period"].between("2018", "2024")]
    return roll(s), population((18, 90), cal_years(2018, 2024))


def _overlap(
    frame: pd.DataFrame, start: str, end: str, periods: dict[str, tuple[dt.date, dt.date]]
) -> pd.DataFrame:
    parts = []
    for label, (first, last) in periods.items():
        p0, p1 = pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)
        stop = frame[end].fillna(p1).clip(upper=p1)
        go = frame[start].clip(lower=p0)
        days = (stop - go).dt.days.clip(lower=0)
        parts.append(frame.assign(period=label, value=days.astype(float)))
    return pd.concat(parts)


def ni13() -> tuple[pd.Series, pd.Series]:
    s = _stays()
    s = s[s["admission_type"].isin(EMERGENCY) & (s["age"] >= 18)]
    years = {str(y): (dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(2018, 2025)}
    return roll(_overlap(s, "admission_date", "discharge_date", years)), population(
        (18, 90), cal_years(2018, 2024)
    )


def ni14() -> tuple[pd.Series, pd.Series]:
    stays = T["hospital_stays"]
    d = with_person(stays[stays["discharge_date"].notna()], "discharge_date")
    e = stays[stays["admission_type"].isin(EMERGENCY)][["person_id", "stay_id", "admission_date"]]
    pairs = d[["stay_id", "person_id", "discharge_date"]].merge(
        e, on="person_id", suffixes=("", "_next")
    )
    gap = (pairs["admission_date"] - pairs["discharge_date"]).dt.days
    hit = set(
        pairs.loc[(gap >= 0) & (gap <= 28) & (pairs["stay_id"] != pairs["stay_id_next"]), "stay_id"]
    )
    d = d.assign(period=d["discharge_date"].dt.year.astype(str))
    d = d[d["period"].between("2018", "2024")]
    return roll(d.assign(value=d["stay_id"].isin(hit).astype(float))), roll(d.assign(value=1.0))


def _deaths_in_community(label_of: str) -> tuple[pd.Series, pd.Series]:
    deaths = with_person(T["deaths"], "date_of_death")
    cause = deaths["underlying_cause"]
    falls = cause.str.match(r"W(0\d|1\d)")
    deaths = deaths[~cause.str[0].isin(list("VWXY")) | falls]
    stays = T["hospital_stays"]
    pairs = deaths[["person_id", "date_of_death"]].merge(stays, on="person_id", how="left")
    window = pairs["date_of_death"] - pd.Timedelta(days=183)
    stop = pairs["discharge_date"].fillna(pairs["date_of_death"]).clip(upper=pairs["date_of_death"])
    go = pairs["admission_date"].clip(lower=window)
    days = (stop - go).dt.days.clip(lower=0).fillna(0)
    hospital = days.groupby(pairs["person_id"]).sum().clip(upper=183)
    deaths = deaths.assign(hospital=deaths["person_id"].map(hospital).fillna(0))
    first_ok = stays["admission_date"].min() + pd.Timedelta(days=183)
    if label_of == "calendar":
        deaths = deaths.assign(period=deaths["date_of_death"].dt.year.astype(str))
        start = pd.Timestamp(
            dt.date(first_ok.year + (first_ok.month > 1 or first_ok.day > 1), 1, 1)
        )
    else:
        k = fy(deaths["date_of_death"])
        deaths = deaths.assign(period=k.map(fy_label))
        start = pd.Timestamp(dt.date(first_ok.year + (first_ok.month >= 4), 4, 1))
    period_start = deaths["period"].map(
        lambda p: pd.Timestamp(int(p[:4]), 1 if label_of == "calendar" else 4, 1)
    )
    deaths = deaths[period_start >= start]
    return roll(deaths.assign(value=183 - deaths["hospital"])), roll(deaths.assign(value=183.0))


def ni15() -> tuple[pd.Series, pd.Series]:
    num, den = _deaths_in_community("calendar")
    keep = num.index.get_level_values("period") <= "2024"
    return num[keep], den[den.index.get_level_values("period") <= "2024"]


def ni16() -> tuple[pd.Series, pd.Series]:
    s = _stays()
    codes = s[["main_condition", "other_condition_1", "other_condition_2", "other_condition_3"]]
    falls = codes.apply(lambda c: c.fillna("").str.match(r"W(0\d|1\d)")).any(axis=1)
    s = s[s["admission_type"].isin(EMERGENCY) & (s["age"] >= 65) & falls]
    s = s.assign(period=s["admission_date"].dt.year.astype(str), value=1.0)
    s = s[s["period"].between("2018", "2024")]
    return roll(s), population((65, 90), cal_years(2018, 2024))


def ni18() -> tuple[pd.Series, pd.Series]:
    c = with_person(T["care_services"], "start_date")
    intensive_home = (c["service_type"] == "home_care") & (c["hours_per_week"] >= 10)
    parts_n, parts_d = [], []
    for year in range(2015, 2025):
        day = pd.Timestamp(year, 12, 31)
        active = (
            (c["start_date"] <= day)
            & (c["end_date"].isna() | (c["end_date"] >= day))
            & (c["age"] >= 18)
        )
        num = c[active & intensive_home].drop_duplicates("person_id")
        den = c[
            active & (intensive_home | c["service_type"].isin(["care_home", "long_stay_hospital"]))
        ]
        parts_n.append(num.assign(period=str(year), value=1.0))
        parts_d.append(den.drop_duplicates("person_id").assign(period=str(year), value=1.0))
    return roll(pd.concat(parts_n)), roll(pd.concat(parts_d))


def ni19() -> tuple[pd.Series, pd.Series]:
    d = with_person(T["delayed_discharge_days"], "delay_start_date")
    d = d[d["age"] >= 75]
    years = {fy_label(y): (dt.date(y, 4, 1), dt.date(y + 1, 3, 31)) for y in range(2017, 2025)}
    pops = {fy_label(y): [y] for y in range(2017, 2025)}
    return roll(_overlap(d, "delay_start_date", "delay_end_date", years)), population(
        (75, 90), pops
    )


def ni20() -> tuple[pd.Series, pd.Series]:
    s = _stays()
    s = s[(s["age"] >= 18) & s["cost"].notna()]
    s = s.assign(period=fy(s["admission_date"]).map(fy_label), value=s["cost"])
    care = with_person(T["care_services"], "start_date")
    care = care[(care["age"] >= 18) & care["weekly_cost"].notna()]
    years = {fy_label(y): (dt.date(y, 4, 1), dt.date(y + 1, 3, 31)) for y in range(2017, 2025)}
    care = _overlap(care, "start_date", "end_date", years)
    care = care.assign(value=care["value"] * care["weekly_cost"] / 7)
    spend = pd.concat([s[["period", "dz", "sex", "value"]], care[["period", "dz", "sex", "value"]]])
    return roll(s[s["admission_type"].isin(EMERGENCY)]), roll(spend)


def survey(question: int) -> tuple[pd.Series, pd.Series]:
    r = T["survey_responses"]
    r = r[r["question"] == f"NI-{question}"].rename(
        columns={"datazone": "dz", "survey_year": "period"}
    )
    r = r.assign(value=r["weight"])
    return roll(r[r["response"] == "positive"]), roll(r)


def _monthly(frame: pd.DataFrame, when: str) -> pd.DataFrame:
    return frame.assign(period=frame[when].dt.strftime("%Y-%m"))


def msg1() -> tuple[pd.Series, pd.Series]:
    s = _stays()
    s = _monthly(s[s["admission_type"].isin(EMERGENCY)], "admission_date").assign(value=1.0)
    return roll(s), pd.Series(dtype=float)


def msg2() -> tuple[pd.Series, pd.Series]:
    s = _stays()
    s = s[s["admission_type"].isin(EMERGENCY)]
    months = {}
    for k in range(2017 * 12 + 3, 2025 * 12 + 3):
        y, m = divmod(k, 12)
        first = dt.date(y, m + 1, 1)
        last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        months[f"{y}-{m + 1:02d}"] = (first, last)
    return roll(_overlap(s, "admission_date", "discharge_date", months)), pd.Series(dtype=float)


def msg3() -> tuple[pd.Series, pd.Series]:
    a = with_person(T["ae_attendances"], "arrival_date")
    return roll(_monthly(a, "arrival_date").assign(value=1.0)), pd.Series(dtype=float)


def msg4() -> tuple[pd.Series, pd.Series]:
    d = with_person(T["delayed_discharge_days"], "delay_start_date")
    d = d[d["age"] >= 18]
    months = {}
    for k in range(2017 * 12 + 3, 2025 * 12 + 3):
        y, m = divmod(k, 12)
        first = dt.date(y, m + 1, 1)
        months[f"{y}-{m + 1:02d}"] = (first, (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date())
    return roll(_overlap(d, "delay_start_date", "delay_end_date", months)), pd.Series(dtype=float)


def msg5() -> tuple[pd.Series, pd.Series]:
    return _deaths_in_community("financial")


def adp_wait() -> tuple[pd.Series, pd.Series]:
    r = with_person(T["adp_referrals"], "treatment_start_date")
    r = r[r["treatment_start_date"].notna()]
    d = r["treatment_start_date"]
    q = ((d.dt.month - 4) % 12) // 3 + 1
    r = r.assign(period=fy(d).map(fy_label) + " Q" + q.astype(str), value=1.0)
    quick = (r["treatment_start_date"] - r["referral_date"]).dt.days <= 21
    return roll(r[quick]), roll(r)


def lac_start() -> tuple[pd.Series, pd.Series]:
    la = with_person(T["looked_after"], "start_date")
    la = la[la["age"] < 18]
    k = la["start_date"].dt.year - (la["start_date"].dt.month < 8).astype(int)
    la = la.assign(period=k.map(fy_label), value=1.0)
    la = la[k.between(2017, 2023)].drop_duplicates(["period", "person_id"])
    pops = {fy_label(y): [min(y + 1, 2024)] for y in range(2017, 2024)}
    return roll(la), population((0, 17), pops)


def money_gains() -> tuple[pd.Series, pd.Series]:
    m = T["money_advice"]
    m = m[m["close_date"].notna()]
    sex = m["person_id"].map(PEOPLE["sex"]).fillna("unknown")
    m = m.assign(
        dz=m["datazone"],
        sex=sex,
        period=fy(m["close_date"]).map(fy_label),
        value=m["financial_gain"],
    )
    first = m["close_date"].min().replace(day=1)  # only years wholly covered by the data
    whole = fy(m["close_date"]).map(lambda k: pd.Timestamp(k, 4, 1) >= first)
    return roll(m[whole]), pd.Series(dtype=float)


def carers() -> tuple[pd.Series, pd.Series]:
    c = with_person(T["carer_support"], "support_date")
    c = c.assign(period=fy(c["support_date"]).map(fy_label), value=1.0)
    return roll(c.drop_duplicates(["period", "person_id"])), pd.Series(dtype=float)


def ni11_counts() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deaths and population under 75 by (period, partnership, 5-year band), for the DSR."""
    d = with_person(T["deaths"], "date_of_death")
    d = d[d["age"] < 75].assign(period=d["date_of_death"].dt.year.astype(str))
    d = d.assign(area=d["dz"].map(PARTNERSHIP), band=d["age"] // 5)
    deaths = d.groupby(["period", "area", "band"]).size().rename("deaths")
    pop = T["population"]
    pop = pop[pop["age"] < 75].assign(area=pop["datazone"].map(PARTNERSHIP), band=pop["age"] // 5)
    pop = pop.assign(period=pop["year"].astype(str))
    people = pop.groupby(["period", "area", "band"])["population"].sum()
    return deaths.reset_index(), people.reset_index()


_CASES = {
    "NI-12": ni12,
    "NI-13": ni13,
    "NI-14": ni14,
    "NI-15": ni15,
    "NI-16": ni16,
    "NI-18": ni18,
    "NI-19": ni19,
    "NI-20": ni20,
    **{f"NI-{q}": (lambda q=q: survey(q)) for q in range(1, 10)},
    "MSG-1": msg1,
    "MSG-2": msg2,
    "MSG-3": msg3,
    "MSG-4": msg4,
    "MSG-5": msg5,
    "ADP-WAIT": adp_wait,
    "LAC-START": lac_start,
    "MONEY-GAINS": money_gains,
    "CARERS-SUPPORTED": carers,
}


CASES = sorted(_CASES)
