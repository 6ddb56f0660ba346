"""Delayed discharge episodes: the end of a stay after the patient was ready to go.

A delay runs from the ready-for-discharge date to the discharge date of its stay
(bed days count up to the day before), so delays and stays agree; delays still
running at the end of the period have no end date. Most delayed bed days belong to
people aged 75 and over, and code 9 (complex) delays last longest.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import dates, labels, to_table
from placewell.data.synth.config import DemoConfig
from placewell.data.synth.ids import record_ids
from placewell.data.synth.stays import Stays

__all__ = ["delays_table"]


def delays_table(cfg: DemoConfig, stays: Stays, person_id: pa.Array) -> pa.Table:
    keep = np.flatnonzero((stays.delay_reason >= 0) & (stays.ready <= cfg.end))
    start = stays.ready[keep]
    end = stays.discharge[keep]
    order = np.lexsort((stays.person[keep], start))
    return to_table(
        "delayed_discharge_days",
        {
            "delay_id": record_ids("D", len(keep)),
            "person_id": labels(person_id, stays.person[keep][order]),
            "delay_start_date": dates(start[order]),
            "delay_end_date": dates(end[order], end[order] <= cfg.end),
            "reason_for_delay": labels(
                [name for name, _ in cal.DELAY_REASONS], stays.delay_reason[keep][order]
            ),
        },
    )
