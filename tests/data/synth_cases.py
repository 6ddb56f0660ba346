"""Shared, cached demo populations for the synthetic-data tests (built once per session)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

from placewell.data.synth import DemoConfig, generate

SMALL = DemoConfig(people=50_000, seed=7, first_year=2018, last_year=2024)
"""Big enough for stable gradients, small enough to build in about a second."""

EMERGENCY = ["20", "21", "22", "30", "31", "32", "33", "34", "35", "36", "38", "39"]


@lru_cache(maxsize=4)
def tables(config: DemoConfig = SMALL) -> dict[str, pa.Table]:
    return generate(config)


@lru_cache(maxsize=4)
def frames(config: DemoConfig = SMALL) -> dict[str, pd.DataFrame]:
    """The tables as pandas frames, dates as ``datetime64``, plus handy derived columns."""
    out = {name: t.to_pandas(date_as_object=False) for name, t in tables(config).items()}
    dz = out["area_deprivation"].set_index("datazone")
    areas = out["areas"].set_index("area_code")
    people = out["people"].set_index("person_id")
    iz = areas.loc[people["datazone"], "parent_code"].to_numpy()
    loc = areas.loc[iz, "parent_code"].to_numpy()
    people["locality"] = loc
    people["partnership"] = areas.loc[loc, "parent_code"].to_numpy()
    people["quintile"] = dz.loc[people["datazone"], "national_quintile"].to_numpy()
    out["people"] = people.reset_index()
    return out


def age_at(birth: pd.Series, when: pd.Series) -> np.ndarray:
    """Exact age in whole years on each date."""
    b, w = pd.DatetimeIndex(birth), pd.DatetimeIndex(when)
    before = (w.month < b.month) | ((w.month == b.month) & (w.day < b.day))
    return np.asarray(w.year - b.year - before.astype(int))


def financial_year(dates: pd.Series) -> np.ndarray:
    d = pd.DatetimeIndex(dates)
    return np.asarray(d.year - (d.month < 4).astype(int))


def with_person(frame: pd.DataFrame, people: pd.DataFrame, date: str) -> pd.DataFrame:
    """Join each record to its person and add ``age`` on ``date``."""
    out = frame.merge(people, on="person_id", how="left", suffixes=("", "_person"))
    out["age"] = age_at(out["birth_date"], out[date])
    return out
