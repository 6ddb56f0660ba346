"""Benchmark: the indicator packs at Scotland scale, and placewell against plain pandas.

Run by hand (``python bench/compute.py``); prints one JSON line per result.

1. Builds (or reuses, with ``--workspace``) a demo workspace of 5.4 million people
   from :func:`placewell.data.synth.generate`.
2. Computes every indicator of the packs with all levels and breakdowns on DuckDB,
   in a child process, and reports wall time and peak memory against the targets
   (120 s, 6 GB).
3. Computes NI-12, NI-14 and NI-19 with a straightforward pandas implementation (read
   the record-level tables, join people, make cells of period x data zone x sex x age
   band, sum them to every level and breakdown) and with placewell (the same rows, plus
   intervals, comparisons, trends, SPC, suppression and inequality measures), each in a
   fresh child process from the warehouse to the results; checks that every value
   placewell stores is in the pandas results with identical numerator, denominator and
   value, and that placewell is at least 10 times faster.
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
    importlib.import_module("scipy.stats")  # imported on first use by the SII (about 0.5 s)


def _placewell_three(home: str, out: Any) -> None:
    """NI-12, NI-14 and NI-19: computed into DataFrames (like pandas), then computed and stored."""
    from placewell.indicators import compute_many, resolve_definitions
    from placewell.workspace import Workspace

    ws = Workspace(Path(home))
    definitions = resolve_definitions(ws, list(COMPARED))
    _warm_imports()  # like pandas' imports on the other side: not part of the timing
    start = time.perf_counter()
    outcomes = compute_many(ws, definitions, engine="duckdb", store=False)
    seconds = time.perf_counter() - start  # wall time, from the warehouse to the results
    frames = [o.results for o in outcomes if o.results is not None]
    start = time.perf_counter()
    stored = compute_many(ws, definitions, engine="duckdb", force=True, keep=False)
    with_storing = time.perf_counter() - start
    out.send(
        {
            "seconds": seconds,
            "with_storing": with_storing,
            "each": {o.indicator: o.seconds for o in outcomes},
            "status": {o.indicator: o.status for o in [*outcomes, *stored]},
            "compared": pd.concat(frames)[
                [*KEYS, "numerator", "denominator", "value", "suppressed"]
            ],
        }
    )


def _placewell(home: str, packs: list[str], out: Any) -> None:
    from placewell.indicators import compute_many, load_pack
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
    out.send(report)


# --- plain pandas -------------------------------------------------------------------------
# The same results placewell stores for NI-12, NI-14 and NI-19 (numerator, denominator and
# value for every area at every level, by sex, age band and SIMD quintile), written the way
# an analyst would in pandas: read the records, join people, make cells of period x data
# zone x sex x age band, then sum the cells to each level and breakdown.
LEVELS = ["datazone", "intzone", "locality", "partnership", "health_board", "country"]
BREAKDOWNS = {
    "sex": "sex",
    "age_band": "age_band",
    "simd_national_quintile": "national_quintile",
    "simd_local_quintile": "local_quintile",
}
KEYS = ["indicator", "period", "area_code", "breakdown", "breakdown_value"]


def _read(con: Any, sql: str) -> pd.DataFrame:
    return con.execute(sql).fetch_df()


def _geography(con: Any) -> pd.DataFrame:
    """Per data zone: its area at every level, and its SIMD quintiles."""
    areas = _read(con, "SELECT area_code, level, parent_code FROM areas")
    parent = areas.set_index("area_code")["parent_code"]
    level = areas.set_index("area_code")["level"]
    dz = areas.loc[areas["level"] == "datazone", "area_code"].to_numpy()
    geo = pd.DataFrame(index=pd.Index(dz, name="datazone"))
    current = pd.Series(dz, index=dz)
    for _ in range(len(LEVELS)):
        current = current.map(parent)
        for lv in LEVELS[1:]:
            hit = (current.map(level) == lv).to_numpy()
            if hit.any():
                geo.loc[hit, lv] = current[hit].to_numpy()
    simd = _read(
        con,
        "SELECT datazone, simd_version, national_quintile, local_quintile FROM area_deprivation",
    )
    simd = simd.sort_values("simd_version").drop_duplicates("datazone", keep="last")
    simd = simd.set_index("datazone")[["national_quintile", "local_quintile"]].astype(str)
    return geo.join(simd)


def _age(birth: pd.Series, on: pd.Series) -> pd.Series:
    before = (on.dt.month * 100 + on.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    return on.dt.year - birth.dt.year - before.astype(int)


def _band(age: pd.Series, starts: list[int]) -> pd.Series:
    labels = [
        f"under {starts[1]}" if lo == 0 else (f"{lo}-{hi - 1}" if hi else f"{lo}+")
        for lo, hi in zip(starts, [*starts[1:], None], strict=True)
    ]
    return pd.cut(age, [*starts, 200], right=False, labels=labels).astype(str)


def _roll(cells: pd.DataFrame, geo: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Sum cells (period, datazone, sex, age_band, columns) to every level x breakdown."""
    cells = cells.join(geo, on="datazone")
    out = []
    for lv in LEVELS:
        for name in ["all", *BREAKDOWNS]:
            if lv == "datazone" and name != "all":
                continue
            keys = ["period", lv] if name == "all" else ["period", lv, BREAKDOWNS[name]]
            g = cells.groupby(keys, observed=True)[columns].sum().reset_index()
            g = g.rename(columns={lv: "area_code"})
            g["breakdown"] = name
            g["breakdown_value"] = "all" if name == "all" else g.pop(BREAKDOWNS[name])
            out.append(g)
    return pd.concat(out, ignore_index=True)


