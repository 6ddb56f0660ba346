"""Benchmark the demo population generator; optionally measure its calibration.

Run by hand (not in CI)::

    python bench/generate.py --people 365300 --people 5400000
    python bench/generate.py --people 365300 --calibration

Prints one JSON line per size: people, seconds, peak resident memory (MB) of the
process, and rows per table; with ``--calibration`` one more line per size with
the published-figure checks (NI-12-like rate, falls, readmissions, premature
mortality by SIMD quintile, delayed bed days, ADP waits, looked-after starts, ...).
Each size runs in a fresh subprocess so peak memory is that size's own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

import duckdb
import pyarrow as pa


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def calibration(tables: dict[str, pa.Table], first_year: int, last_year: int) -> dict[str, Any]:
    """Published-figure checks computed from the generated tables with DuckDB."""
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    con.execute(
        """
        create view dz as
        select d.datazone, d.national_quintile as q, p.area_name as partnership
        from area_deprivation d
        join areas z on z.area_code = d.datazone
        join areas i on i.area_code = z.parent_code
        join areas l on l.area_code = i.parent_code
        join areas p on p.area_code = l.parent_code
        """
    )
    con.execute(
        """
        create view em as
        select s.*, date_diff('year', p.birth_date, s.admission_date)
            - (strftime(s.admission_date, '%m%d') < strftime(p.birth_date, '%m%d'))::int as age
        from hospital_stays s join people p using (person_id)
        where s.admission_type in ('20','21','22','30','31','32','33','34','35','36','38','39')
        """
    )
    out: dict[str, Any] = {}
    mid = min(max(2022, first_year), last_year)
    out["population_by_partnership"] = dict(
        _rows(
            con,
            f"""select partnership, sum(population)::int from population join dz using (datazone)
                where year = {mid} group by 1 order by 1""",
        )
    )
    out["aged_65_plus_and_75_plus_pc"] = _rows(
        con,
        f"""select partnership, round(100 * sum(population) filter (where age >= 65)
            / sum(population), 1), round(100 * sum(population) filter (where age >= 75)
            / sum(population), 1) from population join dz using (datazone)
            where year = {mid} group by 1 order by 1""",
    )
    out["datazone_residents_min_max"] = _rows(
        con,
        f"""select min(n), max(n) from (select datazone, sum(population) n from population
            where year = {mid} group by 1)""",
    )[0]
    # NI-12-like: emergency admissions of adults per 100,000 adults, calendar years.
    out["emergency_admissions_per_100k_adults"] = dict(
        _rows(
            con,
            """with a as (select year(admission_date) y, count(*) n from em where age >= 18
                 group by 1), p as (select year y, sum(population) n from population
                 where age >= 18 group by 1)
               select a.y, round(1e5 * a.n / p.n) from a join p using (y) order by 1""",
        )
    )
    out["emergency_rate_by_quintile_per_1000"] = dict(
        _rows(
            con,
            """with a as (select q, count(*) n from em e join people p using (person_id)
                 join dz using (datazone) group by 1),
               p as (select q, sum(population) n from population join dz using (datazone)
                 group by 1)
               select a.q, round(1000 * a.n / p.n, 1) from a join p using (q) order by 1""",
        )
    )
    out["falls_per_1000_aged_65_plus"] = dict(
        _rows(
            con,
            """with a as (select year(admission_date) y, count(*) n from em where age >= 65
                 and (main_condition similar to 'W(0[0-9]|1[0-9]).*'
                      or other_condition_1 similar to 'W(0[0-9]|1[0-9]).*') group by 1),
               p as (select year y, sum(population) n from population where age >= 65 group by 1)
               select a.y, round(1000 * a.n / p.n, 1) from a join p using (y) order by 1""",
        )
    )
    out["emergency_mean_los_65_plus"] = _rows(
        con,
        """select round(avg(date_diff('day', admission_date, discharge_date)), 1),
                  round(100 * avg((date_diff('day', admission_date, discharge_date) <= 2)::int))
           from em where age >= 65 and discharge_date is not null""",
    )[0]
    out["readmissions_28d_per_1000_discharges"] = _rows(
        con,
        """with d as (select person_id, stay_id, discharge_date from hospital_stays
                      where discharge_date is not null),
                r as (select distinct d.stay_id from d join em e on e.person_id = d.person_id
                      and e.admission_date > d.discharge_date
                      and e.admission_date <= d.discharge_date + 28)
           select round(1000 * (select count(*) from r) / (select count(*) from d))""",
    )[0][0]
    out["deaths_per_year_pc"] = dict(
        _rows(
            con,
            """with d as (select year(date_of_death) y, count(*) n from deaths group by 1),
               p as (select year y, sum(population) n from population group by 1)
               select d.y, round(100 * d.n / p.n, 2) from d join p using (y) order by 1""",
        )
    )
    # Premature mortality: European age-standardised deaths under 75 per 100,000 by
    # national SIMD quintile (0 = all), pooled over the period.
    esp = "5000,5500,5500,5500,6000,6000,6500,7000,7000,7000,7000,6500,6000,5500,5000"
    out["premature_easr_by_quintile"] = dict(
        _rows(
            con,
            f"""with w as (select unnest(range(15)) b, unnest([{esp}]) w),
               d0 as (select dz.q, (year(x.date_of_death) - year(p.birth_date)) // 5 b
                      from deaths x join people p using (person_id) join dz using (datazone)
                      where year(x.date_of_death) - year(p.birth_date) < 75),
               d as (select q, b, count(*) n from d0 group by 1, 2
                     union all select 0, b, count(*) from d0 group by 2),
               p0 as (select dz.q, age // 5 b, population n from population
                      join dz using (datazone) where age < 75),
               p as (select q, b, sum(n) n from p0 group by 1, 2
                     union all select 0, b, sum(n) from p0 group by 2),
               r as (select p.q, p.b, coalesce(d.n, 0) / p.n rate from p left join d
                     using (q, b))
               select q, round(1e5 * sum(rate * w) / sum(w)) from r join w using (b)
               group by 1 order by 1""",
        )
    )
    out["last_six_months_in_hospital_pc"] = _rows(
        con,
        """select round(100 * sum(greatest(0, date_diff('day',
                    greatest(s.admission_date, x.date_of_death - 182),
                    least(coalesce(s.discharge_date, x.date_of_death), x.date_of_death))))
                  / (182 * (select count(*) from deaths)), 1)
           from deaths x join hospital_stays s using (person_id)""",
    )[0][0]
    out["place_of_death_pc"] = dict(
        _rows(
            con,
            """select place_of_death, round(100 * count(*) / sum(count(*)) over (), 1)
               from deaths group by 1 order by 1""",
        )
    )
    out["delayed_bed_days_and_75_plus_pc_by_fy"] = _rows(
        con,
        f"""with d as (select d.*, date_diff('year', p.birth_date, delay_start_date) age,
                  greatest(delay_start_date, make_date(y, 4, 1)) s,
                  least(coalesce(delay_end_date, make_date({last_year + 1}, 4, 1)),
                        make_date(y + 1, 4, 1)) e
                  from delayed_discharge_days d join people p using (person_id),
                  range({first_year}, {last_year + 1}) t(y))
               select cast(extract(year from s - interval 3 month) as int) fy,
                 sum(date_diff('day', s, e))::int,
                 round(100 * sum(date_diff('day', s, e)) filter (where age >= 75)
                   / sum(date_diff('day', s, e)), 1)
               from d where e > s group by 1 order by 1""",
    )
    out["adp_referrals_per_year"] = dict(
        _rows(
            con,
            """select year(referral_date), count(*) from adp_referrals group by 1 order by 1""",
        )
    )
    out["adp_within_3_weeks_pc"] = _rows(
        con,
        """select round(100 * avg((date_diff('day', referral_date, treatment_start_date)
                  <= 21)::int), 1) from adp_referrals where treatment_start_date is not null""",
    )[0][0]
    out["looked_after_starts_by_fy"] = _rows(
        con,
        f"""select dz.partnership, list(n order by fy) from (
              select partnership, extract(year from start_date - interval 3 month) fy,
                     count(*) n from looked_after l join people p using (person_id)
                     join dz using (datazone) where start_date >= make_date({first_year}, 4, 1)
                     group by 1, 2) dz group by 1 order by 1""",
    )
    out["north_ayrshire_benefits_gained_m"] = dict(
        _rows(
            con,
            """select extract(year from open_date - interval 3 month) fy,
                      round(sum(financial_gain) / 1e6, 1) from money_advice
               join dz using (datazone) where partnership = 'North Ayrshire'
               and gain_type = 'benefits' group by 1 order by 1""",
        )
    )
    out["ae_per_person_year"] = _rows(
        con,
        """select round(count(*) / (select sum(population) from population), 3),
                  round(100 * avg((minutes_in_department < 240)::int), 1) from ae_attendances""",
    )[0]
    out["survey_positive_pc"] = dict(
        _rows(
            con,
            """select question, round(100 * sum(weight) filter (where response = 'positive')
               / sum(weight), 1) from survey_responses group by 1 order by 1""",
        )
    )
    out["care_home_residents_dying_within_a_year_pc"] = _rows(
        con,
        f"""select round(100 * avg((x.date_of_death <= make_date(y + 1, 3, 31))::int), 1)
            from care_services c cross join range({first_year}, {last_year}) t(y)
            left join deaths x on x.person_id = c.person_id
            where service_type = 'care_home' and start_date <= make_date(y, 3, 31)
            and (end_date is null or end_date > make_date(y, 3, 31))""",
    )[0][0]
    out["home_care_and_care_home_65_plus_pc_31_march"] = _rows(
        con,
        f"""with c as (select c.*, make_date(y + 1, 3, 31) d, y from care_services c,
              range({first_year}, {last_year + 1}) t(y))
           select y, round(100 * count(distinct person_id) filter (where service_type =
               'home_care') / any_value(p65), 2),
             round(100 * count(distinct person_id) filter (where service_type = 'care_home')
               / any_value(p65), 2)
           from c join (select year y, sum(population) p65 from population where age >= 65
             group by 1) p using (y)
           where start_date <= d and (end_date is null or end_date > d) group by 1 order by 1""",
    )
    return out


def run_one(people: int, seed: int, calibrate: bool) -> None:
    from placewell.data.synth import DemoConfig, generate

    cfg = DemoConfig(people=people, seed=seed)
    t0 = time.perf_counter()
    tables = generate(cfg)
    seconds = time.perf_counter() - t0
    result = {
        "people": people,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_peak_rss_mb()),
        "rows": {name: t.num_rows for name, t in tables.items()},
    }
    print(json.dumps(result), flush=True)
    if calibrate:
        figures = calibration(tables, cfg.first_year, cfg.last_year)
        print(json.dumps({"people": people, "calibration": figures}, default=str), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, action="append", help="population size(s)")
    parser.add_argument("--seed", type=int, default=20240401)
    parser.add_argument("--calibration", action="store_true", help="also print the checks")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.people or [365_300, 5_400_000]
    if args.one:
        run_one(sizes[0], args.seed, args.calibration)
        return
    for n in sizes:
        cmd = [sys.executable, __file__, "--one", "--people", str(n), "--seed", str(args.seed)]
        subprocess.run(cmd + (["--calibration"] if args.calibration else []), check=True)


if __name__ == "__main__":
    main()
