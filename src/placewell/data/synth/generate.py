"""Generate every contract table of a synthetic population, reproducibly.

Each step draws from its own random stream, spawned from the config's seed with
``numpy.random.SeedSequence``, so the same config always gives identical tables and
a change to one step's draws leaves the others alone. Steps run in dependency
order: geography, people, deaths (events stop at death), populations, deprivation,
risk, hospital stays (and deaths in hospital), A&E, delays, social care, the deaths
table (place of death), then the community services and the survey.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from placewell.data.contract import TableKind
from placewell.data.schemas import TABLES
from placewell.data.synth.adp import adp_table
from placewell.data.synth.ae import ae_table
from placewell.data.synth.carers import carers_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.deaths import deaths_table, draw_deaths
from placewell.data.synth.delays import delays_table
from placewell.data.synth.deprivation import area_deprivation_table
from placewell.data.synth.geography import areas_table, build_geography
from placewell.data.synth.hospital import hospital_table
from placewell.data.synth.ids import person_ids
from placewell.data.synth.looked_after import looked_after_table
from placewell.data.synth.money_advice import money_advice_table
from placewell.data.synth.people import build_people, people_table
from placewell.data.synth.population import mid_year_counts, population_table
from placewell.data.synth.risk import build_risk, person_risk_table
from placewell.data.synth.social_care import care_services_table
from placewell.data.synth.stays import draw_stays
from placewell.data.synth.surveys import survey_table

__all__ = ["GENERATED_TABLES", "STEPS", "Progress", "generate"]

GENERATED_TABLES = tuple(n for n, t in TABLES.items() if t.kind is not TableKind.OPEN_DATA)
"""Every contract table except the published open-data aggregates, in contract order."""

Progress = Callable[[str, int, int], None]
"""``progress(step_name, done, total)``, called as each step finishes."""

# Random streams by name: fixed positions, so adding a stream never moves the others.
_STREAMS = (
    "geography",
    "people",
    "ids",
    "deaths",
    "stays",
    "hospital",
    "ae",
    "social_care",
    "death_places",
    "adp",
    "looked_after",
    "money_advice",
    "carers",
    "survey",
)

STEPS = (
    "geography",
    "people",
    "deaths",
    "population",
    "deprivation",
    "risk",
    "hospital stays",
    "A&E attendances",
    "delayed discharges",
    "social care",
    "death records",
    "drug and alcohol referrals",
    "looked-after children",
    "money advice",
    "carer support",
    "survey",
)


def _streams(seed: int) -> dict[str, np.random.Generator]:
    children = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    return {name: np.random.default_rng(s) for name, s in zip(_STREAMS, children, strict=True)}


def generate(
    config: DemoConfig | None = None, progress: Progress | None = None
) -> dict[str, pa.Table]:
    """All contract tables of a demo population, keyed by table name.

    Every table's schema equals the contract's Arrow schema
    (``placewell.data.schemas.get_table(name).arrow_schema``).
    """
    cfg = config or DemoConfig()
    rng = _streams(cfg.seed)
    done = 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(name, done, len(STEPS))

    out: dict[str, pa.Table] = {}
    geo = build_geography(cfg.people, rng["geography"])
    out["areas"] = areas_table(geo)
    step("geography")

    spine = build_people(cfg, geo, rng["people"])
    pid = person_ids(len(spine), rng["ids"])
    out["people"] = people_table(spine, pid, geo)
    step("people")

    care_homes = draw_deaths(cfg, spine, rng["deaths"])
    step("deaths")

    out["population"] = population_table(cfg, spine, geo)
    step("population")

    residents = mid_year_counts(spine, geo.n_datazones, cfg.first_year).sum(axis=(1, 2))
    out["area_deprivation"] = area_deprivation_table(geo, residents)
    step("deprivation")

    risk = build_risk(spine)
    out["person_risk"] = person_risk_table(cfg, spine, risk, pid)
    step("risk")

    stays = draw_stays(cfg, spine, risk, care_homes.died_there, rng["stays"])
    out["hospital_stays"] = hospital_table(cfg, stays, spine, pid, rng["hospital"])
    step("hospital stays")

    out["ae_attendances"] = ae_table(cfg, spine, stays, pid, rng["ae"])
    step("A&E attendances")

    out["delayed_discharge_days"] = delays_table(cfg, stays, pid)
    died_in_hospital = stays.died_in_hospital
    del stays
    step("delayed discharges")

    out["care_services"] = care_services_table(cfg, spine, pid, care_homes, rng["social_care"])
    step("social care")

    out["deaths"] = deaths_table(
        spine, pid, died_in_hospital, care_homes.died_there, rng["death_places"]
    )
    step("death records")

    out["adp_referrals"] = adp_table(cfg, spine, pid, rng["adp"])
    step("drug and alcohol referrals")

    out["looked_after"] = looked_after_table(cfg, spine, pid, rng["looked_after"])
    step("looked-after children")

    out["money_advice"] = money_advice_table(cfg, spine, geo, pid, rng["money_advice"])
    step("money advice")

    out["carer_support"] = carers_table(cfg, spine, pid, rng["carers"])
    step("carer support")

    out["survey_responses"] = survey_table(cfg, spine, geo, rng["survey"])
    step("survey")

    return {name: out[name] for name in GENERATED_TABLES}