def _rate(num: pd.DataFrame, den: pd.DataFrame, indicator: str, per: float) -> pd.DataFrame:
    keys = ["period", "area_code", "breakdown", "breakdown_value"]
    both = num.merge(den, on=keys, how="outer").fillna({"numerator": 0.0})
    both["value"] = both["numerator"] / both["denominator"] * per
    return both.assign(indicator=indicator)


def _population(population: pd.DataFrame, geo: pd.DataFrame, minimum: int, starts: list[int],
                period: Any) -> pd.DataFrame:  # fmt: skip
    pop = population[population["age"] >= minimum]
    cells = pd.DataFrame({
        "period": period(pop["year"]), "datazone": pop["datazone"], "sex": pop["sex"],
        "age_band": _band(pop["age"], starts), "denominator": pop["population"].astype(float),
    })  # fmt: skip
    cells = cells.groupby(["period", "datazone", "sex", "age_band"], observed=True).sum()
    return _roll(cells.reset_index(), geo, ["denominator"])


def _pandas(home: str, out: Any) -> None:
    import duckdb

    timings: dict[str, float] = {}
    frames = []
    cell_keys = ["period", "datazone", "sex", "age_band"]
    with duckdb.connect(str(Path(home) / "warehouse.duckdb"), read_only=True) as con:
        t0 = time.perf_counter()
        geo = _geography(con)
        people = _read(con, "SELECT person_id, birth_date, sex, datazone FROM people").set_index(
            "person_id"
        )
        people["birth_date"] = pd.to_datetime(people["birth_date"])
        population = _read(con, "SELECT year, datazone, sex, age, population FROM population")
        shared = time.perf_counter() - t0  # read once for all three

        t = time.perf_counter()  # NI-12: emergency admissions of adults per 100,000 adults
        bands = [0, 18, 45, 65, 75, 85]
        stays = _read(con, "SELECT person_id, admission_date, admission_type FROM hospital_stays")
        stays = stays.join(people, on="person_id", how="inner")
        when = pd.to_datetime(stays["admission_date"])
        stays["age"] = _age(stays["birth_date"], when)
        e = stays[stays["admission_type"].isin(EMERGENCY) & (stays["age"] >= 18)]
        cells = pd.DataFrame({
            "period": when[e.index].dt.year.astype(str), "datazone": e["datazone"],
            "sex": e["sex"], "age_band": _band(e["age"], bands), "numerator": 1.0,
        })  # fmt: skip
        num = _roll(cells.groupby(cell_keys, observed=True).sum().reset_index(), geo, ["numerator"])
        den = _population(population, geo, 18, bands, lambda y: y.astype(str))
        frames.append(_rate(num, den, "NI-12", 100_000))
        timings["NI-12"] = time.perf_counter() - t
        del stays, e, cells

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
        nxt["numerator"] = (later | others_same_day).astype(float)
        nxt["denominator"] = 1.0
        nxt = nxt.join(people, on="person_id", how="inner")
        age = _age(nxt["birth_date"], nxt["discharge_date"])
        cells = pd.DataFrame({
            "period": nxt["discharge_date"].dt.year.astype(str), "datazone": nxt["datazone"],
            "sex": nxt["sex"], "age_band": _band(age, [0, 18, 45, 65, 75, 85]),
            "numerator": nxt["numerator"], "denominator": nxt["denominator"],
        })  # fmt: skip
        cells = cells.groupby(cell_keys, observed=True).sum().reset_index()
        ni14 = _roll(cells, geo, ["numerator", "denominator"])
        ni14["value"] = ni14["numerator"] / ni14["denominator"] * 1000
        frames.append(ni14.assign(indicator="NI-14"))
        timings["NI-14"] = time.perf_counter() - t
        del s, d, em, nxt, cells

        t = time.perf_counter()  # NI-19: delayed discharge bed days of 75+ per 1,000 aged 75+
        bands = [0, 75, 85]
        dd = _read(
            con, "SELECT person_id, delay_start_date, delay_end_date FROM delayed_discharge_days"
        )
        dd = dd.join(people, on="person_id", how="inner")
        start = pd.to_datetime(dd["delay_start_date"])
        end = pd.to_datetime(dd["delay_end_date"])
        dd["age"] = _age(dd["birth_date"], start)
        dd = dd[dd["age"] >= 75]
        start, end = start[dd.index], end[dd.index]
        parts = []
        for year in range(start.dt.year.min() - 1, start.dt.year.max() + 1):
            p0, p1 = pd.Timestamp(year, 4, 1), pd.Timestamp(year + 1, 4, 1)
            days = (end.fillna(p1).clip(upper=p1) - start.clip(lower=p0)).dt.days.clip(lower=0)
            parts.append(pd.DataFrame({
                "period": f"{year}/{(year + 1) % 100:02d}", "datazone": dd["datazone"],
                "sex": dd["sex"], "age_band": _band(dd["age"], bands),
                "numerator": days.astype(float),
            }))  # fmt: skip
        cells = pd.concat(parts)
        cells = cells[cells["numerator"] > 0].groupby(cell_keys, observed=True).sum()
        num = _roll(cells.reset_index(), geo, ["numerator"])
        den = _population(
            population, geo, 75, bands, lambda y: y.map(lambda v: f"{v}/{(v + 1) % 100:02d}")
        )
        frames.append(_rate(num, den, "NI-19", 1000))
        timings["NI-19"] = time.perf_counter() - t
    result = pd.concat(frames, ignore_index=True)
    total = time.perf_counter() - t0
    out.send(
        {
            "timings": timings,
            "shared": shared,
            "total": total,
            "rows": len(result),
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


def compare(placewell: pd.DataFrame, plain: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Every placewell value found in the pandas results, and the same numbers.

    Numerators and values are compared where placewell publishes them (disclosure
    control empties the suppressed ones); denominators everywhere.
    """
    merged = placewell.merge(plain, on=KEYS, suffixes=("", "_pandas"), how="left", indicator=True)
    out: dict[str, dict[str, Any]] = {}
    for indicator in COMPARED:
        m = merged[merged["indicator"] == indicator]
        shown = ~m["suppressed"].astype(bool)
        found = bool((m["_merge"] == "both").all())

        def same(column: str, rows: pd.Series, m: pd.DataFrame = m) -> bool:
            a = m.loc[rows, f"{column}_pandas"].astype(float).fillna(0.0)
            b = m.loc[rows, column].astype(float).fillna(0.0)
            return bool(np.allclose(a, b, rtol=1e-9, atol=0))

        out[indicator] = {
            "rows": len(m),
            "published": int(shown.sum()),
            "identical": found
            and len(m) > 0
            and same("numerator", shown)
            and same("value", shown)
            and same("denominator", m["denominator"].notna()),
        }
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
    checked = compare(three["compared"], plain["frame"])
    identical = {k: v["identical"] for k, v in checked.items()}
    for indicator in COMPARED:
        emit(
            bench="pandas",
            indicator=indicator,
            pandas_seconds=round(plain["timings"][indicator], 2),
            placewell_seconds=round(three["each"][indicator], 2),  # fetch + judge; they overlap
            rows_compared=checked[indicator]["rows"],
            published_rows=checked[indicator]["published"],
            identical=identical[indicator],
        )
    computing = three["seconds"]  # wall time of the run, results kept in memory like pandas'
    speedup = plain["total"] / computing
    ok = all(identical.values()) and speedup >= TARGET_SPEEDUP
    emit(
        bench="pandas_total",
        indicators=list(COMPARED),
        pandas_seconds=round(plain["total"], 2),
        pandas_shared_reads_seconds=round(plain["shared"], 2),
        placewell_seconds=round(computing, 2),
        placewell_with_storing_seconds=round(three["with_storing"], 2),
        speedup=round(speedup, 1),
        speedup_with_storing=round(plain["total"] / three["with_storing"], 1),
        target_speedup=TARGET_SPEEDUP,
        identical=all(identical.values()),
        pandas_peak_gb=plain["peak_gb"],
        ok=ok,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
