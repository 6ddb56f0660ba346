"""A small hand-made workspace for indicator tests: 12 data zones, every contract table.

Geography: Scotland > one health board > two partnerships > three localities > four
intermediate zones > twelve data zones. Records span April 2017 to March 2025, so
there are whole financial years 2017/18-2024/25 and calendar years 2018-2024. All
values come from one seeded generator: the same workspace every time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa

from placewell.data.schemas import TABLES
from placewell.workspace import Workspace

START, END = dt.date(2017, 4, 1), dt.date(2025, 3, 31)
EPOCH = dt.date(1970, 1, 1)
DZ = [f"DZ{i:02d}" for i in range(1, 13)]
IZ_OF = {dz: f"IZ{(i // 3) + 1:02d}" for i, dz in enumerate(DZ)}
LOC_OF = {"IZ01": "LOC01", "IZ02": "LOC01", "IZ03": "LOC02", "IZ04": "LOC03"}
HSCP_OF = {"LOC01": "HSCP01", "LOC02": "HSCP01", "LOC03": "HSCP02"}
EMERGENCY = ["20", "21", "22", "30", "31", "32", "33", "34", "35", "36", "38", "39"]
OTHER_TYPES = ["10", "11", "12", "18", "19", "40", "42", "48"]
CONDITIONS = ["I219", "J189", "W19X", "W010", "S720", "C349", "F03X", "N390", "X42", "R074"]
CAUSES = ["C349", "I219", "J449", "X42", "W19X", "V892", "F03X", "I639", "Y349", "W010"]


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


def _dates(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    mask = None if valid is None else ~valid
    return pa.array(values.astype("int64"), pa.int32(), mask=mask).cast(pa.date32())


def _table(name: str, columns: dict[str, object]) -> pa.Table:
    spec = TABLES[name]
    arrays = []
    for field in spec.arrow_schema:
        value = columns[field.name]
        arrays.append(
            value if isinstance(value, pa.Array) else pa.array(value, field.type, from_pandas=True)
        )
    return pa.Table.from_arrays(arrays, schema=spec.arrow_schema)


def geography() -> dict[str, pa.Table]:
    rows = [
        ("S92000003", "Scotland", "country", None),
        ("HB01", "Ayrshire", "health_board", "S92000003"),
    ]
    rows += [("HSCP01", "North", "partnership", "HB01"), ("HSCP02", "South", "partnership", "HB01")]
    rows += [(loc, f"Locality {loc[-1]}", "locality", hscp) for loc, hscp in HSCP_OF.items()]
    rows += [(iz, f"Zone {iz[-1]}", "intzone", loc) for iz, loc in LOC_OF.items()]
    rows += [(dz, f"Data zone {dz[-2:]}", "datazone", IZ_OF[dz]) for dz in DZ]
    areas = _table(
        "areas",
        {
            "area_code": [r[0] for r in rows],
            "area_name": [r[1] for r in rows],
            "level": [r[2] for r in rows],
            "parent_code": [r[3] for r in rows],
        },
    )
    n = len(DZ)
    national = [1 + i % 5 for i in range(n)]
    local = [1 + (i * 2) % 5 for i in range(n)]
    deprivation = _table(
        "area_deprivation",
        {
            "datazone": DZ,
            "simd_version": ["2020v2"] * n,
            "simd_rank": [100 + 500 * i for i in range(n)],
            "national_decile": [2 * q for q in national],
            "national_quintile": national,
            "hb_decile": [2 * q for q in local],
            "hb_quintile": local,
            "local_decile": [2 * q for q in local],
            "local_quintile": local,
            "most_deprived_15pc": [q == 1 for q in national],
            "least_deprived_15pc": [q == 5 for q in national],
        },
    )
    return {"areas": areas, "area_deprivation": deprivation}


def population(rng: np.random.Generator) -> pa.Table:
    years, dzs, sexes, ages = np.meshgrid(
        np.arange(2017, 2025), np.arange(len(DZ)), [0, 1], np.arange(91), indexing="ij"
    )
    count = rng.integers(4, 14, size=years.shape)
    count[ages == 90] += 15
    return _table(
        "population",
        {
            "year": years.ravel(),
            "datazone": np.array(DZ)[dzs.ravel()],
            "sex": np.array(["M", "F"])[sexes.ravel()],
            "age": ages.ravel(),
            "population": count.ravel(),
        },
    )


def build_tables(seed: int = 7) -> dict[str, pa.Table]:
    rng = np.random.default_rng(seed)
    tables = geography()
    tables["population"] = population(rng)
    n_people = 3000
    birth = rng.integers(_days(dt.date(1920, 1, 1)), _days(dt.date(2016, 12, 31)), n_people)
    birth[:400] = rng.integers(
        _days(dt.date(2004, 1, 1)), _days(dt.date(2016, 1, 1)), 400
    )  # children
    pid = np.array([f"P{i:05d}" for i in range(n_people)])
    person_dz = rng.integers(0, len(DZ), n_people)
    tables["people"] = _table(
        "people",
        {
            "person_id": pid,
            "sex": rng.choice(["M", "F"], n_people),
            "birth_date": _dates(birth),
            "datazone": np.array(DZ)[person_dz],
        },
    )
    lo, hi = _days(START), _days(END)

    # hospital stays, with planted readmissions
    n = 6000
    who = rng.integers(400, n_people, n)
    adm = rng.integers(lo, hi + 1, n)
    adm = np.maximum(adm, birth[who])
    los = rng.integers(0, 25, n)
    follow = rng.choice(n, 600, replace=False)
    who = np.concatenate([who, who[follow]])
    adm = np.concatenate([adm, adm[follow] + los[follow] + rng.integers(0, 40, 600)])
    los = np.concatenate([los, rng.integers(0, 10, 600)])
    planted = np.arange(len(adm)) >= n
    keep = adm <= hi
    who, adm, los, planted = who[keep], adm[keep], los[keep], planted[keep]
    m = len(adm)
    dis = adm + los
    open_ = dis > hi
    kinds = np.where(rng.random(m) < 0.6, rng.choice(EMERGENCY, m), rng.choice(OTHER_TYPES, m))
    kinds[planted] = rng.choice(EMERGENCY, int(planted.sum()))
    main = rng.choice(CONDITIONS, m)
    other = np.where(rng.random(m) < 0.2, rng.choice(["W010", "W18", "E119", "I10X"], m), None)
    tables["hospital_stays"] = _table(
        "hospital_stays",
        {
            "stay_id": [f"S{i:06d}" for i in range(m)],
            "person_id": pid[who],
            "admission_date": _dates(adm),
            "discharge_date": _dates(dis, ~open_),
            "admission_type": kinds,
            "main_condition": main,
            "other_condition_1": other,
            "other_condition_2": np.where(rng.random(m) < 0.05, "W19X", None),
            "other_condition_3": [None] * m,
            "specialty": rng.choice(["General Medicine", "Geriatric Medicine", "Psychiatry"], m),
            "cost": np.where(rng.random(m) < 0.9, np.round(rng.uniform(300, 9000, m), 2), np.nan),
        },
    )

    # deaths: 400 different adults
    dead = rng.choice(np.arange(400, n_people), 400, replace=False)
    dod = np.maximum(rng.integers(lo, hi + 1, 400), birth[dead] + 1)
    tables["deaths"] = _table(
        "deaths",
        {
            "person_id": pid[dead],
            "date_of_death": _dates(dod),
            "underlying_cause": rng.choice(CAUSES, 400),
            "place_of_death": rng.choice(
                ["home", "care_home", "hospital", "hospice", "other"], 400
            ),
        },
    )

    n = 3000
    tables["ae_attendances"] = _table(
        "ae_attendances",
        {
            "attendance_id": [f"A{i:06d}" for i in range(n)],
            "person_id": pid[rng.integers(400, n_people, n)],
            "arrival_date": _dates(rng.integers(lo, hi + 1, n)),
            "minutes_in_department": rng.integers(10, 900, n),
            "discharge": rng.choice(["admitted", "home", "transferred", "left", "other"], n),
        },
    )

    n = 700
    start = rng.integers(lo, hi + 1, n)
    end = start + rng.integers(1, 70, n)
    tables["delayed_discharge_days"] = _table(
        "delayed_discharge_days",
        {
            "delay_id": [f"D{i:05d}" for i in range(n)],
            "person_id": pid[rng.integers(400, n_people, n)],
            "delay_start_date": _dates(start),
            "delay_end_date": _dates(end, (rng.random(n) > 0.1) & (end <= hi)),
            "reason_for_delay": rng.choice(["health_social_care", "patient_family", "code_9"], n),
        },
    )

    n = 1500
    kind = rng.choice(
        ["home_care", "care_home", "long_stay_hospital", "telecare", "day_care"],
        n,
        p=[0.5, 0.25, 0.05, 0.1, 0.1],
    )
    start = rng.integers(_days(dt.date(2015, 1, 1)), hi + 1, n)
    end = start + rng.integers(30, 1500, n)
    hours = np.where(kind == "home_care", rng.integers(1, 30, n).astype(float), np.nan)
    tables["care_services"] = _table(
        "care_services",
        {
            "service_id": [f"C{i:05d}" for i in range(n)],
            "person_id": pid[rng.integers(400, n_people, n)],
            "service_type": kind,
            "start_date": _dates(start),
            "end_date": _dates(end, (rng.random(n) > 0.3) & (end <= hi)),
            "hours_per_week": hours,
            "weekly_cost": np.round(rng.uniform(50, 900, n), 2),
        },
    )

    n = 900
    ref = rng.integers(lo, hi + 1, n)
    treat = ref + rng.integers(0, 45, n)
    tables["adp_referrals"] = _table(
        "adp_referrals",
        {
            "referral_id": [f"R{i:05d}" for i in range(n)],
            "person_id": pid[rng.integers(400, n_people, n)],
            "referral_date": _dates(ref),
            "treatment_start_date": _dates(treat, (rng.random(n) > 0.08) & (treat <= hi)),
            "substance": rng.choice(["drug", "alcohol", "both"], n),
        },
    )

    n = 260
    child = rng.integers(0, 400, n)
    start = np.maximum(rng.integers(lo, hi + 1, n), birth[child] + 30)
    end = start + rng.integers(10, 900, n)
    tables["looked_after"] = _table(
        "looked_after",
        {
            "episode_id": [f"L{i:05d}" for i in range(n)],
            "person_id": pid[child],
            "start_date": _dates(start),
            "end_date": _dates(end, end <= hi),
            "placement_type": rng.choice(["home", "kinship", "foster", "residential"], n),
        },
    )

    n = 500
    opened = rng.integers(lo, hi + 1, n)
    closed = opened + rng.integers(5, 200, n)
    linked = rng.random(n) > 0.3
    tables["money_advice"] = _table(
        "money_advice",
        {
            "case_id": [f"M{i:05d}" for i in range(n)],
            "person_id": np.where(linked, pid[rng.integers(400, n_people, n)], None),
            "datazone": rng.choice(DZ, n),
            "open_date": _dates(opened),
            "close_date": _dates(closed, closed <= hi),
            "gain_type": rng.choice(["benefits", "debt", "grants"], n),
            "financial_gain": np.round(rng.uniform(0, 6000, n), 2),
        },
    )

    n = 700
    tables["carer_support"] = _table(
        "carer_support",
        {
            "support_id": [f"K{i:05d}" for i in range(n)],
            "person_id": pid[rng.integers(400, 1400, n)],
            "support_date": _dates(rng.integers(lo, hi + 1, n)),
            "support_type": rng.choice(
                ["adult_carer_support_plan", "information_advice", "short_break"], n
            ),
        },
    )

    years = ["2019/20", "2021/22", "2023/24"]
    n = 3 * 9 * 120
    question = np.tile(np.repeat([f"NI-{q}" for q in range(1, 10)], 120), 3)
    tables["survey_responses"] = _table(
        "survey_responses",
        {
            "response_id": [f"Q{i:05d}" for i in range(n)],
            "survey_year": np.repeat(years, 9 * 120),
            "datazone": rng.choice(DZ, n),
            "sex": rng.choice(["M", "F"], n),
            "age": rng.integers(16, 96, n),
            "question": question,
            "response": rng.choice(["positive", "neutral", "negative"], n, p=[0.6, 0.2, 0.2]),
            "weight": np.round(rng.uniform(0.3, 2.5, n), 3),
        },
    )
    return tables


def build_workspace(home: Path, seed: int = 7) -> Workspace:
    """Create the workspace at ``home`` holding every table of :func:`build_tables`."""
    ws = Workspace(home).init()
    ws.warehouse.replace_tables(build_tables(seed), source="indicator test fixture")
    return ws
