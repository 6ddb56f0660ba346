"""National outcome frameworks strategy outcomes map to (package data, ``data/frameworks.yaml``).

* the nine National Health and Wellbeing Outcomes (codes ``NHWO-1`` .. ``NHWO-9``);
* the eight SHANARRI wellbeing indicators of GIRFEC (``Safe`` .. ``Included``), for
  children's strategies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = [
    "NationalOutcome",
    "WellbeingIndicator",
    "national_outcome",
    "national_outcomes",
    "wellbeing_indicators",
]


@dataclass(frozen=True)
class NationalOutcome:
    """One of the nine National Health and Wellbeing Outcomes."""

    code: str
    short_title: str
    statement: str


@dataclass(frozen=True)
class WellbeingIndicator:
    """One of the eight SHANARRI wellbeing indicators."""

    code: str
    description: str


@cache
def _data() -> dict[str, Any]:
    text = files("placewell.strategy").joinpath("data/frameworks.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def national_outcomes() -> tuple[NationalOutcome, ...]:
    """The nine National Health and Wellbeing Outcomes, NHWO-1 first."""
    return tuple(NationalOutcome(**row) for row in _data()["national_outcomes"])


@cache
def wellbeing_indicators() -> tuple[WellbeingIndicator, ...]:
    """The SHANARRI wellbeing indicators, in their usual order."""
    return tuple(WellbeingIndicator(**row) for row in _data()["wellbeing_indicators"])


def national_outcome(code: str) -> NationalOutcome:
    """The national outcome with this code (``KeyError`` if there is none)."""
    for outcome in national_outcomes():
        if outcome.code == code:
            return outcome
    raise KeyError(code)
