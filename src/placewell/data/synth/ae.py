"""A&E attendances: the emergency admissions that came through the door, and the rest.

About two thirds of emergency admissions start with an attendance on the same day
(discharge ``admitted``, longer waits); the other attendances are Poisson events at
an age rate, higher with deprivation and frailty, mostly seen within four hours.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, integers, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.deaths import frailty_factor
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import Spine
from placewell.data.synth.stays import Stays
from placewell.data.synth.timeline import poisson_events, weighted_choice

__all__ = ["ae_table"]

_WEEK_MINUTES = 7 * 24 * 60


def _minutes(rng: np.random.Generator, median: float, sigma: float, n: int) -> np.ndarray:
    m = np.rint(median * np.exp(sigma * rng.standard_normal(n))).astype(np.int64)
    return np.clip(m, 5, _WEEK_MINUTES)


def ae_table(
    cfg: DemoConfig, spine: Spine, stays: Stays, person_id: pa.Array, rng: np.random.Generator
) -> pa.Table:
    via_ae = np.flatnonzero(
        stays.emergency & (rng.random(len(stays.kind)) < cal.AE_SHARE_OF_EMERGENCY)
    )
    factor = cal.deprivation_multiplier(spine.percentile, cal.AE_BETA) * frailty_factor(
        spine.frailty, cal.AE_FRAILTY_POWER
    )
    who, when = poisson_events(rng, spine, cfg, lambda _y, a: cal.AE_NOT_ADMITTED[a] * factor)
    n_adm, n_other = len(via_ae), len(who)
    outcome_names = ["admitted"] + [name for name, _ in cal.AE_OUTCOMES]
    outcome = np.concatenate(
        [
            np.zeros(n_adm, dtype=np.int64),
            1 + weighted_choice(rng, [p for _, p in cal.AE_OUTCOMES], n_other),
        ]
    )
    minutes = np.concatenate(
        [
            _minutes(rng, *cal.AE_MINUTES_ADMITTED, n_adm),
            _minutes(rng, *cal.AE_MINUTES_NOT_ADMITTED, n_other),
        ]
    )
    person = np.concatenate([stays.person[via_ae], who])
    arrival = np.concatenate([stays.admission[via_ae], when])
    order = np.lexsort((person, arrival))
    return to_table(
        "ae_attendances",
        {
            "attendance_id": record_ids("A", len(order), 10),
            "person_id": labels(person_id, person[order]),
            "arrival_date": dates(arrival[order]),
            "minutes_in_department": integers(minutes[order]),
            "discharge": labels(outcome_names, outcome[order]),
        },
    )
