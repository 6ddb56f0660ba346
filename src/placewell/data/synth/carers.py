"""Support for unpaid carers: adult carer support plans, young carer statements and more.

Adult carers are mostly women in mid-life; young carers are aged 8-17 and get
young carer statements. Rates are per person a year, with a mild deprivation
gradient.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import Spine
from placewell.data.synth.timeline import choose, poisson_events

__all__ = ["carers_table"]

_DEPRIVATION_BETA = 0.3


def carers_table(
    cfg: DemoConfig, spine: Spine, person_id: pa.Array, rng: np.random.Generator
) -> pa.Table:
    factor = np.where(spine.sex == 1, cal.CARER_FEMALE, cal.CARER_MALE)
    factor = factor * cal.deprivation_multiplier(spine.percentile, _DEPRIVATION_BETA)
    adult_who, adult_day = poisson_events(
        rng, spine, cfg, lambda _y, a: cal.CARER_ADULT[a] * factor, age_range=(16, cal.MAX_AGE)
    )
    young_who, young_day = poisson_events(
        rng, spine, cfg, lambda _y, a: cal.CARER_YOUNG[a] * factor, age_range=(8, 17)
    )
    who = np.concatenate([adult_who, young_who])
    when = np.concatenate([adult_day, young_day])
    group = np.r_[np.zeros(len(adult_who), dtype=np.int64), np.ones(len(young_who), dtype=np.int64)]
    adult_types = [name for name, _ in cal.CARER_ADULT_TYPES]
    young_types = [name for name, _ in cal.CARER_YOUNG_TYPES]
    names = list(dict.fromkeys(adult_types + young_types))
    lookup = [[names.index(t) for t in adult_types], [names.index(t) for t in young_types]]
    pick = choose(
        rng,
        group,
        [[p for _, p in cal.CARER_ADULT_TYPES], [p for _, p in cal.CARER_YOUNG_TYPES]],
    )
    width = max(len(row) for row in lookup)
    table = np.array([row + [0] * (width - len(row)) for row in lookup])
    support = table[group, pick]
    order = np.lexsort((who, when))
    return to_table(
        "carer_support",
        {
            "support_id": record_ids("K", len(who)),
            "person_id": labels(person_id, who[order]),
            "support_date": dates(when[order]),
            "support_type": labels(names, support[order]),
        },
    )
