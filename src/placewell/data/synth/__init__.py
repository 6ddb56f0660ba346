"""Synthetic demo population: three Ayrshire-like partnerships, every contract table.

::

    from placewell.data.synth import DemoConfig, generate

    tables = generate(DemoConfig(people=365_300, seed=20240401), progress=None)

The people, their places, deaths, hospital stays, A&E attendances, delays, social
care, drug and alcohol referrals, looked-after children, money advice, carer
support and survey answers are all invented, vectorised and reproducible; their
rates are tuned to published Scottish figures (see :mod:`.calibration`) so demo
indicators land in realistic ranges with the real inequality gradients.
"""

from __future__ import annotations

from placewell.data.synth.config import DemoConfig
from placewell.data.synth.deprivation import population_weighted_quantile
from placewell.data.synth.generate import STEPS, Progress, generate

__all__ = [
    "STEPS",
    "DemoConfig",
    "Progress",
    "generate",
    "population_weighted_quantile",
]
