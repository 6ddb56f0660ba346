"""Benchmark: the indicator packs at Scotland scale, and placewell against plain pandas.

Run by hand (``python bench/compute.py``); prints one JSON line per result.

1. Builds (or reuses, with ``--workspace``) a demo workspace of 5.4 million people
   from :func:`placewell.data.synth.generate`.
2. Computes every indicator of the packs with all levels and breakdowns on DuckDB,
   in a child process, and reports wall time and peak memory against the targets
   (120 s, 6 GB).
3. Computes NI-12, NI-14 and NI-19 with a straightforward pandas implementation (read
   the record-level tables once, merge, group by partnership and period) and with
   placewell (all levels, breakdowns and statistics), each in a fresh child process
   from the warehouse to the results, checks that the partnership numbers are
   identical, and that placewell is at least 10 times faster.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

TARGET_SECONDS, TARGET_GB, TARGET_SPEEDUP = 120.0, 6.0, 10.0
EMERGENCY = ["20", "21", "22", *(str(c) for c in range(30, 40))]
COMPARED = ("NI-12", "NI-14", "NI-19")


def emit(**fields: Any) -> None:
    print(json.dumps(fields, default=str), flush=True)


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def build(home: Path, people: int) -> None:
    from placewell.data.synth import DemoConfig, generate
    from placewell.workspace import Workspace

    start = time.perf_counter()
    tables = generate(DemoConfig(people=people, first_year=2017, last_year=2024))
    ws = Workspace(home).init()
    ws.warehouse.replace_tables(tables, source=f"bench people={people}")
    rows = {name: t.num_rows for name, t in tables.items()}
    emit(bench="generate", people=people, seconds=round(time.perf_counter() - start, 1), rows=rows)


# --- placewell ----------------------------------------------------------------------------
def _warm_imports() -> None:
    import importlib

    for name in (
        "compare",
        "disclosure",
        "dsr",
        "inequality",
        "proportions",
        "rates",
        "spc",
        "trend",
    ):
        importlib.import_module(f"placewell.stats.{name}")
    importlib.import_module("placewell.indicators.engine")
    importlib.import_module("ibis.backends.duckdb")


def _placewell_three(home: str, out: Any) -> None:
    from placewell.indicators import compute_many, resolve_definitions
    from placewell.workspace import Workspace

    ws = Workspace(Path(home))
    definitions = resolve_definitions(ws, list(COMPARED))
    _warm_imports()  # like pandas' imports on the other side: not part of the timing
    start = time.perf_counter()
    outcomes = compute_many(ws, definitions, engine="duckdb", force=True)
    seconds = time.perf_counter() - start
    out.send({"seconds": seconds, "each": {o.indicator: o.seconds for o in outcomes}})


def _placewell(home: str, packs: list[str], out: Any) -> None:
    from placewell.indicators import compute_many, load_pack
    from placewell.indicators.results import read_results
    from placewell.workspace import Workspace

    ws = Workspace(Path(home))
    report: dict[str, Any] = {"packs": {}, "indicators": {}}
    start = time.perf_counter()
    for pack in packs:
        t = time.perf_counter()
        outcomes = compute_many(ws, load_pack(pack).definitions, engine="duckdb", force=True)
        report["packs"][pack] = round(time.perf_counter() - t, 2)
        for o in outcomes:
            report["indicators"][o.indicator] = (o.status, round(o.seconds, 2), o.rows, o.message)
    report["seconds"] = round(time.perf_counter() - start, 2)
    report["peak_gb"] = round(_peak_gb(), 2)
    frames = [read_results(ws, i, area_level="partnership", breakdown="all") for i in COMPARED]
    report["compared"] = pd.concat(frames)[
        ["indicator", "period", "area_code", "numerator", "denominator", "value"]
    ]
    out.send(report)


# --- plain pandas -------------------------------------------------------------------------
def _read(con: Any, sql: str) -> pd.DataFrame:
    return con.execute(sql).fetch_df()


def _partnerships(con: Any) -> pd.Series:
    areas = _read(con, "SELECT area_code, level, parent_code FROM areas")
    parent = areas.set_index("area_code")["parent_code"]
    level = areas.set_index("area_code")["level"]
    dz = areas.loc[areas["level"] == "datazone", "area_code"]
    current = pd.Series(dz.to_numpy(), index=dz.to_numpy())
    found = pd.Series(index=current.index, dtype=object)
    for _ in range(6):
        current = current.map(parent)
        hit = current.map(level) == "partnership"
        found[hit & found.isna()] = current[hit]
    return found


def _age(birth: pd.Series, on: pd.Series) -> pd.Series:
    before = (on.dt.month * 100 + on.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return on.dt.year - birth.dt.year - before.astype(int)


def _pandas(home: str, out: Any) -> None:
    import duckdb

    timings: dict[str, float] = {}
    frames = []
    with duckdb.connect(str(Path(home) / "warehouse.duckdb"), read_only=True) as con:
        t0 = time.perf_counter()
        hscp = _partnerships(con)
        people = _read(con, "SELECT person_id, birth_date, datazone FROM people").set_index(
            "person_id"
        )
        population = _read(con, "SELECT year, datazone, age, population FROM population")
        population["hscp"] = population["datazone"].map(hscp)
        shared = time.perf_counter() - t0  # read once for all three

        t = time.perf_counter()  # NI-12: emergency admissions of adults per 100,000 adults
        stays = _read(con, "SELECT person_id, admission_date, admission_type FROM hospital_stays")
        stays = stays.join(people, on="person_id")
        stays["age"] = _age(
            pd.to_datetime(stays["birth_date"]), pd.to_datetime(stays["admission_date"])
        )
        e = stays[stays["admission_type"].isin(EMERGENCY) & (stays["age"] >= 18)]
        num = e.groupby(
            [
                pd.to_datetime(e["admission_date"]).dt.year.rename("year"),
                e["datazone"].map(hscp).rename("hscp"),
            ]
        ).size()
        adults = population[population["age"] >= 18].groupby(["year", "hscp"])["population"].sum()
        ni12 = pd.DataFrame({"numerator": num, "denominator": adults}).dropna()
        ni12["value"] = ni12["numerator"] / ni12["denominator"] * 100_000
        ni12 = ni12.reset_index().assign(indicator="NI-12", period=lambda f: f["year"].astype(str))
        frames.append(ni12)
        timings["NI-12"] = time.perf_counter() - t
        del stays, e

        t = time.perf_counter()  # NI-14: discharges with an emergency readmission in 28 days
        s = _read(
            con,
            "SELECT stay_id, person_id, admission_date, discharge_date, admission_type FROM hospital_stays",
        )
        s["admission_date"] = pd.to_datetime(s["admission_date"])
        s["discharge_date"] = pd.to_datetime(s["discharge_date"])
        d = s[s["discharge_date"].notna()].sort_values("discharge_date")
        em = s[s["admission_type"].isin(EMERGENCY)][["person_id", "stay_id", "admission_date"]]
        nxt = pd.merge_asof(
            d[["stay_id", "person_id", "discharge_date"]],
            em.rename(columns={"stay_id": "next_id"}).sort_values("admission_date"),
            left_on="discharge_date",
            right_on="admission_date",
            by="person_id",
            direction="forward",
            allow_exact_matches=False,
        )
        later = (nxt["admission_date"] - nxt["discharge_date"]).dt.days <= 28
        same_day = em.groupby(["person_id", "admission_date"]).size().rename("same")
        nxt = nxt.join(same_day, on=["person_id", "discharge_date"])
        self_same = nxt["stay_id"].isin(
            s.loc[
                s["admission_type"].isin(EMERGENCY) & (s["admission_date"] == s["discharge_date"]),
                "stay_id",
            ]
        )
        others_same_day = nxt["same"].fillna(0) - self_same.astype(int) > 0
        nxt["readmitted"] = (later | others_same_day).astype(float)
        nxt["datazone"] = nxt["person_id"].map(people["datazone"])
        keys = [
            nxt["discharge_date"].dt.year.rename("year"),
            nxt["datazone"].map(hscp).rename("hscp"),
        ]
        ni14 = nxt.groupby(keys).agg(
            numerator=("readmitted", "sum"), denominator=("readmitted", "size")
        )
        ni14["value"] = ni14["numerator"] / ni14["denominator"] * 1000
        ni14 = ni14.reset_index().assign(indicator="NI-14", period=lambda f: f["year"].astype(str))
        frames.append(ni14)
        timings["NI-14"] = time.perf_counter() - t
        del s, d, em, nxt

        t = time.perf_counter()  # NI-19: delayed discharge bed days of 75+ per 1,000 aged 75+
        dd = _read(
            con, "SELECT person_id, delay_start_date, delay_end_date FROM delayed_discharge_days"
        )
        dd = dd.join(people, on="person_id")
        start = pd.to_datetime(dd["delay_start_date"])
        end = pd.to_datetime(dd["delay_end_date"])
        dd = dd[_age(pd.to_datetime(dd["birth_date"]), start) >= 75]
        start, end = start[dd.index], end[dd.index]
        parts = []
        for year in range(start.dt.year.min() - 1, start.dt.year.max() + 1):
            p0, p1 = pd.Timestamp(year, 4, 1), pd.Timestamp(year + 1, 4, 1)
            days = (end.fillna(p1).clip(upper=p1) - start.clip(lower=p0)).dt.days.clip(lower=0)
            parts.append(
                pd.DataFrame({"year": year, "hscp": dd["datazone"].map(hscp), "days": days})
            )
        beds = pd.concat(parts).groupby(["year", "hscp"])["days"].sum()
        old = population[population["age"] >= 75].groupby(["year", "hscp"])["population"].sum()
        ni19 = pd.DataFrame({"numerator": beds, "denominator": old}).dropna()
        ni19["value"] = ni19["numerator"] / ni19["denominator"] * 1000
        ni19 = ni19.reset_index().assign(
            indicator="NI-19", period=lambda f: f["year"].map(lambda y: f"{y}/{(y + 1) % 100:02d}")
        )
        frames.append(ni19)
        timings["NI-19"] = time.perf_counter() - t
    result = pd.concat(frames).rename(columns={"hscp": "area_code"})
    total = time.perf_counter() - t0
    out.send(
        {
            "timings": timings,
            "shared": shared,
            "total": total,
            "peak_gb": round(_peak_gb(), 2),
            "frame": result,
        }
    )


def _child(target: Any, *args: Any) -> Any:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result


def compare(placewell: pd.DataFrame, plain: pd.DataFrame) -> dict[str, bool]:
    keys = ["indicator", "period", "area_code"]
    merged = plain.merge(placewell, on=keys, suffixes=("_pandas", ""), how="inner")
    out = {}
    for indicator in COMPARED:
        m = merged[merged["indicator"] == indicator]
        ok = len(m) > 0 and all(
            np.allclose(
                m[f"{c}_pandas"].astype(float), m[c].astype(float), rtol=1e-9, equal_nan=True
            )
            for c in ("numerator", "denominator", "value")
        )
        out[indicator] = bool(ok)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path("bench-workspace"))
    parser.add_argument("--people", type=int, default=5_400_000)
    parser.add_argument("--packs", default="core-suite,msg,local")
    parser.add_argument("--skip-packs", action="store_true", help="only the comparison with pandas")
    args = parser.parse_args()
    if not (args.workspace / "warehouse.duckdb").exists():
        build(args.workspace, args.people)
    packs = [p.strip() for p in args.packs.split(",") if p.strip()]

    pw = _child(_placewell, str(args.workspace), [] if args.skip_packs else packs)
    for indicator, (status, seconds, rows, message) in pw["indicators"].items():
        emit(
            bench="indicator",
            indicator=indicator,
            status=status,
            seconds=seconds,
            rows=rows,
            note=message,
        )
    for pack, seconds in pw["packs"].items():
        emit(bench="pack", pack=pack, seconds=seconds)
    if not args.skip_packs:
        emit(
            bench="compute",
            packs=packs,
            indicators=len(pw["indicators"]),
            seconds=pw["seconds"],
            peak_gb=pw["peak_gb"],
            target_seconds=TARGET_SECONDS,
            target_gb=TARGET_GB,
            ok=pw["seconds"] <= TARGET_SECONDS and pw["peak_gb"] <= TARGET_GB,
        )

    three = _child(_placewell_three, str(args.workspace))
    plain = _child(_pandas, str(args.workspace))
    identical = compare(pw["compared"], plain["frame"])
    for indicator in COMPARED:
        emit(
            bench="pandas",
            indicator=indicator,
            pandas_seconds=round(plain["timings"][indicator], 2),
            placewell_seconds=round(three["each"][indicator], 2),
            identical=identical[indicator],
        )
    computing = sum(three["each"].values())  # without writing results to the warehouse
    speedup = plain["total"] / computing
    ok = all(identical.values()) and speedup >= TARGET_SPEEDUP
    emit(
        bench="pandas_total",
        indicators=list(COMPARED),
        pandas_seconds=round(plain["total"], 2),
        pandas_shared_reads_seconds=round(plain["shared"], 2),
        placewell_seconds=round(computing, 2),
        placewell_with_storing_seconds=round(three["seconds"], 2),
        speedup=round(speedup, 1),
        speedup_with_storing=round(plain["total"] / three["seconds"], 1),
        target_speedup=TARGET_SPEEDUP,
        identical=all(identical.values()),
        pandas_peak_gb=plain["peak_gb"],
        ok=ok,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
