"""Each person's true underlying risk of emergency admission.

The yearly rate is an age schedule times sex, deprivation (rising towards the most
deprived) and the person's frailty; falls have their own schedule, steeper in old
age. ``person_risk`` publishes the resulting expected emergency admissions in the
final financial year (or the final year of life) and the probability of at least
one, so risk models trained on the demo data can be checked against the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import floats, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.deaths import frailty_factor
from placewell.data.synth.people import Spine

__all__ = ["EmergencyRisk", "build_risk", "person_risk_table"]


@dataclass(frozen=True)
class EmergencyRisk:
    """Per-person multipliers of the emergency and falls age schedules."""

    emergency_factor: np.ndarray
    falls_factor: np.ndarray

    def emergency(self, year: int, ages: np.ndarray) -> np.ndarray:
        return cal.EMERGENCY[ages] * self.emergency_factor

    def falls(self, year: int, ages: np.ndarray) -> np.ndarray:
        return cal.FALLS[ages] * self.falls_factor

    def expected(self, ages: np.ndarray) -> np.ndarray:
        """Expected emergency admissions a year, readmissions included."""
        base = self.emergency(0, ages) + self.falls(0, ages)
        return base * (1 + cal.READMISSION[ages])


def build_risk(spine: Spine) -> EmergencyRisk:
    sex = np.where(spine.sex == 0, cal.EMERGENCY_MALE, cal.EMERGENCY_FEMALE)
    return EmergencyRisk(
        emergency_factor=sex
        * cal.deprivation_multiplier(spine.percentile, cal.EMERGENCY_BETA)
        * spine.frailty,
        falls_factor=cal.deprivation_multiplier(spine.percentile, cal.FALLS_BETA)
        * frailty_factor(spine.frailty, cal.FALLS_FRAILTY_POWER),
    )


def person_risk_table(
    cfg: DemoConfig, spine: Spine, risk: EmergencyRisk, person_id: pa.Array
) -> pa.Table:
    who = np.arange(len(spine))
    ref = np.minimum(cfg.fy_start(cfg.last_year), spine.death)
    ages = spine.age_at(who, np.maximum(ref, spine.birth))
    expected = risk.expected(ages)
    return to_table(
        "person_risk",
        {
            "person_id": person_id,
            "annual_risk": floats(-np.expm1(-expected)),
            "expected_admissions": floats(expected),
        },
    )
