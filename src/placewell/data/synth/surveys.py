"""Health and Care Experience Survey answers behind NI-1 to NI-9.

The survey runs every other year (labelled like ``2023/24``) on a sample of
residents aged 16 and over (older people are sampled and respond more); weights
post-stratify respondents to the population by partnership, sex and age group.
Everyone answers NI-1, most NI-6 (GP practice), people receiving support the
NI-2..5, 7 and 9 items and carers NI-8. Positive shares sit near the published
Scottish values, a little lower in more deprived areas.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import floats, integers, labels, to_table
from placewell.data.synth.config import DemoConfig, day, fy_label
from placewell.data.synth.geography import Geography
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import Spine

__all__ = ["survey_table", "survey_years"]

_SUPPORT_ITEMS = ("NI-2", "NI-3", "NI-4", "NI-5", "NI-7", "NI-9")
_AGE_GROUPS = np.array([16, 35, 65, 75])


def survey_years(cfg: DemoConfig) -> list[int]:
    """Biennial survey years in the period (2019/20, 2021/22, ...), at least one."""
    years = [y for y in cfg.years if (y - 2019) % 2 == 0]
    return years or [cfg.last_year]


def _respondents(
    spine: Spine, year: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(person, age, weight) of one survey year's respondents."""
    on = day(year, 11, 1)
    age = np.clip(spine.age_on(year, 11, 1), 0, cal.MAX_AGE)
    eligible = (spine.birth <= on) & (spine.death > on) & (age >= 16)
    chosen = eligible & (rng.random(len(age)) < cal.SURVEY_SAMPLE[age])
    group = np.searchsorted(_AGE_GROUPS, age, side="right") - 1
    cell = (spine.partnership.astype(np.int64) * 2 + spine.sex) * len(_AGE_GROUPS) + group
    size = len(cal.PARTNERSHIPS) * 2 * len(_AGE_GROUPS)
    population = np.bincount(cell[eligible], minlength=size)
    sample = np.bincount(cell[chosen], minlength=size)
    who = np.flatnonzero(chosen)
    weight = population[cell[who]] / sample[cell[who]]
    return who, age[who], weight


def survey_table(
    cfg: DemoConfig, spine: Spine, geo: Geography, rng: np.random.Generator
) -> pa.Table:
    questions = list(cal.SURVEY_POSITIVE)
    parts: dict[str, list[np.ndarray]] = {
        k: [] for k in ("year", "person", "age", "weight", "question")
    }
    for y, year in enumerate(survey_years(cfg)):
        who, age, weight = _respondents(spine, year, rng)
        n = len(who)
        answers = {
            "NI-1": np.ones(n, dtype=bool),
            "NI-6": rng.random(n) < cal.SURVEY_GP_USERS,
            "NI-8": rng.random(n) < cal.SURVEY_CARERS,
        }
        supported = rng.random(n) < cal.SURVEY_SUPPORTED[age]
        answers.update({q: supported for q in _SUPPORT_ITEMS})
        for q, question in enumerate(questions):
            rows = np.flatnonzero(answers[question])
            parts["year"].append(np.full(len(rows), y))
            parts["person"].append(who[rows])
            parts["age"].append(age[rows])
            parts["weight"].append(weight[rows])
            parts["question"].append(np.full(len(rows), q))
    cols = {k: np.concatenate(v) for k, v in parts.items()}
    order = np.lexsort((cols["question"], cols["person"], cols["year"]))
    cols = {k: v[order] for k, v in cols.items()}
    n = len(order)

    target = np.array([cal.SURVEY_POSITIVE[q] for q in questions])[cols["question"]]
    tilt = cal.SURVEY_DEPRIVATION_LOGIT * 2 * (spine.percentile[cols["person"]] - 0.5)
    positive = 1 / (1 + np.exp(-(np.log(target / (1 - target)) + tilt)))
    u = rng.random(n)
    neutral_cut = positive + (1 - positive) * cal.SURVEY_NEUTRAL_SHARE
    response = np.where(u < positive, 0, np.where(u < neutral_cut, 1, 2))
    year_labels = [fy_label(y) for y in survey_years(cfg)]
    return to_table(
        "survey_responses",
        {
            "response_id": record_ids("Q", n),
            "survey_year": labels(year_labels, cols["year"]),
            "datazone": labels(geo.dz_code, spine.dz[cols["person"]]),
            "sex": labels(["M", "F"], spine.sex[cols["person"]]),
            "age": integers(cols["age"]),
            "question": labels(questions, cols["question"]),
            "response": labels(["positive", "neutral", "negative"], response),
            "weight": floats(np.round(cols["weight"], 3)),
        },
    )
