"""The population spine: everyone resident at the start, plus the babies born since.

Ages follow Scotland's age structure rescaled to each partnership's published 65+
and 75+ shares, with older populations in less deprived data zones. Every person
has a gamma-distributed frailty (mean 1) that scales their use of services and
their risk of death, so the same people are the frequent users and the decedents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import NEVER, DemoConfig
from placewell.data.synth.geography import Geography

__all__ = ["Spine", "build_people", "people_table", "split_date"]

DAYS_PER_YEAR = 365.25


def split_date(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(year, month * 100 + day) of day numbers, vectorised."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    dom = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month * 100 + dom


@dataclass
class Spine:
    """One entry per person (row order of the ``people`` table)."""

    birth: np.ndarray  # day number
    sex: np.ndarray  # 0 male, 1 female
    dz: np.ndarray  # index into the geography's data zones
    frailty: np.ndarray  # gamma, mean 1
    percentile: np.ndarray  # national SIMD percentile of the data zone (0 = most deprived)
    partnership: np.ndarray
    death: np.ndarray  # day number, NEVER while alive (set by the deaths step)
    birth_year: np.ndarray
    birth_key: np.ndarray  # month * 100 + day of birth

    def __len__(self) -> int:
        return len(self.birth)

    def age_on(self, year: int, month: int, dom: int) -> np.ndarray:
        """Exact age in whole years of everyone on one date (negative before birth)."""
        return year - self.birth_year - (month * 100 + dom < self.birth_key)

    def age_at(self, who: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Exact age of person ``who[i]`` on day ``days[i]`` (0 before birth)."""
        year, key = split_date(days)
        age = year - self.birth_year[who] - (key < self.birth_key[who])
        return np.clip(age, 0, cal.MAX_AGE)


def _age_weights() -> np.ndarray:
    """Scotland's single-year age weights 0..MAX_AGE."""
    bands = np.array(cal.SCOTLAND_AGE_BANDS)
    w = np.zeros(cal.MAX_AGE + 1)
    w[:90] = np.repeat(bands[:18] / 5, 5)
    tail = cal.OLDEST_DECAY ** np.arange(cal.MAX_AGE - 90 - 5)
    w[90 : 90 + len(tail)] = bands[18] * tail / tail.sum()
    return w / w.sum()


def _draw_ages(geo: Geography, dz: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ages on the first day: partnership 65+/75+ shares, tilted by data zone."""
    w = _age_weights()
    blocks = ((0, 65), (65, 75), (75, cal.MAX_AGE + 1))
    cdfs = [np.cumsum(w[a:b]) / w[a:b].sum() for a, b in blocks]
    t65 = np.array([p.aged_65_plus for p in cal.PARTNERSHIPS])[geo.dz_partnership]
    t75 = np.array([p.aged_75_plus for p in cal.PARTNERSHIPS])[geo.dz_partnership]
    logit = np.log(t65 / (1 - t65)) + geo.dz_older
    p65 = (1 / (1 + np.exp(-logit)))[dz]
    p75 = p65 * (t75 / t65)[dz]
    u = rng.random(len(dz))
    block = np.where(u < p75, 2, np.where(u < p65, 1, 0))  # 0-64, 65-74, 75+
    age = np.empty(len(dz), dtype=np.int64)
    v = rng.random(len(dz))
    for b, (start, _) in enumerate(blocks):
        members = block == b
        age[members] = start + np.searchsorted(cdfs[b], v[members], side="right")
    return age


def build_people(cfg: DemoConfig, geo: Geography, rng: np.random.Generator) -> Spine:
    """Residents on the first day of the period, then births during it."""
    dz = np.repeat(np.arange(geo.n_datazones), geo.dz_residents)
    n0 = len(dz)
    age = _draw_ages(geo, dz, rng)
    birth = cfg.start - np.floor((age + rng.random(n0)) * DAYS_PER_YEAR).astype(np.int64) - 1
    female = rng.random(n0) < cal.FEMALE_SHARE[age]

    # Births: a Poisson number over the period, placed by population and deprivation.
    n_years = (cfg.end - cfg.start + 1) / DAYS_PER_YEAR
    n_births = int(rng.poisson(cal.BIRTHS_PER_PERSON * n0 * n_years))
    weight = geo.dz_residents * cal.deprivation_multiplier(
        geo.dz_percentile, cal.BIRTH_DEPRIVATION_BETA
    )
    baby_dz = rng.choice(geo.n_datazones, n_births, p=weight / weight.sum())
    baby_birth = rng.integers(cfg.start, cfg.end + 1, n_births)
    baby_female = rng.random(n_births) >= cal.MALE_BIRTH_SHARE

    dz = np.concatenate([dz, baby_dz])
    birth = np.concatenate([birth, baby_birth])
    n = len(dz)
    birth_year, birth_key = split_date(birth)
    return Spine(
        birth=birth,
        sex=np.concatenate([female, baby_female]).astype(np.int8),
        dz=dz,
        frailty=rng.gamma(cal.FRAILTY_SHAPE, 1 / cal.FRAILTY_SHAPE, n),
        percentile=geo.dz_percentile[dz],
        partnership=geo.dz_partnership[dz],
        death=np.full(n, NEVER, dtype=np.int64),
        birth_year=birth_year,
        birth_key=birth_key,
    )


def people_table(spine: Spine, person_id: pa.Array, geo: Geography) -> pa.Table:
    return to_table(
        "people",
        {
            "person_id": person_id,
            "sex": labels(["M", "F"], spine.sex),
            "birth_date": dates(spine.birth),
            "datazone": labels(geo.dz_code, spine.dz),
        },
    )
