"""The ``hospital_stays`` table: SMR01-like codes, conditions, specialties and costs.

Diagnosis and specialty come in pairs from a case mix by context (children, adults,
older people, falls, elective); falls carry an ICD-10 W00-W19 external cause in
other condition 1, so "falls admissions" can be counted the way PHS does. Other
conditions are recorded more often for older patients. Costs are a fixed amount
plus £600-£800 a bed day; day cases have their own cost; a few stays are uncosted,
and stays still open at the end of the period have no discharge date or cost.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth import coding
from placewell.data.synth.columns import dates, floats, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.ids import record_ids
from placewell.data.synth.people import Spine
from placewell.data.synth.stays import Kind, Stays
from placewell.data.synth.timeline import choose, weighted_choice

__all__ = ["CONTEXTS", "hospital_table"]

CONTEXTS = ("child", "adult", "older", "fall", "elective_child", "elective")


def _contexts(kind: np.ndarray, age: np.ndarray) -> np.ndarray:
    by_age = np.where(age < 16, 0, np.where(age < 65, 1, 2))
    return np.where(
        kind == Kind.FALL,
        3,
        np.where(kind == Kind.ELECTIVE, np.where(age < 16, 4, 5), by_age),
    )


def _codes(rng: np.random.Generator, options: tuple[tuple[str, int], ...], n: int) -> np.ndarray:
    return weighted_choice(rng, [w for _, w in options], n)


def hospital_table(
    cfg: DemoConfig, stays: Stays, spine: Spine, person_id: pa.Array, rng: np.random.Generator
) -> pa.Table:
    n = len(stays.person)
    age = spine.age_at(stays.person, stays.admission)
    context = _contexts(stays.kind, age)

    # Main condition and specialty: one pair from the context's case mix.
    mixes = [coding.CASE_MIX[c] for c in CONTEXTS]
    pick = choose(rng, context, [[w for _, _, w in mix] for mix in mixes])
    offsets = np.cumsum([0] + [len(m) for m in mixes])[:-1]
    flat = [row for mix in mixes for row in mix]
    main = labels([d for d, _, _ in flat], offsets[context] + pick)
    specialty = labels([s for _, s, _ in flat], offsets[context] + pick)

    # Other conditions: falls record the W-code first; the rest are comorbidities.
    group = np.where(age < 16, 0, np.where(age < 65, 1, 2))
    share = np.array(coding.OTHER_CONDITION_SHARE)[group]
    u = rng.random(n)
    present = [u < share[:, 0], u < share[:, 1], u < share[:, 2]]
    fall = stays.kind == Kind.FALL
    comorb = [c for c, _ in coding.COMORBIDITIES]
    others = [_codes(rng, coding.COMORBIDITIES, n) for _ in range(3)]
    fall_cause = _codes(rng, coding.FALL_CAUSES, n)
    other_1 = labels(
        comorb + [c for c, _ in coding.FALL_CAUSES],
        np.where(fall, len(comorb) + fall_cause, others[0]),
        fall | present[0],
    )

    # Admission types by kind.
    emergency_type = _codes(rng, coding.EMERGENCY_TYPES, n)
    fall_type = _codes(rng, coding.FALL_TYPES, n)
    elective_type = _codes(rng, coding.ELECTIVE_TYPES, n)
    type_labels = [c for c, _ in coding.EMERGENCY_TYPES + coding.FALL_TYPES + coding.ELECTIVE_TYPES]
    n_em, n_fall = len(coding.EMERGENCY_TYPES), len(coding.FALL_TYPES)
    admission_type = np.where(
        fall,
        n_em + fall_type,
        np.where(stays.kind == Kind.ELECTIVE, n_em + n_fall + elective_type, emergency_type),
    )

    # Costs.
    open_ = stays.discharge > cfg.end
    los = stays.discharge - stays.admission
    lo, hi = cal.COST_PER_BED_DAY
    cost = cal.COST_PER_STAY + los * rng.uniform(lo, hi, n)
    day_case = (stays.kind == Kind.ELECTIVE) & (los == 0)
    cost = np.where(day_case, rng.uniform(*cal.COST_DAY_CASE, n), cost)
    costed = ~open_ & (rng.random(n) >= cal.COST_MISSING)

    return to_table(
        "hospital_stays",
        {
            "stay_id": record_ids("H", n),
            "person_id": labels(person_id, stays.person),
            "admission_date": dates(stays.admission),
            "discharge_date": dates(stays.discharge, ~open_),
            "admission_type": labels(type_labels, admission_type),
            "main_condition": main,
            "other_condition_1": other_1,
            "other_condition_2": labels(comorb, others[1], present[1]),
            "other_condition_3": labels(comorb, others[2], present[2]),
            "specialty": specialty,
            "cost": floats(np.round(cost, 2), costed),
        },
    )
